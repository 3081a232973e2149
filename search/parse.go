package search

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The query language, as a grammar (EBNF; juxtaposition is the implicit
// operator, AND with op=and and OR with op=or):
//
//	query   = [ all ] .
//	all     = any { [ "AND" ] any } .         (* op=and: juxtaposition is AND *)
//	any     = unary { "OR" unary } .          (* op=or: juxtaposition is OR, here *)
//	unary   = ( "NOT" | "-" ) unary | near .
//	near    = primary [ ( "NEAR/" n | "PRE/" n ) primary ] .  (* words or phrases, or ( a OR b ) of them *)
//	primary = "(" all ")" | field ":" value | phrase | word | prefix .
//	value   = phrase | word | prefix | "(" all ")" | dates .
//	field   = "title" | "body" | "source" | "province" | "person" | "date" | "story" .
//	dates   = day [ ".." [ day ] ] | ".." day | ( ">=" | ">" | "<=" | "<" ) day .
//	day     = YYYY | YYYY-MM | YYYY-MM-DD .
//	phrase  = ( '"' { any character but '"' } '"'
//	          | '“' { any character but '“' or '”' | '“' inner '”' } '”' ) [ "~" n ] .  (* ~n: near.go *)
//	inner   = { any character but '“' or '”' | '“' inner '”' } .
//	prefix  = word "*" .
//
// Inside a phrase, quote marks of the other kind are text, so that a
// pasted headline keeps its own quotations: "巡视工作重在“找问题”" is one
// phrase, and so is “他说"好"”; curly quotes nest. A phrase whose closing
// mark is missing or of the other kind ends at the last closing mark of
// the query (”, or " after a “): "国有企业改革” and “巡视工作重在“找问题”
// are phrases too. 《》「」『』 are never syntax.
//
// OR binds tighter than AND, as in Google and Lexis: `coal Shanxi OR Gansu`
// is coal AND (Shanxi OR Gansu). Operators are upper case; lower-case "or"
// is a word. A "-" negates only at the start of a word (e-mail and 2024-03
// are words). Positions in error messages count characters from 1.

// Limits that keep one query's cost bounded.
const (
	// MaxQueryLen bounds the query string, in bytes.
	MaxQueryLen = 1024
	// maxClauses bounds how many words, phrases, prefixes and field
	// clauses one query may have.
	maxClauses = 32
	// maxPrefixes bounds the word* clauses of one query; each expands to at
	// most maxExpansions words per field.
	maxPrefixes = 5
	// maxDepth bounds the nesting of parentheses.
	maxDepth = 16
	// maxNots bounds the NOTs of one query, once repeated ones are folded
	// (--x is x): a NOT that is not beside a word to match starts from
	// every article, and one query of 14 words each under 64 NOTs cost
	// 4.4 s of CPU.
	maxNots = 16
)

// Field names a query may restrict a clause to.
const (
	fieldAny      = "" // title and body
	fieldTitle    = "title"
	fieldBody     = "body"
	fieldSource   = "source"
	fieldProvince = "province"
	fieldPerson   = "person"
	fieldDate     = "date"
	fieldStory    = "story" // an article id: the versions of its story
)

var queryFields = map[string]bool{fieldTitle: true, fieldBody: true, fieldSource: true, fieldProvince: true, fieldPerson: true, fieldDate: true, fieldStory: true}

// isKeyword reports whether field holds whole values (a filter) rather
// than text.
func isKeyword(field string) bool {
	return field == fieldSource || field == fieldProvince || field == fieldPerson || field == fieldDate || field == fieldStory
}

// hasStory reports whether n restricts the articles to a story: such a
// query lists the story's versions apart, never collapsed.
func hasStory(n *node) bool {
	if n == nil {
		return false
	}
	if n.field == fieldStory && n.kind != nodeNot {
		return true
	}
	for _, k := range n.kids {
		if k.kind != nodeNot && hasStory(k) {
			return true
		}
	}
	return false
}

type nodeKind int

const (
	nodeWord   nodeKind = iota // unquoted text: one analyzed token is a term, several a phrase
	nodePhrase                 // "quoted text": always a phrase
	nodePrefix                 // word*: the words that start with text
	nodeDates                  // date:…: a range of days
	nodeAnd
	nodeOr
	nodeNot
	nodeNear  // kids within dist words of each other (near.go)
	nodeXlang // kids as typed, or their translations (xlang.go)
)

// node is a parsed query: a tree of operators over clauses.
type node struct {
	kind  nodeKind
	field string // for clauses: fieldAny or one of queryFields
	text  string // for clauses but nodeDates
	pos   int    // 1-based character position of the clause or operator
	kids  []*node
	// implicit marks an AND or OR made by juxtaposition rather than
	// written: the one op=or and relaxing loosen.
	implicit bool
	// from and to bound a nodeDates, inclusive; a zero time is open.
	from, to time.Time
	// dist is a nodeNear's distance in words; ordered is set for PRE/n;
	// slop for "…"~n, whose one kid is the phrase.
	dist          int
	ordered, slop bool
}

// String renders n in the query language, with parentheses only where
// the grammar needs them, so that parsing it again (with the same op)
// gives the same tree: the fuzz test checks this.
func (n *node) String() string {
	if n == nil {
		return ""
	}
	return n.format(false)
}

func (n *node) format(paren bool) string {
	field := ""
	if n.field != fieldAny {
		field = n.field + ":"
	}
	switch n.kind {
	case nodeWord:
		return field + n.text
	case nodePhrase:
		// A phrase with a " inside was quoted with “…”, which it keeps
		// balanced.
		if strings.Contains(n.text, `"`) {
			return field + "“" + n.text + "”"
		}
		return field + `"` + n.text + `"`
	case nodePrefix:
		return field + n.text + "*"
	case nodeDates:
		var from, to string
		if !n.from.IsZero() {
			from = n.from.Format("2006-01-02")
		}
		if !n.to.IsZero() {
			to = n.to.Format("2006-01-02")
		}
		return field + from + ".." + to
	case nodeNot:
		k := n.kids[0]
		return "-" + k.format(k.kind == nodeAnd || k.kind == nodeOr)
	case nodeNear:
		if n.slop {
			return n.kids[0].format(false) + "~" + strconv.Itoa(n.dist)
		}
		op := "NEAR/"
		if n.ordered {
			op = "PRE/"
		}
		return n.kids[0].format(n.kids[0].kind == nodeOr) + " " + op + strconv.Itoa(n.dist) + " " + n.kids[1].format(n.kids[1].kind == nodeOr)
	}
	sep := " AND "
	switch {
	case n.implicit:
		sep = " "
	case n.kind == nodeOr:
		sep = " OR "
	}
	parts := make([]string, len(n.kids))
	for i, k := range n.kids {
		// OR binds tighter than AND: an OR inside an AND needs no
		// parentheses; anything else nested does.
		parts[i] = k.format(k.kind == nodeAnd || k.kind == nodeOr && n.kind == nodeOr)
	}
	s := strings.Join(parts, sep)
	if paren {
		return "(" + s + ")"
	}
	return s
}

// parse reads a query. With or set, juxtaposed clauses are alternatives
// (op=or) rather than all required. An empty query gives a nil node.
func parse(q string, or bool) (*node, error) {
	if len(q) > MaxQueryLen {
		return nil, badRequest(CodeBadQuery, "the query is longer than %d bytes", MaxQueryLen)
	}
	if !utf8.ValidString(q) {
		return nil, badRequest(CodeBadQuery, "the query is not valid UTF-8")
	}
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, or: or}
	if p.peek().kind == tokEOF {
		return nil, nil
	}
	n, err := p.all()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == tokNear {
		return nil, queryError(t.pos, "%s at %d needs a word or phrase before it", t.text, t.pos)
	} else if t.kind != tokEOF {
		// all stops only at the end or at a ) it cannot match.
		return nil, queryError(t.pos, "unexpected ) at %d: there is no ( before it", t.pos)
	}
	if p.clauses > maxClauses {
		return nil, badRequest(CodeBadQuery, "the query has %d words and clauses; at most %d are allowed", p.clauses, maxClauses)
	}
	if p.nots > maxNots {
		return nil, badRequest(CodeBadQuery, "the query has %d NOTs; at most %d are allowed (repeated ones count once: --x is x)", p.nots, maxNots)
	}
	if p.prefixes > maxPrefixes {
		return nil, badRequest(CodeBadQuery, "the query has %d word* prefixes; at most %d are allowed", p.prefixes, maxPrefixes)
	}
	return n, nil
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokWord
	tokPhrase
	tokOpen
	tokClose
	tokAnd
	tokOr
	tokNot
	tokField // "field:" with its value in the following token(s)
	tokNear  // NEAR/n or PRE/n (near.go)
)

