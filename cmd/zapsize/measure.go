package main

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/blevesearch/vellum"
	"github.com/golang/snappy"
)

// Breakdown is where the bytes of one or more zap files go.
type Breakdown struct {
	Segments int
	Docs     int64
	File     int64
	Stored   Stored
	Fields   map[string]*Field
}

// Stored is the stored-fields section: a record per document (two varint
// lengths, the fields' metadata, the _id, then the other fields' values
// compressed with snappy) and an index of 8 bytes per document.
type Stored struct {
	Headers, Meta, IDs, Compressed, Index int64
	// Raw is the bytes of each field's values before compression, Snappy
	// what each would take compressed alone.
	Raw, Snappy map[string]int64
}

// Total is the bytes of the section.
func (s Stored) Total() int64 { return s.Headers + s.Meta + s.IDs + s.Compressed + s.Index }

// Field is the inverted index of one field.
type Field struct {
	Terms, OneHit int64 // terms, and those whose one posting is in the FST
	Dict          int64 // the FST and its length
	Postings      int64 // the postings records: offsets and roaring bitmap
	FreqNorm      FreqNorm
	Locations     Locations
	DocValues     int64
}

// Total is the bytes of the field's index.
func (f *Field) Total() int64 {
	return f.Dict + f.Postings + f.FreqNorm.Total() + f.Locations.Total() + f.DocValues
}

// FreqNorm is the frequencies and norms: per term and document, the
// frequency (with a bit for "has locations") and the norm's float32 bits,
// as varints, in chunks.
type FreqNorm struct {
	Header, Freq, Norm int64
}

// Total is the bytes of the frequencies and norms.
func (q FreqNorm) Total() int64 { return q.Header + q.Freq + q.Norm }

// Locations is the term vectors: per term and document, the length of its
// locations, then for each the field id, position, start and end byte
// offsets and the count of array positions (and those), as varints, in
// chunks.
type Locations struct {
	Count                                            int64
	Header, DocLen, Field, Pos, Start, End, ArrayPos int64
}

// Total is the bytes of the locations.
func (l Locations) Total() int64 {
	return l.Header + l.DocLen + l.Field + l.Pos + l.Start + l.End + l.ArrayPos
}

// Add adds o's bytes to b's.
func (b *Breakdown) Add(o *Breakdown) {
	b.Segments += o.Segments
	b.Docs += o.Docs
	b.File += o.File
	s, t := &b.Stored, o.Stored
	s.Headers += t.Headers
	s.Meta += t.Meta
	s.IDs += t.IDs
	s.Compressed += t.Compressed
	s.Index += t.Index
	if s.Raw == nil {
		s.Raw, s.Snappy = map[string]int64{}, map[string]int64{}
	}
	for k, v := range t.Raw {
		s.Raw[k] += v
	}
	for k, v := range t.Snappy {
		s.Snappy[k] += v
	}
	if b.Fields == nil {
		b.Fields = map[string]*Field{}
	}
	for name, f := range o.Fields {
		g := b.Fields[name]
		if g == nil {
			g = &Field{}
			b.Fields[name] = g
		}
		g.Terms += f.Terms
		g.OneHit += f.OneHit
		g.Dict += f.Dict
		g.Postings += f.Postings
		g.DocValues += f.DocValues
		g.FreqNorm.Header += f.FreqNorm.Header
		g.FreqNorm.Freq += f.FreqNorm.Freq
		g.FreqNorm.Norm += f.FreqNorm.Norm
		l, m := &g.Locations, f.Locations
		l.Count += m.Count
		l.Header += m.Header
		l.DocLen += m.DocLen
		l.Field += m.Field
		l.Pos += m.Pos
		l.Start += m.Start
		l.End += m.End
		l.ArrayPos += m.ArrayPos
	}
}

// The footer of a zap file of version 16: numDocs, storedIndexOffset,
// fieldsIndexOffset, sectionsIndexOffset, docValueOffset (8 bytes each),
// chunkMode, version, CRC (4 each).
const footerSize = 5*8 + 3*4

// Zap's constants (zapx v16).
const (
	sectionInvertedText = 0
	fstValEncodingMask  = uint64(0xc000000000000000)
	fstValEncoding1Hit  = uint64(0x8000000000000000)
	termNotEncoded      = 0
	fieldNotUninverted  = ^uint64(0)
)

