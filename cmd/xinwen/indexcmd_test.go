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

func TestIndexNamesTheCodeOfEachRefusal(t *testing.T) {
	dir := t.TempDir()
	news := write(t, dir, "news.jsonl", strings.Join([]string{
		`{"id":"a","title":"one","body":"text"}`,
		`{"id":"b", broken`,
		`{"id":"c","title":"three","body":"text","date":"2024-02-30"}`,
		`{"id":"d/e","title":"four","body":"text"}`,
		`{"id":"f","title":"five","body":"text","province":"Tokyo"}`,
		`{"id":"g","title":" ","body":""}`,
		`{"id":"h","title":"long","body":"` + strings.Repeat("a long body ", 200) + `"}`,
	}, "\n"))
	_, stderr, err := run(t, "index", "-index", filepath.Join(dir, "ix"), "-max-record", "1KB", news)
	if err == nil {
		t.Error("index with bad records succeeded")
	}
	for _, want := range []string{
		news + ":2: malformed JSON",
		news + `:3: date "2024-02-30" is not YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD [bad_date]`,
		news + `:4: id "d/e" has a / (at byte 1) [bad_id]`,
		news + `:5: province "Tokyo" is not one of China's provincial-level divisions (give its code, its Chinese or its English name) [bad_province]`,
		news + `:6: no title and no body [empty]`,
		news + `:7: record longer than 1 KB, the limit for one article (-max-record) [too_long]`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr:\n%s\nwant %q", stderr, want)
		}
	}
	if !strings.Contains(stderr, "[bad_json]") {
		t.Errorf("stderr:\n%s\nwant the malformed line's code, bad_json", stderr)
	}
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
