package main

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/xinwen/xinwen/index"
	"github.com/xinwen/xinwen/search"
	"github.com/xinwen/xinwen/search/export"
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func (a *App) search(ctx context.Context, args []string) error {
	fs, dir := a.flags("search")
	n := fs.Int("n", 10, "number of hits to print")
	op := fs.String("op", "", "how the words combine: and (default, all must match) or or (any may match)")
	var provinces, sources, people multiFlag
	fs.Var(&provinces, "province", "keep articles about this `province`: English or Chinese name or code (repeatable)")
	fs.Var(&sources, "source", "keep articles from this `source` (repeatable)")
	fs.Var(&people, "person", "keep articles that name this `person`: Chinese or English name, 习近平 or Xi Jinping (repeatable)")
	from := fs.String("from", "", "keep articles dated on or after this `date`")
	to := fs.String("to", "", "keep articles dated on or before this `date`")
	sort := fs.String("sort", "", "order: relevance (default), date or -date")
	format := fs.String("format", "text", "output: text (the top -n hits), csv or jsonl (every hit, as /api/search?format=csv), atom (a feed of the newest -n)")
	limit := fs.Int("limit", 0, "csv and jsonl: give only the first `N` hits (0: all, up to 100,000)")
	xlang := fs.String("xlang", "on", "on: search the query's terms in the other language too (Belt and Road is also 一带一路); off: the words as typed only")
	base := fs.String("base", "http://127.0.0.1:8080", "atom: the `URL` of the server the feed's links lead to")
	collapse := fs.Bool("collapse", true, "text: one hit per story (reprints of one article), with how many versions match; -collapse=false lists every article")
	story := fs.String("story", "", "keep only the versions of the story with this article `id`, each apart (with -sort date, earliest first)")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	switch *format {
	case "text", "csv", "jsonl", "atom":
	default:
		return usageError{fmt.Sprintf("-format must be text, csv, jsonl or atom, not %q", *format)}
	}

	ix, err := openOrSeed(*dir, a.Stderr)
	if err != nil {
		return err
	}
	defer ix.Close()
	engine, err := search.New(ix)
	if err != nil {
		return err
	}
	req := search.Request{
		Query:     strings.Join(fs.Args(), " "),
		Op:        *op,
		Provinces: provinces,
		Sources:   sources,
		People:    people,
		From:      *from,
		To:        *to,
		Sort:      *sort,
		Size:      *n,
		Story:     *story,
		Expand:    !*collapse,
		Xlang:     *xlang,
	}
	switch *format {
	case "csv", "jsonl":
		return exportHits(ctx, engine, req, *limit, *format, a.Stdout)
	case "atom":
		req.Sort = search.SortDateDesc
	}
	res, err := engine.Search(ctx, req)
	if err != nil {
		return err
	}
	if *format == "atom" {
		b := strings.TrimSuffix(*base, "/")
		self := b + "/api/search?" + export.PageParams(req) + "&format=atom"
		return export.WriteAtom(a.Stdout, export.NewFeed(b, req, self, time.Now()), res.Hits)
	}
	printResult(a.Stdout, res, isTerminal(a.Stdout))
	return nil
}

// exportHits writes every hit of req to w as CSV or JSON Lines, as the
// API's format=csv and format=jsonl do.
func exportHits(ctx context.Context, engine *search.Searcher, req search.Request, limit int, format string, w io.Writer) error {
	bw := bufio.NewWriter(w)
	var write func(search.Row) error
	flush := bw.Flush
	start := func(search.ExportStart) error {
		if format == "jsonl" {
			write = export.NewJSONL(bw).Write
			return nil
		}
		c, err := export.NewCSV(bw)
		if err != nil {
			return err
		}
		write, flush = c.Write, func() error {
			if err := c.Flush(); err != nil {
				return err
			}
			return bw.Flush()
		}
		return nil
	}
	if err := engine.Export(ctx, req, limit, start, func(r search.Row) error { return write(r) }); err != nil {
		return err
	}
	return flush()
}

