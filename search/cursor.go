package search

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
)

// cursor is where the next page of a search starts: the sort values of the
// last hit shown (bleve's search_after), so a page deep in the results
// costs what the first one does. It is handed to clients as an opaque
// string, signed: bleve trusts search_after values, and a cursor with one
// sort value too few made it index out of range and end the process.
type cursor struct {
	// Key is a fingerprint of the request the cursor continues: a cursor
	// is refused for another query, filters or sort.
	Key string `json:"k"`
	// Page is the number of the page the cursor leads to; Seen is how
	// many hits came before it.
	Page int `json:"p"`
	Seen int `json:"n"`
	// Relaxed is set when the pages are those of the relaxed query, and
	// PartMode is how the query's runs matched in part (partial.go).
	Relaxed  bool `json:"r,omitempty"`
	PartMode int  `json:"q,omitempty"`
	// After holds the raw sort values of the last hit shown (bytes, as
	// bleve's are binary for dates).
	After [][]byte `json:"a"`
}

// A cursor on the wire is its JSON and an HMAC of it under the index's
// cursor key, each in URL-safe base64, joined by a dot. The MAC makes it
// tamper-evident; decodeCursor and checkAfter check its shape all the
// same, so that a bug that signs a bad cursor cannot crash bleve either.
const (
	cursorSep = "."
	// cursorMACLen is how much of the HMAC-SHA256 a cursor carries: 128
	// bits, beyond guessing.
	cursorMACLen = 16
	// cursorKeyName is the bleve internal key under which an index keeps
	// its cursor key, so that cursors handed out before a restart go on
	// working after it.
	cursorKeyName = "xinwen.cursor_key"
	cursorKeyLen  = 32
)

func (c cursor) encode(key []byte) string {
	raw, _ := json.Marshal(c) // a struct of strings, ints and bytes: cannot fail
	return base64.RawURLEncoding.EncodeToString(raw) + cursorSep + base64.RawURLEncoding.EncodeToString(cursorMAC(key, raw))
}

func cursorMAC(key, raw []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("xinwen cursor 1\n"))
	m.Write(raw)
	return m.Sum(nil)[:cursorMACLen]
}

// badCursor is the answer to a cursor this server did not hand out.
func badCursor() error {
	return badRequest(CodeBadCursor, "the cursor is not one this server handed out; start again from the first page")
}

// decodeCursor reads a cursor given back by a client: it must carry the
// MAC of key, and its numbers must make sense. Its sort values are checked
// against the request's sort by checkAfter.
func decodeCursor(s string, key []byte) (cursor, error) {
	var c cursor
	body, mac, ok := strings.Cut(s, cursorSep)
	if !ok {
		return c, badCursor()
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return c, badCursor()
	}
	got, err := base64.RawURLEncoding.DecodeString(mac)
	if err != nil || !hmac.Equal(got, cursorMAC(key, raw)) {
		return c, badCursor()
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return c, badCursor()
	}
	// Every page before the cursor's showed at least one hit; Seen is
	// bounded so that Seen plus a page cannot overflow.
	if c.Page < 2 || c.Seen < c.Page-1 || c.Seen > math.MaxInt32 || len(c.Key) == 0 {
		return c, badCursor()
	}
	return c, nil
}

// checkAfter checks that the cursor's sort values are what the order of
// sort ("relevance", "date" or "-date", as plan.sortOrder makes it) gives
// a hit: a score or a date term, then an article id.
func (c cursor) checkAfter(sort string) error {
	if len(c.After) != 2 {
		return badCursor()
	}
	first, id := string(c.After[0]), string(c.After[1])
	if id == "" || !utf8.ValidString(id) {
		return badCursor()
	}
	if sort == "relevance" {
		f, err := strconv.ParseFloat(first, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return badCursor()
		}
		return nil
	}
	if first == bsearch.LowTerm || first == bsearch.HighTerm {
		return nil // an undated article
	}
	p := numeric.PrefixCoded(first)
	if shift, err := p.Shift(); err != nil || shift != 0 {
		return badCursor()
	}
	if _, err := p.Int64(); err != nil {
		return badCursor()
	}
	return nil
}

// after returns the cursor's sort values as bleve wants them.
func (c cursor) after() []string {
	out := make([]string, len(c.After))
	for i, v := range c.After {
		out[i] = string(v)
	}
	return out
}

// fingerprint identifies what a cursor may continue: the same query, op,
// filters and sort.
func fingerprint(req Request, sort string) string {
	provinces := slices.Clone(req.Provinces)
	sources := slices.Clone(req.Sources)
	slices.Sort(provinces)
	slices.Sort(sources)
	parts := []string{strings.TrimSpace(req.Query), req.Op, strings.Join(provinces, "\x1f"), strings.Join(sources, "\x1f"), req.From, req.To, sort, req.Story, strconv.FormatBool(req.Expand)}
	if req.Xlang == XlangOff {
		parts = append(parts, XlangOff) // another query: cursors of the other do not fit
	}
	if len(req.People) > 0 {
		people := slices.Clone(req.People)
		slices.Sort(people)
		parts = append(parts, "person="+strings.Join(people, "\x1f"))
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x1e")))
	return hex.EncodeToString(sum[:8])
}

// cursorKeys serializes reading and making indexes' cursor keys, so that
// two Searchers of one index never make two.
var cursorKeys sync.Mutex

// cursorKey returns the key b signs its cursors with, kept inside the
// index (it moves and is backed up with it; a rebuilt index has a new
// one). An index without one gets one; if it cannot be written (a
// read-only index), the key lasts as long as the process, and cursors
// handed out before a restart get bad_cursor after it.
func cursorKey(b bleve.Index) []byte {
	cursorKeys.Lock()
	defer cursorKeys.Unlock()
	if k, err := b.GetInternal([]byte(cursorKeyName)); err == nil && len(k) == cursorKeyLen {
		return k
	}
	k := make([]byte, cursorKeyLen)
	_, _ = rand.Read(k) // crypto/rand.Read never fails on supported systems
	_ = b.SetInternal([]byte(cursorKeyName), k)
	return k
}
