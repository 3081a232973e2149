package analyzer

import (
	"sort"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/go-ego/gse/hmm"
)

// hmmAnalyzer is the treatment of unknown words that TestOOVEval measured
// against pairs and left out of the analyzer: runs of lone characters cut
// into words by gse's hidden Markov model (jieba's), at index and at query
// time, and with pairs at index time too. It is built on the analyzer
// without pairs (oovNone), whose lone characters it joins.
type hmmAnalyzer struct {
	a     *Analyzer // oov is oovNone
	pairs bool      // index-time pairs as well as the model's words
}

var hmmOnce sync.Once

// hmmStates returns the state of each character of a run in the model:
// B(egin), M(iddle), E(nd) or S(ingle).
func hmmStates(runes []rune) []byte {
	hmmOnce.Do(func() { hmm.LoadModel() })
	_, states := hmm.Viterbi(runes, []byte{'B', 'M', 'E', 'S'})
	return states
}

// Analyze analyzes input with h.a, then replaces each run of lone
// characters by the model's words: a lone character is a one-character
// ideographic token that no other token's text holds (the unit of a
// quantity does not stand alone, a place term is no word), and a run is
// lone characters whose texts touch.
func (h hmmAnalyzer) Analyze(input []byte) analysis.TokenStream {
	ts := h.a.Analyze(input)
	lone := make([]bool, len(ts))
	for i, t := range ts {
		if t.Type != analysis.Ideographic || utf8.RuneCount(t.Term) != 1 {
			continue
		}
		lone[i] = true
		for j, u := range ts {
			if j != i && u.Type != analysis.Single && u.Start <= t.Start && u.End >= t.End && u.End-u.Start > t.End-t.Start {
				lone[i] = false
				break
			}
		}
	}
	var out, run analysis.TokenStream
	flush := func() {
		out = append(out, h.cut(run)...)
		run = run[:0]
	}
	for i, t := range ts {
		switch {
		case !lone[i]:
			out = append(out, t)
		case len(run) > 0 && run[len(run)-1].End != t.Start:
			flush()
			fallthrough
		default:
			run = append(run, t)
		}
	}
	flush()
	sort.SliceStable(out, func(i, j int) bool { return out[i].Position < out[j].Position })
	return out
}

// cut returns the tokens of a run of lone characters: each of the model's
// words where it starts, and at index time with pairs, the pair that
// starts there after it.
func (h hmmAnalyzer) cut(run analysis.TokenStream) analysis.TokenStream {
	if len(run) == 0 {
		return nil
	}
	runes := make([]rune, len(run))
	for i, t := range run {
		runes[i], _ = utf8.DecodeRune(t.Term)
	}
	states := hmmStates(runes)
	join := func(a, b int) *analysis.Token {
		var term []byte
		for _, t := range run[a : b+1] {
			term = append(term, t.Term...)
		}
		return &analysis.Token{Term: term, Start: run[a].Start, End: run[b].End, Position: run[a].Position, Type: analysis.Ideographic}
	}
	var out analysis.TokenStream
	begin := 0
	for i := range run {
		if states[i] == 'B' || states[i] == 'S' {
			begin = i
		}
		if i == begin {
			end := i
			for end < len(run)-1 && states[end] != 'E' && states[end] != 'S' {
				end++
			}
			out = append(out, join(begin, end))
		}
		if h.pairs && h.a.index && i+1 < len(run) {
			out = append(out, join(i, i+1))
		}
	}
	return out
}
