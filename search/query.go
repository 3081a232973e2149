package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/index"
)

// MaxQueryLen bounds the query string, in bytes.
const MaxQueryLen = 1024

// maxClauses bounds how many words and phrases one query may have.
const maxClauses = 32

// titleBoost makes a match in the title count more than one in the body.
const titleBoost = 2.0

// clause is one word or quoted phrase of a query.
type clause struct {
	text   string
	negate bool // -word: documents must not match
}

// parse splits a query into words and "quoted phrases"; a leading - negates
// one. All the words must match (implicit AND).
func parse(q string) ([]clause, error) {
	if len(q) > MaxQueryLen {
		return nil, badRequest(CodeBadQuery, "query is longer than %d bytes", MaxQueryLen)
	}
	if !utf8.ValidString(q) {
		return nil, badRequest(CodeBadQuery, "query is not UTF-8")
	}
	var out []clause
	for i := 0; i < len(q); {
		r, n := utf8.DecodeRuneInString(q[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		var c clause
		if r == '-' && i+1 < len(q) && q[i+1] != ' ' {
			c.negate = true
			i++
			r, n = utf8.DecodeRuneInString(q[i:])
		}
		if r == '"' || r == '“' {
			end := strings.IndexAny(q[i+n:], "\"”")
			if end < 0 {
				return nil, badRequest(CodeBadQuery, "unclosed \" at %d", utf8.RuneCountInString(q[:i]))
			}
			c.text = q[i+n : i+n+end]
			i += n + end + 1
		} else {
			end := strings.IndexFunc(q[i:], unicode.IsSpace)
			if end < 0 {
				end = len(q) - i
			}
			c.text = q[i : i+end]
			i += end
		}
		if strings.TrimSpace(c.text) != "" {
			out = append(out, c)
		}
	}
	if len(out) > maxClauses {
		return nil, badRequest(CodeBadQuery, "query has %d words; at most %d are allowed", len(out), maxClauses)
	}
	return out, nil
}

// compile turns clauses into a bleve query over title and body: each clause
// must match one of them (or, negated, neither). A clause that the analyzer
// cuts into several words is a phrase: 国有企业改革 matches those words
// together, not scattered over the article. It returns nil when no clause
// has a searchable word (only stop words, say).
func compile(clauses []clause, qa analysis.Analyzer) query.Query {
	var must, mustNot []query.Query
	for _, c := range clauses {
		tokens := qa.Analyze([]byte(c.text))
		if len(tokens) == 0 {
			continue
		}
		q := query.NewDisjunctionQuery([]query.Query{
			fieldQuery(tokens, index.FieldTitle, titleBoost),
			fieldQuery(tokens, index.FieldBody, 1),
		})
		if c.negate {
			mustNot = append(mustNot, q)
		} else {
			must = append(must, q)
		}
	}
	if len(must) == 0 {
		return nil
	}
	b := query.NewBooleanQuery(must, nil, mustNot)
	return b
}

// fieldQuery matches tokens in field: a term query for one token, else a
// phrase whose slots follow the tokens' positions (a gap for each extra
// character of a Chinese word, or for a stop word).
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
