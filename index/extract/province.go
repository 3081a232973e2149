package extract

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer/place"
)

// Weights of the evidence for the province an article is about, as a reader
// weighs it: the paper's name, the dateline and the headline say most; each
// name in the body says a little, more when it is the province's government
// speaking (湖南省委, "Gansu Provincial Party Committee"), less when it only
// names a company, an event, a comparison or where an event is held (see
// roleFactor).
const (
	weightSource   = 4 // "Shanxi CPPCC Daily", 甘肃日报
	weightDateline = 4 // 新华社太原3月28日电, "Lanzhou September 26 news"
	weightTitle    = 3 // a name in the headline
	weightTopic    = 5 // a headline that opens with its place: "江苏：发力供给侧"
	weightMention  = 1 // a name in the body
	// capitalFactor weighs down 北京 and "Beijing" (but not 北京市, nor the
	// city's government): the capital is where national news happens, so it
	// is named in news that is not about Beijing.
	capitalFactor = 0.5
	// weightSelfRef is added for each 全省, 省委, "the province"… (at most
	// maxSelfRefs of them) to a province that the names already put first.
	weightSelfRef = 0.5
	maxSelfRefs   = 4
)

// capital is Beijing's code.
const capital place.Code = "110000"

// ownAffairs reports whether p keeps affairs of its own that what happens
// there is about: Hong Kong and Macao, whose events are their own news.
func ownAffairs(p *place.Place) bool {
	c := provinceCode(p)
	return c == "810000" || c == "820000"
}

// nationalAffairs reports whether p is named in national news as often as
// in its own: the capital, where the nation's news happens, and Taiwan,
// whose affairs are the nation's and its foreign policy's (对台工作, 两岸).
func nationalAffairs(p place.Code) bool {
	return p == capital || p == "710000"
}

// thresholds decide when the evidence makes an article about one province.
// National news names many provinces, or the capital, or none; an article
// gets a province only when one clearly dominates: precision matters more
// than recall (see TestProvinceLabels for the trade-off measured).
type thresholds struct {
	minScore float64 // the leader's score
	minRatio float64 // the leader over the runner-up
	minShare float64 // the leader's share of all the evidence
	// A leader named by the headline, the source or the dateline, when no
	// other province is, needs less of a lead.
	minRatioStrong, minShareStrong float64
	// minScoreNational replaces minScore for an article whose headline is
	// about the nation (国家, 全国, 我国, 中央, national…) or the world (a
	// foreign country or leader, an international body) and names no place:
	// a local note in national news does not make it local news.
	minScoreNational float64
	// minScoreAlone replaces minScore for a leader that no other province
	// contends with, named in the lead paragraph of an article whose
	// headline is not about the nation or the world: a story told in one
	// place names it once or twice (a village doctor's, a fireman's). Not
	// for the places of national affairs (see nationalAffairs).
	minScoreAlone float64
	// minDirect is how much of the leader's score must name the place
	// itself: a province known only by its namesakes (上海合作组织, 海口舰,
	// 杭州峰会) is none.
	minDirect float64
	// minCoverage is the share of paragraphs that must name a leader that
	// only the body names and its lead paragraph does not: one story of a
	// news roundup does not make the roundup about its province.
	minCoverage float64
}

var defaultThresholds = thresholds{minScore: 3, minRatio: 3, minShare: 0.5, minRatioStrong: 1.5, minShareStrong: 0.4, minScoreNational: 6, minScoreAlone: 1.5, minDirect: 1, minCoverage: 0.5}

// ProvinceOf returns the province that a province's name (English or
// Chinese, or its code) and its code name, nil for none, or an error when
// they name none or disagree.
func ProvinceOf(name, code string) (*place.Place, error) {
	var byName, byCode *place.Place
	if name != "" {
		p, ok := place.ParseProvince(name)
		if !ok {
			return nil, fmt.Errorf("province %q is not one of China's provincial-level divisions (give its code, its Chinese or its English name)", name)
		}
		byName = p
	}
	if code != "" {
		p, ok := place.ByCode(place.Code(code))
		if !ok || p.Level != place.LevelProvince {
			return nil, fmt.Errorf("province code %q is not a provincial-level GB/T 2260 code", code)
		}
		byCode = p
	}
	if byName != nil && byCode != nil && byName != byCode {
		return nil, fmt.Errorf("province %q and province code %q disagree", name, code)
	}
	if byName != nil {
		return byName, nil
	}
	return byCode, nil
}

