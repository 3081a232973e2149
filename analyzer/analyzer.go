// Package analyzer turns mixed Chinese and English text into search terms.
//
// It is a bleve analyzer with its own implementation of gse's segmentation:
// the cheapest path through a lattice of dictionary words, with gse's
// dictionary and gse's costs, so that its words are gse's words
// (TestSameWordsAsGse checks them against gse.Segment on the CCTV corpus).
// It does not call gse because gse takes 1–2 s of CPU to load its
// dictionary and allocates for every character; here the dictionary is a
// word list embedded in the program (data/words.txt.gz, made from gse's by
// internal/mkdata) that is built into a hash table in about 0.1 s of CPU
// at the first analysis (BenchmarkLoad), and a text is cut with a handful
// of allocations. Analyzers are safe for concurrent use.
//
// Two analyzers are registered with bleve by name:
//
//   - Name ("xinwen") is for index time. Besides the words of the path it
//     emits the dictionary sub-words of long words (gse's search mode: the
//     cheapest path through the word without the word itself, recursively),
//     so that 农业 finds 中国农业发展银行, and the alternative forms below.
//   - QueryName ("xinwen_query") is for query time: the path only, so a
//     query is not a soup of fragments.
//
// Both are also analyzer types that take a user dictionary in their
// configuration: Register adds the pair for a dictionary to an index
// mapping, under names of their own, so that each index is analyzed, and
// searched, with its own words, however many are open in one process.
//
// # Positions
//
// Positions count units: each Chinese character is one, each word of
// letters and digits is one (a hyphenated one, COVID-19, one per part). A
// word at position p that is n units long is followed by the next token
// at p+n, and each sub-word sits at p plus its offset inside the word. A
// phrase query built from the query analyzer's tokens, with an empty slot
// for every position no token starts at, therefore matches exactly where
// its words are contiguous in the text, however the index-time lattice cut
// them; and a word is found where it is a word, and only there: 国有 finds
// 国有企业, never 中国|有. Stop words, English (had, very, other) and
// Chinese (function characters such as 的 and 了 where they stand alone),
// are tokens like any word, English ones unstemmed, so that a phrase finds
// them ("had very", 人和); a search leaves them out of words that match on
// their own (IsStopWord). The commonest English words (the, of, to:
// IsDropped) are dropped but keep their position, so phrases keep a gap
// there. Every query token is an index token of the same text at the same
// position
// (FuzzOffsets checks it), so a text always matches itself.
//
// # Rules
//
//   - Text is folded before it is looked up: NFKC (full-width ＧＤＰ is GDP,
//     compatibility ideographs are unified ones), lower case, Latin
//     diacritics removed (Lüliang is luliang), and a run of Chinese with a
//     character only traditional text uses (國) folded to simplified with
//     OpenCC's tables, phrases first (國有企業 is 国有企业; 乾隆 stays, 乾淨
//     is 干净). Folding never changes the number of characters, so every
//     token's Start and End are byte offsets of its own text in the
//     original input and highlights wrap exactly the matched characters.
//     (The index-time analyzer that bleve builds from a mapping packs them,
//     and highlights unpack them: see UnitStarts.)
//   - English words are stemmed (Snowball) and lose their possessive.
//   - Things that are one thing stay one token: 5G, GDP, COVID-19,
//     m123-test, 76.7%, 1,750 (as 1750). A hyphenated word also gives its
//     parts at index time, so covid finds COVID-19; a percentage gives its
//     number.
//   - A number and its unit are one quantity (2024年, 1.5亿元), with the
//     number alone (and 1.5亿) at index time; the lattice weighs a quantity
//     against the dictionary words around it (2024年度 is 2024|年度). A run
//     of Chinese numerals is one word (二〇二四, 三千万) and, where it reads
//     as one number, also its Arabic form: a query for 2024年 finds
//     二〇二四年, and the query analyzer turns 二〇二四年 into 2024年.
//   - Words of mixed letters and Chinese that the dictionary has (A股, T恤,
//     4S店) are found as words.
//   - A user dictionary (UserDict) adds words without a code change; an
//     index keeps the one it was built with in its mapping (Register).
//
// # Places in either script
//
// A place is searched for by its name in either script: 山西 and Shanxi,
// 吕梁 and Lüliang, Lvliang or Luliang, 内蒙古 and Inner Mongolia. The
// gazetteer (package place) finds the names in a text with its own rules
// (whole romanized words only, no 河北 in 黄河北岸, weak names such as 白银
// only beside their province, streets such as 南京路 are no mention), and
// the analyzers turn each mention into a term of its own, "#" and the
// place's code (#140000 is Shanxi), at the position where the name starts
// and with the name's byte offsets:
//
//   - at index time the place term is added to the words of the name,
//     which are indexed as before;
//   - at query time the place term replaces the words of the name, so a
//     query for Shanxi, 山西, 山西省 or SHANXI is the term #140000, and
//     finds every article that names Shanxi in either script.
//
// Because the term sits where the name starts and the words after the
// name keep their positions, a phrase matches exactly as before in either
// script: "山西焦煤" is #140000 then 焦煤 two positions on, as the index
// has it; "Shanxi Coking Coal" is #140000, coke, coal. A phrase that mixes
// scripts across the name (Shanxi焦煤 against 山西焦煤) does not match,
// since a Chinese name takes as many positions as it has characters and a
// romanized one as many as it has words.
//
// An ambiguous name gets the terms of all the places it may mean: Fuzhou
// is 福州 (#350100) and 抚州 (#361000), 吉林 the province and the city. The
// analyzer sees one field at a time and cannot weigh an article's evidence
// as extraction does; a reader who searches 抚州 would rather see an
// English "Fuzhou" story about 福州 than miss one about 抚州.
//
// A Chinese name counts only where it lines up with the words the
// segmentation found: it must start where a word starts, and end where one
// ends or inside the word it starts (山西 in 山西人); 大理 in 重大|理论 and
// 达州 in 佛罗里达|州 are no mention. A name that runs into the next word
// is cut back to the longest part that ends a word and still names the
// place (山西省 in 山西|省委 is 山西). A query replaces only names that are
// whole words (山西省, not 山西人). Inside one dictionary word, a name is a
// place only after another name or 中国, 中共 (广西南宁, 中共江苏省委);
// gse's one common misreading of a name, 在内|蒙古, is read through.
//
// TestPlaceEval (XINWEN_EVAL=places go test ./analyzer -run PlaceEval -v)
// measured what this does to a Chinese query for a place, over the bodies
// of the first 10,000 CCTV articles and the 367 provinces and prefectures:
// the name as a word (what 吕梁 matched before place terms) is in 14,810
// (place, article) pairs, the place term in 14,515; 384 pairs have only
// the word and 89 only the term. Of the evaluation's sample of 40 with only
// the word, 37 are not the place (李长春, 长治久安, 幸福安康, 阿里巴巴,
// 大理石, 文山会海, 北海道, Beijing's 朝阳, and 吉林省 or 海南省 for the city
// or prefecture of the same name) and 3 are (定西 in a list of Gansu's
// cities: a weak name without its province; 山东 after 今天, read by the
// gazetteer as 天山; 台湾 in 中华全国台湾同胞联谊会). Of its 20 with only
// the term, all 20 are the place (在内|蒙古, 三沙市, 克州, 梅州市…). The
// gazetteer's scan reads the CCTV bodies at about 150 MB/s against about
// 10 MB/s for the index analyzer (go test ./analyzer -run '^$' -bench
// Corpus -cpu 1: place.Find and xinwen/index): some 6% of analysis.
//
// # People in either script
//
// A person is searched for by name in either script, as a place is:
// People (people.go) recognises the names of persons in a text, Chinese
// ones beside titles and roles (省委书记胡昌升, 李强总理) and in lists of
// officials, romanized ones in English text (Governor Wu Cunrong), and the
// analyzers index each as a person term, "@" and the name's key in
// package person (@xi_jinping for 习近平, Xi Jinping, XI Jinping), at the
// position where the name starts: beside the name's words at index time,
// in place of a romanized name's words at query time. The rules and their
// precision are in ANALYSIS.md.
//
// # Words that are not in the dictionary
//
// A word the dictionary lacks (新质生产力, a new name) is cut into pieces,
// often single characters. TestOOVEval measured four treatments of the
// characters the path leaves standing alone (XINWEN_EVAL=oov go test
// ./analyzer -run OOVEval -v; 20,000 CCTV articles; 69 real unknown words
// from testdata/oov_terms.txt, and 300 dictionary words taken out of the
// dictionary; relevant: where the word is a token when the dictionary has
// it; each word searched as a phrase, as package search does):
//
//	                 real words         removed words       cost
//	                 recall  precision  recall  precision   tokens  ms/query
//	single chars     0.993   0.990      0.399   0.783       4.82 M  0.52
//	+ pairs          0.993   0.990      0.399   0.782       5.00 M  0.36
//	gse's HMM        0.986   0.990      0.382   0.795       4.70 M  0.38
//	HMM + pairs      0.989   0.990      0.398   0.802       4.88 M  0.38
//
// Positions already make an unknown word's characters findable as a
// phrase, so pairs find what single characters find. The hidden Markov
// model (jieba's) joins characters into words, which the query's own cut
// must then match; but its cut depends on the characters around, so it
// does not always: it loses recall for little precision. Pairs of
// neighbouring lone characters are kept (oovBigram) because a pair is a
// rare term where single characters are common ones: a query is a third
// faster and ranks the word by its own rarity, for 3.7% more tokens. The
// removed words show the limit of any word-based index: a word the
// dictionary lacks is also missing from the sub-words of the longer words
// that contain it; a user dictionary and reindexing are the remedy.
//
// # A limit on what one text costs
//
// The index-time analyzer reads at most the first MaxAnalyzed characters
// of a text, as Lucene's LimitTokenCountAnalyzer and Elasticsearch's
// index.max_analyzed_offset do: the rest is stored and shown, but not
// searchable. It bounds the terms, positions and memory one article can
// cost at index time, and the positions a query must read in it (a phrase
// over a text of one sentence repeated is the worst case). The longest
// article of the shared corpora, a government work report, has 56,463
// characters; CCTV's longest has 22,337.
package analyzer

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/xinwen/xinwen/analyzer/t2s"
)

