package place

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Mention is a place name found in a text.
type Mention struct {
	// Start and End are the byte offsets of the name in the text.
	Start, End int
	// Places are the places the name may mean, in code order; more than
	// one when the name is ambiguous (吉林, Taizhou). The slice is shared:
	// read it, never modify it.
	Places []*Place
}

// Find returns the place names in text, in order and without overlaps.
// Whether a mention makes an article about a place is for the caller to
// decide: "Shanghai Silicon Semiconductor" is a mention of Shanghai.
//
// In Chinese text it takes, from left to right, the longest name that starts
// at each character, so 吕梁市 is one mention of 吕梁市, 山西省 one of 山西省,
// and 上海东部 is 上海, not 海东. Single-character abbreviations (晋, 陕, 陇)
// are never matched. Romanized names match whole words only ("Shanxi" is
// not in "Shanxiang"), in any case and through the foldings of Fold, and may
// span words (Inner Mongolia, Hong Kong).
//
// A few rules keep common words out:
//   - Words that contain a name across a word boundary are skipped whole
//     (黄河北岸 is not 河北, 中山大学 is not 中山, 阿里巴巴 is not 阿里).
//   - A short name before a road word is a street, not the place (南京路,
//     中山西路, Nanjing Road).
//   - 吉林市场 is 吉林's market, not 吉林市.
//   - Names that are mostly something else (白银 silver, 来宾 guests, 朝阳,
//     Ali, Aba) count only right next to their province (甘肃白银; "Chaoyang,
//     Liaoning") or, romanized, before a designation below a province's
//     ("Ali Prefecture").
//   - A romanized name followed by a designation (see Designations) keeps
//     the candidates of its level: Province, Autonomous Region or SAR the
//     provincial-level ones (Jilin Province); City, Prefecture, League,
//     Autonomous Prefecture or County the others (Jilin City).
//   - All-capital words of three letters or fewer are acronyms (ILI, ABA).
//
// Known limits. Without a word segmenter a two-character name can still be
// read across the boundary of two words that no blocker lists (X河北岸 for a
// river X not in the list yields 河北); the blockers cover the usual rivers,
// seas, lakes and mountains. A romanized name that is also a given name is a
// mention (Xian, Luan). Districts of the municipalities (朝阳区, 浦东) and
// ordinary counties are not in the gazetteer (FindLocal finds them). Traditional characters (陝西,
// 廣東) and Wade-Giles names other than Peking and Canton are not matched.
func Find(text string) []Mention {
	return load().matcher.find(text)
}

// blockers are words that contain a place name but are not about the place,
// or that straddle a name across a word boundary. Find skips them whole, so
// the longest-match rule does the rest: 黄河 is listed so that 黄河北岸 does
// not yield 河北.
var blockers = strings.Fields(`
	黄河 淮河 海河 运河 渭河 汾河 辽河 永定河
	长江 珠江 闽江 汉江 湘江 漓江 赣江 嘉陵江 钱塘江 黄浦江 松花江 鸭绿江
	渤海 黄海 东海 南海 沿海 近海 远海 深海 大海 航海 四海 出海口 入海口
	泰山 华山 嵩山 衡山 恒山 庐山 天山 燕山 太行山 昆仑山 祁连山 小兴安岭
	洞庭湖 鄱阳湖 太湖 巢湖 西湖 东湖 南湖
	东西 平安 推广 国泰
	孙中山 中山大学 中山装 中山陵 中山公园 中山舰
	大同小异 世界大同 天下大同 大理石 周年大庆 长治久安 四平八稳 三明治 哈密瓜
	文山会海 天门山 玉树临风 白山黑水 黄石公园 黄石国家公园 北海道 北海公园
	阿里巴巴 阿里云 德州扑克 美国德州 未开封 已开封 开封后
	幸福安康 阖家安康 身体安康 吉祥安康 生活安康 安康杯
	日照时 日照充足 日照偏 日照不足 日照强 日照条件
	苏州河 长春藤 新乡贤 新乡村 淮南子 淮北平原
`)

// latinBlockers are the romanized counterpart of blockers.
var latinBlockers = []string{
	"Nanyang Technological", // the university in Singapore
	"Sun Zhongshan",         // Sun Yat-sen
	"Zhongshan University",  // Sun Yat-sen University, in Guangzhou
	"Zhongshan Park",        // a park in many cities
	"Beihai Park",           // in Beijing
}

