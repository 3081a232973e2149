// Command zapsize tells where the bytes of a xinwen index go: it reads the
// zap segment files of an index (bleve's scorch format, zapx v16) and sums
// their sections by field: the stored documents, the term dictionaries
// (FSTs), the postings (roaring bitmaps), the frequencies and norms, the
// term vectors' locations (each split into its position, byte offsets and
// array positions) and the doc values.
//
//	go run ./cmd/zapsize /tmp/zh-index          # an index directory
//	go run ./cmd/zapsize /tmp/zh-index/store/00000000005c.zap
//
// It prints Markdown tables, in MB (10^6 bytes): the sections of the whole
// file, then each field's. Every byte of the file is counted once; what
// the walk does not reach (the fields' and sections' tables, the footer)
// is "other". It reads the files only, with the format as zapx v16 writes
// it (see zap.md in the module), and is a measuring tool, not part of
// xinwen: search/bench/MEASUREMENTS.md quotes its tables.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: zapsize INDEX_DIR | FILE.zap ...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	var files []string
	for _, arg := range flag.Args() {
		fs, err := zapFiles(arg)
		if err != nil {
			log.Fatal(err)
		}
		files = append(files, fs...)
	}
	total := &Breakdown{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		b, err := Measure(data)
		if err != nil {
			log.Fatalf("zapsize: %s: %v", f, err)
		}
		total.Add(b)
	}
	total.Print(os.Stdout)
}

// zapFiles returns the zap files at path: path itself, or those of an
// index directory (its store/ folder) or of a store folder.
func zapFiles(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	for _, dir := range []string{filepath.Join(path, "store"), path} {
		files, err := filepath.Glob(filepath.Join(dir, "*.zap"))
		if err != nil {
			return nil, err
		}
		if len(files) > 0 {
			sort.Strings(files)
			return files, nil
		}
	}
	return nil, fmt.Errorf("zapsize: no .zap files in %s or its store/", path)
}

// Print writes b as Markdown tables.
func (b *Breakdown) Print(w io.Writer) {
	mb := func(n int64) string { return fmt.Sprintf("%.1f", float64(n)/1e6) }
	pct := func(n int64) string { return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(b.File)) }
	fmt.Fprintf(w, "%d segment(s), %d documents, %s MB\n\n", b.Segments, b.Docs, mb(b.File))

	fmt.Fprintln(w, "| section | MB | share |")
	fmt.Fprintln(w, "|---|--:|--:|")
	var dict, post, freq, locs, dv int64
	for _, f := range b.Fields {
		dict += f.Dict
		post += f.Postings
		freq += f.FreqNorm.Total()
		locs += f.Locations.Total()
		dv += f.DocValues
	}
	stored := b.Stored.Total()
	rows := []struct {
		name string
		n    int64
	}{
		{"stored documents (_id, metadata, snappy data, offsets)", stored},
		{"dictionaries (FST)", dict},
		{"postings (roaring bitmaps)", post},
		{"frequencies and norms", freq},
		{"locations (term vectors)", locs},
		{"doc values", dv},
		{"other (field tables, footer)", b.File - stored - dict - post - freq - locs - dv},
	}
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %s |\n", r.name, mb(r.n), pct(r.n))
	}

	fmt.Fprintln(w, "\nStored documents:")
	fmt.Fprintln(w, "\n| part | MB |")
	fmt.Fprintln(w, "|---|--:|")
	s := b.Stored
	fmt.Fprintf(w, "| _id values | %s |\n| field metadata (field, type, offset, length) | %s |\n| snappy data | %s |\n| record headers and the offsets index | %s |\n",
		mb(s.IDs), mb(s.Meta), mb(s.Compressed), mb(s.Headers+s.Index))
	fmt.Fprintln(w, "\n| stored field | MB raw | MB snappy alone |")
	fmt.Fprintln(w, "|---|--:|--:|")
	for _, name := range sortedKeys(s.Raw) {
		fmt.Fprintf(w, "| %s | %s | %s |\n", name, mb(s.Raw[name]), mb(s.Snappy[name]))
	}

	fmt.Fprintln(w, "\nBy field (the index of each field):")
	fmt.Fprintln(w, "\n| field | terms | 1-hit | dict | postings | freq/norm | locations | doc values | total |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|")
	names := make([]string, 0, len(b.Fields))
	for name := range b.Fields {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool { return b.Fields[names[i]].Total() > b.Fields[names[j]].Total() })
	for _, name := range names {
		f := b.Fields[name]
		if f.Total() == 0 {
			continue
		}
		fmt.Fprintf(w, "| %s | %d | %d | %s | %s | %s | %s | %s | %s |\n", name, f.Terms, f.OneHit,
			mb(f.Dict), mb(f.Postings), mb(f.FreqNorm.Total()), mb(f.Locations.Total()), mb(f.DocValues), mb(f.Total()))
	}

	fmt.Fprintln(w, "\nLocations and frequencies, by part (fields with term vectors):")
	fmt.Fprintln(w, "\n| field | locations | chunk index | bytes per doc | field id | position | start | end | array positions | freq | norm | chunk index |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, name := range names {
		f := b.Fields[name]
		if f.Locations.Total() == 0 {
			continue
		}
		l, q := f.Locations, f.FreqNorm
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name, l.Count,
			mb(l.Header), mb(l.DocLen), mb(l.Field), mb(l.Pos), mb(l.Start), mb(l.End), mb(l.ArrayPos),
			mb(q.Freq), mb(q.Norm), mb(q.Header))
	}
}

func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return m[keys[i]] > m[keys[j]] || m[keys[i]] == m[keys[j]] && strings.Compare(keys[i], keys[j]) < 0
	})
	return keys
}