// location is where extraction finds an article is from.
type location struct {
	province *place.Place // nil when no province clearly dominates
	places   []string     // codes of every place named, in code order
}

// locate weighs the evidence of title, source and body.
func locate(title, source, body string) location {
	ev := weigh(title, source, body)
	return location{province: ev.decide(defaultThresholds), places: ev.places}
}

// evidence is what the text says about where an article is from, before
// the thresholds decide.
type evidence struct {
	score map[place.Code]float64 // by province
	// against is what a province weighs against the leader: its score,
	// with the places where events are held counted in full (see
	// roleVenue), since a venue names a place the article involves even
	// when it is not about it.
	against map[place.Code]float64
	// direct is the part of the score that names the place itself, not
	// a company, an event or a leader's other title that carries its name.
	direct   map[place.Code]float64
	strong   map[place.Code]bool    // named by the source, the dateline or the headline
	coverage map[place.Code]float64 // share of the body's paragraphs that name it
	lead     map[place.Code]bool    // named in the lead paragraph
	// national is set when the headline speaks of the nation and names
	// no place.
	national bool
	places   []string
}

// A named is one resolved mention with its weight.
type named struct {
	p       *place.Place
	weight  float64
	against float64 // the weight it has against another province
	strong  bool
	venue   bool
	direct  bool // the place itself (see evidence.direct)
	para    int  // paragraph of the body, or -1
}

// weigh collects the evidence of title, source and body.
func weigh(title, source, body string) evidence {
	const (
		inSource = iota
		inTitle
		inBody
	)
	type found struct {
		mention
		in       int
		text     string
		base     float64
		strong   bool
		dateline bool
		venue    bool
		para     int
	}
	var all []found
	add := func(in int, text string, base float64, strong bool, para func(int) int) {
		ms := mentions(text)
		venue := venues(text, ms)
		for i, m := range ms {
			all = append(all, found{mention: m, in: in, text: text, base: base, strong: strong, venue: venue[i], para: para(m.start)})
		}
	}
	none := func(int) int { return -1 }
	add(inSource, source, weightSource, true, none)
	add(inTitle, title, weightTitle, true, none)
	paraStarts := paragraphStarts(body)
	add(inBody, body, weightMention, false, func(at int) int {
		return sort.Search(len(paraStarts), func(i int) bool { return paraStarts[i] > at }) - 1
	})
	// The place of a dateline in the head of the body counts as the
	// dateline's, once.
	if start, end, ok := bodyDateline(body); ok {
		for i := range all {
			if f := &all[i]; f.in == inBody && f.start >= start && f.end <= end {
				f.base, f.strong, f.dateline = weightDateline, true, true
			}
		}
	}

	// Resolve ambiguous names by the provinces the unambiguous ones support.
	support := map[place.Code]int{}
	for _, f := range all {
		if len(f.places) == 1 {
			support[provinceCode(f.places[0])]++
		}
	}
	var ns []named
	codes := map[string]bool{}
	for _, f := range all {
		p := resolve(f.places, support)
		if p == nil {
			continue
		}
		r := rolePlain // a dateline's place is followed by its date: "Lanzhou September 26"
		if !f.dateline {
			r = roleOf(f.text, f.mention, f.in != inBody)
		}
		w, against := f.base*roleFactor[r], f.base*roleFactor[r]
		if f.venue && (r == rolePlain || r == roleQualified || r == roleList) && !ownAffairs(p) {
			r, w = roleVenue, f.base*roleFactor[roleVenue]
		}
		if w == 0 {
			continue // 北京时间 names no place
		}
		if f.in == inTitle && f.start == 0 && opensTopic(title[f.end:]) {
			w, against = weightTopic, weightTopic
		}
		if p.Code == capital && r != roleGovernance && !strings.HasSuffix(f.text[f.start:f.end], "市") {
			w, against = w*capitalFactor, against*capitalFactor
		}
		if r != roleCompany && p.Level != place.LevelCounty {
			codes[string(p.Code)] = true // a company's name is not a mention of its namesake
		}
		strong := f.strong && r != roleCompany && r != roleEvent && r != roleComparison && r != roleVenue
		direct := r != roleCompany && r != roleEvent && r != roleComparison && r != roleLeader
		ns = append(ns, named{p, w, against, strong, r == roleVenue, direct, f.para})
	}

	ev := evidence{score: map[place.Code]float64{}, against: map[place.Code]float64{}, direct: map[place.Code]float64{}, strong: map[place.Code]bool{}, coverage: map[place.Code]float64{}, lead: map[place.Code]bool{}}
	leadParas := leadParagraphs(body, paraStarts)
	paras := map[place.Code]map[int]bool{}
	for _, n := range ns {
		prov := provinceCode(n.p)
		ev.score[prov] += n.weight
		ev.against[prov] += n.against
		if n.direct {
			ev.direct[prov] += n.weight
		}
		ev.strong[prov] = ev.strong[prov] || n.strong
		if n.para >= 0 {
			ev.lead[prov] = ev.lead[prov] || (n.para < leadParas && !n.venue)
			if paras[prov] == nil {
				paras[prov] = map[int]bool{}
			}
			paras[prov][n.para] = true
		}
	}
	if len(paraStarts) > 0 {
		for prov, ps := range paras {
			ev.coverage[prov] = float64(len(ps)) / float64(len(paraStarts))
		}
	}
	// A headline that names a place is about it, unless it names only
	// where an event is held (习近平同朝鲜领导人在大连举行会晤) or a
	// namesake (上海合作组织峰会).
	ev.national = true
	for _, n := range ns {
		ev.national = ev.national && (n.para >= 0 || n.venue || !n.direct)
	}
	ev.national = ev.national && nationalHeadline(title)
	// Words like 全省 confirm the leader, at most doubling what the names
	// say for it.
	if top := ev.leader(); top != "" {
		confirm := min(ev.score[top], weightSelfRef*float64(min(selfReferences(body), maxSelfRefs)))
		ev.score[top] += confirm
		ev.against[top] += confirm
	}
	for c := range codes {
		ev.places = append(ev.places, c)
	}
	sort.Strings(ev.places)
	return ev
}

