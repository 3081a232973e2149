package index

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// DateLayout is the layout of a Document's Date.
const DateLayout = "2006-01-02"

// MaxIDLen bounds a document id, which ends up in URLs and on screens.
const MaxIDLen = 256

// Document is one news article, as xinwen indexes and returns it.
type Document struct {
	// ID identifies the article; indexing another article with the same ID
	// replaces it.
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
	// Date is the publication date as YYYY-MM-DD, or "" when the article
	// does not say which year it is from: a date is never invented.
	Date string `json:"date"`
	// Province is the provincial-level division the article is about, by
	// its English name ("Shanxi"), or "".
	Province string `json:"province"`
	// Source is the publication ("Shanxi CPPCC Daily"), or "".
	Source string `json:"source"`
	// Lang is the article's main language, "zh" or "en", or "".
	Lang string `json:"lang"`
	URL  string `json:"url,omitempty"`
}

// Validate reports what makes d unfit to index, or nil.
func (d *Document) Validate() error {
	var problems []string
	switch {
	case strings.TrimSpace(d.ID) == "":
		problems = append(problems, "no id")
	case len(d.ID) > MaxIDLen:
		problems = append(problems, fmt.Sprintf("id longer than %d bytes", MaxIDLen))
	case !utf8.ValidString(d.ID):
		problems = append(problems, "id is not UTF-8")
	}
	if strings.TrimSpace(d.Title) == "" && strings.TrimSpace(d.Body) == "" {
		problems = append(problems, "no title and no body")
	}
	if d.Date != "" {
		if _, err := time.Parse(DateLayout, d.Date); err != nil {
			problems = append(problems, fmt.Sprintf("date %q is not YYYY-MM-DD", d.Date))
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}
