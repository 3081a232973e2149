package analyzer

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/xinwen/xinwen/analyzer/person"
	"github.com/xinwen/xinwen/analyzer/place"
)

// personMark starts a person term. Like placeMark, no text is analyzed
// into a term that starts with it.
const personMark = '@'

// PersonTerm returns the term under which the analyzers index the mentions
// of the person whose English key (person.Key) is key, in either script:
// "@xi_jinping" for 习近平 and Xi Jinping.
func PersonTerm(key string) string {
	return string(personMark) + strings.ReplaceAll(key, " ", "_")
}

// IsPersonTerm reports whether term is a person term (see PersonTerm).
func IsPersonTerm(term []byte) bool { return len(term) > 0 && term[0] == personMark }

// PersonKey returns the key of a person term: "xi jinping" for
// "@xi_jinping".
func PersonKey(term string) string {
	return strings.ReplaceAll(strings.TrimPrefix(term, string(personMark)), "_", " ")
}

// Person is a person's name found in a text.
type Person struct {
	// Start and End are the name's byte offsets in the text.
	Start, End int
	// Chinese is the name as the text writes it (习近平), or "" for a
	// name in English.
	Chinese string
	// Key is what every spelling of the name folds to (person.Key): "xi
	// jinping".
	Key string
}

// People returns the names of persons in text, in order: Chinese names
// where a title or a role stands beside them (省委书记胡昌升, 李强总理,
// 习近平同志), in a list of such names (胡昌升、任振鹤同志) or where the
// text named them so before; romanized names in English text (Governor Wu
// Cunrong, Xi Jinping). See ANALYSIS.md, "People in either script".
func People(text string) []Person {
	d, err := loadBase()
	if err != nil {
		return nil // the embedded dictionary does not fail to load
	}
	return findPeople(d, text)
}

