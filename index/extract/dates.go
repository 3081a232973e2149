package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Precision says how much of an article's publication date is known.
type Precision string

// The precisions of a publication date. A date without a year is kept as a
// month and day: xinwen never invents a year.
const (
	PrecisionDay      Precision = "day"      // 2024-03-28
	PrecisionMonth    Precision = "month"    // 2024-03
	PrecisionYear     Precision = "year"     // 2024
	PrecisionMonthDay Precision = "monthday" // 09-26, year unknown
)

// Layouts of a full date (Metadata.Date) and of the partial dates
// (Metadata.PartialDate), by precision.
const (
	DateLayout     = "2006-01-02"
	MonthLayout    = "2006-01"
	YearLayout     = "2006"
	MonthDayLayout = "01-02"
)

// when is a publication date as far as it is known: y is 0 for a month and
// day without a year; d is 0 below day precision.
type when struct {
	y, m, d int
	prec    Precision
}

// valid reports whether w is a date that exists: no 2月30日, no 2023-02-29.
// A month and day without a year may be 02-29.
func (w when) valid() bool {
	switch w.prec {
	case PrecisionYear:
		return w.y >= 1900 && w.y <= 2100
	case PrecisionMonth:
		return w.y >= 1900 && w.y <= 2100 && w.m >= 1 && w.m <= 12
	case PrecisionDay:
		if w.y < 1900 || w.y > 2100 || w.m < 1 || w.m > 12 || w.d < 1 {
			return false
		}
		return w.d <= daysIn(w.y, w.m)
	case PrecisionMonthDay:
		return w.m >= 1 && w.m <= 12 && w.d >= 1 && w.d <= daysIn(2000, w.m) // 2000 is a leap year
	}
	return false
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// set writes w into m's date fields: Date for a full date, PartialDate for
// the others, and Precision.
func (w when) set(m *Metadata) {
	m.Date, m.PartialDate, m.Precision = "", "", w.prec
	switch w.prec {
	case PrecisionDay:
		m.Date = fmt.Sprintf("%04d-%02d-%02d", w.y, w.m, w.d)
	case PrecisionMonth:
		m.PartialDate = fmt.Sprintf("%04d-%02d", w.y, w.m)
	case PrecisionYear:
		m.PartialDate = fmt.Sprintf("%04d", w.y)
	case PrecisionMonthDay:
		m.PartialDate = fmt.Sprintf("%02d-%02d", w.m, w.d)
	}
}

// ParseDate reads a date given as metadata (a JSON Lines "date", say) and
// returns it with its precision: "2024-03-28" (also with a time, as in
// "2024-03-28 08:20" or RFC 3339) is a day, "2024-03" a month, "2024" a
// year, and "--09-26" (ISO 8601's month and day) or "09-26" a month and day
// without a year. Anything else is an error: metadata is not prose.
func ParseDate(s string) (date, partial string, prec Precision, err error) {
	s = strings.TrimSpace(s)
	w, ok := parseISO(s)
	if !ok || !w.valid() {
		return "", "", "", fmt.Errorf("date %q is not YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD", s)
	}
	var m Metadata
	w.set(&m)
	return m.Date, m.PartialDate, m.Precision, nil
}

var (
	isoDayRE      = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$`)
	isoMonthRE    = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	isoYearRE     = regexp.MustCompile(`^(\d{4})$`)
	isoMonthDayRE = regexp.MustCompile(`^(?:--)?(\d{2})-(\d{2})$`)
)

func parseISO(s string) (when, bool) {
	if m := isoDayRE.FindStringSubmatch(s); m != nil {
		return when{atoi(m[1]), atoi(m[2]), atoi(m[3]), PrecisionDay}, true
	}
	if m := isoMonthRE.FindStringSubmatch(s); m != nil {
		return when{atoi(m[1]), atoi(m[2]), 0, PrecisionMonth}, true
	}
	if m := isoYearRE.FindStringSubmatch(s); m != nil {
		return when{atoi(m[1]), 0, 0, PrecisionYear}, true
	}
	if m := isoMonthDayRE.FindStringSubmatch(s); m != nil {
		return when{0, atoi(m[1]), atoi(m[2]), PrecisionMonthDay}, true
	}
	return when{}, false
}

// PrecisionOf returns the precision of the date fields date and partial (as
// in Metadata), or "" when there is no date, and an error when they do not
// read as one.
func PrecisionOf(date, partial string) (Precision, error) {
	switch {
	case date != "" && partial != "":
		return "", fmt.Errorf("both date %q and partial date %q", date, partial)
	case date != "":
		if _, err := time.Parse(DateLayout, date); err != nil {
			return "", fmt.Errorf("date %q is not YYYY-MM-DD", date)
		}
		return PrecisionDay, nil
	case partial != "":
		w, ok := parseISO(partial)
		if !ok || w.prec == PrecisionDay || !w.valid() || (w.prec == PrecisionMonthDay && strings.HasPrefix(partial, "--")) {
			return "", fmt.Errorf("partial date %q is not YYYY-MM, YYYY or MM-DD", partial)
		}
		return w.prec, nil
	}
	return "", nil
}

// A dateMatch is a date written in a text, at bytes [start, end).
type dateMatch struct {
	start, end int
	when
}

// Han numerals as they are written in dates: 二〇二四年三月二十八日. ○ (a
// circle, not 〇) and 零 are common stand-ins for zero.
const (
	hanDigits = "〇○零一二三四五六七八九"
	hanNum    = `[〇○零一二三四五六七八九十廿卅]`
)

var (
	months = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
	// monthName matches an English month name or its abbreviation, in title
	// case or capitals: "may" in lower case is a verb, not a month.
	monthName = func() string {
		var alts []string
		for _, m := range months {
			forms := []string{m}
			if len(m) > 3 {
				forms = append(forms, m[:3])
			}
			if m == "september" {
				forms = append(forms, "sept")
			}
			for _, f := range forms {
				alts = append(alts, strings.ToUpper(f[:1])+f[1:], strings.ToUpper(f))
			}
		}
		return `(?:` + strings.Join(alts, "|") + `)`
	}()
	ordinal = `(?:st|nd|rd|th)?`

	// Each pattern's groups are named y, m, d (numbers or Han numerals) or
	// mn (an English month name). A pattern is tried only on text that has
	// what it needs, which spares most text most of them.
	datePatterns = []datePattern{
		// 2024-03-28, 2024/3/28, 2024.03.28, optionally followed by a time.
		{regexp.MustCompile(`\b(?P<y>\d{4})\s?[-/.]\s?(?P<m>\d{1,2})\s?[-/.]\s?(?P<d>\d{1,2})\b`), needDigits},
		// 2024年3月28日, 二〇二四年三月二十八日, 2024年3月 (month precision).
		{regexp.MustCompile(`(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})\s?年\s?(?P<m>\d{1,2}|` + hanNum + `{1,3})\s?月(?:\s?(?P<d>\d{1,2}|` + hanNum + `{1,3})\s?[日号])?`), needYearMonth},
		// 3月28日 (no year), also the first day of 4月24日至26日.
		{regexp.MustCompile(`(?P<m>\d{1,2}|` + hanNum + `{1,3})\s?月\s?(?P<d>\d{1,2}|` + hanNum + `{1,3})\s?[日号]`), needMonth},
		// April 9, 2024; Sept. 3rd, 2023; September 26 (no year).
		{regexp.MustCompile(`\b(?P<mn>` + monthName + `)\.?\s+(?P<d>\d{1,2})` + ordinal + `\b(?:,?\s+(?P<y>\d{4})\b)?`), needMonthName},
		// 9 April 2024; 26th September (no year).
		{regexp.MustCompile(`\b(?P<d>\d{1,2})` + ordinal + `\s+(?:of\s+)?(?P<mn>` + monthName + `)\b\.?(?:,?\s+(?P<y>\d{4})\b)?`), needMonthName},
		// March 2024 (month precision).
		{regexp.MustCompile(`\b(?P<mn>` + monthName + `)\.?,?\s+(?P<y>\d{4})\b`), needMonthName},
		// 2024年 (year precision, taken only after a label).
		{regexp.MustCompile(`(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})\s?年`), needYear},
		// 2024 (year precision, taken only after a label).
		{regexp.MustCompile(`\b(?P<y>(?:19|20)\d{2})\b`), needDigits},
	}
)

// A datePattern is a way of writing dates and a quick test of whether a
// text may hold one written that way.
type datePattern struct {
	re   *regexp.Regexp
	need func(string) bool
}

func needDigits(s string) bool { return strings.ContainsAny(s, "0123456789") }
func needYear(s string) bool   { return strings.Contains(s, "年") }
func needMonth(s string) bool  { return strings.Contains(s, "月") }
func needYearMonth(s string) bool {
	i := strings.Index(s, "年")
	return i >= 0 && strings.Contains(s[i:], "月")
}

// needMonthName reports whether s has the start of an English month name,
// in title case or capitals.
func needMonthName(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if c := s[i]; c < 'A' || c > 'Z' {
			continue
		}
		for _, m := range months {
			if (s[i+1] == m[1] || s[i+1] == m[1]-32) && (s[i+2] == m[2] || s[i+2] == m[2]-32) && s[i] == m[0]-32 {
				return true
			}
		}
	}
	return false
}

// findDates returns the dates written in s, in order, the longest at each
// position, without overlaps; impossible dates (2月30日) are left out, and
// so is any date inside a longer impossible one.
func findDates(s string) []dateMatch {
	var all []dateMatch
	for _, pat := range datePatterns {
		if !pat.need(s) {
			continue
		}
		re := pat.re
		names := re.SubexpNames()
		for _, loc := range re.FindAllStringSubmatchIndex(s, -1) {
			var y, m, d int
			var hasY, hasD bool
			ok := true
			for i, name := range names {
				if name == "" || loc[2*i] < 0 {
					continue
				}
				v := s[loc[2*i]:loc[2*i+1]]
				switch name {
				case "y":
					y, hasY = number(v), true
					ok = ok && (len(v) == 4 || utf8.RuneCountInString(v) == 4)
				case "m":
					m = number(v)
				case "mn":
					m = monthOf(v)
				case "d":
					d, hasD = number(v), true
				}
			}
			w := when{y: y, m: m, d: d}
			switch {
			case hasY && hasD:
				w.prec = PrecisionDay
			case hasY && m > 0:
				w.prec = PrecisionMonth
			case hasY:
				w.prec = PrecisionYear
			default:
				w.prec = PrecisionMonthDay
			}
			if !ok {
				w.prec = ""
			}
			all = append(all, dateMatch{loc[0], loc[1], w})
		}
	}
	// Longest first at each start, then drop what overlaps an earlier one.
	sortMatches(all)
	var out []dateMatch
	end := -1
	for _, dm := range all {
		if dm.start < end {
			continue
		}
		end = dm.end
		if dm.valid() {
			out = append(out, dm)
		}
	}
	return out
}

func sortMatches(ms []dateMatch) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0; j-- {
			a, b := ms[j-1], ms[j]
			if a.start < b.start || (a.start == b.start && a.end >= b.end) {
				break
			}
			ms[j-1], ms[j] = b, a
		}
	}
}

func monthOf(name string) int {
	name = strings.ToLower(name)
	for i, m := range months {
		if strings.HasPrefix(m, name[:3]) {
			return i + 1
		}
	}
	return 0
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// number reads ASCII digits or Han numerals: 二〇二四 is 2024 (digit by
// digit), 二十八 is 28, 十 is 10, 三十一 is 31, 廿 is 20. It returns -1 for
// what it cannot read.
func number(s string) int {
	if s == "" {
		return -1
	}
	if s[0] >= '0' && s[0] <= '9' {
		return atoi(s)
	}
	rs := []rune(s)
	digit := func(r rune) int {
		if i := strings.IndexRune(hanDigits, r); i >= 0 {
			n := utf8.RuneCountInString(hanDigits[:i])
			if n <= 2 { // 〇 ○ 零
				return 0
			}
			return n - 2
		}
		return -1
	}
	if len(rs) == 4 { // a year, digit by digit
		n := 0
		for _, r := range rs {
			v := digit(r)
			if v < 0 {
				return -1
			}
			n = n*10 + v
		}
		return n
	}
	n, cur := 0, -1
	for _, r := range rs {
		switch r {
		case '十':
			if cur < 0 {
				cur = 1
			}
			n, cur = n+cur*10, -1
		case '廿':
			n, cur = n+20, -1
		case '卅':
			n, cur = n+30, -1
		default:
			v := digit(r)
			if v < 0 || cur >= 0 {
				return -1 // two digits in a row are not a day or a month
			}
			cur = v
		}
	}
	if cur >= 0 {
		n += cur
	}
	return n
}

// foldDigits replaces full-width digits (２０２４) by ASCII ones, which
// Chinese typesetting often uses in dates.
func foldDigits(s string) string {
	if !strings.ContainsAny(s, "０１２３４５６７８９") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return '0' + (r - '０')
		}
		return r
	}, s)
}
