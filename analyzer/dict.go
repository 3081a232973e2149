package analyzer

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// entry is what the dictionary knows about a key: whether it is a word and
// at what cost, and whether longer words start with it (so that a lookup
// walk knows when to stop).
type entry struct {
	cost float32
	word bool
	more bool
}

// dictionary maps folded keys (simplified, lower-cased text) to entries.
// Keys are words and every proper prefix of a word that ends on a unit
// boundary. It is an open-addressing hash table over the embedded word
// list, built in one pass at start-up (a Go map of the same keys takes
// several times longer to build), and read-only after that, so it is safe
// for concurrent use.
type dictionary struct {
	// slots hold, for each key: its offset and length in data, whether it
	// is a word and whether longer words start with it, the word's number
	// (for costs) and a fingerprint of its hash. Zero is an empty slot.
	slots []uint64
	shift uint // 64 - log2(len(slots))
	data  string
	costs []float32
	// logTotal is log2 of the sum of all word frequencies: a word's cost is
	// logTotal - log2(frequency), the negative log-probability that the
	// shortest-path segmentation adds up.
	logTotal float32
	// single holds the entries of one-character keys of the Basic
	// Multilingual Plane (every character of a walk's first step): a
	// table small enough to stay in cache. All one-character words cost
	// the same (see singleFreq).
	single     [0x10000]uint8
	singleCost float32
}

// Bits of dictionary.single.
const (
	singleWord = 1 << iota
	singleMore
)

// Slot layout.
const (
	slotOffBits  = 23 // offset into the word list
	slotLenBits  = 6
	slotWord     = 1 << (slotOffBits + slotLenBits)
	slotMore     = slotWord << 1
	slotNumShift = slotOffBits + slotLenBits + 2
	slotNumBits  = 20
	slotFPShift  = slotNumShift + slotNumBits
)

// fnv-1a, 64 bits, fed a byte at a time so that a walk over growing keys
// hashes each byte once.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvAdd(h uint64, b []byte) uint64 {
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

func fnvString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// place returns the first slot index to probe and the fingerprint for a
// key's hash.
func (d *dictionary) place(h uint64) (uint64, uint64) {
	h *= 0x9E3779B97F4A7C15
	return h >> d.shift, (h >> 8) & (1<<(64-slotFPShift) - 1)
}

// get looks up key, whose fnv hash is h.
func (d *dictionary) get(key []byte, h uint64) (entry, bool) {
	i, fp := d.place(h)
	mask := uint64(len(d.slots) - 1)
	for {
		sl := d.slots[i]
		if sl == 0 {
			return entry{}, false
		}
		if sl>>slotFPShift == fp && int(sl>>slotOffBits)&(1<<slotLenBits-1) == len(key) {
			off := int(sl & (1<<slotOffBits - 1))
			if d.data[off:off+len(key)] == string(key) {
				e := entry{word: sl&slotWord != 0, more: sl&slotMore != 0}
				if e.word {
					e.cost = d.costs[sl>>slotNumShift&(1<<slotNumBits-1)]
				}
				return e, true
			}
		}
		i = (i + 1) & mask
	}
}

// insert adds a key that is not in the table yet.
func (d *dictionary) insert(off, n int, word, more bool, num int) {
	i, fp := d.place(fnvString(d.data[off : off+n]))
	mask := uint64(len(d.slots) - 1)
	for d.slots[i] != 0 {
		i = (i + 1) & mask
	}
	sl := uint64(off) | uint64(n)<<slotOffBits | uint64(num)<<slotNumShift | fp<<slotFPShift
	if word {
		sl |= slotWord
	}
	if more {
		sl |= slotMore
	}
	d.slots[i] = sl
}

// setMore marks the key data[off:off+n], which is in the table, as the
// start of longer words.
func (d *dictionary) setMore(off, n int) {
	if !d.upsertMore(off, n) {
		return
	}
	panic("analyzer: setMore of a missing key") // parseBase never does this
}

