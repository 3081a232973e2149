package analyzer

import (
	"github.com/blevesearch/bleve/v2/analysis"
)

// oovMode is how the analyzer treats runs of characters that the
// dictionary leaves standing alone, which is where words it does not know
// (新质 in 新质生产力, new names) end up.
type oovMode uint8

const (
	// oovNone emits the characters one by one.
	oovNone oovMode = iota
	// oovBigram emits, at index time, every pair of neighbouring
	// characters of the run besides the characters; at query time a run
	// of two or more characters becomes its pairs.
	oovBigram
	// oovHMM cuts the run into words with a hidden Markov model (gse's,
	// which is jieba's), at index and at query time.
	oovHMM
	// oovBoth emits the model's words, and at index time the pairs too.
	oovBoth
)

// defaultOOV is the treatment the analyzers use; the package comment gives
// the measurements behind the choice.
var defaultOOV = oovBigram

// hmmStates returns the state of each character of a run in a hidden
// Markov model of words: B(egin), M(iddle), E(nd) or S(ingle). Only the
// evaluation of treatments sets it (to gse's model); the analyzers do not
// use the model, so it stays out of the program.
var hmmStates func(runes []rune) []byte

// unknownRun emits a run of lone ideographs, which are segments first,
// first+1… of the chunk. At index time a place name that starts inside the
// run (a name the dictionary lacks) brings its place terms where it starts.
func (a *Analyzer) unknownRun(o *out, s *scratch, input []byte, run []seg, seg0 int) {
	us := s.units
	// place emits the terms of a place name that starts at unit k, inside
	// the run; the emit loop did the one at its start.
	place := func(k int) {
		if a.index && k > run[0].a {
			a.places(o, s, input, seg0+k-run[0].a)
		}
	}
	uni := func(k int) {
		o.add(s.text(k, k+1), us[k].start, us[k].end, us[k].pos, analysis.Ideographic)
	}
	bi := func(k int) {
		o.add(s.text(k, k+2), us[k].start, us[k+1].end, us[k].pos, analysis.Ideographic)
	}
	first, last := run[0].a, run[len(run)-1].b // units [first,last)
	n := last - first
	switch a.oov {
	case oovBigram:
		for k := first; k < last; k++ {
			place(k)
			if a.index || n == 1 {
				uni(k)
			}
			if k+1 < last {
				bi(k)
			}
		}
	case oovHMM, oovBoth:
		s.runes = s.runes[:0]
		for k := first; k < last; k++ {
			s.runes = append(s.runes, us[k].r)
		}
		states := hmmStates(s.runes)
		// Each word is emitted where it starts, before the pair that
		// starts there, so that positions never go back.
		begin := first
		for i := range states {
			k := first + i
			place(k)
			if states[i] == 'B' || states[i] == 'S' {
				begin = k
			}
			if k == begin {
				end := k
				for end < last-1 && states[end-first] != 'E' && states[end-first] != 'S' {
					end++
				}
				o.add(s.text(begin, end+1), us[begin].start, us[end].end, us[begin].pos, analysis.Ideographic)
			}
			if a.oov == oovBoth && a.index && k+1 < last {
				bi(k)
			}
		}
	default:
		for k := first; k < last; k++ {
			place(k)
			uni(k)
		}
	}
}
