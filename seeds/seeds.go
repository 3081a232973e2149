// Package seeds holds the sample articles that xinwen serves when it has no
// other data. They are embedded, so the binary serves them from anywhere.
// It also finds the larger shared corpus that benchmarks and evaluations
// read from outside the repository.
package seeds

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
)

// FS holds the seed articles as plain-text files (*.txt).
//
//go:embed *.txt
var FS embed.FS

// Corpus returns the path of a file of the shared research corpus
// (zh-news.jsonl.gz, …), which is never copied into the repository: the file
// in $XINWEN_CORPUS if that is set, else shared/corpus/name in the working
// directory or the nearest folder above it that has one (../shared/corpus
// from the repository's root). Tests that need it skip when it is absent.
func Corpus(name string) (string, error) {
	if d := os.Getenv("XINWEN_CORPUS"); d != "" {
		p := filepath.Join(d, name)
		_, err := os.Stat(p)
		return p, err
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "shared", "corpus", name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no shared/corpus/%s in or above the working directory (set XINWEN_CORPUS to its folder)", name)
		}
		dir = parent
	}
}
