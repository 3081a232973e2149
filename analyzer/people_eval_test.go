package analyzer

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPeopleEval measures the precision of person recognition on the CCTV
// corpus. It draws a sample of 300 Chinese names that People recognises
// (one mention each of 300 (article, name) pairs, drawn with a fixed seed)
// from the odd-numbered articles (XINWEN_PEOPLE_HALF=odd, the default: the
// sample the rules were tuned on) or the even-numbered ones (even: held
// out, read once for the figure), with the seed XINWEN_PEOPLE_SEED (15;
// 14 drew the samples of earlier rules), and writes it, with the text around each
// name, to XINWEN_PEOPLE_OUT (research only: keep it out of the
// repository). With XINWEN_PEOPLE_LABELS, a TSV of id, name and a label
// for that sample (y: a Chinese person's name; f: a person's name that is
// a foreign one written in characters, 巴育, 莫迪, which romanizes wrong;
// n: no person's name), it prints the precision. It is an evaluation, not
// a test, and runs only when asked:
//
//	XINWEN_EVAL=people XINWEN_PEOPLE_HALF=even XINWEN_PEOPLE_OUT=/work/labels/people_context.tsv \
//	  XINWEN_PEOPLE_LABELS=analyzer/testdata/people_sample.tsv go test ./analyzer -run PeopleEval -v
func TestPeopleEval(t *testing.T) {
	if os.Getenv("XINWEN_EVAL") != "people" {
		t.Skip("set XINWEN_EVAL=people to measure the precision of person recognition")
	}
	f, err := os.Open(corpusFile(t, "zh-news.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	half := 0 // the articles left out: the even ones by default
	if os.Getenv("XINWEN_PEOPLE_HALF") == "even" {
		half = 1
	}
	type mention struct{ id, name, context string }
	var all []mention
	names := map[string]int{}
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 0; sc.Scan(); n++ {
		var rec struct{ ID, Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		if n%2 == half {
			continue
		}
		seen := map[string]bool{}
		for _, text := range []string{rec.Title, rec.Body} {
			for _, p := range People(text) {
				if p.Chinese == "" || seen[p.Chinese] {
					continue
				}
				seen[p.Chinese] = true
				names[p.Chinese]++
				all = append(all, mention{rec.ID, p.Chinese, around(text, p.Start, p.End, 15)})
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d (article, name) pairs, %d names", len(all), len(names))
	seed := int64(15) // 14 drew the samples of the rules before the last
	if v := os.Getenv("XINWEN_PEOPLE_SEED"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			t.Fatalf("XINWEN_PEOPLE_SEED=%q: want a number", v)
		}
		seed = n
	}
	rng := rand.New(rand.NewSource(seed))
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	sample := all[:min(300, len(all))]
	if out := os.Getenv("XINWEN_PEOPLE_OUT"); out != "" {
		var b strings.Builder
		for _, m := range sample {
			fmt.Fprintf(&b, "%s\t%s\t%s\n", m.id, m.name, m.context)
		}
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("sample written to %s", out)
	}
	labels := os.Getenv("XINWEN_PEOPLE_LABELS")
	if labels == "" {
		return
	}
	raw, err := os.ReadFile(labels)
	if err != nil {
		t.Fatal(err)
	}
	judged := map[string]string{}
	for i, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		f := strings.Split(l, "\t")
		if len(f) < 3 || i == 0 && f[0] == "id" {
			continue
		}
		judged[f[0]+"\t"+f[1]] = f[2]
	}
	yes, foreign, no := 0, 0, 0
	for _, m := range sample {
		switch judged[m.id+"\t"+m.name] {
		case "y":
			yes++
		case "f":
			foreign++
		case "n":
			no++
			t.Logf("not a person: %s %s", m.id, m.name)
		default:
			t.Errorf("%s %s has no label", m.id, m.name)
		}
	}
	judgedN := float64(yes + foreign + no)
	t.Logf("precision: persons %.3f (%d of %d), Chinese persons %.3f (%d; %d foreign)",
		float64(yes+foreign)/judgedN, yes+foreign, int(judgedN), float64(yes)/judgedN, yes, foreign)
}

// around returns the text around s[start:end], n characters each side,
// with the name in brackets and line breaks as spaces.
func around(s string, start, end, n int) string {
	a := start
	for k := 0; k < n && a > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:a])
		a -= size
	}
	b := end
	for k := 0; k < n && b < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[b:])
		b += size
	}
	r := strings.NewReplacer("\n", " ", "\t", " ")
	return r.Replace(s[a:start]) + "[" + s[start:end] + "]" + r.Replace(s[end:b])
}
