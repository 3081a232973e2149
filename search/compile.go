package search

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
	"golang.org/x/text/unicode/norm"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/analyzer/place"
	"github.com/xinwen/xinwen/index"
)

const (
	// maxExpansions bounds how many words one prefix stands for in each
	// field: the most frequent ones that start with it.
	maxExpansions = 50
	// maxScan bounds how many dictionary entries one prefix or one
	// source lookup reads.
	maxScan = 20000
)

// dictionary looks words and values up in the index, for prefixes and for
// keyword values given in any case.
type dictionary interface {
	// prefixed returns up to max terms of field that start with prefix,
	// the most frequent first, and whether others were left out.
	prefixed(field, prefix string, max int) (terms []string, more bool, err error)
	// values returns the values of keyword field equal to v, ignoring case.
	values(field, v string) ([]string, error)
	// docFreq returns how many articles have term in field, and how many
	// articles there are.
	docFreq(field, term string) (n, of uint64, err error)
	// chinese returns the Chinese terms of the index's segments, for
	// matching parts of words (partial.go).
	chinese() ([]*chineseTerms, error)
}

// commonFraction is the share of articles above which a word is common:
// under op=or a common word ranks the articles that have the rarer words
// but does not by itself make an article match (as Lucene's common terms
// query does), so that a pasted sentence does not match, and cost, the
// whole collection.
const commonFraction = 0.05

// commonMin is the fewest articles a common word is in: in a small
// collection no word is common.
const commonMin = 1000

// compiler turns a parsed query into a bleve query.
type compiler struct {
	qa   analysis.Analyzer
	dict dictionary
	// loose compiles op=or (or a relaxed query): unquoted runs that the
	// analyzer cuts into several words match any of them, the whole run
	// as a phrase ranking first.
	loose bool
	// runs counts the unquoted clauses, not negated, that analyzed into
	// several words: a query with any can be relaxed.
	runs int
	// neg is how many NOTs the clause being compiled is under: a negated
	// run stays a phrase even when loose (-国有企业改革 excludes the
	// phrase, not every article with 企业).
	neg int
	// warnings say what the query was narrowed to (a prefix's words).
	warnings []string
	// rankOnly holds the common one-character words that only rank: their
	// matches are not marked when other words' are (了, 新 and the like).
	rankOnly map[string]bool
	// keepStop keeps English stop words in unquoted words: for a query
	// that has nothing else.
	keepStop bool
	// partMode says which runs of Chinese match in part, and how
	// (partUnknown, partStart, partInside: partial.go).
	partMode int
	// parts looks up the terms that hold parts of words, and partials
	// are the runs that may match in part, for the highlights.
	parts    *partTerms
	partials []partial
	// partable counts, by mode, the runs that would match in part in that
	// mode and not in this one: a query with any that finds nothing is
	// searched again in the next such mode.
	partable [partInside + 1]int
	// xl translates the query's terms (xlang.go); nil when off.
	xl *xlang
}

// query compiles the whole query n. Unquoted stop words are left out,
// but a query of nothing else (down, from) searches them.
func (c *compiler) query(n *node) (query.Query, error) {
	fresh := *c
	q, err := c.compile(n)
	if q != nil || err != nil {
		return q, err
	}
	*c = fresh
	c.keepStop = true
	return c.compile(n)
}

// compile returns the bleve query for n, or nil when n has nothing to
// search for (only stop words, say).
func (c *compiler) compile(n *node) (query.Query, error) {
	switch n.kind {
	case nodeWord, nodePhrase:
		if t := c.translateClause(n); t != n {
			return c.compile(t)
		}
		return c.withPeople(n) // person.go
	case nodeXlang:
		return c.xlangQuery(n)
	case nodePrefix:
		return c.prefix(n)
	case nodeDates:
		return filter(dateQuery(n.from, n.to)), nil
	case nodeNear:
		return c.near(n) // near.go
	case nodeNot:
		inner, err := c.negated(n.kids[0])
		if inner == nil || err != nil {
			return nil, err
		}
		// On its own, NOT x is every article but those with x.
		return query.NewBooleanQuery(nil, nil, []query.Query{inner}), nil
	case nodeAnd:
		if n.implicit {
			return c.all(c.translate(c.joinPeople(c.joinPlaces(n.kids))))
		}
		return c.all(n.kids)
	case nodeOr:
		if n.implicit {
			return c.loosely(c.translate(c.joinPeople(c.joinPlaces(n.kids))))
		}
		var any []query.Query
		for _, k := range n.kids {
			q, err := c.compile(k)
			if err != nil {
				return nil, err
			}
			if q != nil {
				any = append(any, q)
			}
		}
		return disjunction(any), nil
	}
	return nil, fmt.Errorf("search: unknown query node %d", n.kind)
}

