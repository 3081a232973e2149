package search

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"
)

// Texts written for these tests.
const (
	zhText = "会议指出，过去一年全省经济运行总体平稳，稳中有进，主要指标好于预期。会议强调，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。要深化国有企业改革，提升核心竞争力，增强核心功能。要扩大有效投资，积极培育新质生产力，推动传统产业转型升级。要持续保障和改善民生，抓好就业、教育、医疗、养老等工作，让人民群众有更多获得感。会议要求，各地区各部门要抓好落实，确保各项任务落地见效。"
	enText = "Shanxi Coking Coal Group reported that its output of coking coal reached 1,750 million tonnes last year, up 76.7 percent. The company said it would invest in cleaner technology, build new washing plants and train thousands of workers. Analysts in Beijing said the reform of state-owned enterprises in the province had made the group more efficient. \"We expect demand from steel mills to stay strong,\" said Wu Cunrong, the group's chairman. Prices of coking coal fell slightly in March."
)

// occurrences returns the spans of every occurrence of each word in text.
func occurrences(text string, words ...string) []span {
	var out []span
	for _, w := range words {
		for i := 0; ; {
			j := strings.Index(text[i:], w)
			if j < 0 {
				break
			}
			out = append(out, span{i + j, i + j + len(w)})
			i += j + len(w)
		}
	}
	return out
}

