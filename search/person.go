package search

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/analyzer/person"
	"github.com/xinwen/xinwen/index"
)

// People: a person is searched for by name in either script. The analyzer
// indexes each name it recognises as a person term (@xi_jinping) and the
// index keeps each article's people in index.FieldPeople, as keys ("xi
// jinping") and as keys with their Chinese names ("xi jinping|习近平").
// Here a person as the user names them (习近平, Xi Jinping, XI Jinping,
// Jinping Xi) becomes a filter on the key (person= and person:), the
// people facet lists the keys most counted with the Chinese name each is
// most often written as, and a search that names a person whose English
// name is written alike for several Chinese names (李强 and 李蔷 are both
// Li Qiang) says so.

// personFacetSize is how many people the facet lists.
const personFacetSize = 20

// dimPerson is the people facet, multi-select like province.
const dimPerson = index.FacetPerson

func init() {
	facetField[dimPerson] = soleField(dimPerson)
	facetSize[dimPerson] = personFacetSize
}

// personKey returns the key a person is kept under, for a person as a
// user names them: in Chinese (习近平) or in English (Xi Jinping, Jinping
// Xi).
func personKey(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", badRequest(CodeBadPerson, "person must not be empty")
	}
	if n, ok := person.Romanize(v); ok {
		return n.Key, nil
	}
	if k, ok := person.Key(v); ok {
		return k, nil
	}
	if k, _, ok := strings.Cut(v, index.PersonSep); ok && strings.Count(k, " ") == 1 {
		return k, nil // a value of the index itself
	}
	return "", badRequest(CodeBadPerson, "%q is not a Chinese person's name (try 习近平 or Xi Jinping)", v)
}

// personQuery matches the articles that name the person v.
func personQuery(v string) (query.Query, error) {
	k, err := personKey(v)
	if err != nil {
		return nil, err
	}
	t := query.NewTermQuery(k)
	t.SetField(index.FieldPeople)
	return t, nil
}

// peopleFilter matches the articles that name any of people.
func peopleFilter(people []string) (query.Query, error) {
	var any []query.Query
	for _, v := range people {
		q, err := personQuery(v)
		if err != nil {
			return nil, err
		}
		any = append(any, q)
	}
	return disjunction(any), nil
}

// maxPersonWords is the most words a romanized name takes: Ou Yang Xiu.
const maxPersonWords = 3

// joinPeople returns kids with each run of juxtaposed words that the query
// analyzer reads as one person's name (Xi Jinping, Jinping Xi) made one
// word, so that it is searched as the person, in either script, as
// joinPlaces does for places.
func (c *compiler) joinPeople(kids []*node) []*node {
	return joinRuns(kids, maxPersonWords, func(run []*node) string {
		text := wordsOf(run)
		if slices.ContainsFunc(run, func(k *node) bool { return !startsUpper(k.text) }) {
			text = c.knownPerson(text) // in lower case: only a person the index knows
		}
		if text == "" || !c.onePerson(text) {
			return ""
		}
		return text
	})
}

// minKnownPerson is how many articles must name a person for a name typed
// in lower case to be read as theirs.
const minKnownPerson = 3

// knownPerson returns words typed in lower case (xi jinping, li qiang's)
// written as the name of the person they spell, when the index names
// that person in at least minKnownPerson articles; else "". The analyzer
// reads a name in English text by its capitals, as it must in prose (he
// ran, long march); a query is often typed in lower case, and its words
// are a name only if the index knows the person. Words that are a place
// (hong kong) stay a place.
func (c *compiler) knownPerson(text string) string {
	if c.dict == nil {
		return ""
	}
	if tokens := c.qa.Analyze([]byte(text)); len(tokens) == 0 || c.placeOnly(tokens[:1]) || c.placeOnly(tokens[len(tokens)-1:]) {
		return ""
	}
	key, ok := person.Key(strings.TrimSuffix(strings.TrimSuffix(text, "'s"), "’s"))
	if !ok {
		return ""
	}
	if n, _, err := c.dict.docFreq(index.FieldPeople, key); err != nil || n < minKnownPerson {
		return ""
	}
	return english(key)
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return 'A' <= r && r <= 'Z'
}

// onePerson reports whether the query analyzer reads text as one person's
// name: one person term and nothing else.
func (c *compiler) onePerson(text string) bool {
	tokens := c.qa.Analyze([]byte(text))
	return len(tokens) == 1 && analyzer.IsPersonTerm(tokens[0].Term)
}

// homophones returns a warning for each person that the query q or the
// person filters name whose English name the index has for several
// Chinese names: "Li Qiang is 李强 and 李蔷 …".
func (s *Searcher) homophones(q string, people []string) ([]string, error) {
	var keys []string
	for _, t := range s.qa.Analyze([]byte(q)) {
		if analyzer.IsPersonTerm(t.Term) {
			keys = append(keys, analyzer.PersonKey(string(t.Term)))
		}
	}
	// Juxtaposed words are analyzed on their own by the compiler; here the
	// whole query is, which finds the names across them.
	for _, p := range people {
		if k, err := personKey(p); err == nil {
			keys = append(keys, k)
		}
	}
	d := indexDict{s.ix.Bleve(), &s.terms}
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		values, _, err := d.prefixed(index.FieldPeople, k+index.PersonSep, 10)
		if err != nil {
			return nil, err
		}
		if len(values) < 2 {
			continue
		}
		var names []string
		for _, v := range values {
			names = append(names, strings.TrimPrefix(v, k+index.PersonSep))
		}
		sort.Strings(names)
		out = append(out, fmt.Sprintf("%s is the English name of %s: the search finds all of them", english(k), strings.Join(names, ", ")))
	}
	return out, nil
}

