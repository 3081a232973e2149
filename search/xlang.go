package search

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/analyzer/glossary"
	"github.com/xinwen/xinwen/index"
)

// Searching across languages (QUERY.md, "Across languages").
//
// A query's terms that the glossary knows (analyzer/glossary: curated
// organisations, programmes, titles and topics, a user's entries, and
// CC-CEDICT's everyday words) are searched in the other language too: an
// English term's Chinese forms, a Chinese term's English ones. The literal
// words stay what they were; the translation is an alternative beside them
// whose words weigh xlangBoost times the glossary's weight, so an article
// with the words as typed ranks above one with only their translation.
//
// The rewrite works on the parsed query, before it is compiled: in a list
// of juxtaposed clauses, runs of plain words (same field, no operator
// between them) are matched against the glossary, longest term first, so
// "state-owned enterprise reform" is one term before it is three words. A
// matched run becomes a nodeXlang whose kids are the original clauses; its
// translations are kept beside it (xlang.alts). A quoted phrase is
// translated only when it is one term as a whole. Negated clauses, places
// (which cross languages already, in the analyzer), prefixes, NEAR and
// field filters are left as they are.

// Xlang values of a Request.
const (
	XlangOn  = "on"  // translate the query's terms (the default)
	XlangOff = "off" // search the words as typed only
)

// xlangBoost weighs a translated term against the literal one: the words
// as typed rank first. On the odd lines of the xlang development set
// (TestXlangEval), with idfRatio, MRR@10 rises with it (0.35: 0.083, 0.5:
// 0.126, 0.7: 0.132), as English articles that match a common word of a
// headline give way to Chinese ones with its terms; 0.5 keeps the words as
// typed first (TestXlang: Shanxi coal ranks the English article first). A
// variable for the evaluation's tuning only.
var xlangBoost = 0.5

// minWeight leaves out the glossary's least trusted translations (its
// CC-CEDICT senses weigh from 0.05). A variable for the evaluation's tuning
// only.
var minWeight float32 = 0.45

const (
	// maxForms bounds the translations of one term that are searched.
	maxForms = 4
)

// AlsoSearched is a term of the query and the words it was also searched
// as, in the other language.
type AlsoSearched struct {
	From string   `json:"from"`
	To   []string `json:"to"`
}

// Matched-via values of a Hit: how the hit matched the query.
const (
	ViaOriginal    = "original"    // the words as typed
	ViaTranslation = "translation" // their translations
)

// WithGlossary sets the glossary that queries are translated with (by
// default the built-in one, under the user's entries kept with the index).
func WithGlossary(g *glossary.Glossary) Option {
	return func(s *Searcher) { s.gloss = g }
}

// xlang is one query's translation: the glossary, the alternatives of each
// translated clause, and what the result reports.
type xlang struct {
	g *glossary.Glossary
	// alts are the translations of each nodeXlang, a group for each term
	// of it: under op=or any group matches, under op=and all must (and
	// then only when covered, the terms cover every word of the clause).
	alts map[*node]*xalts
	// seen marks the clauses already looked up.
	seen map[*node]bool
	// also is what the result reports, in the order of the query.
	also []AlsoSearched
	// terms are the index terms of translations, literal those of the
	// query as typed: a hit that matched a term of the first and not the
	// second matched through a translation.
	terms, literal map[string]bool
}

type xalts struct {
	groups  []xgroup
	covered bool
}

// xgroup is the translations of one term, as one query.
type xgroup struct {
	q query.Query
	// common is set when every translation is a common word: under op=or
	// it ranks only (see commonFraction), as the word typed would.
	common bool
	// words is how many words typed the term is: English content words
	// (Belt and Road is two), or Chinese terms (one).
	words int
}

// newXlang returns the translation state for the query text q, or nil
// when the request turns translation off.
func (s *Searcher) newXlang(req Request) *xlang {
	if req.Xlang == XlangOff {
		return nil
	}
	x := &xlang{g: s.glossary(), alts: map[*node]*xalts{}, seen: map[*node]bool{}, terms: map[string]bool{}, literal: map[string]bool{}}
	for _, t := range s.qa.Analyze([]byte(req.Query)) {
		x.literal[string(t.Term)] = true
	}
	return x
}

