package analyzer

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// tok is a token as a test writes it: term, position, byte start and end.
type tok struct {
	term       string
	pos        int
	start, end int
}

func (t tok) String() string { return fmt.Sprintf("%s@%d[%d:%d]", t.term, t.pos, t.start, t.end) }

func tokens(ts analysis.TokenStream) []tok {
	out := make([]tok, len(ts))
	for i, t := range ts {
		out[i] = tok{string(t.Term), t.Position, t.Start, t.End}
	}
	return out
}

func TestAnalyze(t *testing.T) {
	tests := []struct {
		name  string
		input string
		index []tok
		query []tok // nil means: the same as index
	}{
		{
			name:  "a long word brings its dictionary sub-words at index time only",
			input: "中国农业发展银行",
			index: []tok{{"中国", 1, 0, 6}, {"农业发展银行", 3, 6, 24}, {"农业", 3, 6, 12}, {"发展", 5, 12, 18}, {"银行", 7, 18, 24}},
			query: []tok{{"中国", 1, 0, 6}, {"农业发展银行", 3, 6, 24}},
		},
		{
			name:  "English inside Chinese keeps exact byte offsets",
			input: "关于国有Enterprise reform发展",
			index: []tok{{"关于", 1, 0, 6}, {"国有", 3, 6, 12}, {"enterpris", 5, 12, 22}, {"reform", 6, 23, 29}, {"发展", 7, 29, 35}},
		},
		{
			name:  "full-width letters fold to half-width and stop words leave a gap",
			input: "ＧＤＰ of Ｓｈａｎｘｉ",
			index: []tok{{"gdp", 1, 0, 9}, {"shanxi", 3, 13, 31}},
		},
		{
			name:  "English is lower-cased, stemmed and loses its possessive",
			input: "Coking coal: Xi Jinping’s statements",
			index: []tok{{"coke", 1, 0, 6}, {"coal", 2, 7, 11}, {"xi", 3, 13, 15}, {"jinp", 4, 16, 27}, {"statement", 5, 28, 38}},
		},
		{
			name:  "decimals stay whole and full-width punctuation separates",
			input: "增长76.7%，达1,750吨",
			index: []tok{{"增长", 1, 0, 6}, {"76.7", 3, 6, 10}, {"达", 4, 14, 17}, {"1,750", 5, 17, 22}, {"吨", 6, 22, 25}},
		},
		{
			name:  "two characters that meet across words are not a word",
			input: "这是中国有名的地方",
			index: []tok{{"这", 1, 0, 3}, {"是", 2, 3, 6}, {"中国", 3, 6, 12}, {"有名", 5, 12, 18}, {"的", 7, 18, 21}, {"地方", 8, 21, 27}},
		},
		{
			name:  "empty input gives no tokens",
			input: "",
			index: []tok{},
		},
	}
	index, err := New(true)
	if err != nil {
		t.Fatal(err)
	}
	query, err := New(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tokens(index.Analyze([]byte(tt.input))); fmt.Sprint(got) != fmt.Sprint(tt.index) {
				t.Errorf("index tokens of %q:\n got %v\nwant %v", tt.input, got, tt.index)
			}
			want := tt.query
			if want == nil {
				want = tt.index
			}
			if got := tokens(query.Analyze([]byte(tt.input))); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("query tokens of %q:\n got %v\nwant %v", tt.input, got, want)
			}
		})
	}
}

func TestRegisteredByName(t *testing.T) {
	cache := registry.NewCache()
	for _, name := range []string{Name, QueryName} {
		a, err := cache.AnalyzerNamed(name)
		if err != nil {
			t.Fatalf("analyzer %q is not registered: %v", name, err)
		}
		if got := tokens(a.Analyze([]byte("国有企业"))); len(got) == 0 {
			t.Errorf("analyzer %q gives no tokens for 国有企业", name)
		}
	}
}

// FuzzOffsets checks that every token addresses its own text: offsets in
// range, on character boundaries, and positions that never go backwards.
func FuzzOffsets(f *testing.F) {
	for _, s := range []string{"关于国有Enterprise reform发展", "ＧＤＰ增长76.7%", "中国农业发展银行", "Xi Jinping’s", "\xff中\xe4"} {
		f.Add(s)
	}
	a, err := New(true)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in := []byte(s)
		// Character boundaries as a decoder sees them, invalid bytes included.
		boundary := map[int]bool{len(in): true}
		for i := 0; i < len(in); {
			boundary[i] = true
			_, n := utf8.DecodeRune(in[i:])
			i += n
		}
		last := 0
		for _, tk := range a.Analyze(in) {
			if tk.Start < 0 || tk.End > len(in) || tk.Start >= tk.End {
				t.Fatalf("token %q has offsets [%d:%d] outside %d bytes", tk.Term, tk.Start, tk.End, len(in))
			}
			if !boundary[tk.Start] || !boundary[tk.End] {
				t.Fatalf("token %q [%d:%d] splits a character of %q", tk.Term, tk.Start, tk.End, s)
			}
			if tk.Position < last {
				t.Fatalf("token %q at position %d after %d", tk.Term, tk.Position, last)
			}
			last = tk.Position
			if len(tk.Term) == 0 || strings.ContainsAny(string(tk.Term), " \t\n") {
				t.Fatalf("token %q from %q is empty or has spaces", tk.Term, s)
			}
		}
	})
}

func BenchmarkAnalyze(b *testing.B) {
	a, err := New(true)
	if err != nil {
		b.Fatal(err)
	}
	text := []byte(strings.Repeat("要深入贯彻习近平总书记关于国有Enterprise reform发展和Party building的重要论述，中国农业发展银行。", 20))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a.Analyze(text)
	}
}