const (
	// Name is the index-time analyzer: words plus the sub-words of long words.
	Name = "xinwen"
	// QueryName is the query-time analyzer: the shortest path only.
	QueryName = "xinwen_query"
)

// MaxAnalyzed is how many characters of a text the index-time analyzer
// reads, at most: 100,000, 1.8 times the longest article of the shared
// corpora. A text is cut at the last space or punctuation before the limit
// (if there is one in the last 1,000 characters), so that no word is cut
// in two.
const MaxAnalyzed = 100_000

// analyzedEnd returns how many bytes of input the index-time analyzer
// reads: all of it, or the first MaxAnalyzed characters, cut back to a
// separator.
func analyzedEnd(input []byte) int {
	if len(input) <= MaxAnalyzed { // no more characters than bytes
		return len(input)
	}
	const lookBack = 1_000
	sep, sepAt := -1, 0 // the byte offset and character count of the last separator
	i := 0
	for n := 0; i < len(input); n++ {
		if n == MaxAnalyzed {
			if sep >= 0 && n-sepAt <= lookBack {
				return sep
			}
			return i
		}
		r, size := utf8.DecodeRune(input[i:])
		if classOf(r) == clSep {
			sep, sepAt = i, n
		}
		i += size
	}
	return len(input)
}

// Analyzer is a bleve analysis.Analyzer for mixed Chinese and English text.
// It is safe for concurrent use.
type Analyzer struct {
	dict  *dictionary
	user  *UserDict // nil for none
	index bool      // emit sub-words and alternative forms: index time
	oov   oovMode
	// packed: tokens carry packed offsets (see UnitStarts), as the
	// analyzer that Register gives the index does.
	packed bool
}