// findPeople is People over the dictionary d.
func findPeople(d *dictionary, text string) []Person {
	var out []Person
	if hasHan(text) {
		out = hanPeople(d, text)
	}
	if hasUpper(text) {
		out = append(out, latinPeople(text, true)...)
		sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x3400 {
			return true
		}
	}
	return false
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// personTitles are the titles and roles that stand right before a name
// (省委书记胡昌升, 国务院总理李强) or right after it (李强总理, 习近平同志).
var personTitles = strings.Fields(`总书记 国家主席 主席 副主席 总理 副总理 委员长 副委员长 书记 副书记
	省长 副省长 代省长 市长 副市长 代市长 县长 副县长 区长 州长 部长 副部长 同志 主任 副主任 秘书长
	国务委员 院长 副院长 局长 副局长 厅长 副厅长 董事长 总经理 大使 发言人 司令员 政委 检察长
	省领导 市领导 负责人 先生 女士 教授 院士 记者 通讯员 队长 村支书 支书 组长`)

// titleByFirst are personTitles by their first rune, the longest first.
var titleByFirst = func() map[rune][]string {
	m := map[rune][]string{}
	for _, t := range personTitles {
		r, _ := utf8.DecodeRuneInString(t)
		m[r] = append(m[r], t)
	}
	for _, ts := range m {
		sort.Slice(ts, func(i, j int) bool { return len(ts[i]) > len(ts[j]) })
	}
	return m
}()

// titleFirst has the bit of each rune that starts a title, so that the
// scan of a text looks most characters up in a bit set rather than a map.
var titleFirst = func() *[1 << 10]uint64 {
	var b [1 << 10]uint64
	for r := range titleByFirst {
		b[r>>6&(1<<10-1)] |= 1 << (r & 63)
	}
	return &b
}()

// titleAt returns the length in bytes of the title that starts at byte i
// of s, or 0.
func titleAt(s string, i int) int {
	r, _ := utf8.DecodeRuneInString(s[i:])
	if titleFirst[r>>6&(1<<10-1)]&(1<<(r&63)) == 0 {
		return 0
	}
	for _, t := range titleByFirst[r] {
		if strings.HasPrefix(s[i:], t) {
			return len(t)
		}
	}
	return 0
}

// titleBefore returns the length of the title that ends at byte i of s, or
// 0.
func titleBefore(s string, i int) int {
	for _, t := range personTitles {
		if strings.HasSuffix(s[:i], t) {
			return len(t)
		}
	}
	return 0
}

// nameFollowers are the words that may follow a name: 习近平指出,
// 习近平在…, 习近平、李强, and those of the news of officials under
// investigation (主席某某严重违纪违法, 某某涉嫌受贿). A title may too
// (titleAt).
var nameFollowers = strings.Fields(`在 指出 强调 表示 出席 会见 会谈 主持 的 和 与 说 等 参加 讲话 致
	向 对 到 率 一行 及 以 分别 也 还 就 为 是 作 发表 签署 宣布 考察 调研 来到 视察 同 代表 任 兼
	介绍 要求 希望 认为 听取 看望 慰问 陪同 通报 批示 回答 接受 担任 会同 带队 一同 参观
	严重 涉嫌 被 因 违纪 违法`)

// weakLast are characters that end a clause more often than a three-
// character name: 王浩在 is 王浩 and 在.
const weakLast = "在说和与的等及到对向为是就也还率以同任兼将作陪"

// notFirst are characters that start a phrase before a title (向习主席致敬,
// 向国家主席致电) more often than they are a surname there.
const notFirst = "向对与同为由给请据让在从把被将和及"

// notLast are the characters that end the names of organisations and
// places (商务部, 宣传部), not those of persons.
const notLast = "部局委厅处办室所社团队省市县镇乡村司署馆站厂"

// foreignGiven are characters of transliterated foreign names (巴沙尔,
// 莫迪, 武契奇) that Chinese given names hardly use: such a name is no
// Chinese name to romanize.
const foreignGiven = "斯兹娃契夫赫佩迪萨姆诺顿拉"

// followedByBoundary reports whether a name may end at byte i of s.
func followedByBoundary(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	if r < 0x3400 || isClauseMark(r) {
		return true
	}
	return followedByWord(s, i) || titleAt(s, i) > 0
}

// followedByWord reports whether one of nameFollowers starts at byte i of
// s.
func followedByWord(s string, i int) bool {
	for _, w := range nameFollowers {
		if strings.HasPrefix(s[i:], w) {
			return true
		}
	}
	return false
}

// foreignMark reports whether the name at s[start:end] is part of a
// transliterated foreign name: a middle dot (·) joins it to another
// (夏巴兹·谢里夫).
func foreignMark(s string, start, end int) bool {
	return strings.HasPrefix(s[end:], "·") || strings.HasSuffix(s[:start], "·")
}

// precededByBoundary reports whether a name may start at byte i of s
// with no title before it.
func precededByBoundary(s string, i int) bool {
	if i <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r < 0x3400 || isClauseMark(r)
}

func isClauseMark(r rune) bool {
	return strings.ContainsRune("，。、；：！？“”‘’（）《》【】「」…—·\n ", r)
}

// maxNameFreq is the dictionary frequency from which a word is taken for a
// word rather than a name, whatever stands around it: 文明 (6,584), 高新
// (563) against 李强 (159) and 楼阳生 (256).
const maxNameFreq = 500

// notNames are words that stand where names do, after a title, and are
// no names.
var notNames = map[string]bool{
	"同志": true, "主任": true, "书记": true, "代表": true, "委员": true, "常委": true,
	"应约": true, "应邀": true,
}

// MayBeName reports whether c, two to three Chinese characters, may be a
// person's name with nothing around it to tell: a surname and a given
// name that is neither a place nor a common word (文明, 高新, 张家口 are
// not).
func MayBeName(c string) bool {
	d, err := loadBase()
	return err == nil && utf8.RuneCountInString(c) <= 3 && nameOK(d, c)
}

// nameOK reports whether c, two or three Chinese characters, may be a
// person's name: a surname and a given name (person.Split), neither a
// place (张家口) nor a common word (文明, 高新), and no function character.
func nameOK(d *dictionary, c string) bool {
	n, ok := person.Romanize(c) // every character has a reading
	if !ok || notNames[c] {
		return false
	}
	given := n.Given
	for _, r := range c {
		if chineseStop[r] || isNumeral(r) {
			return false
		}
	}
	first, _ := utf8.DecodeRuneInString(c)
	last, _ := utf8.DecodeLastRuneInString(c)
	if strings.ContainsRune(notFirst, first) || strings.ContainsRune(notLast, last) || strings.ContainsAny(given, foreignGiven) {
		return false
	}
	if len(place.Lookup(c)) > 0 {
		return false
	}
	if e, ok := d.get([]byte(c), fnvString(c)); ok && e.word && e.cost <= d.logTotal-float32(math.Log2(maxNameFreq)) {
		return false
	}
	return true
}

// nameAfter returns the name that starts at byte i of s, after a title or
// in a list: three characters if they may be a name and the third is not a
// word of its own (王浩在), else two; each must end where a name may.
func nameAfter(d *dictionary, s string, i int) string {
	// Two characters first where a word that follows names comes after
	// them (陈武陪同: 陈武, not 陈武陪).
	sizes := [2]int{3, 2}
	if c, ok := runesAt(s, i, 2); ok && followedByWord(s, i+len(c)) {
		sizes = [2]int{2, 3}
	}
	for _, n := range sizes {
		c, ok := runesAt(s, i, n)
		if !ok || !followedByBoundary(s, i+len(c)) || foreignMark(s, i, i+len(c)) {
			continue
		}
		if last, _ := utf8.DecodeLastRuneInString(c); n == 3 && strings.ContainsRune(weakLast, last) {
			continue
		}
		if nameOK(d, c) {
			return c
		}
	}
	return ""
}

// nameBefore returns the name that ends at byte i of s, before a title or
// in a list: one that starts where a name may.
func nameBefore(d *dictionary, s string, i int, list bool) string {
	for _, n := range [2]int{3, 2} {
		c, ok := runesBefore(s, i, n)
		if !ok {
			continue
		}
		start := i - len(c)
		if !precededByBoundary(s, start) && !(list && titleBefore(s, start) > 0) || foreignMark(s, start, i) {
			continue
		}
		if nameOK(d, c) {
			return c
		}
	}
	return ""
}

// hanPeople finds the Chinese names of s: beside titles, in lists joined
// by 、, and again wherever the text repeats a name it gave so.
func hanPeople(d *dictionary, s string) []Person {
	names := map[string]bool{}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < 0x3400 {
			i += n
			continue
		}
		if titleFirst[r>>6&(1<<10-1)]&(1<<(r&63)) == 0 {
			i += n
			continue
		}
		t := titleAt(s, i)
		if t == 0 {
			i += n
			continue
		}
		// The title before a name, and the names of a list after it.
		for j := i + t; ; {
			c := nameAfter(d, s, j)
			if c == "" {
				break
			}
			names[c] = true
			j += len(c)
			if !strings.HasPrefix(s[j:], "、") {
				break
			}
			j += len("、")
		}
		// The title after a name, and the names of a list before it.
		for j := i; ; {
			c := nameBefore(d, s, j, j != i)
			if c == "" {
				break
			}
			names[c] = true
			j -= len(c)
			if !strings.HasSuffix(s[:j], "、") {
				break
			}
			j -= len("、")
		}
		i += t
	}
	if len(names) == 0 {
		return nil
	}
	// Every mention of the names found, the longest first where two start
	// alike (胡昌升, not 胡昌).
	firsts := make(map[rune]bool, len(names))
	for c := range names {
		r, _ := utf8.DecodeRuneInString(c)
		firsts[r] = true
	}
	var out []Person
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r < 0x3400 || !firsts[r] {
			i += n
			continue
		}
		found := false
		for _, k := range [2]int{3, 2} {
			c, ok := runesAt(s, i, k)
			if !ok || !names[c] || !followedByBoundary(s, i+len(c)) {
				continue
			}
			if k == 2 && !precededByBoundary(s, i) && titleBefore(s, i) == 0 {
				// 李明 inside 王李明: only where a name may start.
				if prev, _ := utf8.DecodeLastRuneInString(s[:i]); isSurname(prev) {
					continue
				}
			}
			pn, _ := person.Romanize(c)
			out = append(out, Person{Start: i, End: i + len(c), Chinese: c, Key: pn.Key})
			i += len(c)
			found = true
			break
		}
		if !found {
			i += n
		}
	}
	return out
}

