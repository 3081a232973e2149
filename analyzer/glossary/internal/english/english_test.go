package english

import (
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		name, phrase, want string
	}{
		{"a phrase is stemmed and loses its stop words", "the Belt and Road Initiative", "belt road initi"},
		{"forms of one word meet", "new quality productive forces", "new qualiti product forc"},
		{"productivity and productive meet", "New Quality Productivity", "new qualiti product"},
		{"a hyphen separates words", "state-owned enterprises", "state own enterpris"},
		{"digits stay", "COVID-19", "covid 19"},
		{"dots between letters join", "U.S. tariffs", "us tariff"},
		{"a possessive comes off", "people's congress", "peopl congress"},
		{"an apostrophe inside a word is dropped", "Xi'an", "xian"},
		{"a curly apostrophe too", "China’s economy", "china economi"},
		{"diacritics and full width fold", "Lüliang ＧＤＰ", "luliang gdp"},
		{"a verb's to is a stop word", "to reform", "reform"},
		{"only stop words give nothing", "to be or not", ""},
		{"a trailing dot ends the word", "Inc.", "inc"},
		{"Chinese passes through as one word", "新质 生产力", "新质 生产力"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(Words(tt.phrase), " "); got != tt.want {
				t.Errorf("Words(%q) = %q, want %q", tt.phrase, got, tt.want)
			}
		})
	}
}

func TestInflected(t *testing.T) {
	tests := []struct {
		name, phrase, want string
	}{
		{"a plural and its word meet", "Enterprises", "enterpris"},
		{"the word itself", "enterprise", "enterpris"},
		{"a plural in -ies is its word in -y", "policies", "policy"},
		{"a past comes off, and the silent e", "approved", "approv"},
		{"a word of the same stem stays apart", "housing", "housing"},
		{"so does its noun", "cooperation", "cooperation"},
		{"a verb's to and the possessive come off", "to reform China's", "reform china"},
		{"a word in -ss keeps its s", "press", "press"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Inflected(tt.phrase); got != tt.want {
				t.Errorf("Inflected(%q) = %q, want %q", tt.phrase, got, tt.want)
			}
		})
	}
}

func BenchmarkWords(b *testing.B) {
	var dst []string
	for b.Loop() {
		dst = AppendWords(dst[:0], "new quality productive forces")
	}
}
