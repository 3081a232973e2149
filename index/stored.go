package index

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sync"

	"github.com/klauspost/compress/dict"
	"github.com/klauspost/compress/zstd"
)

// Stored bodies.
//
// zap keeps stored fields compressed with snappy, which does little for
// Chinese: the CCTV bodies, 106 MB, take 85 MB. The body is therefore not
// stored as it is but in fieldBodyZ, compressed with zstd and a dictionary
// trained on the index's own first articles (51 MB), and decompressed for
// the hits shown only (Inflate). The dictionary is trained once, from the
// first trainDocs bodies written to an index that has none, and kept in
// the index (zdictKey): the bodies written before it are compressed
// without one, which any reader decodes. zstd names the dictionary of each
// body in its frame, so the readers of every open index share one table of
// dictionaries by their ids (decoders).

const (
	// fieldBodyZ holds the body, compressed: the body field itself is
	// analyzed but not stored.
	fieldBodyZ = "body_zst"
	// zdictKey is the internal key of the index's zstd dictionary.
	zdictKey = "xinwen.zdict"
	// trainSample is how much of each of the first trainDocs bodies the
	// dictionary is trained on: 1,000 bodies of 1 KB make a dictionary of
	// 64 KB in a fraction of a second, and compress the CCTV bodies as well
	// as the whole bodies do (cmd/zapsize's table in MEASUREMENTS.md).
	trainSample = 1024
	dictSize    = 64 << 10
)

// trainDocs is how many bodies the dictionary is trained on; tests lower
// it.
var trainDocs = 1000

// bodies compresses an index's bodies.
type bodies struct {
	mu      sync.Mutex
	enc     *zstd.Encoder // with the index's dictionary; nil until there is one
	samples [][]byte      // the first bodies, until the dictionary is trained
	done    bool          // trained, or failed to: no more samples
}

var (
	// plainEnc compresses the bodies of an index without a dictionary.
	plainEnc = sync.OnceValue(func() *zstd.Encoder {
		enc, _ := zstd.NewWriter(nil, encoderOptions()...) // fails on bad options only
		return enc
	})
	// decoders holds a decoder for each dictionary of an index opened in
	// the process, by its id; 0 is the one without.
	decoders sync.Map // uint32 -> *dictDecoder
)

type dictDecoder struct {
	dict []byte
	dec  *zstd.Decoder
}

func encoderOptions(more ...zstd.EOption) []zstd.EOption {
	return append([]zstd.EOption{zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderCRC(false), zstd.WithEncoderConcurrency(1)}, more...)
}

// useDict makes d, a zstd dictionary read from or trained for ix, the one
// ix compresses with and one every reader can decompress with.
func (ix *Index) useDict(d []byte) error {
	id, err := register(d)
	if err != nil {
		return fmt.Errorf("index: %s: zstd dictionary: %w", ix.dir, err)
	}
	enc, err := zstd.NewWriter(nil, encoderOptions(zstd.WithEncoderDict(d))...)
	if err != nil {
		return fmt.Errorf("index: %s: zstd dictionary %d: %w", ix.dir, id, err)
	}
	ix.bodies.mu.Lock()
	ix.bodies.enc, ix.bodies.done, ix.bodies.samples = enc, true, nil
	ix.bodies.mu.Unlock()
	return nil
}

// loadDict reads the index's dictionary, if it has one, and uses it.
func (ix *Index) loadDict() error {
	d, err := ix.b.GetInternal([]byte(zdictKey))
	if err != nil {
		return fmt.Errorf("index: %s: read its zstd dictionary: %w", ix.dir, err)
	}
	if d == nil {
		return nil
	}
	return ix.useDict(d)
}

