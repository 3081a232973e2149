package analyzer

import (
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// TestSameWordsAsGse checks that the segmentation is gse's, word for word,
// on the Chinese of the CCTV corpus. It loads gse's dictionary, which takes
// seconds, so it runs only with XINWEN_GSE=1.
func TestSameWordsAsGse(t *testing.T) {
	if os.Getenv("XINWEN_GSE") == "" {
		t.Skip("set XINWEN_GSE=1 to compare with gse")
	}
	bodies := corpusBodies(t, "zh-news.jsonl.gz", 2000)
	var g gse.Segmenter
	g.SkipLog = true
	if err := g.LoadDictEmbed("zh_s"); err != nil {
		t.Fatal(err)
	}
	d, err := loadBase()
	if err != nil {
		t.Fatal(err)
	}
	v := view{base: d, plain: true}
	var s scratch
	runs, diff := 0, 0
	for _, b := range bodies {
		for _, run := range strings.FieldsFunc(b, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
			runs++
			// gse sees the text as folded (濛 is 蒙 in traditional runs).
			got, folded := v.words(&s, run)
			want := []string{}
			for _, sg := range g.Segment([]byte(folded)) {
				want = append(want, folded[sg.Start():sg.End()])
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				diff++
				if diff <= 10 {
					t.Errorf("%s\n got %s\nwant %s", run, strings.Join(got, "|"), strings.Join(want, "|"))
				}
			}
		}
	}
	t.Logf("%d of %d runs differ", diff, runs)
}

// words cuts a run of ideographs into words, and returns them and the
// folded run.
func (v view) words(s *scratch, run string) ([]string, string) {
	s.units = s.units[:0]
	for i := 0; i < len(run); {
		_, n := utf8.DecodeRuneInString(run[i:])
		r, _ := utf8.DecodeRuneInString(run[i:])
		s.units = append(s.units, unit{start: i, end: i + n, r: foldIdeo(r), ideo: true, width: 1})
		i += n
	}
	s.fold([]byte(run))
	n := len(s.units)
	s.best, s.from, s.kind = grow(s.best, n+1), grow(s.from, n+1), grow(s.kind, n+1)
	v.dp(s, 0, n, false, s.best, s.from, s.kind)
	var out []string
	for m := n; m > 0; {
		k := int(s.from[m])
		out = append([]string{string(s.fb[s.units[k].fs:s.units[m-1].fe])}, out...)
		m = k
	}
	return out, string(s.fb)
}