// glossary returns the Searcher's glossary: the one given WithGlossary,
// else the built-in one under the user's entries kept with the index.
func (s *Searcher) glossary() *glossary.Glossary {
	s.glossOnce.Do(func() {
		if s.gloss != nil {
			return
		}
		s.gloss = glossary.Builtin()
		if user, err := s.ix.Glossary(); err == nil && user != nil {
			s.gloss = s.gloss.With(user)
		}
	})
	return s.gloss
}

// via returns how hit h matched: through the words as typed, through a
// translation, or both; nil when no word of it is located.
func (x *xlang) via(h *bsearch.DocumentMatch) []string {
	orig, trans := false, false
	for _, terms := range h.Locations {
		for term := range terms {
			if x != nil && x.terms[term] && !x.literal[term] {
				trans = true
			} else {
				orig = true
			}
		}
	}
	var out []string
	if orig {
		out = append(out, ViaOriginal)
	}
	if trans {
		out = append(out, ViaTranslation)
	}
	return out
}

// translatable reports whether clause k may be translated: a word or a
// phrase in the title, body or both, not yet looked up.
func (x *xlang) translatable(k *node) bool {
	return (k.kind == nodeWord || k.kind == nodePhrase) && !isKeyword(k.field) && !x.seen[k]
}

// translate returns kids with the runs of words that hold glossary terms
// made nodeXlang clauses. The literal clauses are kept inside them. Under
// a NOT too: -coal excludes 煤炭 as well.
func (c *compiler) translate(kids []*node) []*node {
	x := c.xl
	if x == nil {
		return kids
	}
	var out []*node
	for i := 0; i < len(kids); {
		k := kids[i]
		if !x.translatable(k) {
			out = append(out, k)
			i++
			continue
		}
		if k.kind == nodePhrase {
			x.seen[k] = true
			out = append(out, c.translatePhrase(k))
			i++
			continue
		}
		j := i + 1
		for j < len(kids) && kids[j].kind == nodeWord && x.translatable(kids[j]) && kids[j].field == k.field {
			j++
		}
		for _, r := range kids[i:j] {
			x.seen[r] = true
		}
		out = append(out, c.translateRun(kids[i:j])...)
		i = j
	}
	return out
}

// runToken is a token of a run of words for the glossary: which clause it
// is in, and whether it is a content word.
type runToken struct {
	kid     int
	content bool
}

// matchTokens returns the tokens of the run's clauses as the glossary
// matches them: an English clause is its text (a place name, which the
// analyzer translates, is a break); a Chinese one its analyzed words, the
// first of each position (places and stop words break).
func (c *compiler) matchTokens(run []*node) ([]string, []runToken) {
	var toks []string
	var where []runToken
	for i, k := range run {
		tokens := c.qa.Analyze([]byte(k.text))
		if !hasHan(k.text) {
			tok := k.text
			if c.placeOnly(tokens) {
				tok = ""
			}
			toks = append(toks, tok)
			where = append(where, runToken{i, len(c.content(tokens)) > 0})
			continue
		}
		for _, word := range byPosition(tokens) {
			tok := string(word[0].Term)
			content := !analyzer.IsStopWord(word[0].Term)
			if c.placeOnly(word) || !hasHan(tok) {
				tok = ""
			}
			toks = append(toks, tok)
			where = append(where, runToken{i, content})
		}
		// Clauses are separate words: a term does not join across them.
		toks = append(toks, "")
		where = append(where, runToken{i, false})
	}
	return toks, where
}

// placeOnly reports whether tokens are a place's terms only.
func (c *compiler) placeOnly(tokens analysis.TokenStream) bool {
	for _, t := range tokens {
		if !analyzer.IsPlaceTerm(t.Term) {
			return false
		}
	}
	return len(tokens) > 0
}

