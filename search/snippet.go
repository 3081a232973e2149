package search

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// fragmentWidth is the target length of a snippet fragment in columns:
	// a Chinese character counts two, anything else one.
	fragmentWidth = 200
	// leadContext is how far, in columns, a fragment may start before its
	// first match.
	leadContext = 60
	// maxFragments is the most fragments a hit's snippet has.
	maxFragments = 3
	ellipsis     = "…"
)

// span is a matched range of a field's text, in bytes.
type span struct{ start, end int }

// mergeSpans sorts spans, drops the ones that do not address text on
// character boundaries, and merges the ones that overlap or touch, so that
// a Chinese phrase is one mark and overlapping sub-words never nest.
func mergeSpans(text string, spans []span) []span {
	valid := spans[:0]
	for _, s := range spans {
		if s.start >= 0 && s.end <= len(text) && s.start < s.end &&
			utf8.RuneStart(text[s.start]) && (s.end == len(text) || utf8.RuneStart(text[s.end])) {
			valid = append(valid, s)
		}
	}
	sort.Slice(valid, func(i, j int) bool { return valid[i].start < valid[j].start })
	var out []span
	for _, s := range valid {
		if n := len(out); n > 0 && s.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// markup returns text[from:to] HTML-escaped, with the spans inside it
// wrapped in <mark>.
func markup(text string, spans []span, from, to int) string {
	var b strings.Builder
	at := from
	for _, s := range spans {
		if s.end <= from || s.start >= to {
			continue
		}
		start, end := max(s.start, from), min(s.end, to)
		b.WriteString(html.EscapeString(text[at:start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[start:end]))
		b.WriteString("</mark>")
		at = end
	}
	b.WriteString(html.EscapeString(text[at:to]))
	return b.String()
}

// highlight returns the whole of text, escaped and marked.
func highlight(text string, spans []span) string {
	return markup(text, mergeSpans(text, spans), 0, len(text))
}

// fragment is a candidate snippet: a byte range and the spans inside it.
type fragment struct {
	from, to int
	spans    []span
	score    int
}

// snippets returns up to maxFragments fragments of text around its best
// matches, in text order, each cut at clause or word boundaries, escaped and
// marked. With no matches it returns the lead of the text.
func snippets(text string, spans []span) []string {
	spans = mergeSpans(text, spans)
	if len(spans) == 0 {
		if text == "" {
			return nil
		}
		from, to := window(text, 0, 0)
		return []string{decorate(text, nil, from, to)}
	}
	var chosen []fragment
	used := make([]bool, len(spans))
	for len(chosen) < maxFragments {
		best := fragment{score: -1}
		for i, s := range spans {
			if used[i] {
				continue
			}
			from, to := window(text, s.start, s.end)
			f := fragment{from: from, to: to}
			distinct := map[string]bool{}
			for j, t := range spans {
				if t.start >= from && t.end <= to {
					f.spans = append(f.spans, t)
					distinct[strings.ToLower(text[t.start:t.end])] = true
					if used[j] {
						f.score -= 1 // already shown in another fragment
					}
				}
			}
			f.score += 4*len(distinct) + len(f.spans)
			if f.score > best.score {
				best = f
			}
		}
		if best.score < 0 || overlapsAny(best, chosen) {
			break
		}
		for i, s := range spans {
			if s.start >= best.from && s.end <= best.to {
				used[i] = true
			}
		}
		chosen = append(chosen, best)
		if allUsed(used) {
			break
		}
	}
	sort.Slice(chosen, func(i, j int) bool { return chosen[i].from < chosen[j].from })
	out := make([]string, len(chosen))
	for i, f := range chosen {
		out[i] = decorate(text, f.spans, f.from, f.to)
	}
	return out
}

func overlapsAny(f fragment, others []fragment) bool {
	for _, o := range others {
		if f.from < o.to && o.from < f.to {
			return true
		}
	}
	return false
}

func allUsed(used []bool) bool {
	for _, u := range used {
		if !u {
			return false
		}
	}
	return true
}

// decorate marks text[from:to] and adds an ellipsis where it was cut.
func decorate(text string, spans []span, from, to int) string {
	s := markup(text, spans, from, to)
	if from > 0 {
		s = ellipsis + s
	}
	if to < len(text) {
		s += ellipsis
	}
	return s
}

// window returns the byte range of a fragment of about fragmentWidth columns
// that holds text[start:end]: it begins at the start of the clause the match
// is in (or a word boundary at most leadContext columns before it) and ends
// at a clause end, a word boundary or, between Chinese characters, anywhere.
func window(text string, start, end int) (from, to int) {
	from = start
	cols := 0
	for from > 0 && cols < leadContext {
		r, n := utf8.DecodeLastRuneInString(text[:from])
		if clauseEndsAt(text, from) {
			break
		}
		from -= n
		cols += width(r)
	}
	if from > 0 && cols >= leadContext {
		// No clause start near: begin at a word boundary instead.
		if i := strings.IndexFunc(text[from:start], unicode.IsSpace); i >= 0 {
			from += i
		}
	}
	for from < start {
		r, n := utf8.DecodeRuneInString(text[from:])
		if !unicode.IsSpace(r) {
			break
		}
		from += n
	}

	to = from
	cols = 0
	lastClause, lastSpace := -1, -1
	for to < len(text) && (cols < fragmentWidth || to < end) {
		r, n := utf8.DecodeRuneInString(text[to:])
		to += n
		cols += width(r)
		if to >= end {
			switch {
			case clauseEndsAt(text, to):
				lastClause = to
			case unicode.IsSpace(r):
				lastSpace = to - n
			}
		}
	}
	if to == len(text) {
		return from, to
	}
	switch {
	case lastClause > 0 && cols-colsBetween(text, lastClause, to) > fragmentWidth/2:
		to = lastClause
	case lastSpace > 0:
		to = lastSpace
	}
	return from, to
}

func colsBetween(text string, from, to int) int {
	c := 0
	for _, r := range text[from:to] {
		c += width(r)
	}
	return c
}

func width(r rune) int {
	if r >= 0x1100 && (unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x30FF || r >= 0xFF00 && r <= 0xFF60 || r >= 0xAC00 && r <= 0xD7A3) {
		return 2
	}
	return 1
}

// clauseEndsAt reports whether a clause ends just before byte i: after
// Chinese clause punctuation or a newline, or after English punctuation that
// a space follows (so 76.7 and 1,750 are not cut).
func clauseEndsAt(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	switch r {
	case '。', '！', '？', '；', '，', '、', '：', '\n':
		return true
	case '.', '!', '?', ';', ',', ':':
		next, _ := utf8.DecodeRuneInString(text[i:])
		return i == len(text) || unicode.IsSpace(next)
	}
	return false
}