var tokNames = map[tokKind]string{tokOpen: "(", tokClose: ")", tokAnd: "AND", tokOr: "OR", tokNot: "NOT"}

type token struct {
	kind tokKind
	text string // a word, a phrase's content, a field's name
	pos  int    // 1-based character position
	// glued is set when the token follows the previous one with no space
	// between: a field's value must be glued to its "field:".
	glued bool
}

func isOpenQuote(r rune) bool { return r == '"' || r == '“' }

// phraseEnd returns the byte offset in q of the mark that closes the
// phrase whose opening mark open ends at byte i, or -1 if none does (see
// the grammar): the next " after a ", the ” that balances a “, and failing
// those the last ” (or, after a “, ") of the query.
func phraseEnd(q string, i int, open rune) int {
	depth := 1
	last := -1
	for j, c := range q[i:] {
		switch {
		case open == '"' && c == '"':
			return i + j
		case open == '“' && c == '“':
			depth++
		case c == '”':
			if depth--; open == '“' && depth == 0 {
				return i + j
			}
			last = i + j
		case c == '"':
			last = i + j
		}
	}
	return last
}

// ends reports whether r ends a word.
func ends(r rune) bool {
	return unicode.IsSpace(r) || r == '(' || r == ')' || isOpenQuote(r)
}

