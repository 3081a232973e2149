// Package extract reads an article's metadata from its text: a title from
// the lead, the source, the publication date and its precision, the
// province the article is about, the places it names, and its language. It
// is made of pure functions from text to Metadata, over the gazetteer of
// analyzer/place; package index merges what they find with what a record
// gives, and stores the result. The rules, as a user meets them, are in
// EXTRACTION.md.
package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer/t2s"
)

// maxTitle is the longest line, in characters, taken as a headline. A longer
// first line is a paragraph: the title is then cut from its first sentence.
const maxTitle = 160

// leadTitle is how much of a lead sentence becomes the title of an article
// that has no headline.
const leadTitle = 100

// Metadata is what is known of an article besides its text: what its record
// gives, completed by what Complete reads from the text. An empty field is
// one not known.
type Metadata struct {
	Title  string
	Source string
	// Date is the publication date as YYYY-MM-DD when its day is known;
	// PartialDate is what is known of a date that is not a full day
	// (YYYY-MM, YYYY, or MM-DD without a year); Precision says which.
	Date, PartialDate string
	Precision         Precision
	// Province names a provincial-level division by its English or Chinese
	// name or its code, and ProvinceCode by its GB/T 2260 code; Complete
	// writes one it knows as its English name and its code.
	Province, ProvinceCode string
	// Places are the GB/T 2260 codes of the provinces and prefectures the
	// text names, in code order; nil when not known yet.
	Places []string
	Lang   string // "zh" or "en"
}

// ParseText reads a seed-style article: an optional breadcrumb line ("Your
// current location: home page > …"), a headline, a line of metadata
// ("Information source: Shanxi CPPCC Daily Published on: 2024-03-28 08:20"),
// then the body. It returns what those lines give (the title, the source,
// the date) and the body; Complete reads the rest from the text. Text in
// traditional characters is read as its simplified twin, and what is taken
// from it (the title, the source) is kept as it is written.
func ParseText(text string) (m Metadata, body string) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(t2s.Fold(text), "\n")
	written := strings.Split(text, "\n") // line by line, the same bytes at the same offsets
	rest := 0                            // index of the first line of the body
	for i, l := range lines {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || isBreadcrumb(l):
			rest = i + 1
			continue
		case isMetaLine(l):
			if m.Source == "" {
				if start, end, ok := labeledSource(l); ok {
					m.Source = strings.TrimSpace(written[i])[start:end]
				}
			}
			if m.Date == "" && m.PartialDate == "" {
				if w, ok := metaDate(l); ok {
					w.set(&m)
				}
			}
			rest = i + 1
			continue
		case m.Title == "" && utf8.RuneCountInString(l) <= maxTitle && !endsSentence(l):
			m.Title = strings.TrimSpace(written[i])
			rest = i + 1
			continue
		}
		break
	}
	return m, strings.TrimSpace(strings.Join(written[rest:], "\n"))
}

// Complete returns given with the metadata it lacks read from body: a
// title from the lead (for an article without a headline), the source, the
// publication date and its precision, the province the article is about,
// the places it names, and the language. What given has is kept: explicit
// metadata wins over extraction. A province given as a code or a Chinese
// name is written as its English name and code (and left alone when it
// names none, for the caller to refuse).
func Complete(given Metadata, body string) Metadata {
	m := given
	// Traditional characters are read as simplified (甘肅 as 甘肃): the
	// gazetteer, the labels and the datelines are written in simplified.
	// Folding keeps every byte where it was, so what is found in the
	// folded text is cut from the text as written.
	folded := t2s.Fold(body)
	headline := m.Title // a title cut from the lead is no headline to weigh
	if m.Title == "" {
		start, end, more := titleSpan(folded)
		m.Title = body[start:end]
		if more {
			m.Title += "…"
		}
	}
	head := header(folded)
	if m.Source == "" {
		if start, end, ok := labeledSource(head); ok {
			m.Source = body[start:end]
		} else {
			m.Source = reporterSource(folded, body)
		}
	}
	if m.Date == "" && m.PartialDate == "" {
		if w, ok := publicationDate(folded); ok {
			w.set(&m)
		}
	} else if prec, err := PrecisionOf(m.Date, m.PartialDate); err == nil {
		m.Precision = prec
	}
	if (m.Province == "" && m.ProvinceCode == "") || m.Places == nil {
		loc := locate(t2s.Fold(headline), t2s.Fold(m.Source), folded)
		if m.Province == "" && m.ProvinceCode == "" && loc.province != nil {
			m.Province, m.ProvinceCode = loc.province.English, string(loc.province.Code)
		}
		if m.Places == nil {
			m.Places = loc.places
		}
	}
	if p, err := ProvinceOf(m.Province, m.ProvinceCode); err == nil && p != nil {
		m.Province, m.ProvinceCode = p.English, string(p.Code)
	}
	if m.Lang == "" {
		m.Lang = language(m.Title + "\n" + body)
	}
	return m
}