// leader returns the province with the highest score, "" when there is
// none, ties broken by code for a stable answer.
func (ev evidence) leader() place.Code {
	var first place.Code
	for c, s := range ev.score {
		if first == "" || s > ev.score[first] || (s == ev.score[first] && c < first) {
			first = c
		}
	}
	return first
}

// standing is what the thresholds weigh: the leader, its score, the
// weight of the strongest other province against it, and the weight of
// all the evidence.
type standing struct {
	leader              place.Code
	score, rival, total float64
}

func (ev evidence) standing() standing {
	st := standing{leader: ev.leader()}
	st.score = ev.score[st.leader]
	for c, a := range ev.against {
		st.total += a
		if c != st.leader {
			st.rival = max(st.rival, a)
		}
	}
	return st
}

// decide returns the province that the evidence makes the article about, or
// nil when none clearly dominates.
func (ev evidence) decide(t thresholds) *place.Place {
	st := ev.standing()
	first := st.leader
	if first == "" {
		return nil
	}
	ratio, share, minScore := t.minRatio, t.minShare, t.minScore
	switch {
	case ev.national:
		minScore = t.minScoreNational
	case st.rival == 0 && ev.lead[first] && !nationalAffairs(first):
		minScore = t.minScoreAlone
	}
	alone := ev.strong[first]
	for c, strong := range ev.strong {
		alone = alone && (c == first || !strong)
	}
	if alone {
		ratio, share = t.minRatioStrong, t.minShareStrong
	}
	switch {
	case st.score < minScore,
		st.rival*ratio > st.score,
		st.score < share*st.total,
		ev.direct[first] < t.minDirect,
		!ev.strong[first] && !ev.lead[first] && ev.coverage[first] < t.minCoverage:
		return nil
	}
	p, _ := place.ByCode(first)
	return p
}

// nationalHeadline reports whether a headline speaks of the nation or of
// many places: 国家卫生健康委通报, 全国秋粮, 我国首条, 中组部通报, 多地再遇强降雨,
// "China's exports", "nationwide".
func nationalHeadline(title string) bool {
	for i, r := range title {
		for _, w := range nationalByRune[r] {
			if strings.HasPrefix(title[i:], w) {
				return true
			}
		}
	}
	if worldHeadline(title) {
		return true
	}
	if !hasLetter(title) {
		return false
	}
	lower := strings.ToLower(title)
	return containsAny(lower, "china", "chinese", "national", "nationwide", "state council", "beijing says")
}

