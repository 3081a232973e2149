package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// searchTotal is how many articles the served xinwen finds for params.
func searchTotal(t *testing.T, addr string, params url.Values) uint64 {
	t.Helper()
	resp, err := (&http.Client{Timeout: guard}).Get("http://" + addr + "/api/search?" + params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct{ Total uint64 }
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &res); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, raw)
	}
	return res.Total
}

// newsLines are JSON Lines of articles: n of them, from id prefix0 on,
// with source as their source.
func newsLines(prefix, source string, n int) string {
	var b strings.Builder
	for i := range n {
		raw, _ := json.Marshal(map[string]string{"id": fmt.Sprint(prefix, i), "title": fmt.Sprintf("太原市第%d次煤矿安全会议", i),
			"body": "山西省太原市召开会议，部署煤矿安全生产工作。", "date": "2025-03-01", "source": source})
		b.Write(raw)
		b.WriteByte('\n')
	}
	return b.String()
}

var throughLine = regexp.MustCompile(`^indexed (\d+) articles into .* through the server at http://[0-9.:]+ in .* \(\d+ articles/s, [0-9.]+ MB/s, (\d+) refused\)\n$`)

func TestIndexThroughTheServer(t *testing.T) {
	s := serveWith(t, nil, nil, nil)
	dir := indexDirOf(t, s)
	files := t.TempDir()
	news := write(t, files, "news.jsonl", newsLines("cli", "cli-test", 25)+
		`{"id":"bad1","title":"t","date":"2025-02-30"}`+"\n"+
		`{"id":"bad2", broken`+"\n"+
		`{"id":"bad3","source":"cli-test"}`+"\n"+ // refused by the server: no title, no body
		newsLines("late", "cli-late", 1))
	seed := write(t, files, "seed.txt", "晋城市召开煤层气开发会议\n\n山西省晋城市召开会议，研究煤层气开发工作。\n")

	t.Run("index on an index a server holds sends the articles through it, and names each refused by file and line", func(t *testing.T) {
		stdout, stderr, err := run(t, "index", "-index", dir, "-batch", "10", news, seed)
		if err == nil || err.Error() != "3 records could not be read and were skipped" {
			t.Errorf("err = %v", err)
		}
		m := throughLine.FindStringSubmatch(stdout)
		if m == nil || m[1] != "27" || m[2] != "3" {
			t.Errorf("stdout: %q", stdout)
		}
		for _, want := range []string{news + `:26: date "2025-02-30" is not`, "[bad_date]", news + ":27: malformed JSON", news + ":28: no title and no body [empty]"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr does not say %q:\n%s", want, stderr)
			}
		}
		if n := searchTotal(t, s.addr, url.Values{"source": {"cli-test"}}); n != 25 {
			t.Errorf("the server finds %d of the 25 articles", n)
		}
		if n := searchTotal(t, s.addr, url.Values{"q": {"煤层气"}, "xlang": {"off"}}); n != 1 {
			t.Errorf("the server finds %d articles of the text file", n)
		}
	})
	t.Run("-server names the server", func(t *testing.T) {
		more := write(t, files, "more.jsonl", newsLines("more", "cli-more", 3))
		stdout, stderr, err := runEnv(t, map[string]string{"XINWEN_ADMIN_KEY": mustRead(t, dir+".admin-key")},
			"index", "-index", filepath.Join(t.TempDir(), "elsewhere"), "-server", "http://"+s.addr, more)
		if err != nil || !strings.HasPrefix(stdout, "indexed 3 articles") {
			t.Errorf("%v\n%s%s", err, stdout, stderr)
		}
	})
	t.Run("-dict is refused, since the server writes with its own", func(t *testing.T) {
		dict := write(t, files, "words.txt", "煤层气\n")
		if _, _, err := run(t, "index", "-index", dir, "-dict", dict, news); err == nil || !strings.Contains(err.Error(), "-dict is for an index written directly") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a wrong admin key is refused by the server, and nothing is written", func(t *testing.T) {
		stdout, _, err := runEnv(t, map[string]string{"XINWEN_ADMIN_KEY": "not-the-key-of-this-server"}, "index", "-index", dir, seed)
		if err == nil || !strings.Contains(err.Error(), "403 forbidden") || !strings.Contains(stdout, "stopped after 0 articles written by the server") || !strings.Contains(stdout, seed+":1 on may not be") {
			t.Errorf("%v\n%s", err, stdout)
		}
	})
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(raw))
}

func TestIndexWithoutAServer(t *testing.T) {
	t.Run("the address of a server that is gone is passed over, and the index written directly", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "index")
		s := serveWith(t, nil, nil, nil, "-index", dir)
		addr := s.addr
		if err := s.stop(); err != nil {
			t.Fatal(err)
		}
		if err := writeAddrFile(dir+".addr", addr); err != nil { // as a server killed would leave it
			t.Fatal(err)
		}
		news := write(t, t.TempDir(), "news.jsonl", newsLines("d", "direct", 4))
		stdout, stderr, err := run(t, "index", "-index", dir, news)
		if err != nil || !regexp.MustCompile(`^indexed 4 articles into \S+ in .* \(\d+ articles/s, [0-9.]+ MB/s\)\n$`).MatchString(stdout) {
			t.Errorf("%v\n%q\n%s", err, stdout, stderr)
		}
	})
	t.Run("an index that another process holds, without its address, is refused by that process's PID", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "index")
		p := startProcess(t, dir, 0) // its address is elsewhere
		news := write(t, t.TempDir(), "news.jsonl", newsLines("d", "direct", 1))
		_, _, err := run(t, "index", "-index", dir, news)
		want := fmt.Sprintf("index is in use by PID %d (", p.cmd.Process.Pid)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v; want %q", err, want)
		}
		p.term(t)
	})
}

// TestWritesMakeTheSampleIndexTheUsers writes through a server that
// serves the sample index: index, run directly once the server has
// stopped, must keep the article written instead of replacing the sample
// index with its own.
func TestWritesMakeTheSampleIndexTheUsers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	s := serveWith(t, nil, nil, nil, "-index", dir)
	files := t.TempDir()
	if _, stderr, err := run(t, "index", "-index", dir, write(t, files, "first.jsonl", newsLines("first", "first", 1))); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := run(t, "index", "-index", dir, write(t, files, "second.jsonl", newsLines("second", "second", 1)))
	if err != nil || strings.Contains(stderr, "replaced the sample index") {
		t.Fatalf("%v\n%s%s", err, stdout, stderr)
	}
	stdout, _, err = run(t, "search", "-index", dir, "-format", "jsonl", "-limit", "100", "太原市第0次煤矿安全会议")
	if err != nil || !strings.Contains(stdout, `"first0"`) || !strings.Contains(stdout, `"second0"`) {
		t.Errorf("the article written through the server is gone: %v\n%s", err, stdout)
	}
}

// newsLinesFrom are n articles of made-up text (some 600 bytes each,
// from the seed), from id prefix0 on, with source as their source.
func newsLinesFrom(prefix, source string, n, seed int) string {
	chars := []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严")
	rng := rand.New(rand.NewPCG(uint64(seed), 2))
	var b bytes.Buffer
	for i := range n {
		body := make([]rune, 200)
		for j := range body {
			body[j] = chars[rng.IntN(len(chars))]
		}
		raw, _ := json.Marshal(map[string]string{"id": fmt.Sprint(prefix, i), "title": fmt.Sprintf("第%d条", i), "body": string(body), "source": source})
		b.Write(raw)
		b.WriteByte('\n')
	}
	return b.String()
}
