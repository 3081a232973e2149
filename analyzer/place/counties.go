package place

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed counties.tsv
var countyData string

// local is the matcher of FindLocal: the gazetteer's names and the
// county-level divisions', with the counties by their short names.
type local struct {
	matcher *matcher
	byShort map[string][]*Place
}

// loadLocal parses counties.tsv on first use. Like places.tsv, the data is
// generated and tested: an error is a bug in this package.
var loadLocal = sync.OnceValue(func() *local {
	l, err := parseCounties(load(), countyData)
	if err != nil {
		panic("place: embedded counties.tsv: " + err.Error())
	}
	return l
})

// parseCounties reads counties.tsv (its format is in its header) and builds
// a matcher over the names of the gazetteer g and of the counties, so that
// the longest name still wins wherever it starts (上海城市 is 上海, not 海城市).
func parseCounties(g *gazetteer, text string) (*local, error) {
	b := newMatcherBuilder()
	for _, p := range g.places {
		b.addPlace(p, g.weak[p])
	}
	l := &local{byShort: map[string][]*Place{}}
	for n, line := range strings.Split(text, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("line %d: %d fields, want 4", n+1, len(f))
		}
		prov, ok := g.byCode[Code(f[1])]
		if !ok || prov.Level != LevelProvince || Code(f[0]).Province() != prov.Code {
			return nil, fmt.Errorf("line %d: %s is not in province %s", n+1, f[0], f[1])
		}
		p := &Place{Code: Code(f[0]), Level: LevelCounty, Parent: prov.Code, Name: f[2], Short: f[3]}
		b.addHan(p.Name, p, false, true)
		l.byShort[p.Short] = append(l.byShort[p.Short], p)
	}
	l.matcher = b.build(g.toned)
	return l, nil
}

// FindLocal returns the place names in text as Find does, and with them the
// county-level divisions that the gazetteer leaves out: counties, county-level
// cities, districts and banners by their full names (芦山县, 耒阳市, 朝阳区,
// 浦东新区), and by their short names right after their province or
// prefecture (北京朝阳, 湖南耒阳, 宁波宁海). Their places have LevelCounty and
// the codes of GB/T 2260, which ByCode and Lookup do not know. A full name
// that two counties share (朝阳区 is Beijing's and Changchun's) gives both.
// Names of a single character without their designation (雄县) and the
// districts named like common nouns (新城区, 市中区) are left out.
//
// Find leaves counties out because their short names are so often words;
// the full names are seldom anything else, and where a story is told they
// tell the province it is in (芦山县 is in Sichuan).
func FindLocal(text string) []Mention {
	l := loadLocal()
	ms := l.matcher.find(text)
	var out []Mention
	for i, m := range ms {
		out = append(out, m)
		if m.Places[0].Level == LevelCounty || (i+1 < len(ms) && ms[i+1].Start == m.End) {
			continue
		}
		if c, ok := l.shortAfter(text, m); ok && (i+1 == len(ms) || c.End <= ms[i+1].Start) {
			out = append(out, c)
		}
	}
	return out
}

// shortAfter finds the short name of a county right after a mention m of its
// province or prefecture: 朝阳 in 北京朝阳.
func (l *local) shortAfter(text string, m Mention) (Mention, bool) {
	rest := text[m.End:]
	end := 0
	for n := 1; n <= 4; n++ {
		r, size := utf8.DecodeRuneInString(rest[end:])
		if size == 0 || r < cjkFirst || r > cjkLast {
			break
		}
		end += size
		if n < 2 {
			continue
		}
		for _, c := range l.byShort[rest[:end]] {
			for _, p := range m.Places {
				if within(c.Code, p) {
					return Mention{Start: m.End, End: m.End + end, Places: []*Place{c}}, true
				}
			}
		}
	}
	return Mention{}, false
}

// within reports whether the county with code c lies in the province or the
// prefecture p.
func within(c Code, p *Place) bool {
	switch p.Level {
	case LevelProvince:
		return c.Province() == p.Code
	case LevelPrefecture:
		return c[:4] == p.Code[:4]
	}
	return false
}