// translateRun translates a run of juxtaposed words of one field.
func (c *compiler) translateRun(run []*node) []*node {
	toks, where := c.matchTokens(run)
	matches := c.xl.g.Match(toks)
	var out []*node
	next := 0 // the first clause of run not yet in out
	for mi := 0; mi < len(matches); {
		// The clauses of this match, and of those that share them (the
		// terms of one Chinese clause).
		first, last := where[matches[mi].Start].kid, where[matches[mi].End-1].kid
		mj := mi + 1
		for mj < len(matches) && where[matches[mj].Start].kid <= last {
			last = max(last, where[matches[mj].End-1].kid)
			mj++
		}
		alts := &xalts{covered: true}
		inTerm := map[int]bool{}
		for _, m := range matches[mi:mj] {
			for t := m.Start; t < m.End; t++ {
				inTerm[t] = true
			}
			if g, ok := c.group(m, toks, run[first].field); ok {
				alts.groups = append(alts.groups, g)
			}
		}
		for t, w := range where {
			if w.kid >= first && w.kid <= last && w.content && !inTerm[t] {
				alts.covered = false
			}
		}
		out = append(out, run[next:first]...)
		if len(alts.groups) == 0 {
			out = append(out, run[first:last+1]...)
		} else {
			n := &node{kind: nodeXlang, field: run[first].field, pos: run[first].pos, kids: slices.Clone(run[first : last+1])}
			c.xl.alts[n] = alts
			out = append(out, n)
		}
		next = last + 1
		mi = mj
	}
	return append(out, run[next:]...)
}

// translatePhrase translates a quoted phrase that is one glossary term as
// a whole ("Belt and Road" is; "reform of coal" is not): quotes ask for
// these words together, so their parts are not translated one by one.
func (c *compiler) translatePhrase(k *node) *node {
	toks, _ := c.matchTokens([]*node{k})
	for len(toks) > 0 && toks[len(toks)-1] == "" {
		toks = toks[:len(toks)-1]
	}
	m := c.xl.g.Match(toks)
	if len(m) != 1 || m[0].Start != 0 || m[0].End != len(toks) {
		return k
	}
	g, ok := c.group(m[0], toks, k.field)
	if !ok {
		return k
	}
	n := &node{kind: nodeXlang, field: k.field, pos: k.pos, kids: []*node{k}}
	c.xl.alts[n] = &xalts{groups: []xgroup{g}, covered: true}
	return n
}

// group returns the query of a term's translations, and records them for
// the result.
func (c *compiler) group(m glossary.Match, toks []string, field string) (xgroup, bool) {
	var typed []string
	for _, t := range toks[m.Start:m.End] {
		// As the user would quote it: Tashkent, not "Tashkent,".
		if t = strings.TrimFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); t != "" {
			typed = append(typed, t)
		}
	}
	from := strings.Join(typed, " ")
	if m.Chinese {
		from = strings.Join(typed, "")
	}
	var any []query.Query
	var to []string
	common := true
	typedWords := c.content(c.qa.Analyze([]byte(from)))
	typedIDF := c.meanIDF(typedWords, field)
	for _, tr := range m.Translations {
		if len(to) == maxForms {
			break
		}
		if tr.Weight < minWeight || tr.Source == glossary.SourceCEDICT && !m.Chinese && len(from) <= 3 {
			// CC-CEDICT's senses of a short word are most often of a
			// syllable (Xi 克西, Li 市里): a name, or an abbreviation that
			// the curated entries have if it matters (US, EU).
			continue
		}
		tokens := c.qa.Analyze([]byte(tr.Term))
		if len(tokens) == 0 {
			continue
		}
		any = append(any, boostedText(tokens, field, xlangBoost*float64(tr.Weight)*c.idfRatio(typedIDF, tokens, field)))
		to = append(to, tr.Term)
		for _, t := range tokens {
			c.xl.terms[string(t.Term)] = true
		}
		if positions(tokens) > 1 {
			common = false
			continue
		}
		for _, t := range tokens {
			if cm, err := c.common(string(t.Term), field); err != nil || !cm {
				common = false
			}
		}
	}
	if len(any) == 0 {
		return xgroup{}, false
	}
	c.xl.record(from, to)
	// A term whose words as typed are common (生产, production) only
	// ranks in either language, as the words themselves do.
	common = common || c.allCommon(typedWords, field)
	words := 1
	if !m.Chinese {
		words = len(typedWords)
	}
	return xgroup{q: disjunction(any), common: common, words: words}, true
}

