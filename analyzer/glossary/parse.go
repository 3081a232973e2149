package glossary

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/xinwen/xinwen/analyzer/glossary/internal/english"
)

// Entry is one line of a glossary file: a thing's Chinese names and its
// English names. The first of each is the preferred form.
type Entry struct {
	Chinese []string
	English []string
	// Line is the entry's line in its file.
	Line int
}

// ParseGlossary reads a glossary file, in the format and under the rules of
// the user dictionary (see analyzer.ParseUserDict): UTF-8, one entry per
// line, blank lines and lines starting with # skipped, an error for the
// first bad line, naming the file (name) and the line. An entry is its
// Chinese forms, "=", then its English forms, each list separated by "|":
//
//	新质生产力 = new quality productive forces | new quality productivity
//	中央纪委 | 中纪委 = Central Commission for Discipline Inspection | CCDI
//
// A Chinese form is one run of characters with at least one Chinese one (a
// "·" may join the parts of a foreign name); an English form must keep a
// word when folded (stop words alone, such as "the", match nothing). A
// Chinese form may be on one line only, so that an entry says everything
// about it; an English form may be on several (epidemic is 疫情 and
// 流行病). English forms that differ only in case are one form; forms that
// differ otherwise but match alike (state-owned enterprise, state owned
// enterprises) may all be given, as the spellings English(term) returns.
// The entries of the file are a glossary of their own, for With.
func ParseGlossary(r io.Reader, name string) (*Glossary, error) {
	entries, err := ParseEntries(r, name)
	if err != nil {
		return nil, err
	}
	return build(SourceUser, entries), nil
}

// ParseEntries reads a glossary file as ParseGlossary does, and returns its
// entries, for tools that list or check them.
func ParseEntries(r io.Reader, name string) ([]Entry, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var entries []Entry
	seen := map[string]int{}
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		e, err := parseEntry(text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		for _, zh := range e.Chinese {
			if first, dup := seen[zh]; dup {
				return nil, fmt.Errorf("%s:%d: %q is already on line %d; give all its English forms on one line", name, line, zh, first)
			}
			seen[zh] = line
		}
		e.Line = line
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return entries, nil
}

// parseEntry reads "中文 | 中文 = English | English".
func parseEntry(text string) (Entry, error) {
	zh, en, ok := strings.Cut(text, "=")
	if !ok || strings.Contains(en, "=") {
		return Entry{}, fmt.Errorf("%q: want Chinese forms, one \"=\", then English forms, each list separated by |", text)
	}
	var e Entry
	for _, f := range strings.Split(zh, "|") {
		f = strings.TrimSpace(f)
		if err := checkChinese(f); err != nil {
			return Entry{}, err
		}
		if contains(e.Chinese, f) {
			return Entry{}, fmt.Errorf("%q is given twice", f)
		}
		e.Chinese = append(e.Chinese, f)
	}
	for _, f := range strings.Split(en, "|") {
		f = strings.Join(strings.Fields(f), " ")
		if f == "" {
			return Entry{}, fmt.Errorf("%q: an English form is empty", text)
		}
		if hasHan(f) {
			return Entry{}, fmt.Errorf("English form %q has Chinese characters in it; Chinese forms go before the =", f)
		}
		k := english.Key(f)
		if k == "" {
			return Entry{}, fmt.Errorf("English form %q has no word to match: stop words such as %q are left out when matching", f, f)
		}
		for _, prev := range e.English {
			if strings.EqualFold(prev, f) {
				return Entry{}, fmt.Errorf("English forms %q and %q are the same; give one", prev, f)
			}
		}
		e.English = append(e.English, f)
	}
	return e, nil
}

// checkChinese reports whether f can be a Chinese form: one run of
// ideographs, letters and digits (G20峰会), with at least one ideograph,
// the parts of a foreign name joined by a middle dot.
func checkChinese(f string) error {
	if f == "" {
		return fmt.Errorf("a Chinese form is empty")
	}
	for _, r := range f {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '·' {
			return fmt.Errorf("Chinese form %q has %q in it, which separates words; a Chinese form is one run of characters", f, r)
		}
	}
	if !hasHan(f) {
		return fmt.Errorf("Chinese form %q has no Chinese characters; English forms go after the =", f)
	}
	return nil
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