// lex cuts q into tokens.
func lex(q string) ([]token, error) {
	var toks []token
	pos := 1       // character position of q[i]
	glued := false // no space since the last token
	for i := 0; i < len(q); {
		r, n := utf8.DecodeRuneInString(q[i:])
		start := pos
		switch {
		case unicode.IsSpace(r):
			i, pos, glued = i+n, pos+1, false
			continue
		case r == '(' || r == ')':
			k := tokOpen
			if r == ')' {
				k = tokClose
			}
			toks = append(toks, token{kind: k, pos: start, glued: glued})
			i, pos, glued = i+n, pos+1, true
			continue
		case isOpenQuote(r):
			j := phraseEnd(q, i+n, r)
			if j < 0 {
				return nil, queryError(start, "unclosed %c at %d", r, start)
			}
			toks = append(toks, token{kind: tokPhrase, text: q[i+n : j], pos: start, glued: glued})
			_, m := utf8.DecodeRuneInString(q[j:])
			i, pos, glued = j+m, pos+1+utf8.RuneCountInString(q[i+n:j])+1, true
			continue
		case r == '-' && i+n < len(q):
			if next, _ := utf8.DecodeRuneInString(q[i+n:]); !ends(next) || isOpenQuote(next) || next == '(' {
				toks = append(toks, token{kind: tokNot, text: "-", pos: start, glued: glued})
				i, pos, glued = i+n, pos+1, true
				continue
			}
		}
		// A word runs to the next space, parenthesis or opening quote.
		j, p := i, pos
		for j < len(q) {
			c, m := utf8.DecodeRuneInString(q[j:])
			if ends(c) {
				break
			}
			j, p = j+m, p+1
		}
		word := q[i:j]
		t := token{kind: tokWord, text: word, pos: start, glued: glued}
		switch word {
		case "AND":
			t.kind = tokAnd
		case "OR":
			t.kind = tokOr
		case "NOT":
			t.kind = tokNot
		}
		if isNearOp(word) {
			t.kind = tokNear
		}
		if t.kind == tokWord {
			if f, rest, ok := splitField(word); ok {
				toks = append(toks, token{kind: tokField, text: f, pos: start, glued: glued})
				if rest == "" {
					i, pos, glued = j, p, true
					continue
				}
				t.text, t.glued = rest, true
				t.pos = start + utf8.RuneCountInString(word) - utf8.RuneCountInString(rest)
			}
		}
		toks = append(toks, t)
		i, pos, glued = j, p, true
	}
	return append(toks, token{kind: tokEOF, pos: pos}), nil
}

