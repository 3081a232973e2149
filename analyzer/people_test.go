package analyzer

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// mentions renders the names People finds in s: "胡昌升=hu changsheng".
func mentions(s string) string {
	var out []string
	for _, p := range People(s) {
		out = append(out, s[p.Start:p.End]+"="+p.Key)
	}
	return strings.Join(out, " ")
}

func TestPeople(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"a title before a name makes it a person, and its later mentions too",
			"省委书记胡昌升主持召开会议。胡昌升强调，要抓好落实。",
			"胡昌升=hu changsheng 胡昌升=hu changsheng"},
		{"the last of several titles before a name counts",
			"中共中央总书记、国家主席习近平在北京会见来宾。",
			"习近平=xi jinping"},
		{"a title after a name counts",
			"李强总理出席开幕式。", "李强=li qiang"},
		{"the names of a list after a title are all persons",
			"省领导吴存荣、金湘军、任振鹤出席会议。",
			"吴存荣=wu cunrong 金湘军=jin xiangjun 任振鹤=ren zhenhe"},
		{"the names of a list before a title are all persons",
			"骆惠宁、楼阳生同志参加讨论。",
			"骆惠宁=luo huining 楼阳生=lou yangsheng"},
		{"a name in the news of an investigation ends before it",
			"省政协原主席陈立新严重违纪违法，陈立新涉嫌受贿。", "陈立新=chen lixin 陈立新=chen lixin"},
		{"a two-character name is not taken with the word after it",
			"副市长王浩在会上说，", "王浩=wang hao"},
		{"a common word after a title is no name",
			"市长强调，要推进文明城市建设。", ""},
		{"a place after a title is no name",
			"书记张家口，", ""},
		{"a name without a title or a list is not recognised",
			"胡昌升来到车间。", ""},
		{"a surname with its own reading reads as a surname",
			"副省长曾庆红出席。", "曾庆红=zeng qinghong"},
		{"English names of officials are persons",
			"Governor Wu Cunrong met Xi Jinping's envoy.",
			"Wu Cunrong=wu cunrong Xi Jinping=xi jinping"},
		{"a Korean name with a hyphen is no pinyin name",
			"Li Gun-mo visited the plant.", ""},
		{"a place of two words is not a person",
			"Hong Kong and Inner Mongolia", ""},
		{"English words that are pinyin are not taken for a name",
			"You Can Win, Feng Shui tips", ""},
		{"surname-last order is not taken from text",
			"Jinping Xi", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := mentions(c.text); got != c.want {
				t.Errorf("People(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

// personTokens renders the person terms of ts with their positions and
// the text they mark.
func personTokens(s string, a *Analyzer) string {
	var out []string
	for _, tk := range a.Analyze([]byte(s)) {
		if IsPersonTerm(tk.Term) {
			out = append(out, fmt.Sprintf("%s@%d=%s", tk.Term, tk.Position, s[tk.Start:tk.End]))
		}
	}
	return strings.Join(out, " ")
}

func TestPersonTerms(t *testing.T) {
	index, query := analyzers(t)
	t.Run("the index has the person where the name starts, beside its words", func(t *testing.T) {
		s := "省委书记胡昌升主持"
		if got, want := personTokens(s, index), "@hu_changsheng@5=胡昌升"; got != want {
			t.Errorf("person terms %q, want %q", got, want)
		}
		if got, want := tokens(index.Analyze([]byte(s)))[len(tokens(index.Analyze([]byte(s))))-1].term, "主持"; got != want {
			t.Errorf("last token %q, want %q: the words stay", got, want)
		}
	})
	for _, c := range []struct{ query, want string }{
		{"Xi Jinping", "@xi_jinping@1=Xi Jinping"},
		{"XI Jinping", "@xi_jinping@1=XI Jinping"},
		{"Xi Jin-ping", "@xi_jinping@1=Xi Jin-ping"},
		{"Jinping Xi", "@xi_jinping@1=Jinping Xi"},
		// A Chinese name in a query is its words: package search adds
		// the person where the index knows it.
		{"习近平", ""},
		{"Hu Changsheng said", "@hu_changsheng@1=Hu Changsheng"},
		{"Hong Kong", ""},
		{"文明", ""},
	} {
		t.Run("the query "+c.query+" is its person", func(t *testing.T) {
			if got := personTokens(c.query, query); got != c.want {
				t.Errorf("person terms %q, want %q", got, c.want)
			}
		})
	}
	t.Run("a query's romanized name replaces its words", func(t *testing.T) {
		got := fmt.Sprint(tokens(query.Analyze([]byte("Hu Changsheng said"))))
		if want := "[@hu_changsheng@1[0:13] said@3[14:18]]"; got != want {
			t.Errorf("tokens %s, want %s", got, want)
		}
	})
}

// FuzzPeople checks that every name People finds is text of its input at
// whole characters, with a key of a surname and a given name.
func FuzzPeople(f *testing.F) {
	for _, s := range []string{"省委书记胡昌升主持", "省领导吴存荣、金湘军出席", "Governor Wu Cunrong", "李强总理", "主席\xff习近平", "书记·"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, p := range People(s) {
			if p.Start < last || p.End <= p.Start || p.End > len(s) {
				t.Fatalf("name at [%d:%d] after %d in %d bytes", p.Start, p.End, last, len(s))
			}
			last = p.End
			if !utf8.ValidString(s[p.Start:p.End]) || strings.Count(p.Key, " ") != 1 {
				t.Fatalf("name %q has key %q", s[p.Start:p.End], p.Key)
			}
			if p.Chinese != "" && p.Chinese != s[p.Start:p.End] {
				t.Fatalf("name %q is %q in the text", p.Chinese, s[p.Start:p.End])
			}
		}
	})
}