// english writes a key as a name: "xi jinping" is Xi Jinping.
func english(key string) string {
	words := strings.Fields(key)
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		words[i] = strings.ToUpper(string(r)) + w[n:]
	}
	return strings.Join(words, " ")
}

// facetCandidates returns the people keys that can be listed, or nil for
// all: when the hits name more people than the facet lists, the keys
// counted at least as often as the personFacetSize-th (ties included, so
// that the order by name among them is kept) and the selected ones. A
// search with thousands of hits names thousands of people, and naming
// each in both scripts cost a tenth of such a search.
func facetCandidates(fc facetCount, selected []string) map[string]bool {
	var counts []int
	for v, n := range fc.values {
		if n > 0 && !strings.Contains(v, index.PersonSep) {
			counts = append(counts, n)
		}
	}
	if len(counts) <= personFacetSize {
		return nil
	}
	sort.Sort(sort.Reverse(sort.IntSlice(counts)))
	least := counts[personFacetSize-1]
	keep := map[string]bool{}
	for v, n := range fc.values {
		if n >= least && !strings.Contains(v, index.PersonSep) {
			keep[v] = true
		}
	}
	for _, s := range selected {
		if k, err := personKey(s); err == nil {
			keep[k] = true
		}
	}
	return keep
}

// personCounts lists the people facet from the counts of FieldPeople's
// values: each key with its count, shown as the Chinese name it is most
// often written as (and its English name), the others it may be as
// homophones; most frequent first, at most personFacetSize, plus the
// selected people the cut left out.
func personCounts(fc facetCount, selected []string) []Count {
	type forms struct {
		count int
		zh    map[string]int
	}
	byKey := map[string]*forms{}
	get := func(k string) *forms {
		f := byKey[k]
		if f == nil {
			f = &forms{zh: map[string]int{}}
			byKey[k] = f
		}
		return f
	}
	keep := facetCandidates(fc, selected)
	for v, n := range fc.values {
		if k, zh, ok := strings.Cut(v, index.PersonSep); ok {
			if keep == nil || keep[k] {
				get(k).zh[zh] = n
			}
		} else if keep == nil || keep[v] {
			get(v).count = n
		}
	}
	out := make([]Count, 0, len(byKey))
	keyOf := map[string]string{} // a Count's Value → its key
	for k, f := range byKey {
		if f.count == 0 {
			continue
		}
		c := Count{Value: english(k), ValueEN: english(k), Count: f.count}
		var names []string
		for zh := range f.zh {
			names = append(names, zh)
		}
		sort.Slice(names, func(i, j int) bool {
			if f.zh[names[i]] != f.zh[names[j]] {
				return f.zh[names[i]] > f.zh[names[j]]
			}
			return names[i] < names[j]
		})
		if len(names) > 0 {
			c.Value, c.Homophones = names[0], names[1:]
		}
		keyOf[c.Value] = k
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	if len(out) <= personFacetSize {
		return out
	}
	listed := out[:personFacetSize:personFacetSize]
	for _, s := range selected {
		k, err := personKey(s)
		if err != nil {
			continue
		}
		found := false
		for _, c := range listed {
			found = found || keyOf[c.Value] == k
		}
		for _, c := range out[personFacetSize:] {
			if !found && keyOf[c.Value] == k {
				listed = append(listed, c)
				found = true
			}
		}
	}
	return listed
}

// maxNameForms is the most Chinese names one English name is searched as.
const maxNameForms = 10

// withPeople compiles a word (words does) and, when it names a person,
// adds the person's other script as an alternative: to a romanized name
// (Xi Jinping, a person term) the Chinese names the index knows it for
// (习近平), so that a title without a title word (习近平会见外宾) is found
// and marked; to a Chinese name the index knows as a person, or one that
// may be a name (analyzer.MayBeName) of a person the index knows in
// English (吴存荣), its person term, so that the English articles that
// write Wu Cunrong are found.
func (c *compiler) withPeople(n *node) (query.Query, error) {
	q, err := c.words(n)
	if q == nil || err != nil || n.kind != nodeWord || isKeyword(n.field) || c.dict == nil {
		return q, err
	}
	var alt []query.Query
	tokens := c.qa.Analyze([]byte(n.text))
	switch {
	case len(tokens) == 1 && analyzer.IsPersonTerm(tokens[0].Term):
		key := analyzer.PersonKey(string(tokens[0].Term))
		values, _, err := c.dict.prefixed(index.FieldPeople, key+index.PersonSep, maxNameForms)
		if err != nil {
			return nil, err
		}
		for _, v := range values {
			zh := strings.TrimPrefix(v, key+index.PersonSep)
			if ts := c.qa.Analyze([]byte(zh)); len(ts) > 0 {
				alt = append(alt, textQuery(ts, n.field))
			}
		}
	default:
		name, ok := person.Romanize(n.text)
		if !ok {
			break
		}
		// The index has recognised the name as a person, or it may be
		// one and the index has the person in English (吴存荣 for an
		// article that writes Wu Cunrong).
		df, _, err := c.dict.docFreq(index.FieldPeople, name.Key+index.PersonSep+name.Chinese)
		if err != nil {
			return nil, err
		}
		if df == 0 {
			if !analyzer.MayBeName(name.Chinese) {
				break
			}
			if df, _, err = c.dict.docFreq(index.FieldPeople, name.Key); err != nil {
				return nil, err
			}
			if df == 0 {
				break
			}
		}
		term := analyzer.PersonTerm(name.Key)
		alt = append(alt, textQuery(analysis.TokenStream{{Term: []byte(term), Start: 0, End: len(n.text), Position: 1}}, n.field))
	}
	if len(alt) == 0 {
		return q, nil
	}
	return disjunction(append([]query.Query{q}, alt...)), nil
}
