package extract

import (
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer/place"
)

// mention is a place named in a text, at bytes [start, end), with the places
// the name may mean (more than one when it is ambiguous: 吉林, Fuzhou).
type mention struct {
	start, end int
	places     []*place.Place
}

// mentions finds the places named in text with the gazetteer and its
// county-level divisions (place.FindLocal: 芦山县 is in Sichuan, 北京朝阳 is
// Beijing's district), less the names that the words around them show to be
// something else (see falseContexts), and with the words that name a
// province by its one-character abbreviation, which the gazetteer never
// matches (see abbreviated).
func mentions(text string) []mention {
	found := place.FindLocal(text)
	out := make([]mention, 0, len(found))
	for _, m := range found {
		if !falseMention(text, m.Start, m.End) {
			out = append(out, mention{m.Start, m.End, m.Places})
		}
	}
	return withAbbreviations(text, out)
}

// abbreviated are words that name a province, or a part of it, by its
// one-character abbreviation: a region (滇西 is western Yunnan, 陕北 northern
// Shaanxi, 赣南 southern Jiangxi, 珠三角 the Pearl River Delta) or Hong
// Kong's affairs (涉港 "concerning Hong Kong", 驻港部队, 港人治港). Words that
// are often something else are left out: 关中 (攻关中), 苏中 (复苏中), 南疆
// and 北疆 (the country's southern and northern frontiers), 宁南 and 桂东
// (counties of other provinces), and 澳 (Macao, but also Australia).
var abbreviated = func() map[string]place.Code {
	out := map[string]place.Code{}
	regions := map[place.Code]string{
		"130000": "冀中 冀东 冀南 冀北", "140000": "晋北 晋南 晋中南 晋东南 晋西北", "150000": "蒙东 蒙西",
		"210000": "辽西 辽南 辽东", "320000": "苏北 苏南", "330000": "浙南 浙北 浙西 浙东",
		"340000": "皖北 皖南 皖西", "350000": "闽南 闽西 闽北 闽东", "360000": "赣南 赣北 赣东北",
		"370000": "鲁南 鲁北 鲁西 鲁西南 胶东", "410000": "豫东 豫西 豫南 豫北", "420000": "鄂西 鄂东 鄂北",
		"430000": "湘南 湘中", "440000": "粤东 粤西 粤北 珠三角 潮汕", "450000": "桂西 桂北 桂南",
		"510000": "川西 川南 川北 川东", "520000": "黔东 黔北 黔西", "530000": "滇西 滇南 滇中 滇东 滇西北",
		"540000": "藏东 藏北 藏南", "610000": "陕北 陕南", "620000": "陇东 陇中",
		"810000": "涉港 访港 赴港 驻港 抵港 来港 港人 港府 港独 治港 全港",
		"820000": "治澳",
	}
	for code, words := range regions {
		for _, w := range strings.Fields(words) {
			out[w] = code
		}
	}
	return out
}()

// abbreviatedByRune indexes the abbreviated words by their first character,
// so that a text is read once.
var abbreviatedByRune = byFirstRune(slices.Sorted(maps.Keys(abbreviated)))