// New returns an analyzer over the built-in dictionary (loading it on first
// use) and the words of user, nil for none. With subwords set it is the
// index-time analyzer: it emits the sub-words of long words and the
// alternative forms of numbers as well.
func New(subwords bool, user *UserDict) (*Analyzer, error) {
	d, err := loadBase()
	if err != nil {
		return nil, err
	}
	if user.Len() == 0 {
		user = nil
	}
	return &Analyzer{dict: d, user: user, index: subwords, oov: defaultOOV}, nil
}

// UserDict returns the user dictionary of the analyzer, nil for none.
func (a *Analyzer) UserDict() *UserDict { return a.user }

// unit is one character of Chinese or one word of letters and digits.
type unit struct {
	start, end int // bytes of the input
	fs, fe     int // bytes of the folded text
	pos        int // position
	width      int // positions it takes
	r          rune
	ideo       bool
	parts      int // hyphen-joined parts of a word
}

// seg is one word of the shortest path: units [a,b).
type seg struct {
	a, b int
	kind uint8
}

// Kinds of segment.
const (
	kWord     uint8 = iota // a dictionary word
	kSingle                // one unit the dictionary does not have
	kNumeral               // a run of numeral characters
	kQuantity              // a number and its unit
)

// scratch holds the buffers of one analysis, reused through a pool.
type scratch struct {
	units []unit
	fb    []byte // folded text of the units
	best  []float32
	from  []int32
	kind  []uint8
	segs  []seg
	sbest []float32 // for sub-words
	sfrom []int32
	skind []uint8
	runes []rune
	pl    placeScan  // the place names of the text
	pp    peopleScan // the person names of the text
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// out collects tokens, allocating them and their terms in blocks.
type out struct {
	ts    analysis.TokenStream
	slab  []analysis.Token
	arena []byte
	// last is the position of the last token; unordered is set when a
	// token came before it (the place of a name inside a word), and the
	// stream is then put in order at the end.
	last      int
	unordered bool
}

func (o *out) add(term []byte, start, end, pos int, typ analysis.TokenType) {
	if len(o.slab) == cap(o.slab) {
		o.slab = make([]analysis.Token, 0, max(64, cap(o.slab)))
	}
	if len(o.arena)+len(term) > cap(o.arena) {
		o.arena = make([]byte, 0, max(1024, 2*len(term), cap(o.arena)))
	}
	n := len(o.arena)
	o.arena = append(o.arena, term...)
	o.slab = append(o.slab, analysis.Token{
		Term:     o.arena[n:len(o.arena):len(o.arena)],
		Start:    start,
		End:      end,
		Position: pos,
		Type:     typ,
	})
	o.ts = append(o.ts, &o.slab[len(o.slab)-1])
	o.unordered = o.unordered || pos < o.last
	o.last = pos
}

// Analyze cuts input into tokens. It never modifies input. The index-time
// analyzer reads at most MaxAnalyzed characters of it.
func (a *Analyzer) Analyze(input []byte) analysis.TokenStream {
	if a.index {
		input = input[:analyzedEnd(input)]
	}
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	v := view{base: a.dict, user: a.user}
	o := &out{
		ts:    make(analysis.TokenStream, 0, len(input)/4+1),
		slab:  make([]analysis.Token, 0, len(input)/4+1),
		arena: make([]byte, 0, len(input)+16),
	}
	s.pl.reset(input)
	s.pp.reset(a.dict, input, a.index)
	pos := 1
	for i := 0; i < len(input); {
		r, n := utf8.DecodeRune(input[i:])
		if c := classOf(r); c == clSep || c == clMark {
			i += n
			continue
		}
		// A chunk: ideographs and words with nothing between them.
		s.units = s.units[:0]
		for i < len(input) {
			r, n := utf8.DecodeRune(input[i:])
			switch classOf(r) {
			case clIdeo:
				s.units = append(s.units, unit{start: i, end: i + n, pos: pos, width: 1, r: foldIdeo(r), ideo: true})
				pos++
				i += n
				continue
			case clLetter, clDigit:
				end, parts := scanLatin(input, i)
				s.units = append(s.units, unit{start: i, end: end, pos: pos, width: parts, parts: parts})
				pos += parts
				i = end
				continue
			}
			break
		}
		if s.fold(input) {
			s.pl.refold(s, input)
		}
		a.chunk(o, v, s, input)
	}
	if o.unordered {
		sort.SliceStable(o.ts, func(i, j int) bool { return o.ts[i].Position < o.ts[j].Position })
	}
	if a.packed {
		o.pack(input)
	}
	return o.ts
}

// fold writes the folded text of the units to s.fb. A run of ideographs
// with a character only traditional text has is folded to simplified:
// OpenCC's phrases first, longest match, then its characters. It reports
// whether the chunk was traditional.
func (s *scratch) fold(input []byte) bool {
	s.fb = s.fb[:0]
	trad := false
	for i := range s.units {
		if s.units[i].ideo && t2s.IsTraditional(s.units[i].r) {
			trad = true
			break
		}
	}
	if trad {
		s.t2s()
	}
	for i := range s.units {
		u := &s.units[i]
		u.fs = len(s.fb)
		if u.ideo {
			s.fb = utf8.AppendRune(s.fb, u.r)
		} else {
			s.fb = foldLatin(s.fb, input[u.start:u.end])
		}
		u.fe = len(s.fb)
	}
	return trad
}

// t2s folds the ideographs of a traditional chunk to simplified, run by
// run: OpenCC's phrases do not reach across a word of letters.
func (s *scratch) t2s() {
	us := s.units
	for i := 0; i < len(us); {
		if !us[i].ideo {
			i++
			continue
		}
		j := i
		s.runes = s.runes[:0]
		for ; j < len(us) && us[j].ideo; j++ {
			s.runes = append(s.runes, us[j].r)
		}
		t2s.FoldRun(s.runes)
		for k := i; k < j; k++ {
			us[k].r = s.runes[k-i]
		}
		i = j
	}
}

// chunk segments one chunk and emits its tokens.
func (a *Analyzer) chunk(o *out, v view, s *scratch, input []byte) {
	n := len(s.units)
	s.best = grow(s.best, n+1)
	s.from = grow(s.from, n+1)
	s.kind = grow(s.kind, n+1)
	v.dp(s, 0, n, false, s.best, s.from, s.kind)
	// Walk the path back, then reverse it.
	s.segs = s.segs[:0]
	for m := n; m > 0; {
		k := int(s.from[m])
		s.segs = append(s.segs, seg{a: k, b: m, kind: s.kind[m]})
		m = k
	}
	for i, j := 0, len(s.segs)-1; i < j; i, j = i+1, j-1 {
		s.segs[i], s.segs[j] = s.segs[j], s.segs[i]
	}
	a.emit(o, v, s, input)
}

func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n, n+n/2)
	}
	return b[:n]
}

