package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

// titleBoost makes a match in the title count more than one in the body.
const titleBoost = 2.0

// fieldQuery matches tokens in field: a term query for one token, else a
// phrase whose slots follow the tokens' positions (a gap for each extra
// character of a Chinese word, or for a stop word). This is the contract
// with the analyzer: a phrase built from the query analyzer's positions
// matches exactly where its words are contiguous in the text, however the
// index-time analyzer cut them. The phrase is xinwen's own (phrase.go):
// bleve's costs quadratic time in a long article. Tokens at one position are alternatives
// (an ambiguous place name: Fuzhou is 福州 or 抚州).
func fieldQuery(tokens analysis.TokenStream, field string, boost float64) query.Query {
	if positions(tokens) == 1 {
		var any []query.Query
		for _, t := range tokens {
			q := query.NewTermQuery(string(t.Term))
			q.SetField(field)
			q.SetBoost(boost)
			any = append(any, q)
		}
		return disjunction(any)
	}
	return &phraseQuery{slots: phraseSlots(tokens), field: field, boost: boost}
}

// phraseSlots returns the terms of tokens by position, from the first: a
// gap is an empty slot, and tokens at one position are alternatives.
func phraseSlots(tokens analysis.TokenStream) [][]string {
	first := tokens[0].Position
	slots := make([][]string, tokens[len(tokens)-1].Position-first+1)
	for _, t := range tokens {
		slots[t.Position-first] = append(slots[t.Position-first], string(t.Term))
	}
	return slots
}

// positions returns how many positions tokens take: several tokens at one
// position are one word with alternatives.
func positions(tokens analysis.TokenStream) int {
	n, last := 0, -1
	for _, t := range tokens {
		if t.Position != last {
			n++
			last = t.Position
		}
	}
	return n
}

// byPosition splits tokens into the groups at each position.
func byPosition(tokens analysis.TokenStream) []analysis.TokenStream {
	var out []analysis.TokenStream
	for i := 0; i < len(tokens); {
		j := i + 1
		for j < len(tokens) && tokens[j].Position == tokens[i].Position {
			j++
		}
		out = append(out, tokens[i:j])
		i = j
	}
	return out
}