// maxNameWords is the most words a place name and its designation take:
// Hong Kong Special Administrative Region.
const maxNameWords = 5

// joinPlaces returns kids with each run of juxtaposed words that the query
// analyzer reads as one place name (Hong Kong, Inner Mongolia, Jilin City)
// made one word, so that it is searched as the place, in either script,
// rather than as separate words that 香港 does not have. The gazetteer
// reads the words once; only where it finds a name are the words after it
// analyzed with it.
func (c *compiler) joinPlaces(kids []*node) []*node {
	plain := func(k *node) bool { return k.kind == nodeWord && !isKeyword(k.field) }
	// The words as one text, and where each starts in it.
	var text strings.Builder
	starts := make([]int, len(kids))
	for i, k := range kids {
		if i > 0 {
			text.WriteByte(' ')
		}
		starts[i] = text.Len()
		if plain(k) {
			text.WriteString(k.text)
		}
	}
	// The words a name starts at: it may span words (Hong Kong), or a
	// designation may follow it (Shanxi Province).
	spans := map[*node]bool{}
	for _, m := range place.Find(text.String()) {
		for i, k := range kids[:len(kids)-1] {
			if starts[i] == m.Start {
				spans[k] = true
			}
		}
	}
	if len(spans) == 0 {
		return kids
	}
	return joinRuns(kids, maxNameWords, func(run []*node) string {
		if !spans[run[0]] {
			return ""
		}
		if text := wordsOf(run); c.onePlace(text) {
			return text
		}
		return ""
	})
}

// joinRuns replaces each run of 2 to most juxtaposed plain words of one
// field, longest first, that one names with the single word it returns
// for it; one returns "" for a run that is no name.
func joinRuns(kids []*node, most int, one func(run []*node) string) []*node {
	plain := func(k *node) bool { return k.kind == nodeWord && !isKeyword(k.field) }
	var out []*node
	for i := 0; i < len(kids); i++ {
		joined := false
		for n := min(most, len(kids)-i); n >= 2 && !joined; n-- {
			run := kids[i : i+n]
			if !slices.ContainsFunc(run, func(k *node) bool { return !plain(k) || k.field != kids[i].field }) {
				if text := one(run); text != "" {
					w := *kids[i]
					w.text = text
					out = append(out, &w)
					i += n - 1
					joined = true
				}
			}
		}
		if !joined {
			out = append(out, kids[i])
		}
	}
	return out
}

// wordsOf returns the texts of run joined by spaces.
func wordsOf(run []*node) string {
	words := make([]string, len(run))
	for i, k := range run {
		words[i] = k.text
	}
	return strings.Join(words, " ")
}

// onePlace reports whether the query analyzer reads text as one place
// name: only place terms, at one position.
func (c *compiler) onePlace(text string) bool {
	tokens := c.qa.Analyze([]byte(text))
	if len(tokens) == 0 || positions(tokens) != 1 {
		return false
	}
	for _, t := range tokens {
		if !analyzer.IsPlaceTerm(t.Term) {
			return false
		}
	}
	return true
}

// all requires every clause of kids, and excludes the negated ones.
func (c *compiler) all(kids []*node) (query.Query, error) {
	var must, not []query.Query
	for _, k := range kids {
		var q query.Query
		var err error
		neg := k.kind == nodeNot
		if neg {
			q, err = c.negated(k.kids[0])
		} else {
			q, err = c.compile(k)
		}
		if err != nil {
			return nil, err
		}
		switch {
		case q == nil:
		case neg:
			not = append(not, q)
		default:
			if _, none := q.(*query.MatchNoneQuery); none {
				return q, nil
			}
			must = append(must, q)
		}
	}
	return allBut(must, not), nil
}

// allBut is the query for articles that match every one of must and none
// of not, or nil when both are empty. With no must, bleve starts from
// every article.
func allBut(must, not []query.Query) query.Query {
	switch {
	case len(must) == 0 && len(not) == 0:
		return nil
	case len(not) == 0 && len(must) == 1:
		return must[0]
	case len(not) == 0:
		return conjunction(must)
	}
	return query.NewBooleanQuery(must, nil, not)
}