// splitField splits "title:coal" into its field and value when the part
// before the colon (ASCII or full-width) names a field. Anything else with
// a colon (http://…, 注意：) is an ordinary word.
func splitField(word string) (field, rest string, ok bool) {
	i := strings.IndexAny(word, ":：")
	if i <= 0 {
		return "", "", false
	}
	f := strings.ToLower(word[:i])
	if !queryFields[f] {
		return "", "", false
	}
	_, n := utf8.DecodeRuneInString(word[i:])
	return f, word[i+n:], true
}

type parser struct {
	toks     []token
	i        int
	or       bool   // juxtaposition is OR
	field    string // the field of the group being parsed, or fieldAny
	depth    int    // parentheses open
	nots     int    // NOTs kept so far (repeated ones fold)
	clauses  int
	prefixes int
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token { t := p.toks[p.i]; p.i++; return t }

// startsClause reports whether t can begin a unary.
func startsClause(t token) bool {
	switch t.kind {
	case tokWord, tokPhrase, tokOpen, tokNot, tokField:
		return true
	}
	return false
}

// all parses clauses joined by AND (written, or by juxtaposition unless
// p.or).
func (p *parser) all() (*node, error) {
	first, err := p.any()
	if err != nil {
		return nil, err
	}
	kids := []*node{first}
	written := false
	for {
		t := p.peek()
		if t.kind == tokAnd {
			p.next()
			if !startsClause(p.peek()) {
				return nil, queryError(t.pos, "AND at %d needs a word after it", t.pos)
			}
			written = true
		} else if p.or || !startsClause(t) {
			break
		}
		k, err := p.any()
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
	}
	if len(kids) == 1 {
		return first, nil
	}
	return &node{kind: nodeAnd, kids: kids, pos: first.pos, implicit: !written}, nil
}

// any parses clauses joined by OR (written, or by juxtaposition if p.or).
func (p *parser) any() (*node, error) {
	t := p.peek()
	if t.kind == tokOr || t.kind == tokAnd || t.kind == tokNear {
		return nil, queryError(t.pos, "%s at %d needs a word before it", opName(t), t.pos)
	}
	first, err := p.unary()
	if err != nil {
		return nil, err
	}
	kids := []*node{first}
	juxtaposed := false
	for {
		t := p.peek()
		if t.kind == tokOr {
			p.next()
			if !startsClause(p.peek()) {
				return nil, queryError(t.pos, "OR at %d needs a word after it", t.pos)
			}
		} else if !p.or || !startsClause(t) {
			break
		} else {
			juxtaposed = true
		}
		k, err := p.unary()
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
	}
	if len(kids) == 1 {
		return first, nil
	}
	// Under op=or, a list with any juxtaposition is loose: its filters and
	// exclusions still hold (coal power OR wind -Gansu).
	return &node{kind: nodeOr, kids: kids, pos: first.pos, implicit: juxtaposed}, nil
}

// unary parses a clause under any number of NOTs. Repeated NOTs fold:
// NOT NOT x, --x and -(-x) are x; ---x is -x.
func (p *parser) unary() (*node, error) {
	t := p.peek()
	negated := false
	for p.peek().kind == tokNot {
		not := p.next()
		if !startsClause(p.peek()) {
			return nil, queryError(not.pos, "%s at %d needs a word after it", notName(not), not.pos)
		}
		negated = !negated
	}
	k, err := p.near()
	if err != nil || !negated {
		return k, err
	}
	if k.kind == nodeNot {
		// -(-x): a group that is itself a NOT.
		p.nots--
		return k.kids[0], nil
	}
	p.nots++
	return &node{kind: nodeNot, kids: []*node{k}, pos: t.pos}, nil
}

func notName(t token) string {
	if t.text == "-" {
		return "-"
	}
	return "NOT"
}

// primary parses a clause or a group. Inside a field's group (title:(…))
// p.field is that field, and every clause in it gets it.
func (p *parser) primary() (*node, error) {
	t := p.next()
	switch t.kind {
	case tokOpen:
		if p.peek().kind == tokClose {
			return nil, queryError(t.pos, "empty () at %d", t.pos)
		}
		if p.depth++; p.depth > maxDepth {
			return nil, queryError(t.pos, "parentheses nested more than %d deep at %d", maxDepth, t.pos)
		}
		n, err := p.all()
		p.depth--
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tokClose {
			return nil, queryError(t.pos, "unclosed ( at %d", t.pos)
		}
		return n, nil
	case tokPhrase:
		p.clauses++
		return p.slop(&node{kind: nodePhrase, field: p.field, text: t.text, pos: t.pos})
	case tokWord:
		return p.word(t)
	case tokField:
		if p.field != fieldAny {
			return nil, queryError(t.pos, "%s: at %d is inside %s:( ); a clause has only one field", t.text, t.pos, p.field)
		}
		v := p.peek()
		if !v.glued || (v.kind != tokWord && v.kind != tokPhrase && v.kind != tokOpen) {
			return nil, queryError(t.pos, "%s: at %d needs a value right after the colon", t.text, t.pos)
		}
		if t.text == fieldDate {
			if v.kind != tokWord {
				return nil, queryError(t.pos, "date: at %d takes a day or a range like 2024-03..2024-06, not %s", t.pos, describe(v))
			}
			p.next()
			return p.dates(t.pos, v)
		}
		p.field = t.text
		n, err := p.primary()
		p.field = fieldAny
		if err != nil {
			return nil, err
		}
		if n.field == t.text && n.kind != nodeAnd && n.kind != nodeOr && n.kind != nodeNot {
			n.pos = t.pos
		}
		return n, nil
	case tokClose:
		return nil, queryError(t.pos, "unexpected ) at %d", t.pos)
	}
	return nil, queryError(t.pos, "the query ends where a word is expected, at %d", t.pos)
}

func describe(t token) string {
	switch t.kind {
	case tokPhrase:
		return "a quoted phrase"
	case tokOpen:
		return "a group"
	}
	return fmt.Sprintf("%q", t.text)
}

// word makes a word or prefix clause of t.
func (p *parser) word(t token) (*node, error) {
	field := p.field
	p.clauses++
	text := t.text
	star := strings.IndexRune(text, '*')
	if star < 0 {
		return &node{kind: nodeWord, field: field, text: text, pos: t.pos}, nil
	}
	at := t.pos + utf8.RuneCountInString(text[:star])
	stem := strings.TrimRight(text, "*")
	if strings.Contains(stem, "*") {
		return nil, queryError(at, "* at %d: only a * at the end of a word (a prefix) is allowed", at)
	}
	if stem == "" {
		return nil, queryError(at, "* at %d needs the start of a word before it", at)
	}
	if field == fieldDate {
		return nil, queryError(at, "* at %d: date: takes days or ranges, not prefixes", at)
	}
	p.prefixes++
	return &node{kind: nodePrefix, field: field, text: stem, pos: t.pos}, nil
}

// dates parses the value of date: at pos.
func (p *parser) dates(pos int, v token) (*node, error) {
	p.clauses++
	s := v.text
	n := &node{kind: nodeDates, field: fieldDate, pos: pos}
	bad := func() (*node, error) {
		return nil, queryError(v.pos, "date:%s at %d is not a day (2024, 2024-03, 2024-03-28) or a range (2024-03..2024-06, ..2024, >=2023, <2024-05)", s, pos)
	}
	day := func(s string, last bool) (time.Time, bool) {
		t, err := parseDay(s, last)
		return t, err == nil && s != ""
	}
	var ok bool
	switch {
	case strings.HasPrefix(s, ">="):
		n.from, ok = day(s[2:], false)
	case strings.HasPrefix(s, ">"):
		var end time.Time
		end, ok = day(s[1:], true)
		n.from = end.Add(time.Nanosecond)
	case strings.HasPrefix(s, "<="):
		n.to, ok = day(s[2:], true)
	case strings.HasPrefix(s, "<"):
		var start time.Time
		start, ok = day(s[1:], false)
		n.to = start.Add(-time.Nanosecond)
	case strings.Contains(s, ".."):
		a, b, _ := strings.Cut(s, "..")
		ok = a != "" || b != ""
		if a != "" {
			var okA bool
			n.from, okA = day(a, false)
			ok = ok && okA
		}
		if b != "" {
			var okB bool
			n.to, okB = day(b, true)
			ok = ok && okB
		}
	default:
		var okA, okB bool
		n.from, okA = day(s, false)
		n.to, okB = day(s, true)
		ok = okA && okB
	}
	if !ok {
		return bad()
	}
	if !n.from.IsZero() && !n.to.IsZero() && n.to.Before(n.from) {
		return nil, queryError(v.pos, "date:%s at %d ends before it starts", s, pos)
	}
	return n, nil
}

// queryError is a bad_query error at a character position.
func queryError(pos int, format string, args ...any) *Error {
	e := badRequest(CodeBadQuery, format, args...)
	e.Pos = pos
	return e
}

// Proximity: a NEAR/n b, a PRE/n b, "a b c"~n (see near.go for what they
// match and how distances are counted).

// maxNear bounds the distance of NEAR/n, PRE/n and ~n, in words: farther
// is no longer "near" (a paragraph), and the cost of checking grows with it.
const maxNear = 50

// isNearOp reports whether a word is NEAR/…, PRE/… or a bare NEAR: the
// proximity operators, upper case like AND and OR.
func isNearOp(word string) bool {
	op, _, slash := strings.Cut(word, "/")
	return op == "NEAR" || slash && op == "PRE"
}

// opName names an operator token in an error message.
func opName(t token) string {
	if t.kind == tokNear {
		return t.text
	}
	return tokNames[t.kind]
}

// near parses a primary, and a NEAR/n or PRE/n and a second one after it.
func (p *parser) near() (*node, error) {
	left, err := p.primary()
	if err != nil || p.peek().kind != tokNear {
		return left, err
	}
	op := p.next()
	n := &node{kind: nodeNear, pos: left.pos, ordered: strings.HasPrefix(op.text, "PRE")}
	_, digits, _ := strings.Cut(op.text, "/")
	if n.dist, err = nearDistance(op, digits); err != nil {
		return nil, err
	}
	if k := p.peek().kind; k != tokWord && k != tokPhrase && k != tokOpen && k != tokField {
		return nil, queryError(op.pos, "%s at %d needs a word or phrase after it", op.text, op.pos)
	}
	right, err := p.primary()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == tokNear {
		return nil, queryError(t.pos, "%s at %d: NEAR and PRE join two words or phrases; for more, quote them: \"a b c\"~%d", t.text, t.pos, n.dist)
	}
	n.kids = []*node{left, right}
	if n.field, err = nearField(n, op); err != nil {
		return nil, err
	}
	return n, nil
}

// nearDistance reads the n of NEAR/n, PRE/n or ~n (given as digits).
func nearDistance(op token, digits string) (int, error) {
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, queryError(op.pos, "%s at %d needs a distance in words, as in NEAR/5, PRE/5 or \"a b\"~5", op.text, op.pos)
	}
	d, err := strconv.Atoi(digits)
	if err != nil || d > maxNear { // err: too many digits for an int
		return 0, queryError(op.pos, "%s at %d: words can be at most %d apart", op.text, op.pos, maxNear)
	}
	return d, nil
}

