package extract

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer/place"
)

// Weights of the evidence for the province an article is about, as a reader
// weighs it: the paper's name, the dateline and the headline say most; each
// name in the body says a little, more when it is the province's government
// speaking (湖南省委, "Gansu Provincial Party Committee"), less when it only
// names a company, an event or a comparison (see roleFactor).
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
	// about the nation (国家, 全国, 我国, 中央, national…) and names no place:
	// a local note in national news does not make it local news.
	minScoreNational float64
	// minCoverage is the share of paragraphs that must name a leader that
	// only the body names and its lead paragraph does not: one story of a
	// news roundup does not make the roundup about its province.
	minCoverage float64
}

var defaultThresholds = thresholds{minScore: 3, minRatio: 3, minShare: 0.5, minRatioStrong: 1.5, minShareStrong: 0.4, minScoreNational: 6, minCoverage: 0.5}

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
	score    map[place.Code]float64 // by province
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
	p      *place.Place
	weight float64
	strong bool
	para   int // paragraph of the body, or -1
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
		para     int
	}
	var all []found
	add := func(in int, text string, base float64, strong bool, para func(int) int) {
		for _, m := range mentions(text) {
			all = append(all, found{mention: m, in: in, text: text, base: base, strong: strong, para: para(m.start)})
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
		w := f.base * roleFactor[r]
		if w == 0 {
			continue // 北京时间 names no place
		}
		if f.in == inTitle && f.start == 0 && opensTopic(title[f.end:]) {
			w = weightTopic
		}
		if p.Code == "110000" && r != roleGovernance && !strings.HasSuffix(f.text[f.start:f.end], "市") {
			w *= capitalFactor
		}
		if r != roleCompany {
			codes[string(p.Code)] = true // a company's name is not a mention of its namesake
		}
		strong := f.strong && r != roleCompany && r != roleEvent && r != roleComparison
		ns = append(ns, named{p, w, strong, f.para})
	}

	ev := evidence{score: map[place.Code]float64{}, strong: map[place.Code]bool{}, coverage: map[place.Code]float64{}, lead: map[place.Code]bool{}}
	leadParas := leadParagraphs(body, paraStarts)
	paras := map[place.Code]map[int]bool{}
	for _, n := range ns {
		prov := provinceCode(n.p)
		ev.score[prov] += n.weight
		ev.strong[prov] = ev.strong[prov] || n.strong
		if n.para >= 0 {
			ev.lead[prov] = ev.lead[prov] || n.para < leadParas
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
	ev.national = nationalHeadline(title)
	for _, n := range ns {
		ev.national = ev.national && n.para >= 0
	}
	// Words like 全省 confirm the leader, at most doubling what the names
	// say for it.
	if top, _ := ev.ranked(); top != "" {
		ev.score[top] += min(ev.score[top], weightSelfRef*float64(min(selfReferences(body), maxSelfRefs)))
	}
	for c := range codes {
		ev.places = append(ev.places, c)
	}
	sort.Strings(ev.places)
	return ev
}

// ranked returns the provinces with the highest and the second highest
// scores ("" when there is none), ties broken by code for a stable answer.
func (ev evidence) ranked() (first, second place.Code) {
	var cs []place.Code
	for c := range ev.score {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if ev.score[cs[i]] != ev.score[cs[j]] {
			return ev.score[cs[i]] > ev.score[cs[j]]
		}
		return cs[i] < cs[j]
	})
	switch len(cs) {
	case 0:
		return "", ""
	case 1:
		return cs[0], ""
	}
	return cs[0], cs[1]
}

// decide returns the province that the evidence makes the article about, or
// nil when none clearly dominates.
func (ev evidence) decide(t thresholds) *place.Place {
	first, second := ev.ranked()
	if first == "" {
		return nil
	}
	top, total := ev.score[first], 0.0
	for _, s := range ev.score {
		total += s
	}
	ratio, share, minScore := t.minRatio, t.minShare, t.minScore
	if ev.national {
		minScore = t.minScoreNational
	}
	alone := ev.strong[first]
	for c, strong := range ev.strong {
		alone = alone && (c == first || !strong)
	}
	if alone {
		ratio, share = t.minRatioStrong, t.minShareStrong
	}
	switch {
	case top < minScore,
		second != "" && ev.score[second]*ratio > top,
		top < share*total,
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
	if nationalRE.MatchString(title) {
		return true
	}
	lower := strings.ToLower(title)
	return containsAny(lower, "china", "chinese", "national", "nationwide", "state council", "beijing says")
}

// nationalRE matches the words of a national headline: the nation, the
// central government and its ministries, and many places at once.
var nationalRE = regexp.MustCompile(`国家|全国|我国|中国|中央|中共|国务院|全党|各地|多地|多省|各省|省区|省份|中组部|中宣部|中纪委|国新办|国台办|港澳办|外交部|国防部|发改委|发展改革委|教育部|科技部|工信部|工业和信息化部|公安部|民政部|司法部|财政部|人社部|人力资源社会保障部|自然资源部|生态环境部|住建部|住房城乡建设部|交通运输部|水利部|农业农村部|农业部|商务部|文化和旅游部|文化部|卫生部|卫健委|应急管理部|人民银行|央行|国资委|海关总署|税务总局|市场监管总局|统计局|广电总局|体育总局|最高法|最高人民法院|最高检|最高人民检察院|人民日报|新华社|央视`)

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
