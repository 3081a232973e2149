package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// at returns the span of the n-th (0-based) occurrence of word in text.
func at(text, word string, n int) span {
	from := 0
	for ; n > 0; n-- {
		from += strings.Index(text[from:], word) + len(word)
	}
	i := from + strings.Index(text[from:], word)
	return span{i, i + len(word)}
}

func TestHighlight(t *testing.T) {
	text := `关于国有Enterprise reform发展 & "<b>"`
	tests := []struct {
		name  string
		spans []span
		want  string
	}{
		{"marks exactly the matched characters inside mixed text", []span{at(text, "国有", 0)},
			`关于<mark>国有</mark>Enterprise reform发展 &amp; &#34;&lt;b&gt;&#34;`},
		{"touching and overlapping spans are one mark", []span{at(text, "国有", 0), at(text, "Enterprise", 0), {6, 9}},
			`关于<mark>国有Enterprise</mark> reform发展 &amp; &#34;&lt;b&gt;&#34;`},
		{"spans that split a character are dropped", []span{{1, 4}, at(text, "reform", 0)},
			`关于国有Enterprise <mark>reform</mark>发展 &amp; &#34;&lt;b&gt;&#34;`},
		{"no spans escapes the text", nil, `关于国有Enterprise reform发展 &amp; &#34;&lt;b&gt;&#34;`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := highlight(text, tt.spans); got != tt.want {
				t.Errorf("highlight =\n %s\nwant\n %s", got, tt.want)
			}
		})
	}
}

func TestSnippets(t *testing.T) {
	zh := strings.Repeat("会议强调，要坚持稳中求进工作总基调，推动经济持续回升向好。", 6) +
		"要深化国有企业改革，提升核心竞争力。" + strings.Repeat("各地区各部门要抓好落实，确保各项任务落地见效。", 6)
	en := strings.Repeat("The meeting was long and the delegates spoke at length about many things. ", 5) +
		"Shanxi Coking Coal Group will build a modern industrial system of coking coal. " +
		strings.Repeat("Other business was discussed until late in the evening. ", 5)

	t.Run("a Chinese fragment starts at the clause of its match and never splits a character", func(t *testing.T) {
		got := snippets(zh, []span{at(zh, "国有", 0)})
		if len(got) != 1 {
			t.Fatalf("got %d fragments: %q", len(got), got)
		}
		if !strings.HasPrefix(got[0], "…要深化<mark>国有</mark>企业改革，") {
			t.Errorf("fragment = %q, want it to start at 要深化", got[0])
		}
		if !utf8.ValidString(got[0]) || !strings.HasSuffix(got[0], "…") {
			t.Errorf("fragment = %q, want valid UTF-8 ending in …", got[0])
		}
	})

	t.Run("an English fragment is cut at word boundaries", func(t *testing.T) {
		got := snippets(en, []span{at(en, "Coking", 0), at(en, "coking", 0)})
		if len(got) != 1 {
			t.Fatalf("got %d fragments: %q", len(got), got)
		}
		if !strings.HasPrefix(got[0], "…Shanxi <mark>Coking</mark> Coal Group") || !strings.Contains(got[0], "<mark>coking</mark> coal.") {
			t.Errorf("fragment = %q", got[0])
		}
		words := strings.Fields(strings.Trim(got[0], "…"))
		last := words[len(words)-1]
		if !strings.Contains(en, " "+last+" ") && !strings.HasSuffix(last, ".") {
			t.Errorf("fragment ends inside a word: %q", last)
		}
	})

	t.Run("matches far apart give separate fragments in text order, at most three", func(t *testing.T) {
		long := strings.Repeat("无关的内容，", 60)
		text := "改革开始了。" + long + "改革继续。" + long + "改革深化。" + long + "改革完成。" + long + "改革总结。"
		var spans []span
		for i := 0; i < 5; i++ {
			spans = append(spans, at(text, "改革", i))
		}
		got := snippets(text, spans)
		if len(got) != maxFragments {
			t.Fatalf("got %d fragments, want %d: %q", len(got), maxFragments, got)
		}
		if !strings.HasPrefix(got[0], "<mark>改革</mark>开始了") {
			t.Errorf("first fragment = %q, want the first match", got[0])
		}
	})

	t.Run("no match gives the lead", func(t *testing.T) {
		got := snippets(en, nil)
		if len(got) != 1 || !strings.HasPrefix(got[0], "The meeting was long") || strings.Contains(got[0], "<mark>") {
			t.Errorf("lead = %q", got)
		}
	})
}
