// Package person romanizes Chinese personal names and folds their English
// spellings, so that a search for a person finds the name in either script:
// 习近平 is Xi Jinping, and Xi Jinping, XI Jinping, Xi Jin-ping, Jinping Xi
// and xi jinping are one key, "xi jinping".
//
// A name is written as outlets write mainland names: the surname, a space,
// the given name in Hanyu Pinyin without tones, its syllables joined (胡昌升
// is Hu Changsheng). Surnames read as surnames (曾 Zeng, 单 Shan, 解 Xie, 仇
// Qiu, 区 Ou, 朴 Piao, 查 Zha, 盖 Ge, 覃 Qin), compound surnames are one
// (欧阳 Ouyang, 尉迟 Yuchi, 万俟 Moqi), and the given name reads as names
// read (长 chang, not zhang).
//
// Pinyin without tones makes homophones meet: 李强 and 李蔷 are both Li
// Qiang. An Index of known names says which names share a key, so that
// results can say so.
//
// Which strings of a text are names is not this package's question: it
// romanizes what it is given. It imports nothing else of xinwen's.
//
// The characters' readings are readings.txt, generated from go-pinyin by
// internal/gen (70 KB, parsed on first use: BenchmarkLoad); go-pinyin
// itself would add 1.5 MB to the binary and 2 ms to every start.
package person

//go:generate go run ./internal/gen -out=readings.txt

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed readings.txt
var readingsData string

// table is the parsed readings.
type table struct {
	reading   map[rune]string
	syllables map[string]bool // toneless, ü folded to u
	maxLen    int             // of a syllable, in bytes
	romanized map[string]int  // romanized surname → rank (compound: topRank)
}

var load = sync.OnceValue(func() *table { return parseReadings(readingsData) })

// parseReadings builds the table from readings.txt and the surnames.
func parseReadings(data string) *table {
	t := &table{reading: make(map[rune]string, 21000), syllables: map[string]bool{}, romanized: map[string]int{}}
	for _, l := range strings.Split(data, "\n") {
		if l == "" || l[0] == '#' {
			continue
		}
		syl, chars, ok := strings.Cut(l, "\t")
		if !ok {
			panic("person: embedded readings.txt: bad line " + l)
		}
		for _, r := range chars {
			t.reading[r] = syl
		}
		t.syllables[foldU(syl)] = true
		t.maxLen = max(t.maxLen, len(syl))
	}
	for r, rank := range surnames {
		if s, ok := surnameReading(t, r); ok {
			if old, dup := t.romanized[s]; !dup || rank < old {
				t.romanized[s] = rank
			}
		}
	}
	for _, s := range compound {
		if _, dup := t.romanized[s]; !dup {
			t.romanized[s] = topRank
		}
	}
	return t
}

func surnameReading(t *table, r rune) (string, bool) {
	if s, ok := special[r]; ok {
		return s, true
	}
	s, ok := t.reading[r]
	return foldU(s), ok
}

// foldU writes ü as u, as keys do: Lü, Lv and Lu meet.
func foldU(s string) string {
	return strings.ReplaceAll(s, "ü", "u")
}

// Name is a Chinese personal name and its romanization.
type Name struct {
	// Chinese is the name as given: 欧阳修.
	Chinese string
	// Surname and Given are its parts: 欧阳, 修.
	Surname, Given string
	// English is the name as outlets write it: Ouyang Xiu.
	English string
	// Key is what every English spelling of it folds to (see Key):
	// ouyang xiu.
	Key string
}

// Split returns the surname and given name of a Chinese name of two to
// four characters: a compound surname (欧阳, 尉迟) or one of the common
// surnames, then one or two characters. It reports false for anything else.
func Split(chinese string) (surname, given string, ok bool) {
	n := utf8.RuneCountInString(chinese)
	if n < 2 || n > 4 {
		return "", "", false
	}
	for _, r := range chinese {
		if !unicode.Is(unicode.Han, r) {
			return "", "", false
		}
	}
	if n >= 3 {
		_, a := utf8.DecodeRuneInString(chinese)
		_, b := utf8.DecodeRuneInString(chinese[a:])
		if _, ok := compound[chinese[:a+b]]; ok {
			return chinese[:a+b], chinese[a+b:], true
		}
	}
	r, a := utf8.DecodeRuneInString(chinese)
	if _, ok := surnames[r]; !ok || n > 3 {
		return "", "", false
	}
	return chinese[:a], chinese[a:], true
}

// Romanize returns a Chinese name as outlets write it: Romanize("习近平")
// is Xi Jinping. It reports false if the name does not Split, or if a
// character has no reading.
func Romanize(chinese string) (Name, bool) {
	chinese = strings.TrimSpace(chinese)
	surname, given, ok := Split(chinese)
	if !ok {
		return Name{}, false
	}
	t := load()
	var sur string
	if s, ok := compound[surname]; ok {
		sur = s
	} else {
		r, _ := utf8.DecodeRuneInString(surname)
		if sur, ok = special[r]; !ok {
			sur = t.reading[r]
		}
	}
	var syl []string
	for _, r := range given {
		s, ok := t.reading[r]
		if !ok {
			return Name{}, false
		}
		syl = append(syl, s)
	}
	if sur == "" {
		return Name{}, false
	}
	english := capitalize(sur) + " " + capitalize(joinSyllables(syl))
	return Name{
		Chinese: chinese, Surname: surname, Given: given,
		English: english,
		Key:     foldU(sur) + " " + foldU(strings.Join(syl, "")),
	}, true
}