// reader reads varints from data, panicking past its end (Measure turns
// the panic into an error).
type reader struct {
	data []byte
	at   uint64
}

func (r *reader) uvarint() (v uint64, n int64) {
	v, k := binary.Uvarint(r.data[r.at:])
	if k <= 0 {
		panic(fmt.Errorf("bad varint at %d", r.at))
	}
	r.at += uint64(k)
	return v, int64(k)
}

func (r *reader) u64() uint64 {
	v := binary.BigEndian.Uint64(r.data[r.at : r.at+8])
	r.at += 8
	return v
}

func (r *reader) u16() uint16 {
	v := binary.BigEndian.Uint16(r.data[r.at : r.at+2])
	r.at += 2
	return v
}

// Measure sums the sections of the zap file data.
func Measure(data []byte) (b *Breakdown, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("not a zap file of version 16, or damaged: %v", r)
		}
	}()
	if len(data) < footerSize {
		return nil, errors.New("too short for a zap file")
	}
	foot := &reader{data: data, at: uint64(len(data) - footerSize)}
	numDocs := foot.u64()
	storedIndex := foot.u64()
	foot.u64() // the fields index (older formats)
	sectionsIndex := foot.u64()
	foot.u64() // the doc values (older formats)
	if v := binary.BigEndian.Uint32(data[len(data)-8:]); v != 16 {
		return nil, fmt.Errorf("zap version %d, not 16", v)
	}
	b = &Breakdown{Segments: 1, Docs: int64(numDocs), File: int64(len(data)), Fields: map[string]*Field{}}
	fields, err := measureFields(data, sectionsIndex, b)
	if err != nil {
		return nil, err
	}
	measureStored(data, numDocs, storedIndex, fields, &b.Stored)
	return b, nil
}

// measureFields measures each field's inverted index and returns the
// fields' names by id.
func measureFields(data []byte, sectionsIndex uint64, b *Breakdown) ([]string, error) {
	r := &reader{data: data, at: sectionsIndex}
	n, _ := r.uvarint()
	var names []string
	for id := uint64(0); id < n; id++ {
		addr := r.u64()
		if addr == 0 {
			names = append(names, "")
			continue
		}
		fr := &reader{data: data, at: addr}
		l, _ := fr.uvarint()
		name := string(data[fr.at : fr.at+l])
		fr.at += l
		names = append(names, name)
		f := &Field{}
		b.Fields[name] = f
		sections, _ := fr.uvarint()
		for i := uint64(0); i < sections; i++ {
			typ, sec := fr.u16(), fr.u64()
			if typ != sectionInvertedText || sec == 0 {
				continue
			}
			sr := &reader{data: data, at: sec}
			dvStart, _ := sr.uvarint()
			dvEnd, _ := sr.uvarint()
			dict, _ := sr.uvarint()
			if dvStart != fieldNotUninverted {
				f.DocValues += int64(dvEnd - dvStart)
			}
			if err := measureTerms(data, dict, f); err != nil {
				return nil, fmt.Errorf("field %s: %w", name, err)
			}
		}
	}
	return names, nil
}

// measureTerms walks a field's dictionary: for each term, the frequencies,
// the locations and the postings record that zap writes one after the
// other, the record last (its offset is the term's value in the FST).
func measureTerms(data []byte, dict uint64, f *Field) error {
	r := &reader{data: data, at: dict}
	l, k := r.uvarint()
	f.Dict += k + int64(l)
	if l == 0 {
		return nil
	}
	fst, err := vellum.Load(data[r.at : r.at+l])
	if err != nil {
		return err
	}
	it, err := fst.Iterator(nil, nil)
	for err == nil {
		_, off := it.Current()
		f.Terms++
		if off&fstValEncodingMask == fstValEncoding1Hit {
			f.OneHit++
		} else {
			measurePostings(data, off, f)
		}
		err = it.Next()
	}
	if err != vellum.ErrIteratorDone {
		return err
	}
	return nil
}

