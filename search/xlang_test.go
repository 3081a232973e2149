package search

import (
	"fmt"
	"strings"
	"testing"
)

// TestXlang runs the cases of testdata/xlang.json over the articles of
// testdata/xlang.jsonl: English terms that find Chinese articles and
// Chinese terms that find English ones (issue 14's searches: Belt and
// Road, COVID-19, state-owned enterprise reform, Shanxi coal), what the
// result says was also searched and how each hit matched.
func TestXlang(t *testing.T) {
	runCases(t, "testdata/xlang.json", searcherOver(t, "testdata/xlang.jsonl"), XlangOn)
}

// alsoSearched renders r.AlsoSearched as "from → to, to; from → to".
func alsoSearched(r *Result) string {
	var out []string
	for _, a := range r.AlsoSearched {
		out = append(out, a.From+" → "+strings.Join(a.To, ", "))
	}
	return strings.Join(out, "; ")
}

// matchedVia renders the hits' matched_via as "id:original+translation …".
func matchedVia(r *Result) string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, fmt.Sprintf("%s:%s", h.ID, strings.Join(h.MatchedVia, "+")))
	}
	return strings.Join(out, " ")
}
