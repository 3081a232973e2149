package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/xinwen/xinwen/analyzer"
)

// titleBoost makes a match in the title count more than one in the body.
const titleBoost = 2.0

// fieldQuery matches tokens in field: a term query for one token, else a
// phrase whose slots follow the tokens' positions (a gap for each extra
// character of a Chinese word, or for a stop word). This is the contract
// with the analyzer: a phrase built from the query analyzer's positions
// matches exactly where its words are contiguous in the text, however the
// index-time analyzer cut them.
func fieldQuery(tokens analysis.TokenStream, field string, boost float64) query.Query {
	if len(tokens) == 1 {
		q := query.NewTermQuery(string(tokens[0].Term))
		q.SetField(field)
		q.SetBoost(boost)
		return q
	}
	first := tokens[0].Position
	slots := make([][]string, tokens[len(tokens)-1].Position-first+1)
	for _, t := range tokens {
		slots[t.Position-first] = append(slots[t.Position-first], string(t.Term))
	}
	q := query.NewMultiPhraseQuery(slots, field)
	q.SetBoost(boost)
	return q
}

// queryAnalyzer returns the analyzer for query text.
func queryAnalyzer() (analysis.Analyzer, error) {
	return analyzer.New(false)
}
