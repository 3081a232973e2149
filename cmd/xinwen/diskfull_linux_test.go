package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/xinwen/xinwen/index"
)

// fillerNews writes n articles of made-up Chinese text (about 600 bytes
// each, from a fixed seed) to a JSON Lines file.
func fillerNews(t *testing.T, dir string, n int) string {
	t.Helper()
	chars := []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严")
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for i := range n {
		body := make([]rune, 200)
		for j := range body {
			body[j] = chars[rng.IntN(len(chars))]
		}
		fmt.Fprintf(&b, `{"id":"n%d","title":"第%d条","body":"%s"}`+"\n", i, i, string(body))
	}
	p := filepath.Join(dir, "news.jsonl")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var stoppedLine = regexp.MustCompile(`stopped after reading (\d+) articles; the index in .* holds (\d+) articles on disk`)

// checkStopped checks what index said after a write error against what is
// on disk: it must not claim more than was saved, it must have stopped
// reading well before the end, and the index must open with what it said.
func checkStopped(t *testing.T, dir string, total int, stdout, stderr string, want string) {
	t.Helper()
	if strings.Contains(stdout, "indexed") {
		t.Errorf("index claims to have indexed articles after a write error:\n%s", stdout)
	}
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr does not say %q:\n%s", want, stderr)
	}
	m := stoppedLine.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("stdout does not say what is on disk:\n%s", stdout)
	}
	read, _ := strconv.Atoi(m[1])
	onDisk, _ := strconv.Atoi(m[2])
	if read >= total {
		t.Errorf("index read all %d articles after the disk failed; want it to stop at the first write error", read)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatalf("the index left behind does not open: %v", err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); int(n) != onDisk {
		t.Errorf("index said %d articles are on disk; the index holds %d", onDisk, n)
	}
}

// TestIndexStopsAtTheFirstWriteError indexes into a file system that
// refuses to grow a file past 1 MB (the file size limit, which a process
// may lower without privileges): a write fails as on a full disk.
func TestIndexStopsAtTheFirstWriteError(t *testing.T) {
	if dir := os.Getenv("XINWEN_TEST_FSIZE_DIR"); dir != "" {
		lim := &syscall.Rlimit{Cur: 1 << 20, Max: 1 << 20}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, lim); err != nil {
			t.Fatal(err)
		}
		app := &App{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: func(string) string { return "" }}
		err := app.Run(context.Background(), []string{"index", "-index", dir, os.Getenv("XINWEN_TEST_FSIZE_NEWS")})
		fmt.Fprintln(os.Stderr, "xinwen:", err)
		os.Exit(0)
	}
	const total = 10000
	tmp := t.TempDir()
	news := fillerNews(t, tmp, total)
	dir := filepath.Join(tmp, "index")
	cmd := exec.Command(os.Args[0], "-test.run=^TestIndexStopsAtTheFirstWriteError$")
	cmd.Env = append(os.Environ(), "XINWEN_TEST_FSIZE_DIR="+dir, "XINWEN_TEST_FSIZE_NEWS="+news)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	checkStopped(t, dir, total, stdout.String(), stderr.String(), "file too large")
}

// TestIndexOnAFullDisk is the case on a real full disk: a tmpfs of
// 32 MB. It needs root (to mount) and XINWEN_TMPFS=1.
func TestIndexOnAFullDisk(t *testing.T) {
	if os.Getenv("XINWEN_TMPFS") != "1" {
		t.Skip("set XINWEN_TMPFS=1 (as root) to index onto a full tmpfs")
	}
	const total = 20000
	tmp := t.TempDir()
	news := fillerNews(t, tmp, total)
	mnt := filepath.Join(tmp, "disk")
	os.Mkdir(mnt, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	dir := filepath.Join(mnt, "index")
	stdout, stderr, err := run(t, "index", "-index", dir, news)
	if err == nil || !errors.Is(err, syscall.ENOSPC) && !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("index onto a full disk: %v", err)
	}
	checkStopped(t, dir, total, stdout, stderr+err.Error(), "no space left on device")
	t.Logf("%s%s%v", stdout, stderr, err)
}
