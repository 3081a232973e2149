package analyzer

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"
)

// packedIndex returns the index-time analyzer as bleve builds it from the
// mapping: the one whose offsets are packed.
func packedIndex(tb testing.TB) *Analyzer {
	tb.Helper()
	a, err := registry.NewCache().AnalyzerNamed(Name)
	if err != nil {
		tb.Fatal(err)
	}
	return a.(*Analyzer)
}

// FuzzPacked checks that the packed offsets of every index token unpack,
// from the text alone, to the offsets the analyzer found.
func FuzzPacked(f *testing.F) {
	for _, s := range []string{"关于国有Enterprise reform发展", "ＧＤＰ增长76.7%", "Xi Jinping’s", "\xff中\xe4",
		"國有企業乾隆", "二〇二四年3月1.5亿美元", "COVID-19疫情m123-test", "カタカナ한국어", "Lüliang①Ⅻ",
		"山西省委在陝西省吕梁市", "Inner Mongolia's Hong Kong-based Xi'an", "Beijing-Tianjin-Hebei福州Fuzhou",
		"1,750 tonnes, 3.5% up", strings.Repeat("x", 600) + "长治"} {
		f.Add(s)
	}
	plain, _ := analyzers(f)
	packed := packedIndex(f)
	f.Fuzz(func(t *testing.T, s string) {
		in := []byte(s)
		want, got := plain.Analyze(in), packed.Analyze(in)
		if len(got) != len(want) {
			t.Fatalf("%d packed tokens, %d plain ones", len(got), len(want))
		}
		us := Units(in)
		for i, tk := range got {
			start, end := us.Unpack(tk.Position, uint64(tk.Start), uint64(tk.End))
			if w := want[i]; start != w.Start || end != w.End {
				t.Fatalf("token %q at %d unpacks to [%d:%d], want [%d:%d]", tk.Term, tk.Position, start, end, w.Start, w.End)
			}
		}
	})
}

// TestPackedOffsetsAreSmall checks what packing is for: every packed start
// and end of a text fits in one byte of varint, however far into the text
// the token is.
func TestPackedOffsetsAreSmall(t *testing.T) {
	packed := packedIndex(t)
	text := strings.Repeat("山西省吕梁市的国有企业改革发展，COVID-19 vaccines rose 76.7% in Hong Kong-based firms. ", 50)
	for _, tk := range packed.Analyze([]byte(text)) {
		if tk.Start > 127 || tk.End > 127 {
			t.Fatalf("token %q at %d packs to [%d:%d]: more than a byte", tk.Term, tk.Position, tk.Start, tk.End)
		}
	}
}