var breadcrumbRE = regexp.MustCompile(`(?i)^(your current location|current location|location|当前位置|您的位置|您现在的位置)\s*[:：]|(\S\s*>\s*\S.*){2,}`)

func isBreadcrumb(l string) bool { return breadcrumbRE.MatchString(l) }

var metaRE = regexp.MustCompile(`(?i)(information source|published on|release time|publication date|number of readers|来源\s*[:：]|发布时间|发布日期|发表时间|发表日期)`)

func isMetaLine(l string) bool { return metaRE.MatchString(l) }

func endsSentence(l string) bool {
	r, _ := utf8.DecodeLastRuneInString(l)
	return strings.ContainsRune("。！？；.!?;", r) && utf8.RuneCountInString(l) > 40
}

// header is the part of a body where a publication line may stand: its first
// two lines, at most 400 bytes.
func header(body string) string {
	end := 0
	for n := 0; n < 2 && end < len(body); n++ {
		i := strings.IndexByte(body[end:], '\n')
		if i < 0 {
			end = len(body)
			break
		}
		end += i + 1
	}
	if end > 400 {
		end = 400
		for end > 0 && !utf8.RuneStart(body[end]) {
			end--
		}
	}
	return body[:end]
}

var sourceRE = regexp.MustCompile(`(?i)(?:information source|source|来源)\s*[:：]\s*(.+?)\s*(?:\b(?:published on|release time|publication date|number of readers|author|editor)\b|作者|编辑|发布时间|时间|$)`)

// labeledSource returns the byte range in s of the source that a label
// names ("来源：山西日报", "Information source: Shanxi CPPCC Daily").
func labeledSource(s string) (start, end int, ok bool) {
	m := sourceRE.FindStringSubmatchIndex(s)
	if m == nil {
		return 0, 0, false
	}
	start, end = m[2], m[3]
	for start < end && isSpaceByte(s[start]) {
		start++
	}
	for start < end {
		r, n := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) && !strings.ContainsRune(",，;；|", r) {
			break
		}
		end -= n
	}
	return start, end, start < end
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' }

var (
	// "(New Gansu · Gansu Daily reporter Zhang Fugui)": a newspaper is named
	// just before its reporter.
	reporterRE   = regexp.MustCompile(`((?:[A-Z][A-Za-z]*\s+){1,3})(Daily|Evening News|News|Times|Post)\s+[Rr]eporters?\b`)
	reporterZhRE = regexp.MustCompile(`(\p{Han}{2,10}(?:日报|晚报|早报|新闻网|电视台|广播电视台))(?:社)?记者`)
)

// reporterSource returns the paper named before its reporter in folded,
// the body read as simplified, as body writes it.
func reporterSource(folded, body string) string {
	if !strings.Contains(folded, "记者") && !strings.Contains(folded, "eporter") {
		return ""
	}
	if m := reporterZhRE.FindStringSubmatchIndex(folded); m != nil {
		return body[m[2]:m[3]]
	}
	m := reporterRE.FindStringSubmatch(folded) // letters are not folded
	if m == nil {
		return ""
	}
	// Keep the words nearest the title word, up to a repeated one:
	// "New Gansu Gansu Daily" is the client's name and then the paper's.
	words := strings.Fields(m[1])
	keep := []string{words[len(words)-1]}
	for i := len(words) - 2; i >= 0 && words[i] != keep[0]; i-- {
		keep = append([]string{words[i]}, keep...)
	}
	if len(keep) > 2 && keep[0] == "New" {
		keep = keep[1:]
	}
	return strings.Join(keep, " ") + " " + m[2]
}

// titleSpan returns where, in body, the title cut from the first sentence
// of the lead starts and ends, at a word boundary, and whether it was
// shortened (and wants an ellipsis).
func titleSpan(body string) (start, end int, more bool) {
	at := 0
	for at < len(body) {
		eol := strings.IndexByte(body[at:], '\n')
		if eol < 0 {
			eol = len(body) - at
		}
		if l := strings.TrimSpace(body[at : at+eol]); l != "" && !isBreadcrumb(l) && !isMetaLine(l) {
			start, end = trimSpan(body, at, at+eol)
			break
		}
		at += eol + 1
	}
	first := body[start:end]
	if i := strings.IndexAny(first, "。！？"); i >= 0 {
		first = first[:i]
	} else if i := strings.Index(first, ". "); i >= 0 {
		first = first[:i]
	}
	start, end = trimSpan(body, start, start+len(first))
	first = body[start:end]
	if utf8.RuneCountInString(first) <= leadTitle {
		return start, end, false
	}
	cut, n := 0, 0
	for i, r := range first {
		if n == leadTitle {
			break
		}
		n++
		if unicode.IsSpace(r) || r > 0x2E80 {
			cut = i // a space, or any point between Chinese characters
		}
	}
	if cut == 0 {
		return start, end, false
	}
	return start, start + len(strings.TrimRight(first[:cut], " ,，、;；:：")), true
}

