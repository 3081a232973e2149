package t2s

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"a traditional sentence is folded to simplified", "甘肅省國有資產監督管理委員會在蘭州舉行座談會", "甘肃省国有资产监督管理委员会在兰州举行座谈会"},
		{"simplified text is left as it is", "甘肃省国有资产监督管理委员会在兰州举行座谈会", "甘肃省国有资产监督管理委员会在兰州举行座谈会"},
		{"a phrase folds as a whole: 乾淨 is 干净", "這裡乾淨整潔", "这里干净整洁"},
		{"a phrase keeps what it keeps: 乾隆 stays", "乾隆年間的舊宅", "乾隆年间的旧宅"},
		{"a simplified run with a character traditional text shares stays", "乾隆皇帝", "乾隆皇帝"},
		{"only the traditional run is folded", "甘肃日报：蘭州舉行座談會，乾坤", "甘肃日报：兰州举行座谈会，乾坤"},
		{"letters, digits and punctuation pass through", "新華社蘭州3月28日電 Gansu (記者)", "新华社兰州3月28日电 Gansu (记者)"},
		{"a character whose simplified form is longer in UTF-8 stays", "嗰個", "嗰个"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Fold(tt.text)
			if got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestFoldRun(t *testing.T) {
	tests := []struct {
		name, run, want string
	}{
		{"characters fold one by one", "國有企業", "国有企业"},
		{"the longest phrase wins", "乾乾淨淨", "干干净净"},
		{"a character longer in UTF-8 folds too", "嗰", "𠮶"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := []rune(tt.run)
			FoldRun(run)
			if got := string(run); got != tt.want {
				t.Errorf("FoldRun(%q) = %q, want %q", tt.run, got, tt.want)
			}
		})
	}
}

func TestIsTraditional(t *testing.T) {
	for r, want := range map[rune]bool{'國': true, '蘭': true, '国': false, '乾': false, '著': false, 'a': false} {
		if got := IsTraditional(r); got != want {
			t.Errorf("IsTraditional(%q) = %v, want %v", r, got, want)
		}
	}
}

// FuzzFold checks what callers rely on: every character stays at its byte
// offset, and text without a traditional character comes back as it is.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"甘肅省國有資產", "乾淨 乾隆", "嗰個", "mixed 國有Enterprise改革", "\xff國"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if len(got) != len(s) {
			t.Fatalf("Fold(%q) = %q: %d bytes, want %d", s, got, len(got), len(s))
		}
		for i := range s {
			if utf8.RuneStart(s[i]) != utf8.RuneStart(got[i]) {
				t.Fatalf("Fold(%q) = %q: a character moved at byte %d", s, got, i)
			}
		}
		if !strings.ContainsFunc(s, IsTraditional) && got != s {
			t.Fatalf("Fold(%q) = %q: text without a traditional character changed", s, got)
		}
	})
}

// BenchmarkFold measures folding a text with no traditional character, the
// common case: the cost of looking for one.
func BenchmarkFold(b *testing.B) {
	text := strings.Repeat("甘肃省国有资产监督管理委员会在兰州举行座谈会，会议要求加快改革步伐。Gansu SOE reform.\n", 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Fold(text)
	}
}