// nearField checks the sides of a NEAR (words, phrases, or groups of them
// joined by OR) and returns the field they are near in: title or body if
// either side is restricted to it, else both.
func nearField(n *node, op token) (string, error) {
	field := fieldAny
	var walk func(k *node) error
	walk = func(k *node) error {
		switch k.kind {
		case nodeOr:
			for _, kk := range k.kids {
				if err := walk(kk); err != nil {
					return err
				}
			}
			return nil
		case nodeWord, nodePhrase:
		default:
			return queryError(k.pos, "%s at %d joins words, phrases or (a OR b), not %s", op.text, op.pos, k.String())
		}
		switch {
		case isKeyword(k.field):
			return queryError(k.pos, "%s at %d joins words of the title or the body, not %s:", op.text, op.pos, k.field)
		case k.field == fieldAny:
		case field == fieldAny:
			field = k.field
		case field != k.field:
			return queryError(op.pos, "%s at %d: words in the title and words in the body are never near each other", op.text, op.pos)
		}
		return nil
	}
	for _, k := range n.kids {
		if err := walk(k); err != nil {
			return "", err
		}
	}
	return field, nil
}

// slop reads a ~n after the phrase ph: "a b c"~n.
func (p *parser) slop(ph *node) (*node, error) {
	t := p.peek()
	if t.kind != tokWord || !t.glued || !strings.HasPrefix(t.text, "~") {
		return ph, nil
	}
	p.next()
	d, err := nearDistance(t, t.text[1:])
	if err != nil {
		return nil, err
	}
	return &node{kind: nodeNear, slop: true, dist: d, field: ph.field, pos: ph.pos, kids: []*node{ph}}, nil
}
