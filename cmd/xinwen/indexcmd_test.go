package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestIndexMaxRecord(t *testing.T) {
	dir := t.TempDir()
	long := `{"id":"long","title":"long","body":"` + strings.Repeat("a long body ", 200) + `"}`
	news := write(t, dir, "news.jsonl", strings.Join([]string{`{"id":"a","title":"one","body":"text"}`, long, `{"id":"b","title":"two","body":"text"}`, ""}, "\n"))
	t.Run("an article over -max-record is named with the limit and the flag, and the rest are indexed", func(t *testing.T) {
		stdout, stderr, err := run(t, "index", "-index", filepath.Join(dir, "ix1"), "-max-record", "1KB", news)
		if err == nil || !strings.Contains(stdout, "indexed 2 articles") {
			t.Errorf("index: %v\n%s", err, stdout)
		}
		if want := news + ":2: record longer than 1 KB, the limit for one article (-max-record)"; !strings.Contains(stderr, want) {
			t.Errorf("stderr:\n%s\nwant %q", stderr, want)
		}
	})
	t.Run("under a higher -max-record it is indexed", func(t *testing.T) {
		stdout, stderr, err := run(t, "index", "-index", filepath.Join(dir, "ix2"), "-max-record", "1MB", news)
		if err != nil || !strings.Contains(stdout, "indexed 3 articles") {
			t.Errorf("index: %v\n%s%s", err, stdout, stderr)
		}
	})
	t.Run("a -max-record that is no size is a usage error", func(t *testing.T) {
		_, stderr, err := run(t, "index", "-index", filepath.Join(dir, "ix3"), "-max-record", "lots", news)
		if _, ok := err.(usageError); !ok || !strings.Contains(stderr, `"lots" is not a size`) {
			t.Errorf("err = %v\n%s", err, stderr)
		}
	})
}

func TestByteSize(t *testing.T) {
	for in, want := range map[string]int{"16MB": 16 << 20, "16m": 16 << 20, "512KB": 512 << 10, "1G": 1 << 30, "1000": 1000, "1000B": 1000} {
		var b byteSize
		if err := b.Set(in); err != nil || int(b) != want {
			t.Errorf("%q is %d, %v; want %d", in, b, err, want)
		}
	}
	for _, in := range []string{"", "MB", "0", "-1KB", "2GB", "1.5MB", "lots"} {
		var b byteSize
		if err := b.Set(in); err == nil {
			t.Errorf("%q is %d; want an error", in, b)
		}
	}
}