// dp finds the cheapest path through the lattice of units [a,b): from[m]
// is where the word ending at m starts, kind[m] what it is. With exclude,
// the word covering all of [a,b) is left out (for sub-words). It returns
// the cost of the path. Ties go to the earlier candidate, as in gse.
func (v view) dp(s *scratch, a, b int, exclude bool, best []float32, from []int32, kind []uint8) float32 {
	us := s.units
	for m := 0; m <= b-a; m++ {
		best[m] = 0
	}
	relax := func(m int, cost float32, k int, kd uint8) {
		if exclude && k == a && m == b {
			return
		}
		m -= a
		if best[m] == 0 || best[m] > cost {
			best[m], from[m], kind[m] = cost, int32(k), kd
		}
	}
	for k := a; k < b; k++ {
		base := best[k-a]
		single := false
		h := uint64(fnvOffset)
		for m := k; m < b; m++ {
			h = fnvAdd(h, s.fb[us[m].fs:us[m].fe])
			e, ok := v.lookupHash(s.fb[us[k].fs:us[m].fe], h)
			if !ok {
				break
			}
			if e.word {
				relax(m+1, base+e.cost, k, kWord)
				single = single || m == k
			}
			if !e.more {
				break
			}
		}
		if !single {
			relax(k+1, base+pseudoCost, k, kSingle)
		}
		switch {
		case v.plain:
		case us[k].ideo && isNumeral(us[k].r):
			end := k + 1 // end of the run of numerals
			for end < b && end-k < maxNumeral && us[end].ideo && isNumeral(us[end].r) {
				end++
			}
			for m := k + 2; m <= end; m++ {
				relax(m, base+numeralCost, k, kNumeral)
			}
			// With a unit after them; the longest numeral first.
			for split := end; split >= k+2; split-- {
				s.measures(split, b, func(m int) { relax(m, base+numeralCost, k, kQuantity) })
			}
		case !us[k].ideo && us[k].parts == 1 && isDecimal(s.text(k, k+1)):
			s.measures(k+1, b, func(m int) { relax(m, base+pseudoCost, k, kQuantity) })
		}
	}
	return best[b-a]
}

