package index

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxTitle is the longest line, in characters, taken as a headline. A longer
// first line is a paragraph: the title is then cut from its first sentence.
const maxTitle = 160

// leadTitle is how much of a lead sentence becomes the title of an article
// that has no headline.
const leadTitle = 100

// ParseText reads a seed-style article: an optional breadcrumb line ("Your
// current location: home page > …"), a headline, a line of metadata
// ("Information source: Shanxi CPPCC Daily Published on: 2024-03-28 08:20"),
// then the body. Articles without a headline get the start of their lead as
// title. Metadata the text does not give stays empty.
func ParseText(id, text string) Document {
	d := Document{ID: id}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	rest := 0 // index of the first line of the body
	for i, l := range lines {
		l = strings.TrimSpace(l)
		switch {
		case l == "" || isBreadcrumb(l):
			rest = i + 1
			continue
		case isMetaLine(l):
			if d.Source == "" {
				d.Source = labeledSource(l)
			}
			if d.Date == "" {
				d.Date = findDate(l)
			}
			rest = i + 1
			continue
		case d.Title == "" && utf8.RuneCountInString(l) <= maxTitle && !endsSentence(l):
			d.Title = l
			rest = i + 1
			continue
		}
		break
	}
	d.Body = strings.TrimSpace(strings.Join(lines[rest:], "\n"))
	Complete(&d)
	return d
}

// Complete fills the metadata that d lacks from its text: a title from the
// lead, the source, the publication date, the province and the language.
// Fields d already has are kept: explicit metadata wins over extraction.
func Complete(d *Document) {
	if d.Title == "" {
		d.Title = titleFromLead(d.Body)
	}
	head := header(d.Body)
	if d.Source == "" {
		d.Source = labeledSource(head)
		if d.Source == "" {
			d.Source = reporterSource(d.Body)
		}
	}
	if d.Date == "" {
		d.Date = labeledDate(head)
	}
	if d.Province == "" {
		d.Province = Province(d.Title, d.Source, d.Body)
	}
	if d.Lang == "" {
		d.Lang = language(d.Title + "\n" + d.Body)
	}
}

var breadcrumbRE = regexp.MustCompile(`(?i)^(your current location|current location|location|当前位置|您的位置|您现在的位置)\s*[:：]|(\S\s*>\s*\S.*){2,}`)

func isBreadcrumb(l string) bool { return breadcrumbRE.MatchString(l) }

var metaRE = regexp.MustCompile(`(?i)(information source|published on|release time|publication date|number of readers|来源\s*[:：]|发布时间|发布日期)`)

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

func labeledSource(s string) string {
	m := sourceRE.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return strings.TrimRight(strings.TrimSpace(m[1]), ",，;；|")
}

var (
	// "(New Gansu · Gansu Daily reporter Zhang Fugui)": a newspaper is named
	// just before its reporter.
	reporterRE   = regexp.MustCompile(`((?:[A-Z][A-Za-z]*\s+){1,3})(Daily|Evening News|News|Times|Post)\s+[Rr]eporters?\b`)
	reporterZhRE = regexp.MustCompile(`(\p{Han}{2,10}(?:日报|晚报|早报|新闻网|电视台|广播电视台))(?:社)?记者`)
)

func reporterSource(body string) string {
	if m := reporterZhRE.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	m := reporterRE.FindStringSubmatch(body)
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

// labeledDate finds a publication date in s: one after a label
// ("Published on:", "发布时间："), else the first full date.
func labeledDate(s string) string {
	if loc := metaRE.FindStringIndex(s); loc != nil {
		if d := findDate(s[loc[1]:]); d != "" {
			return d
		}
	}
	return findDate(s)
}

var (
	months  = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
	isoRE   = regexp.MustCompile(`\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	zhRE    = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	mdyRE   = regexp.MustCompile(`(?i)\b(` + months + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	dmyRE   = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(` + months + `)\.?,?\s+(\d{4})\b`)
	monthOf = func(name string) int {
		name = strings.ToLower(name)
		for i, m := range strings.Split(months, "|")[:12] {
			if strings.HasPrefix(m, name[:3]) {
				return i + 1
			}
		}
		return 0
	}
)

// findDate returns the earliest full date (with a year) in s as YYYY-MM-DD,
// or "" when there is none. A date without a year is not a date here.
func findDate(s string) string {
	type match struct {
		at      int
		y, m, d int
	}
	var best *match
	consider := func(at int, y, m, d int) {
		if best == nil || at < best.at {
			if t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC); y >= 1900 && y <= 2100 && t.Month() == time.Month(m) && t.Day() == d {
				best = &match{at, y, m, d}
			}
		}
	}
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	for _, re := range []*regexp.Regexp{isoRE, zhRE} {
		if m := re.FindStringSubmatchIndex(s); m != nil {
			consider(m[0], atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]]))
		}
	}
	if m := mdyRE.FindStringSubmatchIndex(s); m != nil {
		consider(m[0], atoi(s[m[6]:m[7]]), monthOf(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]))
	}
	if m := dmyRE.FindStringSubmatchIndex(s); m != nil {
		consider(m[0], atoi(s[m[6]:m[7]]), monthOf(s[m[4]:m[5]]), atoi(s[m[2]:m[3]]))
	}
	if best == nil {
		return ""
	}
	return time.Date(best.y, time.Month(best.m), best.d, 0, 0, 0, 0, time.UTC).Format(DateLayout)
}

// titleFromLead cuts a title from the first sentence of body, at a word
// boundary, with an ellipsis when it had to be shortened.
func titleFromLead(body string) string {
	var first string
	for _, l := range strings.Split(body, "\n") {
		if l = strings.TrimSpace(l); l != "" && !isBreadcrumb(l) && !isMetaLine(l) {
			first = l
			break
		}
	}
	if i := strings.IndexAny(first, "。！？"); i >= 0 {
		first = first[:i]
	} else if i := strings.Index(first, ". "); i >= 0 {
		first = first[:i]
	}
	first = strings.TrimSpace(first)
	if utf8.RuneCountInString(first) <= leadTitle {
		return first
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
		return first
	}
	return strings.TrimRight(first[:cut], " ,，、;；:：") + "…"
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