// joinSyllables writes the syllables of a given name as one word, with the
// apostrophe pinyin puts before a syllable starting with a, o or e (Li
// Ke'an).
func joinSyllables(syl []string) string {
	var b strings.Builder
	for i, s := range syl {
		if i > 0 && strings.ContainsAny(s[:1], "aoe") {
			b.WriteByte('\'')
		}
		b.WriteString(s)
	}
	return b.String()
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// Key returns the key of an English spelling of a Chinese name, the
// surname first, a space, the given name's syllables joined, in lower
// case, ü as u: "Xi Jinping", "XI Jinping", "Xi Jin-ping", "Jinping Xi",
// "xi jinping" and "Xi Jin Ping" are all "xi jinping", as is the Key of
// Romanize("习近平"). Which word is the surname: the one in capitals if
// only one is (XI Jinping); else the first if it is a surname and the
// given name is pinyin; else the last (Jinping Xi). When either could be
// (Li Qiang, Qiang Li), the more common surname is. It reports false for
// anything that is not a surname and a given name in pinyin (Boris
// Johnson, Tsai Ing-wen).
func Key(english string) (string, bool) {
	t := load()
	words, caps := nameWords(english)
	if len(words) < 2 || len(words) > 4 {
		return "", false
	}
	type split struct {
		sur, given string
		first      bool // the surname is the first word(s)
		n          int  // of words in the surname
	}
	var cands []split
	// The surname first or last: one word, or two for a compound (Ou Yang
	// Xiu).
	for n := 1; n <= 2 && n < len(words); n++ {
		cands = append(cands,
			split{strings.Join(words[:n], ""), strings.Join(words[n:], ""), true, n},
			split{strings.Join(words[len(words)-n:], ""), strings.Join(words[:len(words)-n], ""), false, n})
	}
	best, bestScore := split{}, -1
	for _, c := range cands {
		rank, ok := t.romanized[c.sur]
		if !ok || !t.isGiven(c.given) {
			continue
		}
		if c.n == 2 {
			if _, ok := compoundKeys[c.sur]; !ok {
				continue // two words are a surname only if a compound one
			}
		}
		// Higher is better: the word in capitals, then a common surname,
		// then the surname first, then a compound surname.
		score := 0
		if caps >= 0 && (c.first && caps == 0 || !c.first && caps == len(words)-c.n) {
			score += 1000
		}
		if rank < topRank {
			score += 100
		}
		if c.first {
			score += 10
		}
		if c.n == 2 {
			score++
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	if bestScore < 0 {
		return "", false
	}
	return best.sur + " " + best.given, true
}

// umlaut are the spellings of lü and nü at the start of a word that are
// written u in a key: Lyu and Lv are Lü. Inside a word they are left alone,
// where yu is a syllable of its own (Chanyu).
var umlaut = []string{"lyu", "nyu", "lv", "nv"}

// compoundKeys are the romanized compound surnames.
var compoundKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range compound {
		m[s] = true
	}
	return m
}()

// nameWords folds an English name into its words: lower case, no
// diacritics (ü is u), hyphens and apostrophes inside a word dropped (Jin-
// ping is jinping), lyu, lv, nyu, nv as lu and nu. caps is the index of the one
// word written in capitals (XI Jinping), -1 if none or several.
func nameWords(s string) (words []string, caps int) {
	caps = -1
	nCaps := 0
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '.' }) {
		var b strings.Builder
		upper, letters := true, 0
		for _, r := range norm.NFD.String(f) {
			switch {
			case unicode.Is(unicode.Mn, r), r == '-', r == '\'', r == '’', r == '‐':
			case 'a' <= r && r <= 'z':
				b.WriteRune(r)
				upper = false
				letters++
			case 'A' <= r && r <= 'Z':
				b.WriteRune(r + 'a' - 'A')
				letters++
			default:
				return nil, -1
			}
		}
		w := b.String()
		if w == "" {
			continue
		}
		for _, u := range umlaut {
			if rest, ok := strings.CutPrefix(w, u); ok {
				w = u[:1] + "u" + rest
				break
			}
		}
		if upper && letters > 1 {
			caps = len(words)
			nCaps++
		}
		words = append(words, w)
	}
	if nCaps != 1 {
		caps = -1
	}
	return words, caps
}

// isGiven reports whether s is one to three pinyin syllables.
func (t *table) isGiven(s string) bool {
	return t.syllableCount(s, 3)
}

// syllableCount reports whether s splits into at most n syllables.
func (t *table) syllableCount(s string, n int) bool {
	if s == "" {
		return true
	}
	if n == 0 {
		return false
	}
	for l := min(len(s), t.maxLen); l >= 1; l-- {
		if t.syllables[s[:l]] && t.syllableCount(s[l:], n-1) {
			return true
		}
	}
	return false
}
