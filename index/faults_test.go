//go:build unix

package index

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The faults a served index must survive, on processes of their own: this
// test binary, run again as a child that writes, and is killed, or holds
// the index. The short versions run in CI; the sizes run with
// XINWEN_SLOW=1:
//
//	XINWEN_SLOW=1 go test ./index -run 'TestKill|TestInUse|TestCommitOnAFullDisk' -v

// slow reports whether the sizes are asked for.
func slow() bool { return os.Getenv("XINWEN_SLOW") != "" }

// killWriters is how many goroutines of the child write at once, and
// killDocs how many articles each of their changes has.
const (
	killWriters = 4
	killDocs    = 5
)

// killDoc is the i-th article of writer w's n-th change.
func killDoc(w, n, i int) Document {
	return Document{ID: fmt.Sprintf("k%d-%d-%d", w, n, i), Title: fmt.Sprintf("第%d批第%d条", n, i),
		Body: "山西省太原市召开会议，部署煤矿安全生产工作。" + strings.Repeat("要求各地压实企业主体责任。", 1+i)}
}

// writeUntilKilled is the child of TestKillDuringWrites: it writes changes
// of killDocs articles from killWriters goroutines, and says on its
// standard output which it sends ("send w n") and which are committed
// ("ack w n"); meanwhile it merges the index's segments into one, again
// and again (Compact). It runs until it is killed.
func writeUntilKilled(dir string) {
	ix, err := Open(dir)
	if errors.Is(err, ErrNotExist) {
		ix, err = Create(dir, "")
	}
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	c := ix.NewCommitter(nil)
	var out sync.Mutex
	say := func(format string, args ...any) {
		out.Lock()
		defer out.Unlock()
		fmt.Printf(format+"\n", args...)
	}
	say("ready")
	start, _ := strconv.Atoi(os.Getenv("XINWEN_TEST_KILL_FROM"))
	for w := range killWriters {
		go func() {
			for n := start; ; n++ {
				var put []Entry
				for i := range killDocs {
					d := killDoc(w, n, i)
					Complete(&d)
					e, err := Check(d)
					if err != nil {
						say("check: %v", err)
						os.Exit(1)
					}
					put = append(put, e)
				}
				say("send %d %d", w, n)
				if _, err := c.Commit(context.Background(), Change{Put: put}); err != nil {
					say("commit: %v", err)
					os.Exit(1)
				}
				say("ack %d %d", w, n)
			}
		}()
	}
	for {
		if err := ix.Compact(context.Background()); err != nil {
			say("compact: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestKillDuringWrites kills a process that writes, with kill -9, at a
// random moment, again and again (3 times; 20 with XINWEN_SLOW=1), while
// four writers commit changes and the index is being merged into one
// segment: after each kill the index opens, every change that was
// acknowledged is there whole, and every other one is there whole or not
// at all.
func TestKillDuringWrites(t *testing.T) {
	if inChild() {
		writeUntilKilled(os.Getenv("XINWEN_TEST_KILL_DIR"))
		return
	}
	rounds := 3
	if slow() {
		rounds = 20
	}
	dir := filepath.Join(t.TempDir(), "index")
	acked := map[[2]int]bool{}
	sent := map[[2]int]bool{}
	next := 0 // the first change number of the next child's writers
	var opens []time.Duration
	for round := range rounds {
		cmd := child("TestKillDuringWrites", "XINWEN_TEST_KILL_DIR="+dir, fmt.Sprint("XINWEN_TEST_KILL_FROM=", next))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		hung := time.AfterFunc(guard, func() { cmd.Process.Kill() })
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		wait := time.Duration(50+rand.IntN(450)) * time.Millisecond
		var timer <-chan time.Time
		killed := false
		var last []string
		for line := range lines {
			var w, n int
			switch {
			case line == "ready":
				timer = time.After(wait)
			case strings.HasPrefix(line, "send "):
				fmt.Sscanf(line, "send %d %d", &w, &n)
				sent[[2]int{w, n}] = true
				next = max(next, n+1)
			case strings.HasPrefix(line, "ack "):
				fmt.Sscanf(line, "ack %d %d", &w, &n)
				acked[[2]int{w, n}] = true
			default:
				last = append(last, line)
			}
			select {
			case <-timer:
				if !killed {
					cmd.Process.Kill() // SIGKILL
					killed = true
				}
			default:
			}
		}
		cmd.Wait()
		hung.Stop()
		if !killed {
			t.Fatalf("round %d: the writer ended by itself:\n%s", round, strings.Join(last, "\n"))
		}
		start := time.Now()
		ix, err := Open(dir)
		opens = append(opens, time.Since(start))
		if err != nil {
			t.Fatalf("round %d: the index does not open after kill -9: %v", round, err)
		}
		have := map[string]bool{}
		for _, id := range ids(t, ix) {
			have[id] = true
		}
		for change := range sent {
			n := 0
			for i := range killDocs {
				if have[killDoc(change[0], change[1], i).ID] {
					n++
				}
			}
			switch {
			case acked[change] && n != killDocs:
				t.Errorf("round %d: change %v was acknowledged, and %d of its %d articles are there", round, change, n, killDocs)
			case n != 0 && n != killDocs:
				t.Errorf("round %d: change %v is there in part: %d of %d articles", round, change, n, killDocs)
			}
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: killed after %v; %d changes sent, %d acknowledged so far; the index opened in %v",
			round, wait, len(sent), len(acked), opens[len(opens)-1].Round(time.Millisecond))
	}
	if len(acked) == 0 {
		t.Error("no change was ever acknowledged")
	}
}