// trimSpan returns the span s[start:end] without the spaces around it.
func trimSpan(s string, start, end int) (int, int) {
	t := strings.TrimLeftFunc(s[start:end], unicode.IsSpace)
	start = end - len(t)
	return start, start + len(strings.TrimRightFunc(t, unicode.IsSpace))
}

// language tells Chinese from English by which script has more characters.
func language(s string) string {
	var han, latin int
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r < 0x250 && unicode.IsLetter(r):
			latin++
		}
	}
	switch {
	case han == 0 && latin == 0:
		return ""
	case han*3 >= latin: // a Chinese character carries about three letters' worth
		return "zh"
	}
	return "en"
}

// headLines are the lines of a body where a publication date or a dateline
// may stand: its first three non-empty lines, each cut to maxHeadLine bytes.
func headLines(body string) []string {
	var out []string
	for len(out) < 3 && body != "" {
		line := body
		if i := strings.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = ""
		}
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		out = append(out, foldDigits(cut(line, maxHeadLine)))
	}
	return out
}

// maxHeadLine bounds how much of a line is searched for a date.
const maxHeadLine = 400

// cut returns at most n bytes of s, ending at a character boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// publicationDate finds when an article was published from the head of its
// body, as a reader would: a labelled date ("Published on: April 9, 2024",
// "发布时间：2024年3月"), else the date of a dateline ("新华社太原3月28日电",
// "Lanzhou September 26 news"), else a date that opens the lead ("On
// September 26, …", "9月4日上午，…", "今天（5月1日）…"), else a line that is
// only a date. Dates further into the text are what the news is about, not
// when it was published, and are left alone. Only a label makes a month
// ("2024年3月") or a year a publication date.
func publicationDate(body string) (when, bool) {
	lines := headLines(body)
	for _, l := range lines {
		if w, ok := labelledDate(l); ok {
			return w, true
		}
	}
	for _, l := range lines {
		if dl, ok := findDateline(l); ok {
			return dl.when, true
		}
	}
	// The lead is the first line that is not a headline; a date opens it
	// or one of the headlines before it.
	for _, l := range lines {
		if w, ok := openingDate(l); ok {
			return w, true
		}
		if !isSubHeadline(l) {
			break
		}
	}
	for _, l := range lines {
		if w, ok := dateLine(l); ok {
			return w, true
		}
	}
	return when{}, false
}

// dateLabelRE matches the labels that introduce a publication date. The
// generic ones (日期, Date, Published) need their colon: "the bureau
// published 2024 figures" gives no date.
var dateLabelRE = regexp.MustCompile(`(?i)(?:published on|publication date|release time|released on|release date|posted on|发布时间|发布日期|发表时间|发表日期|出版日期|更新时间|(?:published|时间|日期|date|time)\s*[:：])\s*[:：]?\s*`)

// labelledDate returns a date that directly follows a label in s, at any
// precision.
func labelledDate(s string) (when, bool) {
	if !mayHaveLabel(s) {
		return when{}, false
	}
	for _, loc := range dateLabelRE.FindAllStringIndex(s, -1) {
		rest := cut(s[loc[1]:], 80)
		if ds := findDates(rest); len(ds) > 0 && ds[0].start == 0 {
			return ds[0].when, true
		}
	}
	return when{}, false
}

