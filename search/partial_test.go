package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer"
)

// testTerms are the Chinese terms of a small made-up index, with the
// number of titles and bodies that have them.
func testTerms() *partTerms {
	terms := []termFreq{
		{"厄瓜多尔", 10}, {"新冠", 50}, {"桂冠", 3}, {"肺炎", 40}, {"肺部", 2}, {"总统", 100},
		{"阿富汗", 20}, {"和尚", 5}, {"尚未", 30}, {"未", 20}, {"结婚", 30}, {"南京市", 9},
		{"长江大桥", 4}, {"世锦赛", 7}, {"世锦", 1}, {"会见", 60}, {"习近平", 80},
	}
	slices.SortFunc(terms, func(a, b termFreq) int { return strings.Compare(a.term, b.term) })
	return &partTerms{segs: []*chineseTerms{newChineseTerms(terms)}}
}

// TestTilings lists the tilings that cover a run with the index's words,
// mode by mode: [first words](length) middle words [last words], or the
// words that hold the whole run.
func TestTilings(t *testing.T) {
	pt := testTerms()
	for _, c := range []struct {
		name, run string
		own       []string
		mode      int
		want      string
	}{
		{"the start of a word finds the word", "厄瓜多", []string{"厄瓜", "瓜多"}, partUnknown, "[厄瓜多尔]"},
		{"a run held by a word, not the run itself", "世锦", []string{"世锦"}, partUnknown, "[世锦赛]"},
		{"a word and the start of the next", "习近平会", []string{"习近平", "会"}, partUnknown, "[习近平](3) [会见]"},
		{"a run that starts inside a word is left for later", "冠肺", []string{"冠肺"}, partUnknown, ""},
		{"inside a word: the end of one word and the start of the next", "冠肺", []string{"冠肺"}, partInside, "[新冠 桂冠](2) [肺炎 肺部]"},
		{"inside a word: the end of one word and a whole word", "富汗总统", []string{"富汗", "总统"}, partInside, "[阿富汗](3) [总统]"},
		{"inside a word, then whole words", "尚未结婚", []string{"尚未", "结婚"}, partInside, "[和尚](2) 未 [结婚]"},
		{"whole words the query cut otherwise, and not its own cut", "南京市长江大桥", []string{"南京", "市长", "江大桥"}, partStart, "[南京市](3) [长江大桥]"},
		{"the query's own cut is not searched again", "南京市长江大桥", []string{"南京市", "长江大桥"}, partStart, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, tl := range pt.tilings([]rune(c.run), c.own, c.mode) {
				s := "[" + strings.Join(tl.first, " ") + "]"
				if tl.last != nil {
					s += fmt.Sprintf("(%d)", tl.length)
					for _, m := range tl.middle {
						s += " " + m
					}
					s += " [" + strings.Join(tl.last, " ") + "]"
				}
				got = append(got, s)
			}
			if g := strings.Join(got, " | "); g != c.want {
				t.Errorf("tilings of %s:\n got %s\nwant %s", c.run, g, c.want)
			}
		})
	}
}

// TestRunSpans checks what a match in part marks: the characters of the
// run, in any script, not the whole word that holds them.
func TestRunSpans(t *testing.T) {
	if _, err := analyzer.New(false, nil); err != nil { // loads the folding tables
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, text, word, run, want string
	}{
		{"the start of a word", "厄瓜多尔总统", "厄瓜多尔", "厄瓜多", "厄瓜多"},
		{"the end of a word, before the next", "南京市长江大桥", "南京市", "京市长江大桥", "京市"},
		{"in traditional characters", "厄瓜多爾總統", "厄瓜多爾", "厄瓜多", "厄瓜多"},
		{"every occurrence in the word", "哈哈哈", "哈哈哈", "哈哈", "哈哈哈"},
		{"none: the word is marked whole", "新冠", "新冠", "冠肺", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := strings.Index(c.text, c.word)
			var got string
			for _, s := range mergeSpans(c.text, runSpans(c.text, start, start+len(c.word), []rune(c.run))) {
				got += c.text[s.start:s.end]
			}
			if got != c.want {
				t.Errorf("marks %q, want %q", got, c.want)
			}
		})
	}
}

// FuzzPartial checks that no run makes the tilings or the marks panic,
// and that marks stay inside the word's location, on character
// boundaries.
//
//	go test -run '^$' -fuzz FuzzPartial -fuzztime 5m ./search
func FuzzPartial(f *testing.F) {
	for _, s := range []string{"厄瓜多", "冠肺", "尚未结婚", "南京市长江大桥", "哈哈", "a冠"} {
		f.Add(s, "南京市长江大桥厄瓜多爾新冠肺炎", 3)
	}
	pt := testTerms()
	if _, err := analyzer.New(false, nil); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, run, text string, at int) {
		if !utf8.ValidString(run) || !utf8.ValidString(text) || len(run) > 64 {
			return
		}
		for mode := partUnknown; mode <= partInside; mode++ {
			for _, tl := range pt.tilings([]rune(run), nil, mode) {
				if len(tl.first) == 0 || len(tl.first) > maxPartialTerms || len(tl.last) > maxPartialTerms {
					t.Fatalf("tiling %+v of %q", tl, run)
				}
			}
		}
		if len(text) == 0 {
			return
		}
		start := min(max(at, 0), len(text)-1)
		for start > 0 && !utf8.RuneStart(text[start]) {
			start--
		}
		end := len(text)
		for _, s := range runSpans(text, start, end, []rune(run)) {
			if s.start < start || s.end > end || s.start >= s.end || !utf8.RuneStart(text[s.start]) || s.end < len(text) && !utf8.RuneStart(text[s.end]) {
				t.Fatalf("span %v of %q in %q [%d,%d)", s, run, text, start, end)
			}
		}
	})
}
