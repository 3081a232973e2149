package analyzer

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMaxAnalyzed(t *testing.T) {
	index, query := analyzers(t)
	// lastEnd is where the text's last token ends, in characters.
	lastEnd := func(a *Analyzer, text string) int {
		ts := a.Analyze([]byte(text))
		end := 0
		for _, tk := range ts {
			end = max(end, tk.End)
		}
		return utf8.RuneCountInString(text[:end])
	}
	sentence := "中国经济发展。" // 7 characters
	tests := []struct {
		name string
		text string
		end  int // characters analyzed, to the end of the last token
	}{
		{"a text under the limit is read to its end", strings.Repeat(sentence, 1000), 7000 - 1},
		{"a text of one sentence repeated past the limit is read to the last full stop before it", strings.Repeat(sentence, 30000), MaxAnalyzed - MaxAnalyzed%7 - 1},
		{"a text of letters is cut between words", strings.Repeat("reform ", 20000), MaxAnalyzed - MaxAnalyzed%7 - 1},
		{"a text without a separator near the limit is cut at the limit", strings.Repeat("经济", 60000), MaxAnalyzed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lastEnd(index, tt.text); got != tt.end {
				t.Errorf("analyzed to character %d of %d, want %d", got, utf8.RuneCountInString(tt.text), tt.end)
			}
		})
	}
	t.Run("the query analyzer is not limited", func(t *testing.T) {
		text := strings.Repeat(sentence, 30000)
		if got := lastEnd(query, text); got != utf8.RuneCountInString(text)-1 {
			t.Errorf("analyzed to character %d", got)
		}
	})
}

// TestMaxAnalyzedKeepsTheCorporaWhole checks that the limit leaves the
// longest articles of the shared corpora searchable to their end.
func TestMaxAnalyzedKeepsTheCorporaWhole(t *testing.T) {
	longest := ""
	for _, b := range corpusBodies(t, "zh-gov-reports.jsonl.gz", 0) {
		if len(b) > len(longest) {
			longest = b
		}
	}
	if n := utf8.RuneCountInString(longest); n >= MaxAnalyzed {
		t.Fatalf("the longest report has %d characters, over the limit", n)
	}
	if got := analyzedEnd([]byte(longest)); got != len(longest) {
		t.Errorf("the longest report is read to byte %d of %d", got, len(longest))
	}
}