func measurePostings(data []byte, off uint64, f *Field) {
	r := &reader{data: data, at: off}
	freqAt, _ := r.uvarint()
	locAt, _ := r.uvarint()
	n, _ := r.uvarint()
	f.Postings += int64(r.at-off) + int64(n)
	if freqAt != termNotEncoded {
		end := off
		if locAt != termNotEncoded {
			end = locAt
		}
		measureFreqNorm(data, freqAt, end, &f.FreqNorm)
	}
	if locAt != termNotEncoded {
		measureLocations(data, locAt, off, &f.Locations)
	}
}

// chunks skips the chunk index at r (a count, then each chunk's end
// offset) and returns its size and the end of the data after it.
func chunks(r *reader) (header int64, end uint64) {
	start := r.at
	n, _ := r.uvarint()
	var last uint64
	for i := uint64(0); i < n; i++ {
		last, _ = r.uvarint()
	}
	return int64(r.at - start), r.at + last
}

func measureFreqNorm(data []byte, at, end uint64, q *FreqNorm) {
	r := &reader{data: data, at: at}
	h, dataEnd := chunks(r)
	q.Header += h
	if dataEnd != end {
		panic(fmt.Errorf("frequencies at %d end at %d, not %d", at, dataEnd, end))
	}
	// Per document: the frequency with its has-locations bit, then the
	// norm, unless frequencies are skipped (then a 0 alone).
	for r.at < end {
		freq, k := r.uvarint()
		q.Freq += k
		if freq>>1 > 0 {
			_, k = r.uvarint()
			q.Norm += k
		}
	}
}

func measureLocations(data []byte, at, end uint64, l *Locations) {
	r := &reader{data: data, at: at}
	h, dataEnd := chunks(r)
	l.Header += h
	if dataEnd != end {
		panic(fmt.Errorf("locations at %d end at %d, not %d", at, dataEnd, end))
	}
	for r.at < end {
		size, k := r.uvarint()
		l.DocLen += k
		stop := r.at + size
		for r.at < stop {
			l.Count++
			_, k = r.uvarint()
			l.Field += k
			_, k = r.uvarint()
			l.Pos += k
			_, k = r.uvarint()
			l.Start += k
			_, k = r.uvarint()
			l.End += k
			n, k := r.uvarint()
			l.ArrayPos += k
			for i := uint64(0); i < n; i++ {
				_, k = r.uvarint()
				l.ArrayPos += k
			}
		}
	}
}

// measureStored walks the stored documents: a record per document, two
// varints (the metadata's length, and the _id's with the compressed
// data's), the metadata (the _id's length, then per value its field,
// type, offset, length and array positions), the _id, the snappy data.
func measureStored(data []byte, numDocs, index uint64, names []string, s *Stored) {
	s.Index = int64(numDocs * 8)
	s.Raw, s.Snappy = map[string]int64{}, map[string]int64{}
	var buf, enc []byte
	for doc := uint64(0); doc < numDocs; doc++ {
		at := binary.BigEndian.Uint64(data[index+doc*8:])
		r := &reader{data: data, at: at}
		metaLen, k1 := r.uvarint()
		dataLen, k2 := r.uvarint()
		s.Headers += k1 + k2
		meta := &reader{data: data[r.at : r.at+metaLen]}
		body := data[r.at+metaLen : r.at+metaLen+dataLen]
		s.Meta += int64(metaLen)
		idLen, _ := meta.uvarint()
		s.IDs += int64(idLen)
		s.Raw["_id"] += int64(idLen)
		s.Compressed += int64(dataLen - idLen)
		var err error
		buf, err = snappy.Decode(buf[:cap(buf)], body[idLen:])
		if err != nil {
			panic(fmt.Errorf("document %d: %w", doc, err))
		}
		for meta.at < uint64(len(meta.data)) {
			field, _ := meta.uvarint()
			meta.uvarint() // type
			off, _ := meta.uvarint()
			n, _ := meta.uvarint()
			aps, _ := meta.uvarint()
			for i := uint64(0); i < aps; i++ {
				meta.uvarint()
			}
			name := names[field]
			s.Raw[name] += int64(n)
			enc = snappy.Encode(enc[:cap(enc)], buf[off:off+n])
			s.Snappy[name] += int64(len(enc))
		}
	}
}
