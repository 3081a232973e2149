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
)

// defaultOOV is the treatment the analyzers use; the package comment gives
// the measurements behind the choice (TestOOVEval, which also measures a
// hidden Markov model's words, in its test files).
const defaultOOV = oovBigram

// unknownRun emits a run of lone ideographs, which are segments first,
// first+1… of the chunk, as pairs (oovBigram). At index time a place name
// that starts inside the run (a name the dictionary lacks) brings its
// place terms where it starts.
func (a *Analyzer) unknownRun(o *out, s *scratch, input []byte, run []seg, seg0 int) {
	us := s.units
	first, last := run[0].a, run[len(run)-1].b // units [first,last)
	n := last - first
	for k := first; k < last; k++ {
		// The emit loop did the place terms of the run's start.
		if a.index && k > first {
			a.places(o, s, input, seg0+k-first)
		}
		if a.index || n == 1 {
			o.add(s.text(k, k+1), us[k].start, us[k].end, us[k].pos, analysis.Ideographic)
		}
		if k+1 < last {
			o.add(s.text(k, k+2), us[k].start, us[k+1].end, us[k].pos, analysis.Ideographic)
		}
	}
}