func isSurname(r rune) bool {
	_, _, ok := person.Split(string(r) + "一")
	return ok
}

// runesAt returns the n runes of s at byte offset i, all ideographs.
func runesAt(s string, i, n int) (string, bool) {
	j := i
	for k := 0; k < n; k++ {
		if j >= len(s) {
			return "", false
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if r < 0x3400 || isClauseMark(r) {
			return "", false
		}
		j += size
	}
	return s[i:j], true
}

// runesBefore returns the n runes of s that end at byte offset i, all
// ideographs.
func runesBefore(s string, i, n int) (string, bool) {
	j := i
	for k := 0; k < n; k++ {
		if j <= 0 {
			return "", false
		}
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if r < 0x3400 || isClauseMark(r) {
			return "", false
		}
		j -= size
	}
	return s[j:i], true
}

// notGiven are English words that are pinyin syllables too and stand after
// a word that is a surname more often as English than as a given name:
// "You Can", "He Ran".
var notGiven = map[string]bool{
	"an": true, "can": true, "ran": true, "men": true, "pan": true, "tan": true, "fan": true,
	"die": true, "pin": true, "bin": true, "gun": true, "hen": true, "man": true, "long": true,
	"she": true, "he": true, "you": true, "ma": true, "me": true, "ban": true, "sun": true,
	"chi": true, "shui": true, "yang": true, "wan": true, "hang": true, "sang": true,
}

// notPeople are pairs of words that fold as names and are not: feng shui,
// yin yang, tai chi.
var notPeople = map[string]bool{"feng shui": true, "yin yang": true, "tai chi": true, "ping pong": true}

// latinPeople finds the romanized Chinese names of s: two words, each
// starting with a capital (or the surname in capitals: XI Jinping), that
// person.Key reads as a surname and a given name of one word, the surname
// first as outlets write mainland names. With strict (in text), a given
// name with a hyphen (Li Gun-mo, a Korean name; Tsai Ing-wen) is none and
// the words of a place (Hong Kong) are none; a query (not strict) takes
// Xi Jin-ping and Jinping Xi too.
func latinPeople(s string, strict bool) []Person {
	type word struct {
		start, end int
		text       string
	}
	var words []word
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isNameLetter(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !isNameLetter(r) && !(r == '-' || r == '\'' || r == '’') {
				break
			}
			j += n
		}
		next := j
		// A possessive (Xi Jinping's) is not part of the name, nor an
		// apostrophe or hyphen at the end of a word.
		for _, p := range [...]string{"'s", "’s", "'", "’", "-"} {
			if strings.HasSuffix(s[i:j], p) && j-len(p) > i {
				j -= len(p)
				break
			}
		}
		words = append(words, word{i, j, s[i:j]})
		i = next
	}
	var out []Person
	for k := 0; k+1 < len(words); k++ {
		a, b := words[k], words[k+1]
		if !capitalized(a.text) || !capitalized(b.text) || !onlySpaces(s[a.end:b.start]) {
			continue
		}
		if strict && (strings.ContainsAny(a.text+b.text, "-'’") || len(place.Lookup(a.text+" "+b.text)) > 0) {
			continue
		}
		la, lb := strings.ToLower(a.text), strings.ToLower(b.text)
		if notGiven[lb] && notGiven[la] || notPeople[la+" "+lb] {
			continue
		}
		key, ok := person.Key(a.text + " " + b.text)
		if !ok {
			continue
		}
		if strict && (!strings.HasPrefix(key, la+" ") || notGiven[lb]) {
			continue // in text the surname comes first
		}
		out = append(out, Person{Start: a.start, End: b.end, Key: key})
		k++
	}
	return out
}

