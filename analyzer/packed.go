package analyzer

import "unicode/utf8"

// Packed offsets.
//
// bleve keeps a position, a start and an end for every token of a field
// with term vectors, each as a plain varint: the byte offsets of a body's
// tokens take two or three bytes each, 76 MB of the 360 MB CCTV index. But
// a position already says where a token starts: positions count units (see
// Positions in the package comment), and the units of a text are found by
// a scan of its characters, with no dictionary, in microseconds. So the
// analyzer of the index (the one Register and Name give bleve) packs its
// offsets: a token's start becomes its distance from the start of the unit
// at its position (0 but for the parts of a hyphenated word and for tokens
// that begin off their unit) and its end becomes its length in bytes, each
// one byte in the index. Unpack turns them back, from the text, exactly:
// the packing subtracts what the unpacking adds. The stored text, which
// the highlights cut, is the text that was analyzed.

// UnitStarts holds the byte offset, in a text, of the unit each position
// stands in: entry p-1 for position p (a hyphenated word's parts share its
// start).
type UnitStarts []int32

// Units returns the unit starts of text, position by position, as the
// analyzer counts positions.
func Units(text []byte) UnitStarts {
	var us UnitStarts
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRune(text[i:])
		switch classOf(r) {
		case clIdeo:
			us = append(us, int32(i))
			i += n
		case clLetter, clDigit:
			end, parts := scanLatin(text, i)
			for range parts {
				us = append(us, int32(i))
			}
			i = end
		default: // separators and marks between chunks
			i += n
		}
	}
	return us
}

// base is the start of the unit at position pos, 0 for a position the text
// does not have.
func (us UnitStarts) base(pos int) int {
	if pos < 1 || pos > len(us) {
		return 0
	}
	return int(us[pos-1])
}

// Unpack returns the byte offsets of a token at pos whose offsets the
// index-time analyzer packed into start and end.
func (us UnitStarts) Unpack(pos int, start, end uint64) (int, int) {
	s := us.base(pos) + unzigzag(start)
	return s, s + int(end)
}

// pack rewrites the offsets of o's tokens of input into their packed form.
func (o *out) pack(input []byte) {
	us := Units(input)
	for _, t := range o.ts {
		d := t.Start - us.base(t.Position)
		t.Start, t.End = zigzag(d), t.End-t.Start
	}
}

// zigzag maps a small signed number to a small unsigned one: 0, -1, 1, -2
// to 0, 1, 2, 3, so that a start before its unit (which the analyzer never
// makes) still packs and unpacks.
func zigzag(d int) int {
	if d < 0 {
		return -2*d - 1
	}
	return 2 * d
}

func unzigzag(z uint64) int {
	if z&1 == 1 {
		return -int(z>>1) - 1
	}
	return int(z >> 1)
}