func TestHighlight(t *testing.T) {
	text := `关于国有Enterprise reform发展 & "<b>"`
	tests := []struct {
		name  string
		spans []span
		want  string
	}{
		{"marks exactly the matched characters inside mixed text", occurrences(text, "国有"),
			`关于<mark>国有</mark>Enterprise reform发展 &amp; &#34;&lt;b&gt;&#34;`},
		{"touching and overlapping spans are one mark", append(occurrences(text, "国有", "Enterprise"), span{6, 9}),
			`关于<mark>国有Enterprise</mark> reform发展 &amp; &#34;&lt;b&gt;&#34;`},
		{"spans that split a character are dropped", append(occurrences(text, "reform"), span{1, 4}),
			`关于国有Enterprise <mark>reform</mark>发展 &amp; &#34;&lt;b&gt;&#34;`},
		{"spans outside the text are dropped", []span{{-1, 3}, {40, 90}, {5, 5}},
			`关于国有Enterprise reform发展 &amp; &#34;&lt;b&gt;&#34;`},
		{"no spans escapes the text", nil, `关于国有Enterprise reform发展 &amp; &#34;&lt;b&gt;&#34;`},
		{"a title matched as a whole is one mark", []span{{0, len(text)}}, `<mark>关于国有Enterprise reform发展 &amp; &#34;&lt;b&gt;&#34;</mark>`},
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
	const filler = "这是无关的内容，"
	farApart := "甲方开始改革。" + strings.Repeat(filler, 30) + "乙方继续改革。" + strings.Repeat(filler, 30) +
		"丙方深化改革。" + strings.Repeat(filler, 30) + "丁方改革开放。"
	straddle := "国有" + strings.Repeat("测", 97) + "国有企业" + strings.Repeat("测", 50)
	mixed := strings.Repeat("国有Enterprise改革发展", 20)
	tests := []struct {
		name  string
		text  string
		spans []span
		want  string // the fragments, joined by " | "
	}{
		{"a short text is shown whole",
			"短文本包含国有企业。", occurrences("短文本包含国有企业。", "国有"),
			"短文本包含<mark>国有</mark>企业。"},
		{"a Chinese fragment starts at the clause of its match and ends at a clause end",
			zhText, occurrences(zhText, "国有"),
			"…要深化<mark>国有</mark>企业改革，提升核心竞争力，增强核心功能。要扩大有效投资，积极培育新质生产力，推动传统产业转型升级。要持续保障和改善民生，抓好就业、教育、医疗、养老等工作，让人民群众有更多获得感。会议要求，…"},
		{"a match near the end is shown with the clauses before it",
			zhText, occurrences(zhText, "新质生产力"),
			"…要扩大有效投资，积极培育<mark>新质生产力</mark>，推动传统产业转型升级。要持续保障和改善民生，抓好就业、教育、医疗、养老等工作，让人民群众有更多获得感。会议要求，各地区各部门要抓好落实，确保各项任务落地见效。"},
		{"words far apart give a fragment each, in text order",
			zhText, occurrences(zhText, "民生", "会议"),
			"<mark>会议</mark>指出，过去一年全省经济运行总体平稳，稳中有进，主要指标好于预期。<mark>会议</mark>强调，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。要深化国有企业改革，… | …要扩大有效投资，积极培育新质生产力，推动传统产业转型升级。要持续保障和改善<mark>民生</mark>，抓好就业、教育、医疗、养老等工作，让人民群众有更多获得感。<mark>会议</mark>要求，各地区各部门要抓好落实，确保各项任务落地见效。"},
		{"no match gives the lead, cut at a clause end",
			zhText, nil,
			"会议指出，过去一年全省经济运行总体平稳，稳中有进，主要指标好于预期。会议强调，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。要深化国有企业改革，…"},
		{"an English fragment ends at a clause end, and numbers are kept whole",
			enText, occurrences(enText, "reported"),
			"Shanxi Coking Coal Group <mark>reported</mark> that its output of coking coal reached 1,750 million tonnes last year, up 76.7 percent. The company said it would invest in cleaner technology,…"},
		{"an English fragment starts at its sentence or clause",
			enText, occurrences(enText, "demand"),
			"…&#34;We expect <mark>demand</mark> from steel mills to stay strong,&#34; said Wu Cunrong, the group&#39;s chairman. Prices of coking coal fell slightly in March."},
		{"the fragment with the most different words is chosen first, a fragment that meets another joins it",
			enText, occurrences(enText, "reform", "enterprises", "coal"),
			"Shanxi Coking Coal Group reported that its output of coking <mark>coal</mark> reached 1,750 million tonnes last year, up 76.7 percent. The company said it would invest in cleaner technology,… | …Analysts in Beijing said the <mark>reform</mark> of state-owned <mark>enterprises</mark> in the province had made the group more efficient. &#34;We expect demand from steel mills to stay strong,&#34; said Wu Cunrong, the group&#39;s chairman. Prices of coking <mark>coal</mark> fell slightly in March."},
		{"four matches far apart give three fragments, the first three",
			farApart, occurrences(farApart, "改革"),
			"甲方开始<mark>改革</mark>。" + strings.Repeat(filler, 11) + "… | " +
				"…乙方继续<mark>改革</mark>。" + strings.Repeat(filler, 11) + "… | " +
				"…丙方深化<mark>改革</mark>。" + strings.Repeat(filler, 11) + "…"},
		{"a match is never cut by the end of a fragment",
			straddle, occurrences(straddle, "国有企业", "国有"),
			"<mark>国有</mark>" + strings.Repeat("测", 97) + "<mark>国有企业</mark>…"},
		{"overlapping and touching matches are one mark",
			"要深化国有企业改革。", occurrences("要深化国有企业改革。", "国有", "国有企业", "企业", "改革"),
			"要深化<mark>国有企业改革</mark>。"},
		{"HTML in the text is escaped",
			`a <b>coal</b> & "gas"`, occurrences(`a <b>coal</b> & "gas"`, "coal"),
			`a &lt;b&gt;<mark>coal</mark>&lt;/b&gt; &amp; &#34;gas&#34;`},
		{"a Latin word inside Chinese is never cut",
			mixed, occurrences(mixed, "改革")[10:11],
			"…展国有Enterprise改革发展国有Enterprise改革发展国有Enterprise<mark>改革</mark>发展国有Enterprise改革发展国有Enterprise改革发展国有Enterprise改革发展国有Enterprise改革发展国有Enterprise改革发展国有Enterprise改革发展…"},
		{"a blank body has no snippet", " \n ", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := snippets(tt.text, tt.spans)
			if j := strings.Join(got, " | "); j != tt.want {
				t.Errorf("snippets =\n %s\nwant\n %s", j, tt.want)
			}
			checkSnippets(t, tt.text, got)
		})
	}
}