// loosely compiles juxtaposed clauses under op=or (or relaxed): the text
// clauses are alternatives, ranked by how many match (bleve's coordination
// factor); filters (source:, province:, date:) and negations still hold.
// Unquoted runs count word by word, the whole run as a phrase ranking
// first; common words only rank (see commonFraction).
func (c *compiler) loosely(kids []*node) (query.Query, error) {
	// An article must match a rare clause (or, with none, a common one);
	// common words and the phrases of runs only rank.
	var must, not, rare, common, phrases, parts []query.Query
	var commonTerms []string
	kids, altRare, altCommon := c.unfold(kids) // translations: xlang.go
	for _, k := range kids {
		if k.kind == nodeNot {
			q, err := c.negated(k.kids[0])
			if err != nil {
				return nil, err
			}
			if q != nil {
				not = append(not, q)
			}
			continue
		}
		// Under a NOT, every word excludes (-(common rare) excludes both).
		if k.kind == nodeWord && !isKeyword(k.field) && c.neg == 0 {
			w, err := c.looseWords(k)
			if err != nil {
				return nil, err
			}
			rare, common, phrases = append(rare, w.rare...), append(common, w.common...), append(phrases, w.phrases...)
			parts, commonTerms = append(parts, w.parts...), append(commonTerms, w.commonTerms...)
			continue
		}
		q, err := c.compile(k)
		switch {
		case err != nil:
			return nil, err
		case q == nil:
		case isFilter(k):
			must = append(must, q)
		default:
			rare = append(rare, q)
		}
	}
	if c.neg == 0 {
		ps, err := c.pairs(kids) // rank.go
		if err != nil {
			return nil, err
		}
		phrases = append(phrases, ps...)
	}
	// Parts of words match on their own, but do not make the common words
	// only rank: 关于 出席并讲 matches 关于 when 出席并讲 is nowhere.
	if len(rare) == 0 {
		rare, common = append(common, parts...), nil
	} else {
		rare = append(rare, parts...)
		for _, t := range commonTerms {
			if utf8.RuneCountInString(t) > 1 {
				continue
			}
			if c.rankOnly == nil {
				c.rankOnly = map[string]bool{}
			}
			c.rankOnly[t] = true
		}
	}
	q := ranked(rare, common, phrases)                     // rank.go
	if q = orTranslated(q, altRare, altCommon); q != nil { // xlang.go
		must = append(must, q)
	}
	return allBut(must, not), nil
}

// looseWords are the queries of an unquoted word or run under op=or.
type looseWords struct {
	// rare and common are its words; phrases the run as a phrase, which
	// ranks the articles that have the words together first; parts its
	// unknown stretches in part (partial.go).
	rare, common, phrases, parts []query.Query
	// commonTerms are the terms of the common words.
	commonTerms []string
}

// looseWords splits an unquoted word or run into its words, rare and
// common, the run as a phrase, and the stretches of it that are not
// dictionary words (厄瓜多 in 厄瓜多足球), in part.
func (c *compiler) looseWords(n *node) (looseWords, error) {
	var w looseWords
	tokens := c.qa.Analyze([]byte(n.text))
	if positions(tokens) > 1 {
		c.runs++
		w.phrases = append(w.phrases, textQuery(tokens, n.field))
	}
	for _, st := range c.stretches(n.text, tokens) {
		pq, err := c.inPart(st.text, st.tokens, n.field)
		if err != nil {
			return w, err
		}
		if pq != nil {
			w.parts = append(w.parts, pq)
		}
	}
	for _, word := range byPosition(c.content(tokens)) {
		q := textQuery(word, n.field)
		// A word with alternatives is common when all of them are. A place
		// never is: Beijing, in an eighth of the Chinese articles, is what
		// the user asks for, not filler.
		isCommon := true
		for _, t := range word {
			if analyzer.IsPlaceTerm(t.Term) {
				isCommon = false
				break
			}
			cm, err := c.common(string(t.Term), n.field)
			if err != nil {
				return w, err
			}
			isCommon = isCommon && cm
		}
		if isCommon {
			w.common = append(w.common, q)
			for _, t := range word {
				w.commonTerms = append(w.commonTerms, string(t.Term))
			}
		} else {
			w.rare = append(w.rare, q)
		}
	}
	return w, nil
}