// maxIDFRatio bounds idfRatio: a translation weighs at most this many
// times xlangBoost. On the odd lines of the development set, MRR@10 is
// 0.098 at 2, 0.105 at 4, 0.126 at 9 and the same at 16: the bound only
// guards against a word the index barely has.
const maxIDFRatio = 9

// idfRatio returns how much a translation's words weigh so that, found,
// they count as the words typed would (times xlangBoost): the square of
// the words' idf over the translation's (bleve's TF-IDF weighs a word by
// its boost times its idf squared). In an index that is mostly Chinese an
// English word is rare and a Chinese one common, whatever they mean: coal
// is in fewer articles than 煤炭 because English articles are fewer, and
// unweighed, a Chinese article with 煤炭 and 山西 would rank below an
// English one with coal alone. A translation of several words weighs as
// its rarest.
func (c *compiler) idfRatio(typed float64, tokens analysis.TokenStream, field string) float64 {
	if typed == 0 {
		return 1
	}
	var best float64
	for _, t := range tokens {
		best = max(best, c.idf(string(t.Term), field))
	}
	if best == 0 {
		return 1
	}
	r := typed / best
	return min(r*r, maxIDFRatio)
}

// meanIDF returns the mean idf of tokens, 0 for none.
func (c *compiler) meanIDF(tokens analysis.TokenStream, field string) float64 {
	var sum float64
	for _, t := range tokens {
		sum += c.idf(string(t.Term), field)
	}
	if len(tokens) == 0 {
		return 0
	}
	return sum / float64(len(tokens))
}

// idf is bleve's inverse document frequency of term in the body (title,
// for title:), 0 when it cannot be known.
func (c *compiler) idf(term, field string) float64 {
	if c.dict == nil {
		return 0
	}
	f := index.FieldBody
	if field == fieldTitle {
		f = index.FieldTitle
	}
	n, of, err := c.dict.docFreq(f, term)
	if err != nil || of == 0 {
		return 0
	}
	return 1 + math.Log(float64(of)/float64(n+1))
}

// allCommon reports whether tokens are some words and every one is common.
func (c *compiler) allCommon(tokens analysis.TokenStream, field string) bool {
	for _, t := range tokens {
		if analyzer.IsPlaceTerm(t.Term) {
			return false
		}
		if cm, err := c.common(string(t.Term), field); err != nil || !cm {
			return false
		}
	}
	return len(tokens) > 0
}

// record adds a term and its translations to what the result reports.
func (x *xlang) record(from string, to []string) {
	for i, a := range x.also {
		if a.From == from {
			for _, t := range to {
				if !slices.Contains(a.To, t) {
					x.also[i].To = append(x.also[i].To, t)
				}
			}
			return
		}
	}
	x.also = append(x.also, AlsoSearched{From: from, To: to})
}

// boostedText is textQuery with every match weighing boost.
func boostedText(tokens analysis.TokenStream, field string, boost float64) query.Query {
	switch field {
	case fieldTitle:
		return fieldQuery(tokens, index.FieldTitle, boost)
	case fieldBody:
		return fieldQuery(tokens, index.FieldBody, boost)
	}
	return query.NewDisjunctionQuery([]query.Query{
		fieldQuery(tokens, index.FieldTitle, titleBoost*boost),
		fieldQuery(tokens, index.FieldBody, boost),
	})
}

