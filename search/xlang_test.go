package search

import (
	"context"
	"errors"
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

// FuzzXlang searches any query, translated, over testdata/xlang.jsonl: it
// is answered or refused with an *Error, what was also searched names a
// term and its translations, and each hit says how it matched.
func FuzzXlang(f *testing.F) {
	for _, q := range []string{"Belt and Road", `"state-owned enterprise reform" -coal`, "title:煤炭 OR (COVID-19 Shanxi)", "国有企业改革 NEAR/3 coal", "the of and", "煤* Belt"} {
		f.Add(q, false)
		f.Add(q, true)
	}
	s := searcherOver(f, "testdata/xlang.jsonl")
	f.Fuzz(func(t *testing.T, q string, or bool) {
		req := Request{Query: q}
		if or {
			req.Op = OpOr
		}
		r, err := s.Search(context.Background(), req)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%q: %v", q, err)
			}
			return
		}
		for _, a := range r.AlsoSearched {
			if a.From == "" || len(a.To) == 0 {
				t.Errorf("%q: also searched %+v", q, a)
			}
		}
		for _, h := range r.Hits {
			for _, v := range h.MatchedVia {
				if v != ViaOriginal && v != ViaTranslation {
					t.Errorf("%q: hit %s matched via %q", q, h.ID, v)
				}
			}
		}
	})
}

// BenchmarkXlang measures what translating costs a query over the small
// corpus of testdata/xlang.jsonl, where the search itself is cheap: the
// glossary's matching, the lookups of the words' frequencies and the
// translations' queries.
func BenchmarkXlang(b *testing.B) {
	s := searcherOver(b, "testdata/xlang.jsonl")
	s.glossary() // loaded once a process, not per query
	ctx := context.Background()
	for _, xl := range []string{XlangOff, XlangOn} {
		b.Run("xlang="+xl, func(b *testing.B) {
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for _, q := range []string{"state-owned enterprise reform in Shanxi", "Belt and Road forum", "山西煤炭产量"} {
					if _, err := s.Search(ctx, Request{Query: q, Op: OpOr, Xlang: xl}); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
