package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/xinwen/xinwen/index"
)

// fillerNews writes n articles of made-up Chinese text (about 600 bytes
// each, from a fixed seed) to a JSON Lines file.
func fillerNews(t *testing.T, dir string, n int) string {
	t.Helper()
	p := filepath.Join(dir, "news.jsonl")
	if err := os.WriteFile(p, []byte(newsLinesFrom("n", "", n, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var stoppedLine = regexp.MustCompile(`stopped after reading (\d+) articles; the index in .* holds (\d+) articles on disk`)

// checkStopped checks what index said after a write error against what is
// on disk: it must not claim more than was saved, it must have stopped
// reading well before the end, and the index must open with what it said.
func checkStopped(t *testing.T, dir string, total int, stdout, stderr string, want string) {
	t.Helper()
	if strings.Contains(stdout, "indexed") {
		t.Errorf("index claims to have indexed articles after a write error:\n%s", stdout)
	}
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr does not say %q:\n%s", want, stderr)
	}
	m := stoppedLine.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("stdout does not say what is on disk:\n%s", stdout)
	}
	read, _ := strconv.Atoi(m[1])
	onDisk, _ := strconv.Atoi(m[2])
	if read >= total {
		t.Errorf("index read all %d articles after the disk failed; want it to stop at the first write error", read)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatalf("the index left behind does not open: %v", err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); int(n) != onDisk {
		t.Errorf("index said %d articles are on disk; the index holds %d", onDisk, n)
	}
}

// TestIndexStopsAtTheFirstWriteError indexes into a file system that
// refuses to grow a file past 1 MB (the file size limit, which a process
// may lower without privileges): a write fails as on a full disk.
func TestIndexStopsAtTheFirstWriteError(t *testing.T) {
	if dir := os.Getenv("XINWEN_TEST_FSIZE_DIR"); dir != "" {
		lim := &syscall.Rlimit{Cur: 1 << 20, Max: 1 << 20}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, lim); err != nil {
			t.Fatal(err)
		}
		app := &App{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: func(string) string { return "" }}
		err := app.Run(context.Background(), []string{"index", "-index", dir, os.Getenv("XINWEN_TEST_FSIZE_NEWS")})
		fmt.Fprintln(os.Stderr, "xinwen:", err)
		os.Exit(0)
	}
	const total = 10000
	tmp := t.TempDir()
	news := fillerNews(t, tmp, total)
	dir := filepath.Join(tmp, "index")
	cmd := exec.Command(os.Args[0], "-test.run=^TestIndexStopsAtTheFirstWriteError$")
	cmd.Env = append(os.Environ(), "XINWEN_TEST_FSIZE_DIR="+dir, "XINWEN_TEST_FSIZE_NEWS="+news)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("child: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	checkStopped(t, dir, total, stdout.String(), stderr.String(), "file too large")
}

// TestIndexOnAFullDisk is the case on a real full disk: a tmpfs of
// 32 MB. It needs root (to mount) and XINWEN_TMPFS=1.
func TestIndexOnAFullDisk(t *testing.T) {
	if os.Getenv("XINWEN_TMPFS") != "1" {
		t.Skip("set XINWEN_TMPFS=1 (as root) to index onto a full tmpfs")
	}
	const total = 20000
	tmp := t.TempDir()
	news := fillerNews(t, tmp, total)
	mnt := filepath.Join(tmp, "disk")
	os.Mkdir(mnt, 0o755)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	dir := filepath.Join(mnt, "index")
	stdout, stderr, err := run(t, "index", "-index", dir, news)
	if err == nil || !errors.Is(err, syscall.ENOSPC) && !strings.Contains(err.Error(), "no space left on device") {
		t.Errorf("index onto a full disk: %v", err)
	}
	checkStopped(t, dir, total, stdout, stderr+err.Error(), "no space left on device")
	t.Logf("%s%s%v", stdout, stderr, err)
}
