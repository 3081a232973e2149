package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// The budget xinwen holds itself to (issue 7), set for the CCTV corpus
// (74,504 articles, 110 MB of text) on a 2-core machine, against what
// Lucene/smartcn, bleve's stock CJK analyzer and Xapian do there.
const (
	BudgetMBPerS         = 2.0  // indexing, MB of text per second, at least
	BudgetSizeRatio      = 2.5  // index size over text size, at most
	BudgetP99MS          = 15.0 // p99 with one client, at most
	BudgetQPS2           = 300  // QPS with two clients, at least
	BudgetServeRSSMB     = 400  // peak RSS of the serving process, at most
	BudgetFirstAnswerS   = 1.0  // from start to the first answer, at most
	budgetQPSClients     = 2
	budgetLatencyClients = 1
)

// WriteJSON writes r as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes r as the table the bench command prints, each figure
// that has a budget followed by the budget and "ok" or "MISS".
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	check := func(ok bool) string {
		if ok {
			return "ok"
		}
		return "MISS"
	}
	// line prints a labelled figure, a note, and a budget with its verdict.
	line := func(label, value, note, budget string, ok bool) {
		verdict := ""
		if budget != "" {
			verdict = check(ok)
		}
		p("  %-32s %10s  %-32s %-10s %s", label, value, note, budget, verdict)
	}

	p("xinwen bench: %s: %d articles, %.2f MB of text (titles and bodies)", filepath.Base(r.Corpus), r.Docs, r.TextMB)
	if r.Skipped > 0 {
		p("(%d unreadable records skipped)", r.Skipped)
	}
	p("%s, GOMAXPROCS %d; the budgets are set for the CCTV corpus on 2 cores", r.GoVersion, r.GOMAXPROCS)
	if len(r.Load) > 0 {
		var ls []string
		for _, l := range r.Load {
			ls = append(ls, fmt.Sprintf("%.1f", l))
		}
		p("load average at the start, after indexing, after querying, at the end: %s", strings.Join(ls, ", "))
	}
	p("")
	p("%-34s %10s  %-32s %s", "indexing", "", "", "budget")
	line("dictionary load, before indexing", fmt.Sprintf("%.2f s", r.DictLoadS), "", "", false)
	if r.Index.Reused {
		line("not measured: the index was reused", "", "", "", false)
	} else {
		line("wall, reading to compacted index", fmt.Sprintf("%.2f s", r.Index.WallS), fmt.Sprintf("CPU %.1f s", r.Index.CPUS), "", false)
		line("articles per second", fmt.Sprintf("%.0f", r.Index.DocsPerS), "", "", false)
		line("MB of text per second", fmt.Sprintf("%.2f", r.Index.MBPerS), "", fmt.Sprintf("≥ %.1f", BudgetMBPerS), r.Index.MBPerS >= BudgetMBPerS)
		line("peak RSS while indexing", mbText(r.Index.PeakRSSMB), "", "", false)
	}
	line("index on disk", fmt.Sprintf("%.1f MB", r.Index.SizeMB),
		fmt.Sprintf("%.2f× the text, %s", r.Index.SizeRatio, segments(r.Index)),
		fmt.Sprintf("≤ %.1f×", BudgetSizeRatio), r.Index.SizeRatio <= BudgetSizeRatio)

	var kinds []string
	for _, k := range append(kinds, KindChineseWord, KindPair, KindTitle, KindEnglishWord, "file") {
		if n := r.Query.Kinds[k]; n > 0 && k != "file" {
			kinds = append(kinds, fmt.Sprintf("%d %s", n, strings.ReplaceAll(k, "_", " ")))
		}
	}
	mix := r.Query.Source
	if len(kinds) > 0 {
		mix += ": " + strings.Join(kinds, ", ")
	}
	p("")
	p("queries: %d, %s", r.Query.Queries, mix)
	p("each the first page of 10 by relevance, with facets and highlighted snippets; %.1f%% find nothing", 100*r.Query.ZeroHits)
	p("  %7s %8s %8s %8s %8s %8s %8s %8s   %s", "clients", "queries", "p50 ms", "p95 ms", "p99 ms", "max ms", "QPS", "CPU ms/q", "budget")
	for _, run := range r.Query.Runs {
		budget := ""
		switch run.Clients {
		case budgetLatencyClients:
			budget = fmt.Sprintf("p99 ≤ %.0f ms   %s", BudgetP99MS, check(run.P99MS <= BudgetP99MS))
		case budgetQPSClients:
			budget = fmt.Sprintf("QPS ≥ %d     %s", BudgetQPS2, check(run.QPS >= BudgetQPS2))
		}
		p("  %7d %8d %8.2f %8.2f %8.2f %8.2f %8.1f %8.2f   %s", run.Clients, run.Queries, run.P50MS, run.P95MS, run.P99MS, run.MaxMS, run.QPS, run.CPUMSPerQuery, budget)
	}
	if len(r.Query.Runs) > 0 && len(r.Query.Runs[0].Kinds) > 1 {
		run := r.Query.Runs[0]
		p("  by kind, %d client(s):", run.Clients)
		for _, k := range []string{KindChineseWord, KindPair, KindTitle, KindEnglishWord} {
			if kl, ok := run.Kinds[k]; ok {
				p("  %16s %8d %8.2f %8s %8.2f %8.2f", strings.ReplaceAll(k, "_", " "), kl.Queries, kl.P50MS, "", kl.P99MS, kl.MaxMS)
			}
		}
	}
	line("peak RSS while querying", mbText(r.Query.PeakRSSMB), "in this process, index reopened", "", false)
	line("  at the end: heap, mapped files", mbText(r.Query.AnonMB)+",", mbText(r.Query.FileMB), "", false)

	if s := r.Serve; s != nil {
		var firsts, listens []string
		for _, run := range s.Runs {
			firsts = append(firsts, fmt.Sprintf("%.2f", run.FirstAnswerS))
			listens = append(listens, fmt.Sprintf("%.2f", run.ListeningS))
		}
		p("")
		p("%-34s %10s  %-32s %s", "a new `xinwen serve` on the index", "", "", "budget")
		line("start to first answer, median", fmt.Sprintf("%.2f s", s.FirstAnswerS), "of "+strings.Join(firsts, ", ")+" s",
			fmt.Sprintf("≤ %.0f s", BudgetFirstAnswerS), s.FirstAnswerS <= BudgetFirstAnswerS)
		line("start to listening", "", strings.Join(listens, ", ")+" s", "", false)
		line("peak RSS after serving the mix", mbText(s.PeakRSSMB), "over HTTP, 2 clients",
			fmt.Sprintf("≤ %d MB", BudgetServeRSSMB), s.PeakRSSMB >= 0 && s.PeakRSSMB <= BudgetServeRSSMB)
		last := s.Runs[len(s.Runs)-1]
		line("  at the end: heap, mapped files", mbText(last.AnonMB)+",", mbText(last.FileMB), "", false)
	}
	p("")
	p("bench took %.0f s", r.WallS)
	out := strings.Split(b.String(), "\n")
	for i := range out {
		out[i] = strings.TrimRight(out[i], " ")
	}
	_, err := io.WriteString(w, strings.Join(out, "\n"))
	return err
}

func segments(ix Indexing) string {
	s := fmt.Sprintf("%d segments", ix.Segments)
	if ix.Segments == 1 {
		s = "1 segment"
	}
	if ix.Compacted {
		s += ", compacted"
	}
	return s
}

func mbText(v float64) string {
	if v < 0 {
		return "unknown"
	}
	return fmt.Sprintf("%.0f MB", v)
}
