package export

import (
	"crypto/sha1"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search"
)

// Atom feeds (RFC 4287).
//
// A feed is a search: its first page, newest first. What RFC 4287 asks of
// it, and how xinwen answers:
//
//   - ids are permanent and universally unique IRIs: a feed's is a
//     name-based UUID (RFC 4122 version 5, urn:uuid:) of the search's
//     parameters, an entry's one of the article's id, so the same article
//     is the same entry in every feed and after every restart, and a feed
//     reader shows it once;
//   - an entry's updated is the article's publication date, at midnight
//     UTC (xinwen knows no time of day): the day, or the first day of the
//     month or year when only that is known, the instant the date order
//     sorts it by. An article with no year (a month and day) or no date
//     has no instant: its entry says 1970-01-01T00:00:00Z, the earliest,
//     as the feed's order puts it last. The feed's updated is its newest
//     entry's, or the time of the request when it has none;
//   - the summary is the snippet as text (type "text"; no markup to escape
//     twice); the entry links to the article's page, with the search's
//     words highlighted; its author is the article's source, or the
//     feed's ("xinwen") when it has none; its category its province.

// atomNS is the Atom namespace.
const atomNS = "http://www.w3.org/2005/Atom"

// undated is the updated of an entry whose article has no year.
var undated = time.Unix(0, 0).UTC()

// Feed is what a feed says of itself; the server and the command line
// fill it in.
type Feed struct {
	// ID is the feed's id: FeedID of the search's parameters.
	ID string
	// Title names the search.
	Title string
	// Self is the feed's own URL; Page the search page's (the feed's
	// alternate); both absolute.
	Self, Page string
	// Link returns the absolute URL of an article's page.
	Link func(id string) string
	// Now is the feed's updated when it has no entry.
	Now time.Time
}

// NewFeed describes the feed of req for a server at base (scheme and
// host: http://127.0.0.1:8080) whose URL is self: its id and title from
// the search's words and filters, its links to the search page and to
// each article's, with the same parameters, so that the page highlights
// the words.
func NewFeed(base string, req search.Request, self string, now time.Time) Feed {
	params := PageParams(req)
	query := ""
	if params != "" {
		query = "?" + params
	}
	return Feed{
		ID:    FeedID(params),
		Title: feedTitle(req),
		Self:  self,
		Page:  base + "/" + query,
		Link:  func(id string) string { return base + "/doc/" + url.PathEscape(id) + query },
		Now:   now,
	}
}

// PageParams are the parameters of the search page's URL for the articles
// req finds (q, op, xlang, province, source, from, to, as the page orders them;
// not the sort, nor the page), as a query string.
func PageParams(req search.Request) string {
	v := [][2]string{{"q", req.Query}}
	if strings.EqualFold(req.Op, search.OpOr) {
		v = append(v, [2]string{"op", search.OpOr})
	}
	if strings.EqualFold(req.Xlang, search.XlangOff) {
		v = append(v, [2]string{"xlang", search.XlangOff})
	}
	for _, p := range req.Provinces {
		v = append(v, [2]string{"province", p})
	}
	for _, s := range req.Sources {
		v = append(v, [2]string{"source", s})
	}
	for _, s := range req.People {
		v = append(v, [2]string{"person", s})
	}
	v = append(v, [2]string{"from", req.From}, [2]string{"to", req.To})
	var parts []string
	for _, kv := range v {
		if x := strings.TrimSpace(kv[1]); x != "" {
			parts = append(parts, kv[0]+"="+url.QueryEscape(x))
		}
	}
	return strings.Join(parts, "&")
}