// printResult writes hits as a reader scans them: rank, title, what and
// when, then the snippets, with the matches in bold on a terminal and in
// [brackets] elsewhere.
func printResult(w io.Writer, res *search.Result, color bool) {
	open, close := "[", "]"
	if color {
		open, close = "\x1b[1;33m", "\x1b[0m"
	}
	// The text is the articles', not ours: it is unescaped and made safe
	// for a terminal piece by piece, and only then are the marks, which
	// may be escape sequences, put in.
	text := func(h string) string {
		var b strings.Builder
		for i, marked := range strings.Split(h, "<mark>") {
			if i > 0 {
				b.WriteString(open)
			}
			before, after, found := strings.Cut(marked, "</mark>")
			b.WriteString(printable(html.UnescapeString(before)))
			if found {
				b.WriteString(close)
				b.WriteString(printable(html.UnescapeString(after)))
			}
		}
		return b.String()
	}
	relaxed := ""
	if res.Relaxed {
		relaxed = ", none with all the words: the best partial matches"
	}
	stories := ""
	if res.Collapsed && res.Stories < res.Total {
		stories = fmt.Sprintf(" in %d stories", res.Stories)
	}
	fmt.Fprintf(w, "%d results%s (%.1f ms%s)\n", res.Total, stories, res.TookMS, relaxed)
	for _, warning := range res.Warnings {
		fmt.Fprintf(w, "note: %s\n", printable(warning))
	}
	if len(res.AlsoSearched) > 0 {
		var also []string
		for _, a := range res.AlsoSearched {
			also = append(also, a.From+" → "+strings.Join(a.To, ", "))
		}
		fmt.Fprintf(w, "also searched: %s (-xlang off: the words as typed only)\n", printable(strings.Join(also, "; ")))
	}
	for i, h := range res.Hits {
		fmt.Fprintf(w, "\n%d. %s\n", i+1, text(h.TitleHTML))
		province := strings.TrimSpace(h.Province + " " + h.ProvinceZH)
		var meta []string
		via := ""
		if slices.Equal(h.MatchedVia, []string{search.ViaTranslation}) {
			via = "by translation"
		}
		for _, m := range []string{h.Source, province, h.DateText, h.ID, via} {
			if m != "" {
				meta = append(meta, m)
			}
		}
		fmt.Fprintf(w, "   %s\n", printable(strings.Join(meta, " · ")))
		for _, s := range h.Snippets {
			fmt.Fprintf(w, "   %s\n", text(s))
		}
		if res.Collapsed && h.Versions > 1 {
			fmt.Fprintf(w, "   %s (-story %s)\n", moreVersions(h.Versions-1), printable(h.Story))
		}
	}
	if people := res.Facets.Person; len(people) > 0 {
		var names []string
		for _, c := range people[:min(len(people), cliPeople)] {
			name := c.Value
			if c.ValueEN != "" && c.ValueEN != c.Value {
				name += " " + c.ValueEN
			}
			names = append(names, fmt.Sprintf("%s (%d)", name, c.Count))
		}
		fmt.Fprintf(w, "\npeople: %s\n", printable(strings.Join(names, ", ")))
	}
}

// moreVersions says how many other versions of a story match.
func moreVersions(n int) string {
	if n == 1 {
		return "1 more version"
	}
	return fmt.Sprintf("%d more versions", n)
}

// cliPeople is how many of the people facet's names the CLI prints.
const cliPeople = 10

// printable returns s with nothing a terminal would act on: a tab or line
// break is a space, and other control characters (ESC, which starts the
// sequences that recolour, move or retitle a terminal, and the rest of C0
// and C1) and the bidirectional overrides, which make text display in
// another order than it reads, are written as escapes (\x1b, \u202e),
// so that what was there is seen.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if index.IsControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x80 && index.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case index.IsControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
