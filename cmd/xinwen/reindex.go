package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/xinwen/xinwen/analyzer"
	"github.com/xinwen/xinwen/index"
)

// dictFlag adds -dict to a command.
func dictFlag(fs *flag.FlagSet) *string {
	return fs.String("dict", "", "user dictionary `file`: one word per line, optionally with a frequency")
}

// readDict reads a user dictionary file; "" is no dictionary.
func readDict(path string) (*analyzer.UserDict, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("user dictionary: %w", err)
	}
	defer f.Close()
	d, err := analyzer.ParseUserDict(f, path)
	if err != nil {
		return nil, fmt.Errorf("user dictionary %w", err)
	}
	return d, nil
}

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func (a *App) reindex(ctx context.Context, args []string) error {
	fs, dir := a.flags("reindex")
	dictPath := dictFlag(fs)
	batch := fs.Int("batch", 1000, "documents per `batch`")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"reindex takes no arguments; it rebuilds the index from the articles it holds"}
	}
	var dict *analyzer.UserDict
	if isSet(fs, "dict") {
		d, err := readDict(*dictPath)
		if err != nil {
			return err
		}
		dict = d
	} else {
		// Keep the dictionary the index has.
		ix, err := index.Open(*dir)
		if ix == nil {
			return err
		}
		dict, err = ix.UserDict()
		ix.Close()
		if err != nil {
			return err
		}
	}
	start := time.Now()
	n, err := index.Rebuild(ctx, *dir, dict, *batch)
	if err != nil {
		return err
	}
	words := "no user dictionary"
	if dict != nil {
		words = fmt.Sprintf("a user dictionary of %d word", dict.Len())
		if dict.Len() != 1 {
			words += "s"
		}
	}
	fmt.Fprintf(a.Stdout, "reindexed %d articles in %s with %s in %s\n", n, *dir, words, time.Since(start).Round(time.Millisecond))
	return nil
}
