package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fillDisk is the child of TestCommitOnAFullDisk. Its file size limit is
// 1 MB (which a process may lower, and raise again up to its hard limit,
// without privileges): a write past it fails as on a full disk ("file too
// large"). It commits small changes, then one whose segment is larger than
// the limit, checks what happens while the limit holds, lifts it, and
// checks that writes resume and nothing acknowledged was lost. It prints
// "ok" at the end, or what went wrong.
func fillDisk(dir string) {
	fail := func(format string, args ...any) {
		fmt.Printf(format+"\n", args...)
		os.Exit(1)
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		fail("getrlimit: %v", err)
	}
	lifted := lim
	lim.Cur = 1 << 20
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		fail("setrlimit: %v", err)
	}
	ix, err := Create(dir, "")
	if err != nil {
		fail("create: %v", err)
	}
	c := ix.NewCommitter(nil)
	ctx := context.Background()
	change := func(prefix string, n, repeat int) Change {
		var ch Change
		for i := range n {
			d := Document{ID: fmt.Sprint(prefix, i), Title: "煤矿安全", Body: strings.Repeat(fmt.Sprintf("太原市第%d次会议部署煤矿安全生产工作。", i), repeat)}
			e, err := Check(d)
			if err != nil {
				fail("check: %v", err)
			}
			ch.Put = append(ch.Put, e)
		}
		return ch
	}
	for i := range 10 {
		if _, err := c.Commit(ctx, change(fmt.Sprint("small", i, "-"), 5, 1)); err != nil {
			fail("a small change before the disk is full: %v", err)
		}
	}
	// About 2 MB of text, in one segment.
	_, err = c.Commit(ctx, change("big", 200, 250))
	if !errors.Is(err, ErrNoSpace) {
		fail("the change too large for the disk: %v, want ErrNoSpace", err)
	}
	fmt.Println("the change too large for the disk:", err)
	if _, err := c.Commit(ctx, change("refused", 1, 1)); !errors.Is(err, ErrNoSpace) {
		fail("a change while the disk is full: %v, want ErrNoSpace at once", err)
	}
	if err := ix.Check(); !errors.Is(err, ErrNoSpace) {
		fail("Check while the disk is full: %v", err)
	}
	if d, err := ix.Get("small3-2"); err != nil || d.Title != "煤矿安全" {
		fail("a committed article while the disk is full: %+v, %v", d, err)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lifted); err != nil {
		fail("setrlimit: %v", err)
	}
	start := time.Now()
	for {
		_, err := c.Commit(ctx, change("after", 5, 1))
		if err == nil {
			break
		}
		if !errors.Is(err, ErrNoSpace) || time.Since(start) > guard {
			fail("a change once there is room again: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	fmt.Printf("writes resumed %v after the room came back\n", time.Since(start).Round(time.Millisecond))
	c.Close()
	if err := ix.Close(); err != nil {
		fail("close: %v", err)
	}
	ix, err = Open(dir)
	if err != nil {
		fail("open again: %v", err)
	}
	have := map[string]bool{}
	ix.Documents(ctx, func(d Document) error { have[d.ID] = true; return nil })
	for i := range 10 {
		for j := range 5 {
			if !have[fmt.Sprint("small", i, "-", j)] {
				fail("the acknowledged small%d-%d is lost", i, j)
			}
		}
	}
	big := 0
	for i := range 200 {
		if have[fmt.Sprint("big", i)] {
			big++
		}
	}
	if big != 0 && big != 200 {
		fail("the change refused is there in part: %d of 200", big)
	}
	if have["refused0"] {
		fail("the change refused at once is there")
	}
	fmt.Printf("the change that failed is there: %v (bleve wrote it once it could)\n", big == 200)
	ix.Close()
	fmt.Println("ok")
}

// TestCommitOnAFullDisk fills the disk under a Committer (a file size
// limit, in a child process): the write that does not fit fails with
// ErrNoSpace, the next ones are refused at once, searches go on, and once
// there is room writes resume; nothing acknowledged is lost, and the
// change that failed is there whole or not at all.
func TestCommitOnAFullDisk(t *testing.T) {
	if inChild() {
		fillDisk(os.Getenv("XINWEN_TEST_FULL_DIR"))
		return
	}
	cmd := child("TestCommitOnAFullDisk", "XINWEN_TEST_FULL_DIR="+filepath.Join(t.TempDir(), "ix"))
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil || !strings.Contains(string(out), "\nok\n") {
		t.Errorf("child: %v", err)
	}
}
