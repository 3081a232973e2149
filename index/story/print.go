package story

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// bins is the number of values of a Print: 128. With 64 the evaluation's
// figures were the same, but the short items of a series (a paragraph, a
// hundred shingles, 80 to 90% the same from one day to the next) fell in
// too few bins to be told from reprints, and the CCTV corpus had series
// of four to six commentaries joined into one story.
const bins = 128

// Print is the fingerprint of an article: a one-permutation MinHash of the
// shingles of its body (runs of five units), from which Containment
// estimates how much of one text is in another. A Print is 260 bytes;
// MarshalBinary gives it in 262 for storing.
type Print struct {
	// sig holds, for each bin, the least hash of the shingles that fall
	// in it (its top 16 bits), or emptyBin.
	sig [bins]uint16
	// size is the number of shingles, counted with their weights.
	size uint32
}

// config is how the units of an article become shingles. The evaluation
// tries others; standard is the one Fingerprint uses.
type config struct {
	n         int     // units per shingle
	numWeight int     // a shingle that holds a number counts this many times
	trim      int     // lines of fewer units at either end of the body are left out
	crossLine bool    // shingles run across the ends of lines
	lead      int     // > 0: only the title and the first lead units of the body
	noTitle   bool    // the title is left out
	trimShare float64 // > 0: at most this share of the body's units is trimmed at each end
}

// standard is the configuration chosen on the evaluation (see the package
// comment): the body only, in shingles of five units within a line,
// numbers five times, and lines of fewer than 20 units at either end left
// out as long as they are no more than a third of the body.
var standard = config{n: 5, numWeight: 5, trim: 20, noTitle: true, trimShare: 1.0 / 3}

// Fingerprint returns the print of an article from its title and body.
// The title is not part of it (a reprint's headline is often its own);
// it is taken so that the choice stays the package's. Fingerprint reads
// the text once and allocates nothing once warm.
func Fingerprint(title, body string) Print {
	return standard.print(title, body)
}

var unitPool = sync.Pool{New: func() any { return new([]unit) }}

func (c config) print(title, body string) Print {
	var mins [bins]uint32
	for i := range mins {
		mins[i] = ^uint32(0)
	}
	var p Print
	c.shingles(title, body, func(h uint64) {
		y := mix(h)
		b := (y >> 32) % bins
		mins[b] = min(mins[b], uint32(y))
		p.size++
	})
	for i, v := range mins {
		if v == ^uint32(0) {
			p.sig[i] = emptyBin
		} else {
			p.sig[i] = min(uint16(v>>16), emptyBin-1)
		}
	}
	return p
}

// emptyBin is the value of a bin no shingle falls in.
const emptyBin = ^uint16(0)

// shingles calls fn with the hash of each shingle of an article, a
// shingle with a number in it numWeight times (with different hashes), so
// that two texts alike but for their numbers, a template filled in on two
// days, are far apart. The title is a line of its own. The short lines at
// the ends of the body are a portal's header and footer ("来源：…",
// "责任编辑：…", a list of related headlines) or an editor's credit, not
// the story: they are left out, unless they are more than trimShare of
// the body (a table, a list of names).
func (c config) shingles(title, body string, fn func(h uint64)) {
	buf := unitPool.Get().(*[]unit)
	defer unitPool.Put(buf)
	us := (*buf)[:0]
	// The units of every line, and where each line starts.
	var starts [64]int
	lines := starts[:0]
	add := func(s string) {
		lines = append(lines, len(us))
		us = units(us, s)
	}
	if c.noTitle {
		title = ""
	}
	add(title)
	for rest := body; ; {
		line, more, found := strings.Cut(rest, "\n")
		add(line)
		if !found {
			break
		}
		rest = more
	}
	*buf = us
	lines = append(lines, len(us))
	// Leave out the short lines at either end of the body (line 0 is the
	// title), unless all of it is short or they are too much of it.
	first, last := 1, len(lines)-1
	if c.trim > 0 {
		short := func(i int) bool { return lines[i+1]-lines[i] < c.trim }
		for first < last && short(first) {
			first++
		}
		for last > first && short(last-1) {
			last--
		}
		if first == last {
			first, last = 1, len(lines)-1
		}
		if c.trimShare > 0 {
			body := float64(lines[len(lines)-1] - lines[1])
			if float64(lines[first]-lines[1]) > c.trimShare*body {
				first = 1
			}
			if float64(lines[len(lines)-1]-lines[last]) > c.trimShare*body {
				last = len(lines) - 1
			}
		}
	}
	emit := func(seg []unit) {
		n := min(c.n, len(seg))
		for i := 0; n > 0 && i+n <= len(seg); i++ {
			h := uint64(0x9E3779B97F4A7C15)
			num := false
			for _, u := range seg[i : i+n] {
				h = (h ^ u.h) * 0x100000001B3
				h = h<<23 | h>>41
				num = num || u.num
			}
			fn(h)
			if num {
				for j := 1; j < c.numWeight; j++ {
					fn(h + uint64(j)*0xD6E8FEB86659FD93)
				}
			}
		}
	}
	end := lines[last]
	if c.lead > 0 {
		end = min(end, lines[first]+c.lead)
	}
	if !c.noTitle {
		emit(us[lines[0]:lines[1]])
	}
	if c.crossLine {
		emit(us[lines[first]:end])
		return
	}
	for i := first; i < last && lines[i] < end; i++ {
		emit(us[lines[i]:min(end, lines[i+1])])
	}
}