// mayHaveLabel is a quick look for the words of dateLabelRE.
func mayHaveLabel(s string) bool {
	for _, w := range []string{"发布", "发表", "出版", "更新", "时间", "日期", "ublish", "elease", "osted", "ate", "ime", "ATE", "IME", "UBLISH", "ELEASE", "OSTED"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// metaDate returns the date of a metadata line ("Information source: X
// Published on: 2024-03-28 08:20"): a labelled one, else the first full date.
func metaDate(l string) (when, bool) {
	l = foldDigits(l)
	if w, ok := labelledDate(l); ok {
		return w, true
	}
	for _, dm := range findDates(l) {
		if dm.prec == PrecisionDay {
			return dm.when, true
		}
	}
	return when{}, false
}

// A dateline opens a report with where and when it was filed:
// "新华社太原3月28日电", "本报兰州9月26日讯", "Lanzhou September 26 news",
// "TAIYUAN, March 28 (Xinhua) --". Place is the byte range of the words
// before the date, where the place is named.
type dateline struct {
	when
	placeStart, placeEnd int
}

// datelineMarkers end the date of a dateline: 电 and 讯 in Chinese, "news",
// an opening bracket or a dash in English.
var datelineMarkers = []struct {
	mark string
	han  bool
}{{"电", true}, {"讯", true}, {"消息", true}, {"news", false}, {"(", false}, {"（", false}, {"--", false}, {"—", false}, {"–", false}, {" - ", false}}

// datelineEnd reports whether what follows 电 or 讯 ends a dateline: a
// space, a bracket, punctuation, or text; not the rest of a word (电视,
// 电力, 讯息).
func datelineEnd(rest string) bool {
	r, _ := utf8.DecodeRuneInString(rest)
	return !strings.ContainsRune("视影话力网商子器池脑台厂站价量费动梯线缆源能车竞信磁气流压息号", r)
}

var latinDatelineBefore = regexp.MustCompile(`((?:[A-Z][A-Za-z'’\-]+|[A-Z]+)(?:\s[A-Z][A-Za-z'’\-]+)?),?\s+$`)

// findDateline finds a dateline within the start of line l: a day, or a
// month and day, right before a marker, after the name of a place.
func findDateline(l string) (dateline, bool) {
	l = cut(l, 240)
	var best dateline
	found := false
	for _, mk := range datelineMarkers {
		for from := 0; ; {
			i := strings.Index(l[from:], mk.mark)
			if i < 0 {
				break
			}
			i += from
			from = i + len(mk.mark)
			start := max(0, i-96)
			for start > 0 && !utf8.RuneStart(l[start]) {
				start++
			}
			window := strings.TrimRight(l[start:i], " ")
			ds := findDates(window)
			if len(ds) == 0 {
				continue
			}
			dm := ds[len(ds)-1]
			if dm.end != len(window) || (dm.prec != PrecisionDay && dm.prec != PrecisionMonthDay) {
				continue
			}
			dateAt := start + dm.start
			if found && dateAt >= best.placeEnd {
				continue
			}
			if mk.han && !datelineEnd(l[i+len(mk.mark):]) {
				continue
			}
			if mk.han {
				// The place is in the few characters before the date,
				// after any punctuation: 新华社太原, 本报兰州.
				p := dateAt
				for n := 0; n < 16 && p > 0; n++ {
					r, size := utf8.DecodeLastRuneInString(l[:p])
					if !unicode.Is(unicode.Han, r) {
						break
					}
					p -= size
				}
				if p < dateAt {
					best, found = dateline{dm.when, p, dateAt}, true
				}
				continue
			}
			if m := latinDatelineBefore.FindStringSubmatchIndex(l[:dateAt]); m != nil {
				best, found = dateline{dm.when, m[2], m[3]}, true
			}
		}
	}
	return best, found
}

// leadRE matches what may come before a date that opens a lead: the
// broadcaster's or the paper's tag ("新华网消息：", "本台消息："),
// and words like "On", "From", "今天（".
var leadRE = regexp.MustCompile(`^(?:[^：:\n]{0,24}?(?:消息|讯|电|报道)\s*(?:[(（][^)）]{0,16}[)）])?\s*[：:]\s*){0,2}(?:——|—|[(（]\s*)?(?:(?:On|From|Since|Starting|Beginning|As of|At|By)\s+|(?:今天|今日|当地时间|北京时间)\s*[(（]?\s*)?`)

// openingDate returns a day, or a month and day, that opens line l.
func openingDate(l string) (when, bool) {
	rest := l[len(leadRE.FindString(l)):]
	ds := findDates(cut(rest, 80))
	if len(ds) == 0 || ds[0].start != 0 {
		return when{}, false
	}
	if p := ds[0].prec; p != PrecisionDay && p != PrecisionMonthDay {
		return when{}, false
	}
	return ds[0].when, true
}

// dateOnlyRE matches what may stand beside a date on a line of its own: a
// time, a weekday, brackets and punctuation.
var dateOnlyRE = regexp.MustCompile(`(?i)^(?:[\s,，.。:：()（）\[\]【】|/—–-]|\d{1,2}:\d{2}(?::\d{2})?|上午|下午|星期[一二三四五六日天]|周[一二三四五六日天]|(?:mon|tues|wednes|thurs|fri|satur|sun)day)*$`)

// dateLine returns the date of a line that holds nothing else.
func dateLine(l string) (when, bool) {
	if utf8.RuneCountInString(l) > 40 {
		return when{}, false
	}
	ds := findDates(l)
	if len(ds) != 1 || (ds[0].prec != PrecisionDay && ds[0].prec != PrecisionMonthDay) {
		return when{}, false
	}
	if !dateOnlyRE.MatchString(l[:ds[0].start]) || !dateOnlyRE.MatchString(l[ds[0].end:]) {
		return when{}, false
	}
	return ds[0].when, true
}