// stretch is part of a run and its tokens.
type stretch struct {
	text   string
	tokens analysis.TokenStream
}

// stretches returns the parts of the run text (its tokens given) that
// match in part under op=or, where every word matches on its own: the
// stretches of tokens that are not dictionary words (pairs of unknown
// characters), or, when the query found nothing (partMode), the whole
// run.
func (c *compiler) stretches(text string, tokens analysis.TokenStream) []stretch {
	if c.partMode != partUnknown {
		return []stretch{{text, tokens}}
	}
	var out []stretch
	for i := 0; i < len(tokens); {
		if !c.unknownWords(tokens[i : i+1]) {
			i++
			continue
		}
		j := i + 1
		for j < len(tokens) && tokens[j].Position <= tokens[j-1].Position+1 && c.unknownWords(tokens[j:j+1]) {
			j++
		}
		out = append(out, stretch{text[tokens[i].Start:tokens[j-1].End], tokens[i:j]})
		i = j
	}
	return out
}

// common reports whether term is in more than commonFraction of the
// articles' bodies (titles, for title:).
func (c *compiler) common(term, field string) (bool, error) {
	if c.dict == nil {
		return false, nil
	}
	f := index.FieldBody
	if field == fieldTitle {
		f = index.FieldTitle
	}
	n, of, err := c.dict.docFreq(f, term)
	if err != nil {
		return false, err
	}
	return n >= commonMin && float64(n) > commonFraction*float64(of), nil
}

// negated compiles the clause of a NOT.
func (c *compiler) negated(n *node) (query.Query, error) {
	c.neg++
	defer func() { c.neg-- }()
	return c.compile(n)
}

// isFilter reports whether n only restricts by keyword fields: under op=or
// it stays required.
func isFilter(n *node) bool {
	switch n.kind {
	case nodeAnd, nodeOr:
		for _, k := range n.kids {
			if !isFilter(k) {
				return false
			}
		}
		return true
	case nodeNot:
		return isFilter(n.kids[0])
	}
	return isKeyword(n.field)
}

func disjunction(qs []query.Query) query.Query {
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// words compiles a word or a quoted phrase.
func (c *compiler) words(n *node) (query.Query, error) {
	switch n.field {
	case fieldSource:
		q, err := c.sourceQuery(n.text)
		return filter(q), err
	case fieldProvince:
		q, err := provinceQuery(n.text)
		return filter(q), err
	case fieldStory:
		return filter(storyQuery(n.text)), nil
	case fieldPerson:
		q, err := personQuery(n.text)
		return filter(q), err
	}
	tokens := c.qa.Analyze([]byte(n.text))
	switch {
	case len(tokens) == 0 || n.kind == nodeWord && len(c.content(tokens)) == 0:
		if n.kind == nodePhrase && onlyDropped(n.text) {
			c.warnings = append(c.warnings, fmt.Sprintf("%q has only the commonest English words (the, of, to…), which are not indexed: nothing was searched for it", n.text))
		}
		return nil, nil
	case c.neg > 0:
		return textQuery(tokens, n.field), nil
	case c.loose && n.kind == nodeWord && positions(tokens) > 1:
		return c.loosely([]*node{n})
	case n.kind == nodeWord && positions(tokens) > 1:
		c.runs++
	}
	q := textQuery(tokens, n.field)
	pq, err := c.inPart(n.text, tokens, n.field)
	if err != nil || pq == nil {
		return q, err
	}
	return query.NewDisjunctionQuery([]query.Query{q, pq}), nil
}

// inPart returns the query for the run text (its query tokens given) in
// part (partial.go), or nil when it is not to match in part: it is not all
// Chinese characters; it is a place (长治 is not in 长治久安); it is one
// dictionary word (国有), found whole only unless the query found nothing
// (partMode); or its words are all dictionary words and the query found
// something. Negated runs do not: -国有 excludes the word.
func (c *compiler) inPart(text string, tokens analysis.TokenStream, field string) (query.Query, error) {
	if c.neg > 0 || len(tokens) == 0 {
		return nil, nil
	}
	if _, ok := analyzer.FoldChinese(text); !ok || utf8.RuneCountInString(text) < 2 {
		return nil, nil
	}
	unknown := c.unknownWords(tokens)
	if !unknown && positions(tokens) == 1 && (c.partMode == partUnknown || analyzer.IsPlaceTerm(tokens[0].Term)) {
		// One word: found whole only (国有 never in 中国|有), unless it
		// is found nowhere; a place never (长治 is not in 长治久安).
		if !analyzer.IsPlaceTerm(tokens[0].Term) {
			c.partable[partStart]++
			c.partable[partInside]++
		}
		return nil, nil
	}
	if c.partMode < partInside {
		c.partable[partInside]++
	}
	if c.partMode == partUnknown && !unknown {
		c.partable[partStart]++
		return nil, nil
	}
	var own []string
	for _, t := range tokens {
		own = append(own, string(t.Term))
	}
	return c.partly(text, own, phraseSlots(tokens), field)
}

// unknownWords reports whether some of tokens are Chinese that is not a
// dictionary word: pairs of unknown characters, which is what the start of
// a word the user has not finished typing becomes (厄瓜多 is 厄瓜 and 瓜多).
func (c *compiler) unknownWords(tokens analysis.TokenStream) bool {
	a, ok := c.qa.(*analyzer.Analyzer)
	if !ok {
		return false
	}
	for _, t := range tokens {
		if _, han := analyzer.FoldChinese(string(t.Term)); han && !a.IsWord(string(t.Term)) {
			return true
		}
	}
	return false
}

// content returns tokens without their stop words (analyzer.IsStopWord):
// the words that match on their own. A phrase keeps its stop words (人和
// is 人 and 和 together); a query of nothing else keeps them too
// (keepStop).
func (c *compiler) content(tokens analysis.TokenStream) analysis.TokenStream {
	if c.keepStop {
		return tokens
	}
	var out analysis.TokenStream
	for _, t := range tokens {
		if !analyzer.IsStopWord(t.Term) {
			out = append(out, t)
		}
	}
	return out
}

// onlyDropped reports whether text has words and they are all words the
// analyzer drops (analyzer.IsDropped).
func onlyDropped(text string) bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) })
	for _, w := range words {
		if !analyzer.IsDropped(w) {
			return false
		}
	}
	return len(words) > 0
}

