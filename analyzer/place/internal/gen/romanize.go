package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mozillazg/go-pinyin"
	"golang.org/x/text/unicode/norm"
)

// romanizeAll fills in the English name, the romanized aliases, the other
// Chinese forms and the weak names of every place, and refuses exceptions
// that match no place (a renamed place must not keep a stale exception).
func romanizeAll(places []*place) error {
	used := map[string]bool{}
	usedWeak := map[string]bool{}
	usedHan := map[string]bool{}
	for _, p := range places {
		ex, ok := exceptions[p.short]
		used[p.short] = used[p.short] || ok
		english, aliases, err := romanize(p.short, ex)
		if err != nil {
			return fmt.Errorf("%s %s: %w", p.code, p.name, err)
		}
		p.english, p.aliases = english, aliases

		if strings.HasSuffix(p.name, "自治州") {
			p.han = append(p.han, p.short+"州") // 恩施州, 海南州
		}
		if more, ok := hanAliases[p.short]; ok {
			p.han = append(p.han, more...)
			usedHan[p.short] = true
		}
		for _, n := range append(append([]string{p.short, p.english}, p.aliases...), p.han...) {
			if weak[n] {
				p.weak = append(p.weak, n)
				usedWeak[n] = true
			}
		}
	}
	var stale []string
	for k := range exceptions {
		if !used[k] {
			stale = append(stale, "exception "+k)
		}
	}
	for k := range weak {
		if !usedWeak[k] {
			stale = append(stale, "weak "+k)
		}
	}
	for k := range hanAliases {
		if !usedHan[k] {
			stale = append(stale, "han alias "+k)
		}
	}
	if len(stale) > 0 {
		return fmt.Errorf("entries that match no place: %s", strings.Join(stale, ", "))
	}
	return nil
}

// romanize returns the English name of the place whose short Chinese name is
// short, and its other romanized forms in the order: the exception's aliases,
// the plain pinyin and its ü and apostrophe variants, the tone-marked pinyin.
func romanize(short string, ex exception) (english string, aliases []string, err error) {
	syllables, err := reading(short, ex)
	if err != nil {
		return "", nil, err
	}
	toned := capitalize(joinSyllables(syllables))
	plain := stripTones(toned)

	english = plain
	if ex.english != "" {
		english = ex.english
	}
	seen := map[string]bool{english: true}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			aliases = append(aliases, s)
		}
	}
	for _, a := range ex.aliases {
		add(a)
	}
	if !ex.noPinyin {
		for _, v := range variants(plain) {
			add(v)
		}
	}
	add(toned)
	return english, aliases, nil
}

// reading returns the tone-marked syllables of short, one per character:
// the exception's reading when go-pinyin's first reading is wrong for the
// place, go-pinyin's otherwise.
func reading(short string, ex exception) ([]string, error) {
	n := utf8.RuneCountInString(short)
	if ex.reading != "" {
		s := strings.Fields(ex.reading)
		if len(s) != n {
			return nil, fmt.Errorf("reading %q has %d syllables for %d characters", ex.reading, len(s), n)
		}
		return s, nil
	}
	args := pinyin.NewArgs()
	args.Style = pinyin.Tone
	var out []string
	for _, r := range short {
		p := pinyin.SinglePinyin(r, args)
		if len(p) == 0 {
			return nil, fmt.Errorf("go-pinyin has no reading for %q", r)
		}
		out = append(out, p[0])
	}
	return out, nil
}

// joinSyllables writes syllables as one word, with the apostrophe that pinyin
// puts before a syllable starting with a, o or e (Xi'an, Ma'anshan, Pu'er).
func joinSyllables(syllables []string) string {
	var b strings.Builder
	for i, s := range syllables {
		if i > 0 {
			r, _ := utf8.DecodeRuneInString(stripTones(s))
			if r == 'a' || r == 'o' || r == 'e' {
				b.WriteByte('\'')
			}
		}
		b.WriteString(s)
	}
	return b.String()
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// stripTones removes tone marks and keeps ü: Lǚliáng is Lüliang.
func stripTones(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) && r != '\u0308' {
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// hasTone reports whether s carries a tone mark (a mark other than the
// diaeresis of ü).
func hasTone(s string) bool {
	return stripTones(s) != s
}

// variants returns the forms of a plain pinyin name that translators write:
// ü as ü, u and v (Lüliang, Luliang, Lvliang), each with and without the
// apostrophe (Xi'an, Xian).
func variants(plain string) []string {
	forms := []string{plain}
	if strings.ContainsAny(plain, "üÜ") {
		forms = append(forms,
			strings.NewReplacer("ü", "u", "Ü", "U").Replace(plain),
			strings.NewReplacer("ü", "v", "Ü", "V").Replace(plain))
	}
	var out []string
	for _, f := range forms {
		out = append(out, f)
		if strings.Contains(f, "'") {
			out = append(out, strings.ReplaceAll(f, "'", ""))
		}
	}
	return out
}

// foldKey is a copy of place.Fold, kept here so that the generator does not
// import the package whose data it writes: lower case, no marks, ü and v as
// u, letters and digits only.
func foldKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'v':
			b.WriteRune('u')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