// hasLetter reports whether s holds an ASCII letter.
func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; 'a' <= c && c <= 'z' {
			return true
		}
	}
	return false
}

// nationalWords are the words of a national headline: the nation, the
// central government and its ministries, and many places at once.
var nationalWords = strings.Fields(`
	国家 全国 我国 中国 中央 中共 国务院 全党 各地 多地 多省 各省 省区 省份 中组部 中宣部 中纪委 国新办 国台办 港澳办 外交部 国防部 发改委
	发展改革委 教育部 科技部 工信部 工业和信息化部 公安部 民政部 司法部 财政部 人社部 人力资源社会保障部 自然资源部 生态环境部 住建部 住房城乡建设部
	交通运输部 水利部 农业农村部 农业部 商务部 文化和旅游部 文化部 卫生部 卫健委 应急管理部 人民银行 央行 国资委 海关总署 税务总局 市场监管总局
	统计局 广电总局 体育总局 最高法 最高人民法院 最高检 最高人民检察院 人民日报 新华社 央视
`)

// worldWords are the words of a headline about the world: foreign heads of
// state and of government and their envoys, international bodies and
// meetings, and foreign countries and regions. A place in China named in
// such news is where it happens, seldom what it is about.
var worldWords = strings.Fields(`
	总统 国王 女王 亲王 王储 首相 外长 外交部长 大使 议长 总督
	联合国 安理会 世卫组织 世界卫生组织 世贸组织 世界银行 国际货币基金组织 国际奥委会 北约 欧盟 东盟 非盟 阿盟
	金砖国家 二十国集团 七国集团 亚太经合组织 上合组织 上海合作组织 达沃斯 博鳌亚洲论坛 一带一路
	美国 加拿大 墨西哥 古巴 巴西 阿根廷 智利 秘鲁 委内瑞拉 哥伦比亚 厄瓜多尔 玻利维亚 乌拉圭 巴拿马 尼加拉瓜
	英国 法国 德国 意大利 西班牙 葡萄牙 荷兰 比利时 瑞士 瑞典 挪威 芬兰 丹麦 冰岛 爱尔兰 奥地利 波兰 捷克
	匈牙利 罗马尼亚 保加利亚 希腊 塞尔维亚 克罗地亚 白俄罗斯 乌克兰 俄罗斯 欧洲 中东欧
	日本 韩国 朝鲜 蒙古国 越南 老挝 柬埔寨 泰国 缅甸 马来西亚 新加坡 印度尼西亚 印尼 菲律宾 文莱 东帝汶
	印度 巴基斯坦 孟加拉国 斯里兰卡 尼泊尔 马尔代夫 阿富汗 伊朗 伊拉克 叙利亚 黎巴嫩 约旦 以色列 巴勒斯坦
	沙特 也门 阿曼 阿联酋 卡塔尔 科威特 土耳其 哈萨克斯坦 吉尔吉斯斯坦 塔吉克斯坦 乌兹别克斯坦 土库曼斯坦
	阿塞拜疆 亚美尼亚 格鲁吉亚 东南亚 中亚 南亚 拉美 非洲 埃及 利比亚 阿尔及利亚 摩洛哥 苏丹 埃塞俄比亚 肯尼亚
	坦桑尼亚 南非 尼日利亚 加纳 刚果 津巴布韦 安哥拉 澳大利亚 新西兰 斐济 太平洋岛国
`)

// worldHeadline reports whether a headline speaks of the world: one of
// worldWords that is not part of a place's name or of a word around it
// (河北约谈 holds no 北约, 湖南非遗 no 南非, 朝鲜族 is Chinese).
func worldHeadline(title string) bool {
	var ms []mention
	for i, r := range title {
		for _, w := range worldByRune[r] {
			end := i + len(w)
			if !strings.HasPrefix(title[i:], w) || (w == "朝鲜" && strings.HasPrefix(title[end:], "族")) {
				continue
			}
			if ms == nil {
				ms = mentions(title)
			}
			overlaps := false
			for _, m := range ms {
				overlaps = overlaps || (m.start < end && i < m.end)
			}
			if !overlaps {
				return true
			}
		}
	}
	return false
}