// upsertMore marks the key data[off:off+n] as the start of longer words,
// adding it if it is not in the table; it reports whether it added it.
func (d *dictionary) upsertMore(off, n int) bool {
	key := d.data[off : off+n]
	i, fp := d.place(fnvString(key))
	mask := uint64(len(d.slots) - 1)
	for {
		sl := d.slots[i]
		if sl>>slotFPShift == fp && int(sl>>slotOffBits)&(1<<slotLenBits-1) == n &&
			d.data[int(sl&(1<<slotOffBits-1)):][:n] == key {
			d.slots[i] = sl | slotMore
			return false
		}
		if sl == 0 {
			d.insert(off, n, false, true, 0)
			return true
		}
		i = (i + 1) & mask
	}
}

// pseudoCost is the cost of a character (or a word of letters and digits)
// that the dictionary does not have: gse's 32, far above any word, so that
// unknown characters are only ever a last resort.
const pseudoCost = 32

// singleFreq is the frequency gse gives every one-character word, whatever
// its dictionary frequency: it makes the segmentation prefer the longest
// dictionary words, which is what a search engine wants to index.
const singleFreq = 2

// The built-in dictionary is built from the embedded word list on first
// use, once for the process: it is read-only and the same for every
// analyzer, so sharing it is no state (a user dictionary is per analyzer,
// see UserDict). The character tables of text.go are filled in the same
// once, and read-only after it too.
var (
	baseOnce sync.Once
	base     *dictionary
	baseErr  error
)

// loadBase returns the built-in dictionary, building it from the embedded
// word list on first use.
func loadBase() (*dictionary, error) {
	baseOnce.Do(func() {
		base, baseErr = parseBase(wordsData())
		if baseErr == nil {
			loadTables()
		}
	})
	return base, baseErr
}

// parseBase builds the dictionary from "word frequency" lines sorted by
// word. Keys point into data, so building it copies no text.
func parseBase(data string) (*dictionary, error) {
	if len(data) >= 1<<slotOffBits {
		return nil, fmt.Errorf("analyzer: dictionary of %d bytes is too big", len(data))
	}
	lines := strings.Count(data, "\n") + 1
	if lines >= 1<<slotNumBits {
		return nil, fmt.Errorf("analyzer: dictionary of %d words is too big", lines)
	}
	// The first line is "#total N": the total frequency of gse's whole
	// dictionary, of which this is the part the analyzer can use.
	head, _, _ := strings.Cut(data, "\n")
	if !strings.HasPrefix(head, "#total ") {
		return nil, fmt.Errorf("analyzer: dictionary has no #total line")
	}
	total, err := atoi(strings.TrimPrefix(head, "#total "))
	if err != nil {
		return nil, fmt.Errorf("analyzer: dictionary total: %w", err)
	}
	d := &dictionary{data: data, costs: make([]float32, 0, lines)}
	// Room for the words and their prefixes (about half as many again) at
	// about half full.
	size := 1
	for size < lines*5/2 {
		size *= 2
	}
	inserted := 0
	d.slots = make([]uint64, size)
	d.shift = uint(64 - bits.TrailingZeros(uint(size)))
	type word struct{ off, n int }
	freqs := make([]float64, 0, lines)
	prev := word{}
	for line, off := 2, len(head)+1; off < len(data); line++ {
		nl := strings.IndexByte(data[off:], '\n')
		if nl < 0 {
			nl = len(data) - off
		}
		l := data[off : off+nl]
		sp := strings.LastIndexByte(l, ' ')
		if sp <= 0 || sp >= 1<<slotLenBits {
			return nil, fmt.Errorf("analyzer: dictionary line %d: want a word and a frequency", line)
		}
		f, err := atoi(l[sp+1:])
		if err != nil {
			return nil, fmt.Errorf("analyzer: dictionary line %d: %w", line, err)
		}
		w := word{off, sp}
		key := l[:sp]
		if pk := data[prev.off : prev.off+prev.n]; line > 2 && key <= pk {
			return nil, fmt.Errorf("analyzer: dictionary line %d: %q is out of order", line, key)
		}
		freq := float64(f)
		if utf8.RuneCountInString(key) < 2 {
			freq = singleFreq
		}
		freqs = append(freqs, freq)
		// Words are sorted, so the prefixes this word shares with the one
		// before it are in the table already, and the others are not.
		shared := 0
		if line > 2 {
			pk := data[prev.off : prev.off+prev.n]
			shared = commonPrefix(pk, key)
			if shared == len(pk) {
				d.setMore(prev.off, prev.n) // the word before is a prefix of this one
			}
		}
		num := len(freqs) - 1
		if r, n := utf8.DecodeRuneInString(key); r < 0x10000 && r >= utf8.RuneSelf {
			if n == len(key) {
				d.single[r] |= singleWord
			} else {
				d.single[r] |= singleMore
			}
		}
		pk := data[prev.off : prev.off+prev.n]
		unitEnds(key, func(end int) {
			switch {
			case end == len(key):
				d.insert(off, end, true, false, num)
				inserted++
			case end > shared:
				d.insert(off, end, false, true, 0)
				inserted++
			case isASCIIAlnum(key[end-1]) && end < len(pk) && isASCIIAlnum(pk[end]):
				// A prefix that ends inside a run of letters of the word
				// before (a in aa制, here a股) was not a prefix of it.
				if d.upsertMore(off, end) {
					inserted++
				}
			}
		})
		if inserted > size*3/4 {
			return nil, fmt.Errorf("analyzer: dictionary line %d: too many prefixes", line)
		}
		prev = w
		off += nl + 1
	}
	d.logTotal = float32(math.Log2(float64(total)))
	d.singleCost = d.logTotal - float32(math.Log2(singleFreq))
	for _, f := range freqs {
		d.costs = append(d.costs, d.logTotal-float32(math.Log2(f)))
	}
	return d, nil
}