// withAbbreviations adds to the mentions ms of text the abbreviated words
// found between them (川西 inside 四川西部 is no word of its own), the
// longest where two overlap (鲁西南, not 鲁西), in order. 涉港澳 and 驻港澳
// name Hong Kong and Macao together, a list, not Hong Kong; 泛珠三角 is the
// nine provinces around the delta.
func withAbbreviations(text string, ms []mention) []mention {
	var extra []mention
	for i, r := range text {
		for _, w := range abbreviatedByRune[r] {
			end := i + len(w)
			switch {
			case !strings.HasPrefix(text[i:], w),
				abbreviated[w] == "810000" && hasPrefixAny(text[end:], []string{"澳", "口", "区", "湾"}),
				strings.HasSuffix(text[:i], "泛"): // 泛珠三角, the provinces around the delta
				continue
			}
			p, _ := place.ByCode(abbreviated[w])
			extra = append(extra, mention{i, end, []*place.Place{p}})
		}
	}
	if len(extra) == 0 {
		return ms
	}
	sort.Slice(extra, func(i, j int) bool {
		a, b := extra[i], extra[j]
		return a.start < b.start || (a.start == b.start && a.end > b.end)
	})
	out := ms
	for _, e := range extra {
		overlaps := false
		for _, m := range out {
			overlaps = overlaps || (m.start < e.end && e.start < m.end)
		}
		if !overlaps {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// falseContexts are words that hold a place's name without meaning the
// place, which the gazetteer's scanner does not know (found by reading the
// contexts of the most frequent names in the CCTV corpus): foreign places
// (佛罗里达州, 马里兰州, 别尔哥罗德州; 乌海军 is Ukraine's navy), people (李长春, 王安顺), phrases read across a
// word boundary (重大理论, 最大同比, 均衡水平, 医保定点, 向南平移), and other
// places' landmarks (北海舰队, 朝天门, 歌乐山, 广安门医院).
var falseContexts = strings.Fields(`
	重大理 最大同 扩大同 加大同 强大同 巨大同 重大同 更大同 宏大同 大同心
	均衡水 平衡水 医保定 确保定 担保定 向南平 往南平 几万宁 万宁夏 商洛克
	佛罗里达州 明尼苏达州 苏达州 里达州 哥罗德州 罗德州 斯克州 茨克州 扎克州 苏梅州
	马里兰州 昆士兰州 内华达州 乌海军
	地中海东 黄淮南 江淮南 黄淮北 江淮北 义乌海 朝天门 广安门 歌乐山 中山堂 中山医院 中山门
	北海舰队 拱北海 李长春 王安顺 李金华
`)

// falseByName indexes falseContexts by the names they hold, with the
// offset of the name in the word.
var falseByName = func() map[string][]falseContext {
	out := map[string][]falseContext{}
	for _, w := range falseContexts {
		for _, m := range place.Find(w) {
			name := w[m.Start:m.End]
			out[name] = append(out[name], falseContext{w, m.Start})
		}
	}
	return out
}()

type falseContext struct {
	word string
	at   int // byte offset of the name in word
}

// onlyBesideProvince are names that mean their place only right after its
// province or with their designation (四川巴中, 巴中市): alone, 巴中 is
// Pakistan and China (巴中友谊).
var onlyBesideProvince = map[string]string{"巴中": "四川"}

// falseMention reports whether the name at text[start:end] is not a place.
func falseMention(text string, start, end int) bool {
	name := text[start:end]
	for _, fc := range falseByName[name] {
		s := start - fc.at
		if s >= 0 && s+len(fc.word) <= len(text) && text[s:s+len(fc.word)] == fc.word {
			return true
		}
	}
	if prov, ok := onlyBesideProvince[name]; ok {
		return !strings.HasSuffix(text[:start], prov) && !strings.HasPrefix(text[end:], "市")
	}
	return false
}

// role is what the words around a mention say about it.
type role int

const (
	rolePlain      role = iota // 在无锡一家企业; "visited Taiyuan"
	roleQualified              // 山西省, 太原市, "Gansu Province", "Lanzhou City"
	roleGovernance             // 湖南省委, 广东省通信管理局, "Provincial Party Committee"
	roleCompany                // 上海硅产业集团, "Shanghai Silicon Semiconductor"
	roleEvent                  // 杭州峰会, 北京冬奥会, "Beijing Summit": hosted, not about
	roleComparison             // 比上海, 与北京相比, "higher than in Shanghai"
	roleClock                  // 北京时间, "Beijing time": not a place at all
	roleLeader                 // 政治局委员、北京市委书记: a national leader's other title
	roleList                   // 河北、山东等地: one of several places listed
	roleVenue                  // 在三亚举行会谈: where an event is held, not what it is about
)

// Factors by which a mention's role multiplies its weight. A company or an
// event carries its place's name but is seldom what the article is about;
// a comparison names a place in passing; a venue is where an event is held,
// which the rest of the article makes its topic or not (a venue weighs in
// full against another province: see evidence.against).
var roleFactor = map[role]float64{
	rolePlain:      1,
	roleQualified:  1.5,
	roleGovernance: 2.5,
	roleCompany:    0.3,
	roleEvent:      0.2,
	roleComparison: 0.3,
	roleClock:      0,
	roleLeader:     0.3,
	roleList:       0.5,
	roleVenue:      0.5,
}

// Words around Chinese names. Designations (山西省, 吕梁市, 恩施州) are the
// gazetteer's (place.Designations).
var (
	// The bodies of a province's or a city's government: 省委, 市政府,
	// 省人大常委会, 省高级人民法院.
	hanGovernments = []string{"党委", "委员会", "人民政府", "政府", "人大", "政协", "纪委", "监委", "委", "高级人民法院", "人民检察院"}
	// Words that end the name of a company or an institution named after
	// its place, up to six characters on: 上海硅产业集团, 北京大学, 四川航空,
	// 北海舰队 (of the navy, not the city), 曲靖舰, 兰州军区, 上海合作组织.
	hanCompanies = []string{"集团", "公司", "银行", "证券", "交易所", "大学", "学院", "航空", "控股", "股份", "实业", "商会", "舰队", "舰", "军区", "合作组织"}
	// Events a place hosts or names, up to four characters on: 杭州峰会,
	// 北京冬奥会, 上海公报; and the seat of the central government.
	hanEvents = []string{"峰会", "会晤", "论坛", "宣言", "公报", "奥运会", "冬奥会", "残奥会", "亚运会", "大运会", "世博会", "进博会", "进口博览会", "人民大会堂", "钓鱼台"}
	// Comparisons, before a name (比上海, 像北京一样) and after it (与北京相比).
	hanCompareBefore = []string{"比", "像", "如同", "好比", "相当于", "不亚于", "超过", "赶超"}
	hanCompareAfter  = []string{"相比", "相较", "一样", "那样", "相当"}
	// The formula of national statistics, "31个省（自治区、直辖市）和新疆生产建设
	// 兵团": the corps named there stands for no place.
	hanNational = []string{"直辖市）和", "直辖市)和", "直辖市）及", "直辖市）以及"}
	// The national offices before which a provincial secretary's title is
	// a national leader's, named in national news: 中共中央政治局委员、
	// 北京市委书记.
	hanLeaders = []string{"政治局委员、", "政治局常委、", "国务委员、", "政治局委员，", "中央委员、"}
	// Words that end in 局 or 厅 but are no government department.
	notDepartments = []string{"格局", "布局", "大局", "全局", "开局", "结局", "僵局", "当局", "时局", "变局", "新局", "棋局", "骗局", "赌局", "饭局", "邮局"}
)

// Words around romanized names.
var (
	latinGovernanceRE = regexp.MustCompile(`^(?:'s)?\s+(?:Provincial|Municipal|Autonomous Regional|Regional|Province|City|Prefecture)?\s*(?:Party Committee|Committee of the CPC|CPC Committee|People's Government|Government|People's Congress|CPPCC|Commission|Department|Bureau|Discipline)`)
	latinGovBeforeRE  = regexp.MustCompile(`(?i)(?:governor|mayor|party secretary|party chief|secretary) of\s+(?:the\s+)?$`)
	latinQualifierRE  = qualifierRE()
	latinEventRE      = regexp.MustCompile(`^\s+(?:Summit|Declaration|Communique|Consensus|Olympics|Olympic|Winter Olympics|Paralympics|Asian Games|World Expo|Expo|Forum)\b`)
	latinClockRE      = regexp.MustCompile(`(?i)^\s+time\b`)
	latinOrgRE        = regexp.MustCompile(`^\s+(?:[A-Z][A-Za-z]+\s+){0,3}(?:Group|Company|Co\.|Corporation|Corp\.|Bank|University|Airlines|Cooperation Organi[sz]ation|Fleet)\b`)
	latinCompareRE    = regexp.MustCompile(`(?i)(?:\bthan|\blike|compared (?:with|to)|as in|similar to|unlike)(?:\s+(?:in|that of|those of))?\s+$`)
)

// roleOf tells what a mention is from the words around it. In a headline,
// whose English words are capitalized, a capital after a name does not make
// it a company's.
func roleOf(text string, m mention, headline bool) role {
	name := text[m.start:m.end]
	after := text[m.end:]
	if len(after) > 120 {
		after = after[:120]
	}
	before := text[max(0, m.start-60):m.start]
	if r, _ := utf8.DecodeRuneInString(name); r >= utf8.RuneSelf {
		return hanRole(name, before, after)
	}
	return latinRole(before, after, headline)
}

func hanRole(name, before, after string) role {
	division := place.HanDesignation(after)
	rest := after[len(division):]
	switch {
	case strings.HasPrefix(after, "时间"), hasSuffixAny(before, hanNational):
		return roleClock
	case hasPrefixAny(rest, hanGovernments),
		(division == "省" || division == "市" || division == "自治区" || place.EndsWithHanDesignation(name)) && isDepartment(rest):
		if hasSuffixAny(before, hanLeaders) {
			return roleLeader
		}
		return roleGovernance
	case within(after, hanEvents, 4), strings.HasPrefix(after, "精神"):
		return roleEvent // 杭州峰会; 上海精神, 延安精神: a spirit named after a place
	case isCompany(after) && !(strings.HasSuffix(name, "省") && strings.HasPrefix(after, "军区")):
		return roleCompany // but 甘肃省军区 is the province's own command
	case hasSuffixAny(before, hanCompareBefore), within(after, hanCompareAfter, 3):
		return roleComparison
	case strings.HasSuffix(before, "、") || strings.HasPrefix(rest, "、") || strings.HasPrefix(rest, "等"):
		return roleList
	case place.EndsWithHanDesignation(name), division != "":
		return roleQualified
	}
	return rolePlain
}

// isCompany reports whether s, after a place's name, goes on to name a
// company or an institution: 上海硅产业集团, 北京大学; not 世界大学生, 航空港.
func isCompany(s string) bool {
	w := nameWindow(s, 6)
	for _, c := range hanCompanies {
		i := strings.Index(w, c)
		if i < 0 {
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[i+len(c):])
		switch {
		case c == "大学" && next == '生', c == "航空" && (next == '港' || next == '站'):
			continue
		}
		return true
	}
	return false
}

// isDepartment reports whether s opens with a department of a province's or
// a city's government: 科技厅, 公安局; not 发展新格局.
func isDepartment(s string) bool {
	w := nameWindow(s, 8)
	for _, end := range []string{"厅", "局"} {
		i := strings.Index(w, end)
		if i <= 0 {
			continue
		}
		m := w[:i+len(end)]
		if !hasSuffixAny(m, notDepartments) {
			return true
		}
	}
	return false
}

// nameWindow returns the start of s that may continue a name: up to n
// characters, then as many more as a two-character word needs, of Han
// characters, letters, digits and the brackets and dots of names.
func nameWindow(s string, n int) string {
	end := 0
	for i, r := range s {
		if n+2 <= 0 {
			break
		}
		if !unicode.Is(unicode.Han, r) && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("·（）()", r) {
			break
		}
		end = i + utf8.RuneLen(r)
		n--
	}
	return s[:end]
}

// within reports whether one of words starts within the first n Han
// characters of s.
func within(s string, words []string, n int) bool {
	for i, r := range s {
		if n < 0 || !unicode.Is(unicode.Han, r) {
			return false
		}
		if hasPrefixAny(s[i:], words) {
			return true
		}
		n--
	}
	return false
}

func hasPrefixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// qualifierRE matches a designation after a romanized name, or its
// adjective: "Gansu Province", "Lanzhou City", "Shanghai Municipal".
func qualifierRE() *regexp.Regexp {
	var words []string
	for _, d := range place.Designations() {
		if d.English != "" {
			words = append(words, regexp.QuoteMeta(d.English))
		}
	}
	return regexp.MustCompile(`^\s+(?:` + strings.Join(words, "|") + `|Provincial|Municipal)\b`)
}

func latinRole(before, after string, headline bool) role {
	// Most names are followed by punctuation or a lower-case word and
	// preceded by neither "governor of" nor "than": the expressions below
	// are tried only when a cheap look says they may match.
	capital := len(after) > 1 && (after[0] == ' ' || after[0] == '\'') && strings.TrimLeft(after, " 's") != "" && isCapitalized(strings.TrimLeft(after, " 's"))
	tail := strings.ToLower(before)
	switch {
	case len(after) > 1 && after[0] == ' ' && (after[1] == 't' || after[1] == 'T') && latinClockRE.MatchString(after):
		return roleClock
	case capital && latinGovernanceRE.MatchString(after),
		containsAny(tail, "governor", "mayor", "secretary", "chief") && latinGovBeforeRE.MatchString(before):
		return roleGovernance
	case capital && latinEventRE.MatchString(after):
		return roleEvent
	case capital && latinQualifierRE.MatchString(after):
		return roleQualified
	case containsAny(tail, "than", "like", "compared", "as in", "similar") && latinCompareRE.MatchString(before):
		return roleComparison
	case capital && latinOrgRE.MatchString(after), !headline && isCapitalized(nextWord(after)):
		return roleCompany // "Shanghai Silicon Semiconductor", "Shanxi Coking Coal Group"
	}
	return rolePlain
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// nextWord returns the word that follows a mention: a run of letters after
// spaces, or "" when punctuation comes first.
func nextWord(s string) string {
	s = strings.TrimLeft(s, " ")
	end := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) || r >= 0x2E80 })
	if end < 0 {
		end = len(s)
	}
	return s[:end]
}

func isCapitalized(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// Words around a venue: 国家主席在海南省三亚市同芬兰总统举行会谈, 会议在兰州召开.
var (
	// hanVenueBefore put a place as where something happens; not 位于,
	// 关于, 对于.
	hanVenueBefore = []string{"在", "将于", "日于"}
	// hanHosting are the events a venue holds: meetings, talks, ceremonies.
	hanHosting = []string{"举行", "召开", "举办", "开幕", "闭幕", "会见", "会谈", "会晤", "会面", "出席", "主持", "迎接", "欢迎", "宴请", "签署", "友好交流", "拉开帷幕", "揭幕", "启幕"}
	// hanVisiting are what a leader does in a place that makes the place
	// the story: 习近平在陕西考察.
	hanVisiting = []string{"考察", "调研", "视察", "看望", "慰问", "检查", "察看", "走访", "指导"}
	// hanBuilding are what is built or opened where a ceremony is held:
	// the works are the place's (三峡水运新通道工程开工仪式在湖北省宜昌市举行).
	hanBuilding = []string{"开工", "竣工", "通车", "投产", "开通", "奠基", "揭牌", "通航", "合龙", "贯通", "落成", "投运"}
)

// venues reports, for each of the mentions ms of text, whether it names
// where an event is held (在兰州举行座谈会, 在海南省三亚市同芬兰总统举行会谈):
// a run of names after 在 (or 于 after a date), followed in its clause by a
// meeting, talks or a ceremony, and not by a visit (在陕西考察), nor by 的
// (在青海的实践 is what happened there), nor in a clause about works built
// or opened there (开工仪式在宜昌举行). An event is seldom about the place
// that hosts it: the rest of the article says when it is.
func venues(text string, ms []mention) []bool {
	out := make([]bool, len(ms))
	for i := 0; i < len(ms); {
		// A run of names, next to each other or listed: 海南省三亚市,
		// 在新疆、江西举行.
		j := i + 1
		for j < len(ms) && (ms[j].start == ms[j-1].end || isListGap(text[ms[j-1].end:ms[j].start])) {
			j++
		}
		if r, _ := utf8.DecodeRuneInString(text[ms[i].start:]); r >= utf8.RuneSelf && hasSuffixAny(text[:ms[i].start], hanVenueBefore) {
			clause := clauseAfter(text[ms[j-1].end:], 40)
			event := clause + clauseBefore(text[:ms[i].start], 40)
			if containsAny(clause, hanHosting...) && !containsAny(clause, hanVisiting...) &&
				!strings.HasPrefix(clause, "的") && !containsAny(event, hanBuilding...) {
				for k := i; k < j; k++ {
					out[k] = true
				}
			}
		}
		i = j
	}
	return out
}

// clauseBefore returns the end of s from the start of its clause, at most
// n characters.
func clauseBefore(s string, n int) string {
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if n == 0 || strings.ContainsRune("，。；！？：\n,;", r) {
			return s[i:]
		}
		i -= size
		n--
	}
	return s
}

// isListGap reports whether what stands between two names lists them.
func isListGap(s string) bool { return s == "、" || s == "和" || s == "及" || s == "与" }

// clauseAfter returns the start of s up to the end of its clause (a comma,
// a full stop, a line), at most n characters.
func clauseAfter(s string, n int) string {
	for i, r := range s {
		if n == 0 || strings.ContainsRune("，。；！？：\n,;", r) {
			return s[:i]
		}
		n--
	}
	return s
}

// selfReferences counts the words by which an article about one province
// or city speaks of it without naming it: 全省, 我省, 省委, 市委, "the
// province", "the provincial party committee". They confirm, never
// establish, what the names say.
func selfReferences(text string) int {
	n := 0
	for _, w := range hanSelfRefs {
		n += strings.Count(text, w)
	}
	if strings.Contains(text, "rovinc") || strings.Contains(text, "overnor") {
		lower := strings.ToLower(text)
		for _, w := range latinSelfRefs {
			n += strings.Count(lower, w)
		}
	}
	return n
}

var (
	hanSelfRefs   = []string{"全省", "我省", "本省", "省委", "省政府", "省人大", "省政协", "全区", "自治区党委", "自治区政府", "全市", "我市", "本市", "市委", "市政府"}
	latinSelfRefs = []string{"the province", "our province", "this province", "provincial party committee", "provincial committee", "provincial government", "provincial people's congress", "the governor"}
)