// xlangQuery compiles a translated clause: its words as typed, or their
// translations.
func (c *compiler) xlangQuery(n *node) (query.Query, error) {
	var orig query.Query
	var err error
	switch {
	case c.loose:
		orig, err = c.loosely(n.kids)
	case len(n.kids) == 1:
		orig, err = c.compile(n.kids[0])
	default:
		orig, err = c.all(n.kids)
	}
	if err != nil {
		return nil, err
	}
	alts := c.xl.alts[n]
	var alt query.Query
	var qs []query.Query
	for _, g := range alts.groups {
		qs = append(qs, g.q)
	}
	switch {
	case c.loose:
		alt = disjunction(qs)
	case alts.covered && len(qs) == 1:
		alt = qs[0]
	case alts.covered:
		alt = conjunction(qs)
	}
	switch {
	case alt == nil:
		return orig, nil
	case orig == nil:
		return alt, nil
	}
	return query.NewDisjunctionQuery([]query.Query{orig, alt}), nil
}

// unfold returns kids with each translated clause replaced by its clauses
// as typed, and the queries of the translations, rare and common, for
// loosely: under op=or the translations are alternatives, as the words are
// (orTranslated). They are ranked by how many of them an article matches
// (bleve's coordination factor), so a term's translation is given once for
// each word typed that it stands for: an article with 国有企业改革 counts
// as many matches as one with state-owned enterprise reform.
//
// The translated query keeps the places and the people typed (Shanxi coal
// is 山西 煤炭 as translated; Xi Jinping's speech is @xi_jinping 讲话),
// which the index has in both scripts: an article in either language then
// matches the query typed or translated with its place or person, and they
// do not count for one language only. A person's name is most often common
// (习近平 is in thousands of articles) and so, among the words as typed,
// only ranks the articles that match a rare word: without it here, a
// Chinese article would match the translations alone and the English ones
// the name too.
func (c *compiler) unfold(kids []*node) (out []*node, rare, common []query.Query) {
	var places, people []query.Query
	for _, k := range kids {
		if k.kind != nodeXlang {
			out = append(out, k)
			if k.kind == nodeWord && !isKeyword(k.field) {
				tokens := c.qa.Analyze([]byte(k.text))
				if c.placeOnly(tokens) {
					places = append(places, textQuery(tokens, k.field))
				}
				for _, t := range tokens {
					if !analyzer.IsPersonTerm(t.Term) {
						continue
					}
					people = append(people, textQuery(analysis.TokenStream{t}, k.field))
				}
			}
			continue
		}
		out = append(out, k.kids...)
		for _, g := range c.xl.alts[k].groups {
			for range max(g.words, 1) {
				if g.common {
					common = append(common, g.q)
				} else {
					rare = append(rare, g.q)
				}
			}
		}
	}
	if len(rare)+len(common) > 0 {
		rare = append(append(rare, places...), people...)
	}
	return out, rare, common
}

// orTranslated returns the words as typed, q, or their translations:
// rare ones that match, common ones that only rank. The translations are
// one alternative beside q, not more alternatives among its words, so that
// the articles matching the words as typed keep their order among
// themselves (bleve's coordination factor counts the alternatives each
// matches).
func orTranslated(q query.Query, rare, common []query.Query) query.Query {
	alt := disjunction(rare)
	switch {
	case alt == nil:
		alt = disjunction(common)
	case len(common) > 0:
		alt = query.NewBooleanQuery([]query.Query{alt}, common, nil)
	}
	switch {
	case alt == nil:
		return q
	case q == nil:
		return alt
	}
	return query.NewDisjunctionQuery([]query.Query{q, alt})
}

// translateClause translates a word or phrase met on its own (the whole
// query, a side of an OR), once.
func (c *compiler) translateClause(n *node) *node {
	if c.xl == nil || !c.xl.translatable(n) {
		return n
	}
	return c.translate([]*node{n})[0]
}

// alsoSearched returns what the result reports: nil when off or nothing
// was translated.
func (x *xlang) alsoSearched() []AlsoSearched {
	if x == nil {
		return nil
	}
	return x.also
}