// textQuery matches tokens (a term, or a phrase by their positions) in the
// title and body, or in the one field given.
func textQuery(tokens analysis.TokenStream, field string) query.Query {
	switch field {
	case fieldTitle:
		return fieldQuery(tokens, index.FieldTitle, 1)
	case fieldBody:
		return fieldQuery(tokens, index.FieldBody, 1)
	}
	return query.NewDisjunctionQuery([]query.Query{
		fieldQuery(tokens, index.FieldTitle, titleBoost),
		fieldQuery(tokens, index.FieldBody, 1),
	})
}

// prefix compiles word*: the most frequent words that start with it.
func (c *compiler) prefix(n *node) (query.Query, error) {
	stem := n.text
	var fields []string
	boost := map[string]float64{}
	switch n.field {
	case fieldSource:
		fields = []string{index.FieldSource}
	case fieldProvince:
		fields = []string{index.FieldProvince}
	case fieldStory:
		fields = []string{index.FieldStory}
	case fieldTitle:
		fields = []string{index.FieldTitle}
	case fieldBody:
		fields = []string{index.FieldBody}
	default:
		fields = []string{index.FieldTitle, index.FieldBody}
		boost[index.FieldTitle] = titleBoost
	}
	if !isKeyword(n.field) {
		// As the analyzer folds them, without stemming: comput* must
		// find computer.
		stem = strings.ToLower(norm.NFKC.String(stem))
	}
	var any []query.Query
	more := false
	for _, f := range fields {
		var terms []string
		if c.dict != nil {
			var m bool
			var err error
			if terms, m, err = c.dict.prefixed(f, stem, maxExpansions); err != nil {
				return nil, err
			}
			more = more || m
		} else {
			terms = []string{stem}
		}
		for _, t := range terms {
			q := query.NewTermQuery(t)
			q.SetField(f)
			if b, ok := boost[f]; ok {
				q.SetBoost(b)
			}
			any = append(any, q)
		}
	}
	if more {
		c.warnings = append(c.warnings, fmt.Sprintf("%s* matches many words; only the %d most common were searched", n.text, maxExpansions))
	}
	if len(any) == 0 {
		return query.NewMatchNoneQuery(), nil
	}
	if isKeyword(n.field) {
		return filter(disjunction(any)), nil
	}
	return disjunction(any), nil
}