// maxUnit is the most units a unit of measure can have (平方公里 after a
// magnitude or two).
const maxUnit = 6

// measures calls f with the end of every run of ideographs from start (and
// before b) that is a unit of measure.
func (s *scratch) measures(start, b int, f func(end int)) {
	for m := start; m < b && m < start+maxUnit && s.units[m].ideo; m++ {
		if isUnit(string(s.text(start, m+1))) {
			f(m + 1)
		}
	}
}

// quantitySplit returns where the number of a quantity segment ends: the
// dp prefers the longest numeral whose rest is a unit.
func (s *scratch) quantitySplit(sg seg) int {
	if !s.units[sg.a].ideo {
		return sg.a + 1
	}
	for split := sg.b - 1; split >= sg.a+2; split-- {
		ok := true
		for k := sg.a; k < split; k++ {
			ok = ok && isNumeral(s.units[k].r)
		}
		if ok && isUnit(string(s.text(split, sg.b))) {
			return split
		}
	}
	return sg.a + 2 // not reached for a segment the dp made
}

// shortest returns the cost of the cheapest path through units [a,b).
func (v view) shortest(s *scratch, a, b int, exclude bool) float32 {
	n := b - a
	s.sbest = grow(s.sbest, n+1)
	s.sfrom = grow(s.sfrom, n+1)
	s.skind = grow(s.skind, n+1)
	return v.dp(s, a, b, exclude, s.sbest, s.sfrom, s.skind)
}