// register adds the decoder of dictionary d to decoders and returns its id.
func register(d []byte) (uint32, error) {
	id, ok := dictID(d)
	if !ok {
		return 0, errors.New("not a zstd dictionary")
	}
	if v, ok := decoders.Load(id); ok {
		if !bytes.Equal(v.(*dictDecoder).dict, d) {
			return 0, fmt.Errorf("another index open in this process has another dictionary of id %d", id)
		}
		return id, nil
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderDicts(d), zstd.WithDecoderLowmem(true))
	if err != nil {
		return 0, err
	}
	v, _ := decoders.LoadOrStore(id, &dictDecoder{dict: bytes.Clone(d), dec: dec})
	if !bytes.Equal(v.(*dictDecoder).dict, d) {
		return 0, fmt.Errorf("another index open in this process has another dictionary of id %d", id)
	}
	return id, nil
}

// dictID reads the id of a zstd dictionary: after its magic number.
func dictID(d []byte) (uint32, bool) {
	if len(d) < 8 || !bytes.Equal(d[:4], []byte{0x37, 0xa4, 0x30, 0xec}) {
		return 0, false
	}
	return uint32(d[4]) | uint32(d[5])<<8 | uint32(d[6])<<16 | uint32(d[7])<<24, true
}

// storedMap returns an entry's fields as the index writes them: the body
// compressed into fieldBodyZ. The first bodies of an index without a
// dictionary are kept as samples, and the trainDocs-th trains it.
func (ix *Index) storedMap(fields map[string]interface{}) (map[string]interface{}, error) {
	body, ok := fields[FieldBody].(string)
	if !ok {
		return fields, nil
	}
	b := &ix.bodies
	b.mu.Lock()
	enc := b.enc
	var train [][]byte
	if enc == nil && !b.done {
		b.samples = append(b.samples, []byte(body[:min(len(body), trainSample)]))
		if len(b.samples) >= trainDocs {
			train, b.samples, b.done = b.samples, nil, true
		}
	}
	b.mu.Unlock()
	if train != nil {
		ix.train(train)
		b.mu.Lock()
		enc = b.enc
		b.mu.Unlock()
	}
	if enc == nil {
		enc = plainEnc()
	}
	f := maps.Clone(fields)
	f[fieldBodyZ] = string(enc.EncodeAll([]byte(body), nil))
	return f, nil
}

// train trains the index's dictionary on samples, keeps it in the index
// and uses it. The index's own SetInternal is committed before any batch
// with a body it compressed, so no body on disk lacks its dictionary. A
// dictionary that cannot be made (samples too alike, too few) leaves the
// bodies compressed without one.
func (ix *Index) train(samples [][]byte) {
	d, err := dict.BuildZstdDict(samples, dict.Options{MaxDictSize: dictSize, HashBytes: 6, ZstdLevel: zstd.SpeedFastest})
	if err == nil {
		err = ix.b.SetInternal([]byte(zdictKey), d)
	}
	if err == nil {
		err = ix.useDict(d)
	}
	if err != nil {
		slog.Warn("index: no zstd dictionary: the bodies are compressed without one", "index", ix.dir, "err", err)
	}
}

// Inflate turns the compressed body of a hit's stored fields into the body
// field, as FromFields reads it. It is a no-op for fields that hold none
// (an index of schema 5 and before stored the body as it is).
func Inflate(fields map[string]interface{}) error {
	z, ok := fields[fieldBodyZ].(string)
	if !ok {
		return nil
	}
	var h zstd.Header
	if err := h.Decode([]byte(z)); err != nil {
		return fmt.Errorf("index: a stored body is damaged: %w", err)
	}
	v, ok := decoders.Load(h.DictionaryID)
	if !ok {
		return fmt.Errorf("index: a stored body needs zstd dictionary %d, which no open index has", h.DictionaryID)
	}
	body, err := v.(*dictDecoder).dec.DecodeAll([]byte(z), nil)
	if err != nil {
		return fmt.Errorf("index: a stored body is damaged: %w", err)
	}
	fields[FieldBody] = string(body)
	delete(fields, fieldBodyZ)
	return nil
}

func init() {
	// The decoder of the bodies compressed without a dictionary.
	dec, err := zstd.NewReader(nil, zstd.WithDecoderLowmem(true))
	if err != nil {
		panic(err)
	}
	decoders.Store(uint32(0), &dictDecoder{dec: dec})
}