// sourceQuery matches articles from source v, in whatever case the index
// has it.
func (c *compiler) sourceQuery(v string) (query.Query, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, badRequest(CodeBadSource, "source must not be empty")
	}
	names := []string{v}
	if c.dict != nil {
		found, err := c.dict.values(index.FieldSource, v)
		if err != nil {
			return nil, err
		}
		if len(found) > 0 {
			names = found
		}
	}
	var any []query.Query
	for _, name := range names {
		t := query.NewTermQuery(name)
		t.SetField(index.FieldSource)
		any = append(any, t)
	}
	return disjunction(any), nil
}

// provinceQuery matches articles about province p.
// storyQuery matches the articles of the story id, which is the id of
// its earliest article, as it is written.
func storyQuery(id string) query.Query {
	t := query.NewTermQuery(strings.TrimSpace(id))
	t.SetField(index.FieldStory)
	return t
}

func provinceQuery(p string) (query.Query, error) {
	name, err := provinceName(p)
	if err != nil {
		return nil, err
	}
	t := query.NewTermQuery(name)
	t.SetField(index.FieldProvince)
	return t, nil
}

// provinceName returns the name a province is stored under, for the
// province= filter and province: in queries: the gazetteer's English name
// for an English or Chinese name or a GB/T 2260 code, in any case
// (shanxi, 山西, 山西省, 140000 are all Shanxi), as the index reads the
// provinces it is given. It is the one place where a province as the user
// writes it is made canonical.
func provinceName(p string) (string, error) {
	p = strings.Join(strings.Fields(p), " ")
	if p == "" {
		return "", badRequest(CodeBadProvince, "province must not be empty")
	}
	pl, ok := place.ParseProvince(p)
	if !ok {
		return "", badRequest(CodeBadProvince, "%q is not a province (try an English or Chinese name, or a code such as 140000)", p)
	}
	return pl.English, nil
}

// dateQuery matches articles dated within [from, to]; a zero time is open.
func dateQuery(from, to time.Time) query.Query {
	inclusive := true
	r := query.NewDateRangeInclusiveQuery(from, to, &inclusive, &inclusive)
	r.SetField(index.FieldTime)
	return r
}

// indexDict is the dictionary of a bleve index, with the searcher's cache
// of its Chinese terms.
type indexDict struct {
	b     bleve.Index
	terms *termCache
}

func (d indexDict) chinese() ([]*chineseTerms, error) {
	adv, err := d.b.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: the index's terms: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: the index's terms: %w", err)
	}
	defer r.Close()
	return d.terms.termsOf(r)
}

func (d indexDict) prefixed(field, prefix string, max int) ([]string, bool, error) {
	fd, err := d.b.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return nil, false, fmt.Errorf("search: words starting with %q: %w", prefix, err)
	}
	defer fd.Close()
	type entry struct {
		term  string
		count uint64
	}
	var all []entry
	more := false
	for {
		e, err := fd.Next()
		if err != nil {
			return nil, false, fmt.Errorf("search: words starting with %q: %w", prefix, err)
		}
		if e == nil {
			break
		}
		if len(all) == maxScan {
			more = true
			break
		}
		all = append(all, entry{e.Term, e.Count})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].count > all[j].count })
	if len(all) > max {
		all, more = all[:max], true
	}
	out := make([]string, len(all))
	for i, e := range all {
		out[i] = e.term
	}
	return out, more, nil
}

func (d indexDict) docFreq(field, term string) (uint64, uint64, error) {
	of, err := d.b.DocCount()
	if err != nil {
		return 0, 0, fmt.Errorf("search: count articles: %w", err)
	}
	fd, err := d.b.FieldDictRange(field, []byte(term), []byte(term))
	if err != nil {
		return 0, 0, fmt.Errorf("search: look up %q: %w", term, err)
	}
	defer fd.Close()
	e, err := fd.Next()
	if err != nil || e == nil {
		return 0, of, err
	}
	return e.Count, of, nil
}

func (d indexDict) values(field, v string) ([]string, error) {
	fd, err := d.b.FieldDict(field)
	if err != nil {
		return nil, fmt.Errorf("search: values of %s: %w", field, err)
	}
	defer fd.Close()
	var out []string
	for n := 0; n < maxScan; n++ {
		e, err := fd.Next()
		if err != nil {
			return nil, fmt.Errorf("search: values of %s: %w", field, err)
		}
		if e == nil {
			break
		}
		if strings.EqualFold(e.Term, v) {
			out = append(out, e.Term)
		}
	}
	return out, nil
}