// checkSnippets checks what every snippet must be: one to three fragments
// (none for a blank text), each valid UTF-8 with balanced, unnested marks,
// each a piece of the text cut between words.
func checkSnippets(t *testing.T, text string, got []string) {
	t.Helper()
	if strings.TrimSpace(text) == "" {
		if len(got) != 0 {
			t.Errorf("a blank text has snippets %q", got)
		}
		return
	}
	if len(got) < 1 || len(got) > 3 { // API.md promises up to three
		t.Errorf("%d fragments", len(got))
	}
	for _, f := range got {
		if !utf8.ValidString(f) {
			t.Errorf("fragment is not UTF-8: %q", f)
		}
		depth := 0
		for rest := f; rest != ""; {
			i := strings.IndexByte(rest, '<')
			if i < 0 {
				break
			}
			rest = rest[i:]
			switch {
			case strings.HasPrefix(rest, "<mark></mark>"):
				t.Errorf("an empty mark in %q", f)
			case strings.HasPrefix(rest, "<mark>"):
				depth++
				rest = rest[len("<mark>"):]
			case strings.HasPrefix(rest, "</mark>"):
				depth--
				rest = rest[len("</mark>"):]
			default:
				t.Fatalf("unescaped < in %q", f)
			}
			if depth < 0 || depth > 1 {
				t.Fatalf("marks nest or do not balance in %q", f)
			}
		}
		if depth != 0 {
			t.Errorf("an unclosed mark in %q", f)
		}
		plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(f)
		plain = strings.TrimSuffix(strings.TrimPrefix(plain, ellipsis), ellipsis)
		plain = html.UnescapeString(plain)
		if strings.TrimSpace(plain) == "" {
			t.Fatalf("an empty fragment: %q", f)
		}
		// The fragment is a piece of the text, cut between words
		// wherever it is (it may be there more than once).
		found, between := false, false
		for from := 0; ; {
			at := strings.Index(text[from:], plain)
			if at < 0 {
				break
			}
			at += from
			found = true
			between = between || wordBoundary(text, at) && wordBoundary(text, at+len(plain))
			_, n := utf8.DecodeRuneInString(text[at:])
			from = at + max(n, 1)
		}
		if !found {
			t.Fatalf("fragment %q is not a piece of the text", plain)
		}
		if !between {
			t.Errorf("fragment %q is cut inside a word", plain)
		}
	}
}

func TestWordBoundary(t *testing.T) {
	tests := []struct {
		text string
		at   string // the text is cut before the first occurrence of this
		cut  bool
	}{
		{"reached 1,750 tonnes", ",750", false},
		{"reached 1,750 tonnes", "750", false},
		{"up 76.7 percent", ".7", false},
		{"Xi Jinping's speech", "'s", false},
		{"state-owned", "-owned", false},
		{"the Enterprise reform", "prise", false},
		{"said so. Then", " Then", true},
		{"said so. Then", "Then", true},
		{"国有Enterprise", "Enterprise", true},
		{"Enterprise改革", "改革", true},
		{"国有企业", "企业", true},
	}
	for _, tt := range tests {
		i := strings.Index(tt.text, tt.at)
		if got := wordBoundary(tt.text, i); got != tt.cut {
			t.Errorf("cutting %q before %q: %v, want %v", tt.text, tt.at, got, tt.cut)
		}
	}
}

func TestClauseEnds(t *testing.T) {
	tests := []struct {
		text  string
		after string // a clause may end right after the first occurrence of this
		end   bool
	}{
		{"要深化改革，提升", "改革，", true},
		{"要深化改革。提升", "改革。", true},
		{"他说：“改革。”会议", "改革。”", true},
		{"他说：“改革”会议", "改革”", false},
		{"said so. Then", "so.", true},
		{"up 76.7 percent", "76.", false},
		{"1,750 tonnes", "1,", false},
		{"国有企业改革", "企业", false},
	}
	for _, tt := range tests {
		i := strings.Index(tt.text, tt.after) + len(tt.after)
		if got := clauseEndsAt(tt.text, i); got != tt.end {
			t.Errorf("a clause ends after %q in %q: %v, want %v", tt.after, tt.text, got, tt.end)
		}
	}
}

// FuzzSnippets checks that any text with any spans gives well-formed
// snippets (see checkSnippets).
func FuzzSnippets(f *testing.F) {
	f.Add(zhText, 10, 4, 200, 30)
	f.Add(enText, 0, 6, 100, 20)
	f.Add("a <b> & c", 2, 3, 0, 1)
	f.Fuzz(func(t *testing.T, text string, s1, l1, s2, l2 int) {
		if !utf8.ValidString(text) {
			return
		}
		// Matches are whole tokens: widen them to word boundaries, as
		// the analyzer's are.
		var spans []span
		for _, s := range []span{{s1, s1 + l1}, {s2, s2 + l2}} {
			if s.start < 0 || s.end > len(text) || s.start >= s.end {
				spans = append(spans, s) // invalid: must be dropped
				continue
			}
			for !utf8.RuneStart(text[s.start]) || !wordBoundary(text, s.start) {
				s.start--
			}
			for s.end < len(text) && (!utf8.RuneStart(text[s.end]) || !wordBoundary(text, s.end)) {
				s.end++
			}
			spans = append(spans, s)
		}
		checkSnippets(t, text, snippets(text, spans))
	})
}