// nationalByRune and worldByRune index the words by their first
// character, so that a headline is read once.
var nationalByRune, worldByRune = byFirstRune(nationalWords), byFirstRune(worldWords)

func byFirstRune(words []string) map[rune][]string {
	out := map[rune][]string{}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		out[r] = append(out[r], w)
	}
	return out
}

// resolve picks the place an ambiguous name means: the one whose province
// the text names otherwise (吉林 beside 长春 is the province; Fuzhou beside
// Nanchang is 抚州); when the candidates all lie in one province (吉林省 and
// 吉林市), the provincial-level one; when the text does not tell, the
// provincial-level candidate if there is one (海南 is the province, not
// Qinghai's 海南州), else nothing (Fuzhou alone).
func resolve(ps []*place.Place, support map[place.Code]int) *place.Place {
	if len(ps) == 1 {
		return ps[0]
	}
	var best *place.Place
	bestN, tie := 0, false
	provinces := map[place.Code]bool{}
	var provincial *place.Place
	for _, p := range ps {
		provinces[provinceCode(p)] = true
		if p.Level == place.LevelProvince {
			provincial = p
		}
		switch n := support[provinceCode(p)]; {
		case n > bestN:
			best, bestN, tie = p, n, false
		case n == bestN && n > 0 && provinceCode(p) != provinceCode(best):
			tie = true
		}
	}
	switch {
	case len(provinces) == 1 && provincial != nil:
		return provincial
	case len(provinces) == 1:
		return ps[0]
	case best != nil && !tie:
		if provincial != nil && provinceCode(provincial) == provinceCode(best) {
			return provincial
		}
		return best
	case best == nil && provincial != nil:
		return provincial
	}
	return nil
}

func provinceCode(p *place.Place) place.Code {
	if p.Level == place.LevelProvince {
		return p.Code
	}
	return p.Parent
}

// opensTopic reports whether a headline's first name is its topic: "江苏：
// 发力供给侧", "Gansu: wind power grows".
func opensTopic(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	return strings.HasPrefix(rest, "：") || strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "|")
}

// paragraphStarts returns the byte offsets at which the body's non-empty
// lines start.
func paragraphStarts(body string) []int {
	var out []int
	for at := 0; at < len(body); {
		end := strings.IndexByte(body[at:], '\n')
		if end < 0 {
			end = len(body) - at
		}
		if strings.TrimSpace(body[at:at+end]) != "" {
			out = append(out, at)
		}
		at += end + 1
	}
	return out
}

// leadParagraphs returns how many paragraphs make the lead: the first, and
// the second too when the first is as short as a headline; none in a
// roundup of short stories, each under its own headline (快讯), whose
// first story is no more its topic than the others.
func leadParagraphs(body string, starts []int) int {
	if len(starts) < 2 {
		return len(starts)
	}
	headlines := 0
	for i := range starts[:len(starts)-1] {
		if isSubHeadline(strings.TrimSpace(body[starts[i]:starts[i+1]])) {
			headlines++
		}
	}
	switch {
	case headlines >= 2:
		return 0
	case utf8.RuneCountInString(strings.TrimSpace(body[starts[0]:starts[1]])) < 40:
		return 2
	}
	return 1
}

// isSubHeadline reports whether a paragraph reads as a headline: short, and
// not ending in punctuation.
func isSubHeadline(p string) bool {
	if n := utf8.RuneCountInString(p); n == 0 || n > 30 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(p)
	return !strings.ContainsRune("。！？；，：、”」』）).!?;,:", r)
}

// bodyDateline finds a dateline in the head of body and returns the byte
// range, in body, of the words that name its place.
func bodyDateline(body string) (start, end int, ok bool) {
	at := 0
	for n := 0; n < 3 && at < len(body); {
		eol := strings.IndexByte(body[at:], '\n')
		if eol < 0 {
			eol = len(body) - at
		}
		line := cut(body[at:at+eol], maxHeadLine)
		if strings.TrimSpace(line) != "" {
			n++
			// Dates are found with their digits folded to ASCII, which
			// moves offsets: the place is found again in the line as is.
			folded := foldDigits(line)
			if dl, ok := findDateline(folded); ok {
				name := folded[dl.placeStart:dl.placeEnd]
				if i := strings.Index(line, name); i >= 0 {
					return at + i, at + i + len(name), true
				}
			}
		}
		at += eol + 1
	}
	return 0, 0, false
}