// compare counts, over the bins where either print has a shingle, where
// the least shingle of the two texts together lies: in both (the bin has
// the same value in each), in a's text only (a's value is the lesser, or
// b's bin is empty) or in b's only. As each bin's least is a shingle drawn
// at random from the two texts together, the three counts are in the
// proportions of the shingles the texts share, a's own and b's own.
func compare(a, b *Print) (both, aOnly, bOnly int) {
	for i, x := range a.sig {
		y := b.sig[i]
		switch {
		case x == y:
			if x != emptyBin {
				both++
			}
		case x < y:
			aOnly++
		default:
			bOnly++
		}
	}
	return both, aOnly, bOnly
}

// resemblance estimates the Jaccard similarity of the shingles of two
// prints: the share of them that both texts have.
func resemblance(a, b *Print) float64 {
	both, aOnly, bOnly := compare(a, b)
	if both == 0 {
		return 0
	}
	return float64(both) / float64(both+aOnly+bOnly)
}

// Containment estimates how much of each article's text is in the other:
// small, the share of the shorter's shingles that are in the longer, and
// large, the share of the longer's that are in the shorter. A reprint with
// a header and a footer holds all of its original (small is 1) and is
// mostly that original (large well above a half); a digest of four
// stories holds one whole (small is 1) but is mostly others (large about
// a quarter). When the longer text holds all of the shorter, small is
// exactly 1, whatever their sizes.
func Containment(a, b Print) (small, large float64) {
	both, aOnly, bOnly := compare(&a, &b)
	if both == 0 {
		return 0, 0
	}
	if a.size > b.size {
		aOnly, bOnly = bOnly, aOnly
	}
	return float64(both) / float64(both+aOnly), float64(both) / float64(both+bOnly)
}

// bandKeys returns the values a print is filed under in an Index: its
// first bands bins, an empty one given a value from the next full bin to
// its right and the distance to it (rotation densification, Shrivastava
// and Li 2014), so that a short text, with many empty bins, is filed
// under every band too, as its reprints are.
func (p *Print) bandKeys() (keys [bands]uint16) {
	for i := range keys {
		d := 0
		for d < bins && p.sig[(i+d)%bins] == emptyBin {
			d++
		}
		if d == bins {
			return keys // an empty text: filed under nothing useful
		}
		v := p.sig[(i+d)%bins]
		if d > 0 {
			v = uint16(mix(uint64(v)<<8|uint64(d)) >> 48)
		}
		keys[i] = v
	}
	return keys
}

// printVersion is the first byte of a marshalled Print. A change to how
// prints are made (config, bins, hashes) must change it, so that prints
// stored by an older program are made again rather than compared with new
// ones.
const printVersion = 1

// ErrPrintVersion is returned by UnmarshalBinary for a print made by
// another version of this package: make it again from the text.
var ErrPrintVersion = errors.New("story: print of another version")

// MarshalBinary returns the print as 134 bytes: a version, the size and
// the values.
func (p Print) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 2+4+2*bins)
	b = append(b, printVersion, bins)
	b = binary.LittleEndian.AppendUint32(b, p.size)
	for _, v := range p.sig {
		b = binary.LittleEndian.AppendUint16(b, v)
	}
	return b, nil
}

// UnmarshalBinary reads a print written by MarshalBinary.
func (p *Print) UnmarshalBinary(b []byte) error {
	if len(b) >= 1 && b[0] != printVersion {
		return fmt.Errorf("%w: version %d, want %d", ErrPrintVersion, b[0], printVersion)
	}
	if len(b) != 2+4+2*bins || b[1] != bins {
		return fmt.Errorf("story: print of %d bytes, want %d", len(b), 2+4+2*bins)
	}
	p.size = binary.LittleEndian.Uint32(b[2:])
	for i := range p.sig {
		p.sig[i] = binary.LittleEndian.Uint16(b[6+2*i:])
	}
	return nil
}
