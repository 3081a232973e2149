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
	// a Chinese character counts two, anything else one (about 100
	// Chinese characters or 200 letters).
	fragmentWidth = 200
	// leadContext is how far, in columns, a fragment may start before its
	// first match to begin at the start of the clause the match is in.
	leadContext = 60
	// maxFragments is the most fragments a hit's snippet has.
	maxFragments = 3
	// maxAnchors bounds the matches tried as a fragment's anchor, so that
	// a word found a thousand times in a long report costs little.
	maxAnchors = 300
	ellipsis   = "…"
)

// span is a matched range of a field's text, in bytes.
type span struct{ start, end int }

// mergeSpans sorts spans, drops the ones that do not address text on
// character boundaries (or only spaces), and merges the ones that overlap or touch, so that
// a Chinese phrase is one mark and overlapping sub-words never nest.
func mergeSpans(text string, spans []span) []span {
	valid := make([]span, 0, len(spans))
	for _, s := range spans {
		if s.start >= 0 && s.end <= len(text) && s.start < s.end &&
			utf8.RuneStart(text[s.start]) && (s.end == len(text) || utf8.RuneStart(text[s.end])) &&
			strings.TrimSpace(text[s.start:s.end]) != "" {
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
		if start >= end {
			continue
		}
		b.WriteString(html.EscapeString(text[at:start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[start:end]))
		b.WriteString("</mark>")
		at = end
	}
	b.WriteString(html.EscapeString(text[at:to]))
	return b.String()
}

// highlight returns the whole of text, escaped and marked: titles are
// never cut.
func highlight(text string, spans []span) string {
	return markup(text, mergeSpans(text, spans), 0, len(text))
}

// fragment is a candidate snippet: a byte range and the spans inside it,
// spans[lo:hi].
type fragment struct {
	from, to int
	lo, hi   int
}

// snippets returns up to maxFragments fragments of text around its best
// matches, in text order, escaped and marked. Each is cut at clause ends
// (。！？；，：and English sentence or clause punctuation) where it can be,
// else between words (between Chinese characters, or at a space), never
// inside a character, a Latin word or a match; "…" shows where text was
// left out. Fragments are chosen greedily, each for the most matched words
// not shown yet. With no matches it returns the lead of the text.
func snippets(text string, spans []span) []string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	spans = mergeSpans(text, spans)
	if len(spans) == 0 {
		lead := len(text) - len(strings.TrimLeftFunc(text, unicode.IsSpace))
		from, to := window(text, lead, lead, nil)
		return []string{decorate(text, nil, from, to)}
	}
	terms := make([]string, len(spans))
	for i, s := range spans {
		terms[i] = strings.ToLower(text[s.start:s.end])
	}
	anchors := spans
	if len(anchors) > maxAnchors {
		anchors = anchors[:maxAnchors]
	}
	cands := make([]fragment, len(anchors))
	for i, a := range anchors {
		f := fragment{lo: i, hi: i + 1}
		f.from, f.to = window(text, a.start, a.end, spans)
		for f.lo > 0 && spans[f.lo-1].start >= f.from {
			f.lo--
		}
		for f.hi < len(spans) && spans[f.hi].end <= f.to {
			f.hi++
		}
		cands[i] = f
	}

	var chosen []fragment
	shownTerm := map[string]bool{}
	shownSpan := make([]bool, len(spans))
	for len(chosen) < maxFragments {
		best, bestScore := -1, 0
		var bestFrag fragment
		for i, f := range cands {
			f, ok := clip(text, f, anchors[i], chosen, spans)
			if !ok {
				continue
			}
			newSpans, newTerms := 0, map[string]bool{}
			for j := f.lo; j < f.hi; j++ {
				if !shownSpan[j] {
					newSpans++
				}
				if !shownTerm[terms[j]] {
					newTerms[terms[j]] = true
				}
			}
			if newSpans == 0 {
				continue
			}
			if score := 4*len(newTerms) + min(newSpans, 4); score > bestScore {
				best, bestScore, bestFrag = i, score, f
			}
		}
		if best < 0 {
			break
		}
		f := bestFrag
		for j := f.lo; j < f.hi; j++ {
			shownSpan[j] = true
			shownTerm[terms[j]] = true
		}
		chosen = append(chosen, f)
	}
	sort.Slice(chosen, func(i, j int) bool { return chosen[i].from < chosen[j].from })
	// Fragments that meet are one.
	merged := chosen[:1]
	for _, f := range chosen[1:] {
		last := &merged[len(merged)-1]
		if strings.TrimSpace(text[last.to:f.from]) == "" {
			last.to, last.hi = f.to, f.hi
			continue
		}
		merged = append(merged, f)
	}
	out := make([]string, len(merged))
	for i, f := range merged {
		out[i] = decorate(text, spans[f.lo:f.hi], f.from, f.to)
	}
	return out
}

// clip shortens candidate f, around its anchor, so that it does not
// overlap the fragments already chosen: it then starts where one ends or
// ends where one starts. It is not ok when the anchor itself is shown.
func clip(text string, f fragment, anchor span, chosen []fragment, spans []span) (fragment, bool) {
	clipped := false
	for _, o := range chosen {
		if f.to <= o.from || o.to <= f.from {
			continue
		}
		switch {
		case o.to <= anchor.start:
			f.from, clipped = o.to, true
		case o.from >= anchor.end:
			f.to, clipped = o.from, true
		default:
			return f, false
		}
	}
	if clipped {
		for f.from < anchor.start {
			r, n := utf8.DecodeRuneInString(text[f.from:])
			if !unicode.IsSpace(r) && !clauseEndsAt(text, f.from+n) {
				break
			}
			f.from += n
		}
		for f.lo < len(spans) && spans[f.lo].start < f.from {
			f.lo++
		}
		for f.hi > f.lo && spans[f.hi-1].end > f.to {
			f.hi--
		}
	}
	return f, true
}

// decorate marks text[from:to] and adds an ellipsis where it was cut.
func decorate(text string, spans []span, from, to int) string {
	s := markup(text, spans, from, to)
	if strings.TrimSpace(text[:from]) != "" {
		s = ellipsis + s
	}
	if strings.TrimSpace(text[to:]) != "" {
		s += ellipsis
	}
	return s
}

// window returns the byte range of a fragment of about fragmentWidth
// columns that holds text[start:end]. It begins at the start of the clause
// the match is in, or at a word boundary at most leadContext columns
// before the match when the clause began long before; it ends at the last
// clause end that keeps it more than half full, else at a word boundary.
// When the text ends first, the room left is filled with the clauses
// before. No span is cut.
func window(text string, start, end int, spans []span) (from, to int) {
	from = clauseStart(text, start)
	for from < start {
		r, n := utf8.DecodeRuneInString(text[from:])
		if !unicode.IsSpace(r) {
			break
		}
		from += n
	}
	to = cutAfter(text, from, end)
	if to == len(text) {
		from = fillBefore(text, from, fragmentWidth-columns(text[from:to]))
	}
	for _, s := range spans {
		if s.start < from && from < s.end {
			from = s.start
		}
		if s.start < to && to < s.end {
			to = s.end
		}
	}
	for from < to {
		r, n := utf8.DecodeRuneInString(text[from:])
		if !unicode.IsSpace(r) {
			break
		}
		from += n
	}
	for to > from {
		r, n := utf8.DecodeLastRuneInString(text[:to])
		if !unicode.IsSpace(r) {
			break
		}
		to -= n
	}
	return from, to
}

// clauseStart returns where the clause holding byte i begins, or, when that
// is more than leadContext columns back, the first word boundary after
// that distance.
func clauseStart(text string, i int) int {
	from, cols := i, 0
	for from > 0 && !clauseEndsAt(text, from) {
		if cols >= leadContext {
			for from < i && !wordBoundary(text, from) {
				_, n := utf8.DecodeRuneInString(text[from:])
				from += n
			}
			return from
		}
		r, n := utf8.DecodeLastRuneInString(text[:from])
		from -= n
		cols += width(r)
	}
	return from
}

// cutAfter returns where a fragment that starts at from and must hold the
// text up to end stops: about fragmentWidth columns in, at a clause end if
// that keeps more than half, else at a word boundary.
func cutAfter(text string, from, end int) int {
	i, cols := from, 0
	lastClause, lastClauseCols, lastWord := -1, 0, -1
	for i < len(text) && (cols < fragmentWidth || i < end) {
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		cols += width(r)
		if i < end {
			continue
		}
		if clauseEndsAt(text, i) {
			lastClause, lastClauseCols = i, cols
		}
		if wordBoundary(text, i) {
			lastWord = i
		}
	}
	switch {
	case i == len(text):
		return i
	case lastClause >= 0 && lastClauseCols > fragmentWidth/2:
		return lastClause
	case lastWord >= 0:
		return lastWord
	}
	for i < len(text) && !wordBoundary(text, i) {
		_, n := utf8.DecodeRuneInString(text[i:])
		i += n
	}
	return i
}

// fillBefore moves from back by whole clauses while they fit in room
// columns.
func fillBefore(text string, from, room int) int {
	for from > 0 {
		// The clause before from: back over its end, then to its start.
		p := from
		_, n := utf8.DecodeLastRuneInString(text[:p])
		p -= n
		for p > 0 && !clauseEndsAt(text, p) {
			_, n := utf8.DecodeLastRuneInString(text[:p])
			p -= n
		}
		c := columns(text[p:from])
		if c > room {
			break
		}
		from, room = p, room-c
	}
	return from
}

func columns(s string) int {
	c := 0
	for _, r := range s {
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
// Chinese clause punctuation (and a closing quote after it) or a newline,
// or after English punctuation that a space follows (so 76.7 and 1,750 are
// not cut).
func clauseEndsAt(text string, i int) bool {
	if i <= 0 || i > len(text) {
		return false
	}
	r, n := utf8.DecodeLastRuneInString(text[:i])
	switch r {
	case '”', '’', '」', '』', '）', ')':
		if i == len(text) {
			return true
		}
		prev, _ := utf8.DecodeLastRuneInString(text[:i-n])
		switch prev {
		case '。', '！', '？', '；', '.', '!', '?':
			return true
		}
		return false
	case '。', '！', '？', '；', '，', '：', '\n':
		return true
	case '.', '!', '?', ';', ',', ':':
		next, _ := utf8.DecodeRuneInString(text[i:])
		return i == len(text) || unicode.IsSpace(next)
	}
	return false
}

// isWordRune reports whether r is part of a word that must not be cut:
// letters and digits of scripts written with spaces (not Chinese, which
// may be cut between any two characters).
func isWordRune(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) && !unicode.Is(unicode.Han, r)
}

// wordBoundary reports whether text may be cut before byte i without
// cutting a word: not between two letters or digits of a Latin word, nor
// inside 76.7, 1,750 or Jinping's.
func wordBoundary(text string, i int) bool {
	if i <= 0 || i >= len(text) {
		return true
	}
	prev, pn := utf8.DecodeLastRuneInString(text[:i])
	next, nn := utf8.DecodeRuneInString(text[i:])
	if isWordRune(prev) && isWordRune(next) {
		return false
	}
	joiner := func(r rune) bool { return r == '.' || r == ',' || r == '\'' || r == '’' || r == '-' }
	if joiner(next) && isWordRune(prev) && i+nn < len(text) {
		after, _ := utf8.DecodeRuneInString(text[i+nn:])
		if isWordRune(after) {
			return false
		}
	}
	if joiner(prev) && isWordRune(next) && i-pn > 0 {
		before, _ := utf8.DecodeLastRuneInString(text[:i-pn])
		if isWordRune(before) {
			return false
		}
	}
	return true
}
