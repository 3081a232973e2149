// Package export writes search results in the forms analysts take away:
// CSV and JSON Lines of every hit, CSV of the facet counts and of the
// attention series, and Atom feeds (RFC 4287) that a feed reader or a
// script follows. The HTTP API and the command line both write through
// it, so a file saved from either is the same.
//
// CSV is UTF-8 with a byte-order mark, which spreadsheet programs need to
// read Chinese as Chinese, and RFC 4180's quoting (encoding/csv). A cell
// that a spreadsheet would take for a formula (one that starts with =, +,
// -, @, a tab or a carriage return: a crawled title can) is written with a
// ' before it, as OWASP advises against CSV injection.
package export

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xinwen/xinwen/search"
)

// bom is the UTF-8 byte-order mark that opens every CSV.
const bom = "\ufeff"

// Columns are the columns of a CSV of hits, in order: a search.Row.
var Columns = []string{"id", "title", "date", "precision", "province", "places", "source", "url", "story", "snippet"}

// CSV writes rows as CSV, under a header of Columns.
type CSV struct {
	w *csv.Writer
}

// NewCSV starts a CSV of hits on w: the byte-order mark and the header.
func NewCSV(w io.Writer) (*CSV, error) {
	c := &CSV{w: csv.NewWriter(w)}
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return c, c.write(Columns)
}

// Write writes one row. Places are GB/T 2260 codes separated by spaces.
func (c *CSV) Write(r search.Row) error {
	return c.write([]string{r.ID, r.Title, r.Date, r.Precision, r.Province, strings.Join(r.Places, " "), r.Source, r.URL, r.Story, r.Snippet})
}

func (c *CSV) write(cells []string) error {
	for i, s := range cells {
		cells[i] = cell(s)
	}
	if err := c.w.Write(cells); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// Flush writes what is buffered to the underlying writer.
func (c *CSV) Flush() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// cell keeps a spreadsheet from reading s as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// JSONL writes rows as JSON Lines: one object a line, with the fields of
// Columns (places as an array).
type JSONL struct {
	enc *json.Encoder
}

// NewJSONL starts JSON Lines on w.
func NewJSONL(w io.Writer) *JSONL {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &JSONL{enc: enc}
}

// Write writes one row.
func (j *JSONL) Write(r search.Row) error {
	if r.Places == nil {
		r.Places = []string{}
	}
	if err := j.enc.Encode(r); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// FacetColumns are the columns of a CSV of facet counts.
var FacetColumns = []string{"facet", "value", "value_zh", "count", "all", "share"}

// WriteFacets writes the facets of a search as CSV, one row a value: the
// provinces and sources as the API lists them, then the date facet's bars
// ("date", with their totals and shares), its years ("year"), and the
// matches on no bar ("date", "no year" and "no date").
func WriteFacets(w io.Writer, f search.Facets) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	c := &CSV{w: csv.NewWriter(w)}
	rows := [][]string{FacetColumns}
	for _, facet := range []struct {
		name   string
		counts []search.Count
	}{{"province", f.Province}, {"source", f.Source}} {
		for _, v := range facet.counts {
			rows = append(rows, []string{facet.name, v.Value, v.ValueZH, strconv.Itoa(v.Count), "", ""})
		}
	}
	for _, facet := range []struct {
		name string
		bars []search.DateCount
	}{{"date", f.Date.Buckets}, {"year", f.Date.Years}} {
		for _, b := range facet.bars {
			rows = append(rows, []string{facet.name, b.Value, "", strconv.Itoa(b.Count), strconv.Itoa(b.All), share(b.Share)})
		}
	}
	rows = append(rows, []string{"date", "no year", "", strconv.Itoa(f.Date.NoYear), "", ""},
		[]string{"date", "no date", "", strconv.Itoa(f.Date.NoDate), "", ""})
	for _, r := range rows {
		if err := c.write(r); err != nil {
			return err
		}
	}
	return c.Flush()
}

// WriteAttention writes the series of an Attention as CSV, one row a bar:
// the bar, how many articles it has under the filters, then each query's
// count and share, headed by the query ("(every article)" for an empty
// one).
func WriteAttention(w io.Writer, a *search.Attention) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	c := &CSV{w: csv.NewWriter(w)}
	head := []string{a.Interval, "all"}
	for _, s := range a.Series {
		q := s.Query
		if q == "" {
			q = "(every article)"
		}
		head = append(head, q+": count", q+": share")
	}
	if err := c.write(head); err != nil {
		return err
	}
	if len(a.Series) > 0 {
		for i, b := range a.Series[0].Buckets {
			row := []string{b.Value, strconv.Itoa(b.All)}
			for _, s := range a.Series {
				row = append(row, strconv.Itoa(s.Buckets[i].Count), share(s.Buckets[i].Share))
			}
			if err := c.write(row); err != nil {
				return err
			}
		}
	}
	return c.Flush()
}

func share(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