func isNameLetter(r rune) bool {
	return r < utf8.RuneSelf && unicode.IsLetter(r) || r == 'ü' || r == 'Ü'
}

// capitalized reports whether w starts with a capital.
func capitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func onlySpaces(s string) bool {
	return s != "" && strings.TrimSpace(s) == ""
}

// peopleScan holds the person names found in the text being analyzed.
type peopleScan struct {
	ms   []Person
	next int
	// skip is, at query time, the byte offset before which the units
	// belong to a romanized name replaced by its person term.
	skip int
}

// reset finds the person names of input.
// Like placeScan's, it keeps offsets only: no need to copy input.
func (ps *peopleScan) reset(d *dictionary, input []byte, index bool) {
	*ps = peopleScan{}
	s := unsafe.String(unsafe.SliceData(input), len(input))
	if index {
		ps.ms = findPeople(d, s)
	} else if hasUpper(s) {
		ps.ms = latinPeople(s, false)
	}
}

// persons emits, at index time, the person terms of the names that start
// within segment i, at the position of the unit they start at. At query
// time a romanized name that starts at segment i replaces its words by its
// person term: persons returns 1 then, else 0.
func (a *Analyzer) persons(o *out, s *scratch, i int) int {
	us, sg := s.units, s.segs[i]
	start, end := us[sg.a].start, us[sg.b-1].end
	ps := &s.pp
	for ps.next < len(ps.ms) && ps.ms[ps.next].Start < end {
		m := ps.ms[ps.next]
		ps.next++
		if m.Start < start {
			continue
		}
		k := sg.a
		for k < sg.b && us[k].start < m.Start {
			k++
		}
		if k == sg.b || us[k].start != m.Start {
			continue
		}
		term := PersonTerm(m.Key)
		if a.index {
			o.add([]byte(term), m.Start, m.End, us[k].pos, analysis.Single)
			continue
		}
		if k != sg.a || us[k].ideo {
			continue
		}
		o.add([]byte(term), m.Start, m.End, us[k].pos, analysis.Single)
		ps.skip = m.End
		return 1
	}
	return 0
}
