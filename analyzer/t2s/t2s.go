// Package t2s folds traditional Chinese to simplified, with OpenCC's tables
// (t2s.txt, made by analyzer/internal/mkdata): phrases first, longest match
// (國有企業 is 国有企业; 乾隆 stays, 乾淨 is 干净), then characters. Only a run
// of Chinese with a character that only traditional text uses (國) is
// folded, so that simplified text that happens to hold 乾 or 著 is left as it
// is. Folding never changes the number of characters.
//
// Both the analyzer (which searches 甘肅 as 甘肃) and the metadata extraction
// (which must find Gansu in 甘肅省) fold with it. It imports nothing else of
// xinwen's.
package t2s

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// data is OpenCC's traditional → simplified folding, one "kind from to" line
// per character or phrase: "c" a character only traditional text uses, "a"
// the default simplified form of one that simplified text uses too (乾 → 干,
// but 乾隆), "p" a phrase with as many characters on each side.
//
//go:embed t2s.txt
var data string

type tables struct {
	// traditional marks the characters of the Basic Multilingual Plane
	// that only traditional text has (國).
	traditional [0x10000 / 64]uint64
	// char maps a traditional character to its simplified form: all of
	// them, including those that are simplified too in some words (乾).
	char map[rune]rune
	// phrase maps traditional phrases whose folding is not the
	// character-by-character one, with as many characters on each side.
	phrase    map[string][]rune
	maxPhrase int // characters of the longest phrase
}

// tab returns the tables, parsed from data on first use (about a
// millisecond).
var tab = sync.OnceValue(func() *tables {
	t := &tables{char: map[rune]rune{}, phrase: map[string][]rune{}}
	for rest := data; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		switch f[0] {
		case "c", "a":
			from, _ := utf8.DecodeRuneInString(f[1])
			to, _ := utf8.DecodeRuneInString(f[2])
			t.char[from] = to
			if f[0] == "c" && from < 0x10000 {
				t.traditional[from/64] |= 1 << (from % 64)
			}
		case "p":
			t.phrase[f[1]] = []rune(f[2])
			t.maxPhrase = max(t.maxPhrase, utf8.RuneCountInString(f[1]))
		}
	}
	return t
})

// IsTraditional reports whether r is a character only traditional text
// uses (國, 蘭; not 乾, which simplified text has in 乾隆).
func IsTraditional(r rune) bool { return tab().isTraditional(r) }

func (t *tables) isTraditional(r rune) bool {
	if r < 0x10000 {
		return t.traditional[r/64]&(1<<(r%64)) != 0
	}
	_, ok := t.char[r]
	return ok
}

// FoldRun folds a run of Chinese characters to simplified, in place:
// OpenCC's phrases first, longest match, then its characters. The caller
// decides that the run is traditional (see IsTraditional); FoldRun folds
// every character it has a form for.
func FoldRun(run []rune) {
	t := tab()
	var key []byte
	for i := 0; i < len(run); {
		// The longest phrase that starts here, if any.
		matched := 0
		var to []rune
		key = key[:0]
		for j := i; j < len(run) && j-i < t.maxPhrase; j++ {
			key = utf8.AppendRune(key, run[j])
			if p, ok := t.phrase[string(key)]; ok && len(p) == j-i+1 {
				matched, to = j-i+1, p
			}
		}
		if matched > 1 {
			copy(run[i:], to)
			i += matched
			continue
		}
		if s, ok := t.char[run[i]]; ok {
			run[i] = s
		}
		i++
	}
}

// Fold returns s with each run of Chinese characters that holds a
// character only traditional text uses folded to simplified, as the
// analyzer folds it; other text is returned as it is. The result has the
// same length in bytes and every character at the same byte offset as in
// s, so that a byte range found in the folded text is the same range in
// s: a character whose simplified form takes another number of bytes in
// UTF-8 (㗲 → 𠵾: about one in twenty of the table, all rare) stays as it is.
func Fold(s string) string {
	t := tab()
	first := t.firstTraditional(s)
	if first < 0 {
		return s
	}
	b := []byte(s)
	var run []rune
	for i := runStart(s, first); i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.Is(unicode.Han, r) {
			i += n
			continue
		}
		// A run of Chinese characters, folded if it is traditional.
		start, trad := i, false
		run = run[:0]
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !unicode.Is(unicode.Han, r) {
				break
			}
			run = append(run, r)
			trad = trad || t.isTraditional(r)
			i += n
		}
		if !trad {
			continue
		}
		FoldRun(run)
		at := start
		for _, to := range run {
			_, n := utf8.DecodeRuneInString(s[at:])
			if utf8.RuneLen(to) == n {
				utf8.EncodeRune(b[at:], to)
			}
			at += n
		}
	}
	return string(b)
}

// firstTraditional returns the byte offset of the first character of s
// that only traditional text uses, or -1. Most text has none: this is the
// whole cost of folding it.
func (t *tables) firstTraditional(s string) int {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if t.isTraditional(r) {
			return i
		}
		i += n
	}
	return -1
}

// runStart returns the start of the run of Chinese characters that holds
// the character at byte i of s.
func runStart(s string, i int) int {
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.Is(unicode.Han, r) {
			break
		}
		i -= n
	}
	return i
}
