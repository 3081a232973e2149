package place

import (
	"fmt"
	"slices"
	"strings"
)

// parse reads places.tsv (its format is in its header) and builds the
// indexes.
func parse(text string) (*gazetteer, error) {
	g := &gazetteer{
		byCode: map[Code]*Place{},
		han:    map[string][]*Place{},
		folded: map[string][]*Place{},
		toned:  map[string][]*Place{},
		weak:   map[*Place]map[string]bool{},
	}
	b := newMatcherBuilder()
	for n, line := range strings.Split(text, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		p, weak, err := parseLine(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		if _, dup := g.byCode[p.Code]; dup {
			return nil, fmt.Errorf("line %d: code %s twice", n+1, p.Code)
		}
		g.places = append(g.places, p)
		g.byCode[p.Code] = p
		if p.Level == LevelProvince {
			g.provinces = append(g.provinces, p)
		}

		add := func(m map[string][]*Place, key string) {
			if key != "" && !slices.Contains(m[key], p) {
				m[key] = append(m[key], p)
			}
		}
		add(g.han, p.Name)
		add(g.han, p.Short)
		for _, h := range p.HanAliases {
			add(g.han, h)
		}
		for _, r := range append([]string{p.English}, p.Aliases...) {
			if hasToneMark(r) {
				add(g.toned, lowerNFC(r))
			} else {
				add(g.folded, Fold(r))
			}
		}
		g.weak[p] = weak
		b.addPlace(p, weak)
	}
	for _, p := range g.places {
		if p.Level == LevelProvince {
			continue
		}
		if q, ok := g.byCode[p.Parent]; !ok || q.Level != LevelProvince {
			return nil, fmt.Errorf("%s: parent %s is not a province", p, p.Parent)
		}
	}
	for _, m := range []map[string][]*Place{g.han, g.folded, g.toned} {
		for k, ps := range m {
			m[k] = slices.Clip(ps)
		}
	}
	g.matcher = b.build(g.toned)
	return g, nil
}

// addPlace indexes the names of p, Chinese and romanized, less those of
// one character; weak are the names Find takes only beside the province.
func (b *matcherBuilder) addPlace(p *Place, weak map[string]bool) {
	b.addHan(p.Name, p, false, true)
	b.addHan(p.Short, p, weak[p.Short], p.Short == p.Name)
	for _, h := range p.HanAliases {
		b.addHan(h, p, weak[h], false)
	}
	for _, r := range append([]string{p.English}, p.Aliases...) {
		if !hasToneMark(r) {
			b.addLatin(r, p, weak[r])
		}
	}
}

// parseLine reads one place and the set of its weak names.
func parseLine(line string) (*Place, map[string]bool, error) {
	f := strings.Split(line, "\t")
	if len(f) != 9 {
		return nil, nil, fmt.Errorf("%d fields, want 9", len(f))
	}
	p := &Place{
		Code:       Code(f[0]),
		Parent:     Code(f[2]),
		Name:       f[3],
		Short:      f[4],
		English:    f[5],
		Aliases:    list(f[6]),
		HanAliases: list(f[7]),
	}
	switch f[1] {
	case "province":
		p.Level = LevelProvince
	case "prefecture":
		p.Level = LevelPrefecture
	case "county":
		p.Level = LevelCounty
	default:
		return nil, nil, fmt.Errorf("level %q", f[1])
	}
	if len(p.Code) != 6 || strings.Trim(string(p.Code), "0123456789") != "" {
		return nil, nil, fmt.Errorf("code %q", p.Code)
	}
	if (p.Level == LevelProvince) != (p.Parent == "") {
		return nil, nil, fmt.Errorf("%s: level %s with parent %q", p.Code, p.Level, p.Parent)
	}
	if p.Name == "" || p.Short == "" || p.English == "" {
		return nil, nil, fmt.Errorf("%s: a name is empty", p.Code)
	}
	weak := map[string]bool{}
	for _, w := range list(f[8]) {
		weak[w] = true
	}
	return p, weak, nil
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}