// userDictKey is the key of a user dictionary in the configuration of an
// analyzer in an index mapping: the dictionary in its file format
// (UserDict.Bytes).
const userDictKey = "user_dict"

// Names returns the names of the index-time and query-time analyzers over
// the user dictionary u: Name and QueryName for none, and those names with
// u's ID after them otherwise (xinwen_3fa2c1…, xinwen_query_3fa2c1…), so
// that a mapping's analyzer says which dictionary it has.
func Names(u *UserDict) (index, query string) {
	if id := u.ID(); id != "" {
		return Name + "_" + id, QueryName + "_" + id
	}
	return Name, QueryName
}

// Register adds the analyzers over the user dictionary u (nil for none) to
// the index mapping m and returns their names (see Names): the index-time
// one, for m's text fields, and the query-time one, which m.AnalyzerNamed
// gives to whoever searches the index. The dictionary is written into m's
// configuration, so an index built with m is opened with its own words,
// whatever other index the process has open.
func Register(m *mapping.IndexMappingImpl, u *UserDict) (index, query string, err error) {
	index, query = Names(u)
	if u.ID() == "" {
		return index, query, nil // registered with bleve at init
	}
	for _, a := range []struct{ name, typ string }{{index, Name}, {query, QueryName}} {
		err := m.AddCustomAnalyzer(a.name, map[string]interface{}{"type": a.typ, userDictKey: string(u.Bytes())})
		if err != nil {
			return "", "", fmt.Errorf("analyzer: register %s: %w", a.name, err)
		}
	}
	return index, query, nil
}

// construct builds the analyzer of a mapping's configuration, config nil
// for the analyzer without a user dictionary.
func construct(subwords bool, config map[string]interface{}) (analysis.Analyzer, error) {
	var user *UserDict
	if v, ok := config[userDictKey]; ok {
		words, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("analyzer: %s is a %T, not the words of a user dictionary", userDictKey, v)
		}
		u, err := ParseUserDict(strings.NewReader(words), "the user dictionary of the index mapping")
		if err != nil {
			return nil, err
		}
		user = u
	}
	a, err := New(subwords, user)
	if err != nil {
		return nil, err
	}
	// The index keeps the index-time analyzer's offsets packed: highlights
	// unpack them from the stored text (UnitStarts.Unpack).
	a.packed = subwords
	return a, nil
}

func init() {
	for _, name := range []string{Name, QueryName} {
		subwords := name == Name
		err := registry.RegisterAnalyzer(name, func(config map[string]interface{}, _ *registry.Cache) (analysis.Analyzer, error) {
			return construct(subwords, config)
		})
		if err != nil {
			panic(err)
		}
	}
}
