package search

import (
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/xinwen/xinwen/analyzer"
)

// Ranking of loose queries (op=or, relaxed): a headline or a sentence
// typed as words, which should find its article first. Tuned with
// TestKnownItem on query files of the peers' querygen, seeds 101 to 103
// (QUERY.md, "Relaxation and op=or").
const (
	// pairBoost weighs the phrase of two neighbouring words of a run of
	// juxtaposed words (compiler.pairs) against a word: 0.5 and 2 ranked
	// worse than 1.
	pairBoost = 1.0
	// maxPairs bounds the pairs of one run of juxtaposed words: a pasted
	// paragraph must not cost a phrase for each of its words.
	maxPairs = 31
)

// BM25's parameters, for every bleve index of the process, since bleve
// reads them from package variables (search.BM25_k1, search.BM25_b) when
// it scores: k1 0.8 instead of 1.2, b 0.07 instead of 0.75.
//
// b is small because bleve v2.5.7 takes the average length of a field to
// be the number of distinct terms of its dictionary over the number of
// documents (bm25ScoreMetrics: FieldCardinality is the dictionary's size):
// 5 for the CCTV bodies, which run to hundreds of words. A body's length
// over that average is some hundred times too large, and with b 0.75 the
// shortest article with a word wins; with b 0.07 length still counts (more
// than b 0.75 would with the true average), and how often the words occur
// counts too. On the known-item test (querygen seeds 101-103, 300 titles
// each; TestKnownItem) MRR@10 rose from 0.651 to 0.695 (zh-news) and from
// 0.562 to 0.607 (en-news) with these; b 0.02 to 0.15 and k1 0.3 to 1.2
// were within 0.01 of the best.
const (
	bm25K1 = 0.8
	bm25B  = 0.07
)

func init() {
	bsearch.BM25_k1 = bm25K1
	bsearch.BM25_b = bm25B
}

// pairs returns, for each run of juxtaposed plain words of kids, the
// phrases of its neighbouring words (stop words and all), up to maxPairs:
// a bonus for the words of a pasted title or sentence where the text has
// them together, however the query and the text cut the runs around them.
// A pair of two weak words (compiler.weak) is left out: it is in most
// articles, and finding where costs more than it ranks (on en-news, CPU
// a known-item query 5.3 ms with them, 3.6 ms without; MRR@10 0.002 lower).
func (c *compiler) pairs(kids []*node) ([]query.Query, error) {
	var out []query.Query
	flush := func(seq []*node) error {
		if len(seq) == 0 {
			return nil
		}
		var texts []string
		for _, k := range seq {
			texts = append(texts, k.text)
		}
		groups := byPosition(c.qa.Analyze([]byte(strings.Join(texts, " "))))
		weak := make([]bool, len(groups))
		for i, g := range groups {
			w, err := c.weak(g, seq[0].field)
			if err != nil {
				return err
			}
			weak[i] = w
		}
		for i := 0; i+1 < len(groups) && len(out) < maxPairs; i++ {
			if weak[i] && weak[i+1] {
				continue
			}
			pair := append(slices.Clone(groups[i]), groups[i+1]...)
			out = append(out, scaled(textQuery(pair, seq[0].field), pairBoost))
		}
		return nil
	}
	var seq []*node
	for _, k := range kids {
		plain := k.kind == nodeWord && !isKeyword(k.field)
		if !plain || len(seq) > 0 && seq[0].field != k.field {
			if err := flush(seq); err != nil {
				return nil, err
			}
			seq = nil
		}
		if plain {
			seq = append(seq, k)
		}
	}
	if err := flush(seq); err != nil {
		return nil, err
	}
	return out, nil
}

// weak reports whether every alternative of a word is a stop word or a
// common word (compiler.common). A place is never weak, as it is never
// common under op=or.
func (c *compiler) weak(word analysis.TokenStream, field string) (bool, error) {
	for _, t := range word {
		if analyzer.IsPlaceTerm(t.Term) {
			return false, nil
		}
		if analyzer.IsStopWord(t.Term) {
			continue
		}
		cm, err := c.common(string(t.Term), field)
		if err != nil || !cm {
			return false, err
		}
	}
	return true, nil
}

// scaledQuery scores what its query scores, times by.
type scaledQuery struct {
	q  query.Query
	by float64
}

// scaled returns q with its scores times by (q itself when by is 1).
func scaled(q query.Query, by float64) query.Query {
	if by == 1 {
		return q
	}
	return scaledQuery{q, by}
}

// Searcher returns q's searcher behind one that scales its scores.
func (s scaledQuery) Searcher(ctx context.Context, i bindex.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	inner, err := s.q.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return &scaledSearcher{inner, s.by}, nil
}

// scaledSearcher multiplies the scores of its searcher's matches.
type scaledSearcher struct {
	bsearch.Searcher
	by float64
}

func (s *scaledSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	return s.scale(s.Searcher.Next(ctx))
}

func (s *scaledSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	return s.scale(s.Searcher.Advance(ctx, id))
}

func (s *scaledSearcher) scale(dm *bsearch.DocumentMatch, err error) (*bsearch.DocumentMatch, error) {
	if dm != nil {
		dm.Score *= s.by
	}
	return dm, err
}

// ranked is the query of a loose clause's words: an article must have
// one of the rare words (or, with none, of the common ones: see
// compiler.loosely); all the words rank together, as one disjunction
// whose coordination counts them all, so that an article with most of a
// pasted title's words comes first, common words included; the phrases
// (the run, the pairs of neighbouring words) rank those with the words
// together higher.
func ranked(rare, common, phrases []query.Query) query.Query {
	q := disjunction(rare)
	if q == nil {
		return nil
	}
	if len(common) > 0 {
		q = conjunction([]query.Query{filter(q), disjunction(append(slices.Clone(rare), common...))})
	}
	if len(phrases) > 0 {
		q = query.NewBooleanQuery([]query.Query{q}, phrases, nil)
	}
	return q
}