// feedTitle names a search: its query and its filters.
func feedTitle(req search.Request) string {
	parts := []string{strings.TrimSpace(req.Query)}
	if parts[0] == "" {
		parts[0] = "every article"
	}
	if len(req.Provinces) > 0 {
		parts = append(parts, strings.Join(req.Provinces, ", "))
	}
	if len(req.Sources) > 0 {
		parts = append(parts, strings.Join(req.Sources, ", "))
	}
	if req.From != "" || req.To != "" {
		parts = append(parts, strings.TrimSpace(req.From+" – "+req.To))
	}
	return "xinwen: " + strings.Join(parts, " · ")
}

// xinwenNS is the namespace of xinwen's name-based UUIDs (random, fixed).
var xinwenNS = [16]byte{0x6a, 0x1f, 0x3c, 0x52, 0x8e, 0x0b, 0x4d, 0x7a, 0x9c, 0x21, 0x5e, 0x43, 0xb0, 0x77, 0xd8, 0x16}

// FeedID is the id of the feed of a search, from its parameters in a fixed
// order (a canonical query string).
func FeedID(params string) string { return "urn:uuid:" + uuid5(xinwenNS, "search?"+params) }

// EntryID is the id of an article's entry in every feed.
func EntryID(articleID string) string { return "urn:uuid:" + uuid5(xinwenNS, "article:"+articleID) }

// uuid5 is the name-based UUID of name in namespace ns (RFC 4122, 4.3, with
// SHA-1).
func uuid5(ns [16]byte, name string) string {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// Updated is the instant an entry gives for a hit: see the package
// comment.
func Updated(h search.Hit) time.Time {
	layout := map[string]string{
		string(index.PrecisionDay):   "2006-01-02",
		string(index.PrecisionMonth): "2006-01",
		string(index.PrecisionYear):  "2006",
	}[h.DatePrecision]
	if layout == "" {
		return undated
	}
	t, err := time.Parse(layout, h.DateText)
	if err != nil {
		return undated
	}
	return t
}

type atomFeed struct {
	XMLName   xml.Name    `xml:"feed"`
	NS        string      `xml:"xmlns,attr"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID       string        `xml:"id"`
	Title    atomText      `xml:"title"`
	Link     atomLink      `xml:"link"`
	Updated  string        `xml:"updated"`
	Author   *atomPerson   `xml:"author,omitempty"`
	Category *atomCategory `xml:"category,omitempty"`
	Summary  *atomText     `xml:"summary,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// WriteAtom writes hits, newest first as the search gave them, as the
// Atom feed f.
func WriteAtom(w io.Writer, f Feed, hits []search.Hit) error {
	feed := atomFeed{
		NS:    atomNS,
		ID:    f.ID,
		Title: atomText{"text", f.Title},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: f.Self},
			{Rel: "alternate", Type: "text/html", Href: f.Page},
		},
		Author:    atomPerson{"xinwen"},
		Generator: "xinwen",
	}
	updated := time.Time{}
	for _, h := range hits {
		t := Updated(h)
		if t.After(updated) {
			updated = t
		}
		e := atomEntry{
			ID:      EntryID(h.ID),
			Title:   atomText{"text", h.Title},
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: f.Link(h.ID)},
			Updated: t.Format(time.RFC3339),
		}
		if h.Source != "" {
			e.Author = &atomPerson{h.Source}
		}
		if h.Province != "" {
			e.Category = &atomCategory{Term: h.Province, Label: h.ProvinceZH}
		}
		if s := search.PlainText(strings.Join(h.Snippets, " ")); s != "" {
			e.Summary = &atomText{"text", s}
		}
		feed.Entries = append(feed.Entries, e)
	}
	if len(hits) == 0 {
		updated = f.Now
	}
	feed.Updated = updated.UTC().Format(time.RFC3339)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(feed); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// element is any XML element, for CheckAtom.
