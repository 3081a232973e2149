package analyzer

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/go-ego/gse/hmm"
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
	// oovHMM cuts the run into words with gse's hidden Markov model
	// (jieba's), at index and at query time.
	oovHMM
	// oovBoth emits the model's words, and at index time the pairs too.
	oovBoth
)

// defaultOOV is the treatment the analyzers use; see the package comment
// for the measurements behind it.
var defaultOOV = oovBigram

var hmmOnce sync.Once

// unknownRun emits a run of lone ideographs.
func (a *Analyzer) unknownRun(o *out, s *scratch, run []seg) {
	us := s.units
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
			if a.index || n == 1 {
				uni(k)
			}
			if k+1 < last {
				bi(k)
			}
		}
	case oovHMM, oovBoth:
		hmmOnce.Do(func() { hmm.LoadModel() })
		s.runes = s.runes[:0]
		for k := first; k < last; k++ {
			s.runes = append(s.runes, us[k].r)
		}
		_, states := hmm.Viterbi(s.runes, []byte{'B', 'M', 'E', 'S'})
		// Each word is emitted where it starts, before the pair that
		// starts there, so that positions never go back.
		begin := first
		for i := range states {
			k := first + i
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
			uni(k)
		}
	}
}
