package search

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
)

// cursor is where the next page of a search starts: the sort values of the
// last hit shown (bleve's search_after), so a page deep in the results
// costs what the first one does. It is handed to clients as an opaque
// string.
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

func (c cursor) encode() string {
	raw, _ := json.Marshal(c) // a struct of strings, ints and bytes: cannot fail
	return base64.RawURLEncoding.EncodeToString(raw)
}

// decodeCursor reads a cursor given back by a client.
func decodeCursor(s string) (cursor, error) {
	var c cursor
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(raw, &c)
	}
	if err != nil || c.Page < 2 || c.Seen < 1 || len(c.After) == 0 {
		return c, badRequest(CodeBadCursor, "the cursor is not one this server handed out; start again from the first page")
	}
	return c, nil
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
	parts := []string{strings.TrimSpace(req.Query), req.Op, strings.Join(provinces, "\x1f"), strings.Join(sources, "\x1f"), req.From, req.To, sort}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x1e")))
	return hex.EncodeToString(sum[:8])
}