// entry is what a name in a trie stands for.
type entry struct {
	places  []*Place
	weak    []bool // weak[i]: the name is weak for places[i]
	anyWeak bool
	full    bool // a full name (吕梁市): never a street name
	block   bool // a blocker: skip it, mention nothing
}

// matcher finds names: a trie over Han characters and one over folded
// romanized names, whose nodes lead to entries.
type matcher struct {
	han, latin trie
	entries    []entry
	toned      map[string][]*Place
	// hanStarts has a bit for every character of the CJK Unified
	// Ideographs block that starts a name: most characters start none, and
	// the bit says so faster than the trie.
	hanStarts [(cjkLast - cjkFirst + 64) / 64]uint64
}

const cjkFirst, cjkLast = 0x4e00, 0x9fff

// mayStartHan reports whether a name may start with r.
func (m *matcher) mayStartHan(r rune) bool {
	if r < cjkFirst || r > cjkLast {
		return true
	}
	i := r - cjkFirst
	return m.hanStarts[i/64]&(1<<(i%64)) != 0
}

// trie is a prefix tree over runes; nodes[0] is the root.
type trie struct{ nodes []node }

type node struct {
	edges []edge // sorted by r
	entry int32  // index into matcher.entries plus one; 0 for none
}

type edge struct {
	r  rune
	to int32
}