type element struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Kids    []element  `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (e element) attr(name string) (string, bool) {
	for _, a := range e.Attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// kids returns the Atom elements named name among e's children.
func (e element) kids(name string) []element {
	var out []element
	for _, k := range e.Kids {
		if k.XMLName.Space == atomNS && k.XMLName.Local == name {
			out = append(out, k)
		}
	}
	return out
}

// CheckAtom reads an Atom feed document and reports every way in which it
// breaks a MUST of RFC 4287 that a feed of xinwen's kind can break: the
// feed and each entry with exactly one id (an absolute IRI), title and
// updated (an RFC 3339 date-time), an author for each entry (its own or
// the feed's), each entry a link to its page or a content, links with an
// href, at most one alternate link per type, text constructs of a known
// type, at most one summary, entries with different ids. The tests of the
// feeds use it; no well-kept Go library validates Atom.
func CheckAtom(r io.Reader) error {
	var feed element
	if err := xml.NewDecoder(r).Decode(&feed); err != nil {
		return fmt.Errorf("not XML: %w", err)
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if feed.XMLName.Space != atomNS || feed.XMLName.Local != "feed" {
		return fmt.Errorf("the root is %s %s, not an Atom feed", feed.XMLName.Space, feed.XMLName.Local)
	}
	// common checks what the feed and an entry both must have.
	common := func(what string, e element) {
		for _, name := range []string{"id", "title", "updated"} {
			if n := len(e.kids(name)); n != 1 {
				bad("%s has %d %s, want exactly one", what, n, name)
			}
		}
		for _, id := range e.kids("id") {
			if u, err := url.Parse(strings.TrimSpace(id.Text)); err != nil || !u.IsAbs() {
				bad("%s's id %q is not an absolute IRI", what, id.Text)
			}
		}
		for _, u := range e.kids("updated") {
			if _, err := time.Parse(time.RFC3339, strings.TrimSpace(u.Text)); err != nil {
				bad("%s's updated %q is not an RFC 3339 date-time", what, u.Text)
			}
		}
		for _, name := range []string{"title", "summary", "subtitle", "rights"} {
			for _, t := range e.kids(name) {
				if typ, ok := t.attr("type"); ok && typ != "text" && typ != "html" && typ != "xhtml" {
					bad("%s's %s has type %q", what, name, typ)
				}
			}
		}
		alternates := map[string]bool{}
		for _, l := range e.kids("link") {
			if href, ok := l.attr("href"); !ok || href == "" {
				bad("%s has a link without href", what)
			}
			if rel, _ := l.attr("rel"); rel == "" || rel == "alternate" {
				typ, _ := l.attr("type")
				lang, _ := l.attr("hreflang")
				if alternates[typ+" "+lang] {
					bad("%s has two alternate links of type %q", what, typ)
				}
				alternates[typ+" "+lang] = true
			}
		}
		for _, a := range e.kids("author") {
			if n := len(a.kids("name")); n != 1 {
				bad("%s has an author with %d names, want one", what, n)
			}
		}
		for _, c := range e.kids("category") {
			if _, ok := c.attr("term"); !ok {
				bad("%s has a category without term", what)
			}
		}
	}
	common("the feed", feed)
	feedAuthor := len(feed.kids("author")) > 0
	ids := map[string]bool{}
	for i, e := range feed.kids("entry") {
		what := fmt.Sprintf("entry %d", i+1)
		common(what, e)
		if !feedAuthor && len(e.kids("author")) == 0 {
			bad("%s has no author, nor has the feed", what)
		}
		for _, name := range []string{"summary", "content", "published", "rights", "source"} {
			if n := len(e.kids(name)); n > 1 {
				bad("%s has %d %s, want at most one", what, n, name)
			}
		}
		if len(e.kids("content")) == 0 {
			found := false
			for _, l := range e.kids("link") {
				rel, _ := l.attr("rel")
				found = found || rel == "" || rel == "alternate"
			}
			if !found {
				bad("%s has neither content nor an alternate link", what)
			}
		}
		for _, id := range e.kids("id") {
			if ids[id.Text] {
				bad("%s repeats the id %s", what, id.Text)
			}
			ids[id.Text] = true
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}