func atoi(s string) (int, error) {
	n := 0
	if s == "" {
		return 0, fmt.Errorf("empty frequency")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' || n > math.MaxInt64/10 {
			return 0, fmt.Errorf("bad frequency %q", s)
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// unitEnds calls f with the end of every unit of the folded word w: each
// ideograph is a unit, and so is each run of ASCII letters and digits.
func unitEnds(w string, f func(end int)) {
	for i := 0; i < len(w); {
		if isASCIIAlnum(w[i]) {
			j := i + 1
			for j < len(w) && isASCIIAlnum(w[j]) {
				j++
			}
			i = j
		} else {
			_, n := utf8.DecodeRuneInString(w[i:])
			i += n
		}
		f(i)
	}
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// UserDict is a list of words to keep whole, on top of the built-in
// dictionary: new names and terms (新质生产力) that the analyzer would
// otherwise cut into pieces. An analyzer finds them when it is made with
// the dictionary (New, or Register for an index's mapping); an index must
// be rebuilt (xinwen reindex) for documents indexed before to be cut the
// same way. It is read-only once parsed, and safe for concurrent use.
type UserDict struct {
	m     map[string]entry
	words int
	canon []byte // one "word frequency" line per word, in file order
	id    string
}

// ParseUserDict reads a user dictionary: one word per line, optionally
// followed by a frequency (how common the word is, like the built-in
// dictionary's; higher wins more often) and a part-of-speech tag, which
// is ignored (jieba's format). Blank lines and lines starting with # are
// skipped. name is used in error messages, which give the line.
func ParseUserDict(r io.Reader, name string) (*UserDict, error) {
	d, err := loadBase()
	if err != nil {
		return nil, err
	}
	u := &UserDict{m: map[string]entry{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var canon bytes.Buffer
	type word struct {
		key  string
		cost float32
		line int
	}
	var words []word
	seen := map[string]int{}
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) > 3 {
			return nil, fmt.Errorf("%s:%d: %q: want a word, optionally a frequency and a tag", name, line, text)
		}
		key, err := foldWord(fields[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if first, dup := seen[key]; dup {
			return nil, fmt.Errorf("%s:%d: %q is already on line %d", name, line, fields[0], first)
		}
		seen[key] = line
		var cost float32
		if len(fields) > 1 {
			f, err := strconv.ParseFloat(fields[1], 64)
			if err != nil || !(f >= 1) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("%s:%d: frequency %q is not a number of at least 1", name, line, fields[1])
			}
			cost = d.logTotal - float32(math.Log2(f))
			fmt.Fprintf(&canon, "%s %s\n", key, fields[1])
		} else {
			cost = -1 // decided below, against the built-in dictionary
			fmt.Fprintf(&canon, "%s\n", key)
		}
		words = append(words, word{key, cost, line})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, w := range words {
		if w.cost < 0 {
			// Without a frequency a word must at least beat its own
			// pieces, or it would never be found whole: like a rare
			// dictionary word, or just under what its pieces cost.
			w.cost = min(d.logTotal-float32(math.Log2(3)), splitCost(d, w.key)-1)
		}
		e := u.m[w.key]
		e.word, e.cost = true, w.cost
		u.m[w.key] = e
		unitEnds(w.key, func(end int) {
			if end < len(w.key) {
				e := u.m[w.key[:end]]
				e.more = true
				u.m[w.key[:end]] = e
			}
		})
	}
	u.words = len(words)
	u.canon = canon.Bytes()
	sum := sha256.Sum256(u.canon)
	u.id = hex.EncodeToString(sum[:6])
	return u, nil
}

// foldWord folds a user word the way the analyzer folds text and checks
// that it is one run the analyzer could see: ideographs, letters and
// digits, with at least one ideograph.
func foldWord(w string) (string, error) {
	var s scratch
	in := []byte(w)
	ideo := false
	for i := 0; i < len(in); {
		r, n := utf8.DecodeRune(in[i:])
		switch classOf(r) {
		case clIdeo:
			ideo = true
			s.units = append(s.units, unit{start: i, end: i + n, r: foldIdeo(r), ideo: true, width: 1})
			i += n
		case clLetter, clDigit:
			end, parts := scanLatin(in, i)
			if parts > 1 {
				return "", fmt.Errorf("%q: a hyphenated word is kept whole already; leave it out", w)
			}
			s.units = append(s.units, unit{start: i, end: end, width: 1})
			i = end
		default:
			return "", fmt.Errorf("%q has %q in it, which separates words; a dictionary word is one run of characters", w, r)
		}
	}
	if !ideo {
		return "", fmt.Errorf("%q has no Chinese characters; words of letters and digits are kept whole already", w)
	}
	s.fold(in)
	return string(s.fb), nil
}

// splitCost is the cost of the cheapest way to cut key without keeping it
// whole, with the built-in dictionary only.
func splitCost(d *dictionary, key string) float32 {
	var s scratch
	in := []byte(key)
	for i := 0; i < len(in); {
		end := i
		unitEnds(key[i:], func(e int) {
			if end == i {
				end = i + e
			}
		})
		r, _ := utf8.DecodeRune(in[i:])
		s.units = append(s.units, unit{start: i, end: end, fs: i, fe: end, r: r, ideo: !isASCIIAlnum(in[i]), width: 1})
		i = end
	}
	s.fb = append(s.fb[:0], in...)
	v := view{base: d}
	return v.shortest(&s, 0, len(s.units), true)
}

// Len returns the number of words in the dictionary.
func (u *UserDict) Len() int {
	if u == nil {
		return 0
	}
	return u.words
}

// ID returns a short hash of the dictionary's words and frequencies, to
// tell whether an index was built with it; "" for no dictionary.
func (u *UserDict) ID() string {
	if u == nil || u.words == 0 {
		return ""
	}
	return u.id
}

// Bytes returns the dictionary in its file format, folded: parsing it again
// gives the same dictionary. An index stores it so that it can be searched
// and rebuilt with the dictionary it was built with.
func (u *UserDict) Bytes() []byte {
	if u == nil {
		return nil
	}
	return u.canon
}

// view is the dictionary as one analysis sees it: the built-in words and,
// over them, the user's.
type view struct {
	base *dictionary
	user *UserDict
	// plain leaves numerals and quantities out of the lattice: gse's
	// segmentation exactly, for comparing with it.
	plain bool
}

func (v view) lookup(key []byte) (entry, bool) {
	return v.lookupHash(key, fnvAdd(fnvOffset, key))
}

// lookupHash is lookup for a key whose fnv hash is h.
func (v view) lookupHash(key []byte, h uint64) (entry, bool) {
	if len(key) == 0 {
		return entry{}, false
	}
	var e entry
	var ok bool
	if r, n := utf8.DecodeRune(key); n == len(key) && r >= utf8.RuneSelf && r < 0x10000 {
		// One character of the Basic Multilingual Plane: the small table.
		f := v.base.single[r]
		e = entry{cost: v.base.singleCost, word: f&singleWord != 0, more: f&singleMore != 0}
		ok = f != 0
	} else {
		e, ok = v.base.get(key, h)
	}
	if v.user != nil {
		if u, uok := v.user.m[string(key)]; uok {
			if u.word {
				e.word, e.cost = true, u.cost
			}
			e.more = e.more || u.more
			ok = true
		}
	}
	return e, ok
}
