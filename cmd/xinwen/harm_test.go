package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen/xinwen/index"
)

// files returns the contents of every file under root by path, and the
// folders with "/": what a user would see with ls -R.
func files(t *testing.T, root string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			got[rel+"/"] = ""
			return nil
		}
		raw, err := os.ReadFile(p)
		got[rel] = string(raw)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// runStopped runs a command as run does, but told to stop at once: serve
// returns as soon as it has opened (or built) its index.
func runStopped(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = app.Run(ctx, args)
	return out.String(), errb.String(), err
}

// userFolder makes the folder: thesis.txt and sub/d.csv.
func userFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "v")
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	write(t, dir, "thesis.txt", "x\n")
	write(t, dir, "sub/d.csv", "y\n")
	return dir
}

// ageSchema makes the index in dir look built by an older xinwen.
func ageSchema(t *testing.T, dir string) {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	meta := ix.Meta()
	meta.Schema--
	raw, _ := json.Marshal(meta)
	if err := ix.Bleve().SetInternal([]byte("xinwen.meta"), raw); err != nil {
		t.Fatal(err)
	}
	ix.Close()
}

func TestNothingOfTheUsersIsRemoved(t *testing.T) {
	refusals := []struct {
		name string
		make func(t *testing.T) string // the -index path
		says string
		// opened is set when the refusal comes from reading the index,
		// whose opening rewrites bleve's list of snapshots.
		opened bool
	}{
		{"a folder of the user's files", userFolder, "holds sub/, thesis.txt: not an index", false},
		{"a file", func(t *testing.T) string { return write(t, t.TempDir(), "notes.txt", "mine\n") }, "is a file: not an index", false},
		{"an index that lost its index_meta.json", func(t *testing.T) string {
			dir := filepath.Join(t.TempDir(), "index")
			news := write(t, t.TempDir(), "news.jsonl", `{"id":"a","title":"one","body":"text"}`+"\n"+`{"id":"b","title":"two","body":"text"}`+"\n")
			if _, stderr, err := run(t, "index", "-index", dir, news); err != nil {
				t.Fatalf("index: %v\n%s", err, stderr)
			}
			os.Remove(filepath.Join(dir, "index_meta.json"))
			return dir
		}, "looks like an index that lost its index_meta.json", false},
		{"the sample index of an older xinwen with the user's file beside it", func(t *testing.T) string {
			dir := filepath.Join(t.TempDir(), "index")
			if _, stderr, err := run(t, "search", "-index", dir, "coal"); err != nil {
				t.Fatalf("search: %v\n%s", err, stderr)
			}
			ageSchema(t, dir)
			write(t, dir, "notes.txt", "mine\n")
			return dir
		}, "holds notes.txt besides the index", true},
	}
	for _, tt := range refusals {
		for _, cmd := range [][]string{{"search", "coal"}, {"serve"}, {"index"}} {
			t.Run(cmd[0]+" refuses "+tt.name+", and everything in it stays", func(t *testing.T) {
				p := tt.make(t)
				before := files(t, filepath.Dir(p))
				args := append([]string{cmd[0], "-index", p}, cmd[1:]...)
				if cmd[0] == "index" {
					args = append(args, write(t, t.TempDir(), "more.jsonl", `{"id":"c","title":"three","body":"text"}`+"\n"))
				}
				if cmd[0] == "serve" {
					args = append(args, "-addr", "127.0.0.1:0")
				}
				_, stderr, err := runStopped(t, args...)
				if err == nil || !strings.Contains(err.Error(), tt.says) {
					t.Errorf("xinwen %s: %v\n%s\nwant an error saying %q", strings.Join(args, " "), err, stderr, tt.says)
				}
				if after := files(t, filepath.Dir(p)); len(after) != len(before) {
					t.Errorf("before: %q\nafter: %q", keys(before), keys(after))
				} else {
					for name, text := range before {
						if after[name] != text && !(tt.opened && strings.HasSuffix(name, "root.bolt")) {
							t.Errorf("%s changed", name)
						}
					}
				}
			})
		}
	}

	creations := []struct {
		name string
		make func(t *testing.T) string
		says string // on stderr
	}{
		{"a missing directory", func(t *testing.T) string { return filepath.Join(t.TempDir(), "index") }, "building one from the sample articles"},
		{"an empty directory", func(t *testing.T) string { return t.TempDir() }, "building one from the sample articles"},
		{"the sample index of an older xinwen, alone in its directory", func(t *testing.T) string {
			dir := filepath.Join(t.TempDir(), "index")
			if _, stderr, err := run(t, "search", "-index", dir, "coal"); err != nil {
				t.Fatalf("search: %v\n%s", err, stderr)
			}
			ageSchema(t, dir)
			return dir
		}, "rebuilding the sample index"},
	}
	for _, tt := range creations {
		t.Run("search builds the sample index in "+tt.name, func(t *testing.T) {
			dir := tt.make(t)
			stdout, stderr, err := run(t, "search", "-index", dir, "coking", "coal")
			if err != nil {
				t.Fatalf("search: %v\n%s", err, stderr)
			}
			if !strings.Contains(stderr, tt.says) || !strings.Contains(stdout, "1. Wu Cunrong's Research in Shanxi [Coking] [Coal] Group") {
				t.Errorf("stderr:\n%s\nstdout:\n%s", stderr, stdout)
			}
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), "*.*")); len(left) != 0 {
				t.Errorf("left beside the index: %v", left)
			}
		})
	}
	t.Run("index replaces the sample index alone in its directory with the user's articles", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "index")
		if _, stderr, err := run(t, "search", "-index", dir, "coal"); err != nil {
			t.Fatalf("search: %v\n%s", err, stderr)
		}
		news := write(t, t.TempDir(), "news.jsonl", `{"id":"a","title":"煤矿安全","body":"山西煤矿安全生产。"}`+"\n")
		stdout, stderr, err := run(t, "index", "-index", dir, news)
		if err != nil || !strings.Contains(stdout, "indexed 1 articles") || !strings.Contains(stderr, "replaced the sample index") {
			t.Errorf("index: %v\n%s%s", err, stdout, stderr)
		}
		if stdout, _, _ := run(t, "search", "-index", dir); !strings.HasPrefix(stdout, "1 results") {
			t.Errorf("the index holds:\n%s", stdout)
		}
	})
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestDamagedIndexIsRefusedByName(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	news := write(t, t.TempDir(), "news.jsonl", `{"id":"a","title":"one","body":"text"}`+"\n")
	if _, stderr, err := run(t, "index", "-index", dir, news); err != nil {
		t.Fatalf("index: %v\n%s", err, stderr)
	}
	segs, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment")
	}
	info, _ := os.Stat(segs[0])
	os.Truncate(segs[0], info.Size()/2)
	before := files(t, dir)
	for _, args := range [][]string{{"search", "one"}, {"serve", "-addr", "127.0.0.1:0"}, {"index", news}, {"reindex"}} {
		t.Run(args[0]+" refuses it, names the file and says how to recover", func(t *testing.T) {
			_, _, err := runStopped(t, append([]string{args[0], "-index", dir}, args[1:]...)...)
			if err == nil || !strings.Contains(err.Error(), segs[0]+": unreadable") || !strings.Contains(err.Error(), "Restore the index from a backup") {
				t.Errorf("err = %v", err)
			}
		})
	}
	after := files(t, dir)
	for name, text := range before {
		if after[name] != text {
			t.Errorf("%s changed", name)
		}
	}
}