// child returns the node under n by r, or -1.
func (t *trie) child(n int32, r rune) int32 {
	e := t.nodes[n].edges
	if len(e) <= 8 {
		for _, x := range e {
			if x.r == r {
				return x.to
			}
		}
		return -1
	}
	lo, hi := 0, len(e)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if e[mid].r < r {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(e) && e[lo].r == r {
		return e[lo].to
	}
	return -1
}

// insert adds the path of key and returns its last node.
func (t *trie) insert(key string) int32 {
	if len(t.nodes) == 0 {
		t.nodes = append(t.nodes, node{})
	}
	n := int32(0)
	for _, r := range key {
		next := t.child(n, r)
		if next < 0 {
			next = int32(len(t.nodes))
			t.nodes = append(t.nodes, node{})
			e := t.nodes[n].edges
			i, _ := slices.BinarySearchFunc(e, r, func(e edge, r rune) int { return int(e.r - r) })
			t.nodes[n].edges = slices.Insert(e, i, edge{r, next})
		}
		n = next
	}
	return n
}

// matcherBuilder collects names, then builds the tries.
type matcherBuilder struct {
	m          *matcher
	han, latin map[string]int32 // name (or folded name) -> entry index
}

func newMatcherBuilder() *matcherBuilder {
	return &matcherBuilder{m: &matcher{}, han: map[string]int32{}, latin: map[string]int32{}}
}

// addHan indexes a Chinese name of p. Names of one character are never
// indexed: they are abbreviations, too ambiguous to find in text.
func (b *matcherBuilder) addHan(name string, p *Place, weak, full bool) {
	if utf8.RuneCountInString(name) < 2 {
		return
	}
	e := b.entry(&b.m.han, b.han, name)
	e.full = e.full || full
	e.add(p, weak)
}

// addLatin indexes a romanized name of p under its folded form, with the
// spaces between its words kept (Inner Mongolia is "inner mongolia"), so
// that a name only matches whole words in the same arrangement.
func (b *matcherBuilder) addLatin(name string, p *Place, weak bool) {
	key := latinKey(name)
	if key == "" {
		return
	}
	b.entry(&b.m.latin, b.latin, key).add(p, weak)
}

func (b *matcherBuilder) entry(t *trie, keys map[string]int32, key string) *entry {
	i, ok := keys[key]
	if !ok {
		i = int32(len(b.m.entries))
		b.m.entries = append(b.m.entries, entry{})
		keys[key] = i
		n := t.insert(key)
		t.nodes[n].entry = i + 1
	}
	return &b.m.entries[i]
}

func (e *entry) add(p *Place, weak bool) {
	if i := slices.Index(e.places, p); i >= 0 {
		e.weak[i] = e.weak[i] && weak // one strong form of the name is enough
	} else {
		e.places = append(e.places, p)
		e.weak = append(e.weak, weak)
	}
	e.anyWeak = slices.Contains(e.weak, true)
}

func (b *matcherBuilder) build(toned map[string][]*Place) *matcher {
	for _, w := range blockers {
		e := b.entry(&b.m.han, b.han, w)
		e.block = len(e.places) == 0
	}
	for _, w := range latinBlockers {
		e := b.entry(&b.m.latin, b.latin, latinKey(w))
		e.block = len(e.places) == 0
	}
	for i := range b.m.entries {
		e := &b.m.entries[i]
		e.places = slices.Clip(e.places)
	}
	for _, e := range b.m.han.nodes[0].edges {
		if cjkFirst <= e.r && e.r <= cjkLast {
			i := e.r - cjkFirst
			b.m.hanStarts[i/64] |= 1 << (i % 64)
		}
	}
	b.m.toned = toned
	return b.m
}

// latinKey folds a romanized name as Fold does, but keeps one space between
// its words.
func latinKey(s string) string {
	var out []byte
	space := false
	for _, r := range s {
		c, k := foldRune(r)
		switch k {
		case kindLetter, kindDigit:
			if space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = false
			out = append(out, c)
		case kindSpace:
			space = true
		}
	}
	return string(out)
}

// match is a name found at some offset.
type match struct {
	end    int
	places []*Place
	block  bool
}

func (m *matcher) find(text string) []Mention {
	var out []Mention
	for i := 0; i < len(text); {
		var (
			mt     match
			found  bool
			letter bool
			size   = 1
		)
		if b := text[i]; b < utf8.RuneSelf {
			letter = asciiFold[b].k == kindLetter
			if !letter {
				i++
				continue
			}
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			if isCJK(r) {
				if m.mayStartHan(r) {
					mt, found = m.matchHan(text, i, out, true)
				}
			} else {
				_, k := foldRune(r)
				letter = k == kindLetter
			}
		}
		if letter {
			if wordStart(text, i) {
				mt, found = m.matchLatin(text, i, out, true)
			}
			if !found {
				i = skipWord(text, i)
				continue
			}
		}
		if !found {
			i += size
			continue
		}
		if !mt.block {
			out = append(out, Mention{Start: i, End: mt.end, Places: mt.places})
		}
		i = mt.end
	}
	return out
}

// maxCandidates bounds the names that can end along one walk down a trie.
const maxCandidates = 16

type candidate struct {
	end   int
	entry int32
}

// matchHan returns the longest name at text[i:] that survives the rules of
// Find. With context unset it ignores the rules about weak names (it is then
// looking for the province beside a weak name).
func (m *matcher) matchHan(text string, i int, before []Mention, context bool) (match, bool) {
	var buf [maxCandidates]candidate
	cands := buf[:0]
	n, j := int32(0), i
	for j < len(text) && len(cands) < maxCandidates {
		r, size := utf8.DecodeRuneInString(text[j:])
		if n = m.han.child(n, r); n < 0 {
			break
		}
		j += size
		if e := m.han.nodes[n].entry; e > 0 {
			cands = append(cands, candidate{j, e - 1})
		}
	}
	for k := len(cands) - 1; k >= 0; k-- {
		c := cands[k]
		e := &m.entries[c.entry]
		if e.block {
			return match{end: c.end, block: true}, true
		}
		rest := text[c.end:]
		// 吉林市场 is 吉林's market: let the shorter name take it.
		if strings.HasSuffix(text[i:c.end], "市") && strings.HasPrefix(rest, "场") {
			continue
		}
		if !e.full && hanRoad(rest) {
			continue
		}
		places := e.places
		if e.anyWeak {
			places = m.resolveWeak(places, e, text, i, c.end, before, context, false)
		}
		if len(places) > 0 {
			return match{end: c.end, places: places}, true
		}
	}
	return match{}, false
}

// matchLatin returns the longest romanized name that starts at the word at
// text[i:] and ends at a word boundary, and survives the rules of Find.
func (m *matcher) matchLatin(text string, i int, before []Mention, context bool) (match, bool) {
	var buf [maxCandidates]candidate
	cands := buf[:0]
	n, j := int32(0), i
	spaces := 0   // separators since the last letter
	apos := false // an apostrophe since the last letter
walk:
	for j < len(text) && len(cands) < maxCandidates {
		c, k, size := foldAt(text, j)
		switch k {
		case kindLetter, kindDigit:
			if spaces > 0 {
				if n = m.latin.child(n, ' '); n < 0 {
					break walk
				}
			}
			if n = m.latin.child(n, rune(c)); n < 0 {
				break walk
			}
			spaces, apos = 0, false
			j += size
			if e := m.latin.nodes[n].entry; e > 0 && wordEnd(text, j) {
				cands = append(cands, candidate{j, e - 1})
			}
		case kindApostrophe:
			if spaces > 0 || apos {
				break walk
			}
			apos = true
			j += size
		case kindSpace:
			// A bounded run of spaces and hyphens between the words of a name.
			if apos || spaces >= 4 {
				break walk
			}
			spaces++
			j += size
		default:
			break walk
		}
	}
	for k := len(cands) - 1; k >= 0; k-- {
		c := cands[k]
		e := &m.entries[c.entry]
		if e.block {
			return match{end: c.end, block: true}, true
		}
		surface := text[i:c.end]
		if isAcronym(surface) {
			continue
		}
		w1, w2 := nextWords(text, c.end)
		if latinRoad(w1, w2) {
			continue
		}
		places := e.places
		weakEntry := e.anyWeak
		if hasNonASCII(surface) && hasToneMark(surface) {
			if ps, ok := m.toned[lowerNFC(surface)]; ok {
				places, weakEntry = ps, false
			}
		}
		designated := false
		if d, _, ok := DesignationAfter(text, c.end); ok {
			// A provincial designation picks the province, but does not
			// make a weak name a place (Ali Province is no place).
			designated = !d.Province
			if ps := filterLevel(places, d.Province); len(ps) > 0 {
				places = ps
			}
		}
		if weakEntry {
			places = m.resolveWeak(places, e, text, i, c.end, before, context, designated)
		}
		if len(places) > 0 {
			return match{end: c.end, places: places}, true
		}
	}
	return match{}, false
}

// resolveWeak returns the places, among the candidates places of entry e,
// that the name at text[start:end] may mean: those for which the name is
// strong, and those for which it is weak if the context allows: a
// designation follows, or a mention of the place's province is right before
// or right after.
func (m *matcher) resolveWeak(places []*Place, e *entry, text string, start, end int, before []Mention, context, designated bool) []*Place {
	var after []*Place
	afterDone := false
	var out []*Place
	for _, p := range places {
		k := slices.Index(e.places, p)
		ok := k < 0 || !e.weak[k] || (context && designated)
		if !ok && context && len(before) > 0 {
			last := before[len(before)-1]
			ok = gapOK(text[last.End:start]) && hasCode(last.Places, p.Parent)
		}
		if !ok && context {
			if !afterDone {
				after, afterDone = m.matchAfter(text, end), true
			}
			ok = hasCode(after, p.Parent)
		}
		if ok {
			out = append(out, p)
		}
	}
	if len(out) == len(places) {
		return places
	}
	return out
}

// matchAfter returns the places of the name that follows text[:end] across
// a gap that gapOK accepts, or nil.
func (m *matcher) matchAfter(text string, end int) []*Place {
	j := end
	for j < len(text) {
		r, size := utf8.DecodeRuneInString(text[j:])
		if !gapRune(r) {
			break
		}
		j += size
	}
	if j >= len(text) || j-end > 8 {
		return nil
	}
	r, _ := utf8.DecodeRuneInString(text[j:])
	var mt match
	var ok bool
	if isCJK(r) {
		mt, ok = m.matchHan(text, j, nil, false)
	} else if _, k := foldRune(r); k == kindLetter && wordStart(text, j) {
		mt, ok = m.matchLatin(text, j, nil, false)
	}
	if !ok || mt.block {
		return nil
	}
	return mt.places
}

func hasCode(ps []*Place, c Code) bool {
	for _, p := range ps {
		if p.Code == c {
			return true
		}
	}
	return false
}

// gapOK reports whether two names separated by gap are read together, as in
// 甘肃白银, "Chaoyang, Liaoning" or "Liaoning's Chaoyang".
func gapOK(gap string) bool {
	gap = strings.TrimPrefix(gap, "'s")
	gap = strings.TrimPrefix(gap, "\u2019s")
	if len(gap) > 8 {
		return false
	}
	for _, r := range gap {
		if !gapRune(r) {
			return false
		}
	}
	return true
}

func gapRune(r rune) bool {
	switch r {
	case ' ', ',', '(', '（', '\u00a0', '\t':
		return true
	}
	return false
}

// hanRoad reports whether rest, the text after a short name, makes the name
// a street: 南京路, 中山西路, 北京大街. 路 followed by one of roadNot is not a
// road (北京路演 is a roadshow in Beijing).
func hanRoad(rest string) bool {
	r, n := utf8.DecodeRuneInString(rest)
	switch r {
	case '路':
		next, _ := utf8.DecodeRuneInString(rest[n:])
		return !strings.ContainsRune(roadNot, next)
	case '东', '西', '南', '北', '中':
		return strings.HasPrefix(rest[n:], "路")
	case '大':
		return strings.HasPrefix(rest[n:], "街") || strings.HasPrefix(rest[n:], "道")
	}
	return false
}

// roadNot are the characters after 路 that make another word: 路演 (roadshow),
// 路况, 路线, 路网, 路径, 路程, 路途, 路过, 路上, 路费, 路桥, 路边, 路段, 路透.
const roadNot = "演况线网径程途过上费桥边段透"

// latinRoad reports whether the words after a romanized name make it a
// street: Nanjing Road, Zhongshan West Road, Beijing Lu.
func latinRoad(w1, w2 string) bool {
	switch w1 {
	case "road", "rd", "street", "st", "avenue", "ave", "lu", "boulevard", "blvd", "lane", "dajie":
		return true
	case "east", "west", "south", "north", "middle", "central":
		switch w2 {
		case "road", "rd", "street", "st", "avenue", "lu":
			return true
		}
	}
	return false
}

// nextWords returns the next two words after text[:end], folded, if only
// spaces separate them; at most 16 letters of each.
func nextWords(text string, end int) (string, string) {
	var words [2]string
	j := end
	for w := range words {
		sp := 0
		for j < len(text) && text[j] == ' ' && sp < 3 {
			j++
			sp++
		}
		if sp == 0 {
			break
		}
		var b [16]byte
		n := 0
		for j < len(text) && n < len(b) {
			c := text[j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c < 'a' || c > 'z' {
				break
			}
			b[n] = c
			n++
			j++
		}
		words[w] = string(b[:n])
		if n == 0 {
			break
		}
	}
	return words[0], words[1]
}

// isAcronym reports whether s is three capital letters or fewer: ILI, ABA,
// ALI are acronyms before they are Ili, Aba and Ali.
func isAcronym(s string) bool {
	if len(s) > 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// wordStart reports whether a romanized word starts at text[i]: the rune
// before is not part of a word, and not an apostrophe inside one (O'Neill).
func wordStart(text string, i int) bool {
	if i == 0 {
		return true
	}
	_, k, n := foldBefore(text, i)
	if inWord(k) {
		return false
	}
	if k == kindApostrophe && i-n > 0 {
		_, k, _ = foldBefore(text, i-n)
		return !inWord(k)
	}
	return true
}

// wordEnd reports whether a romanized word ends at text[j]: the rune after
// is not part of a word, or is an apostrophe that starts a possessive
// (Shanxi's) rather than continues the word (Xi'an).
func wordEnd(text string, j int) bool {
	if j >= len(text) {
		return true
	}
	_, k, n := foldAt(text, j)
	if inWord(k) {
		return false
	}
	if k != kindApostrophe {
		return true
	}
	if j+n >= len(text) {
		return true
	}
	c, k, m := foldAt(text, j+n)
	if !inWord(k) {
		return true
	}
	if c != 's' {
		return false
	}
	if j+n+m >= len(text) {
		return true
	}
	_, k, _ = foldAt(text, j+n+m)
	return !inWord(k)
}

// skipWord returns the offset after the romanized word at text[i:].
func skipWord(text string, i int) int {
	for i < len(text) {
		_, k, size := foldAt(text, i)
		if !inWord(k) {
			break
		}
		i += size
	}
	return i
}

func isASCIILetter(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
}

// isCJK reports whether r is in the ranges where Han characters live; the
// trie decides whether it starts a name. Full-width Latin letters are not.
func isCJK(r rune) bool {
	return (0x2e80 <= r && r < 0xff00) || r >= 0x20000
}

func hasNonASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
