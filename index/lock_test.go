//go:build unix

package index

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// child runs this test binary as a child of the test named, with env;
// the test sees XINWEN_TEST_CHILD=1.
func child(test string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.v")
	cmd.Env = append(append(os.Environ(), "XINWEN_TEST_CHILD=1"), env...)
	return cmd
}

// inChild reports whether the test runs as a child.
func inChild() bool { return os.Getenv("XINWEN_TEST_CHILD") == "1" }

// holdIndex is the child of TestInUse: it opens the index and holds it
// until it is killed.
func holdIndex(dir string) {
	ix, err := Open(dir)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	fmt.Println("holding", ix.Dir())
	select {}
}

// TestInUse opens an index that another process holds: the refusal names
// that process, and comes without waiting for it.
func TestInUse(t *testing.T) {
	if inChild() {
		holdIndex(os.Getenv("XINWEN_TEST_HOLD_DIR"))
		return
	}
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Create(dir, "")
	if err == nil {
		err = ix.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	cmd := child("TestInUse", "XINWEN_TEST_HOLD_DIR="+dir)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && !strings.HasPrefix(sc.Text(), "holding") {
	}
	start := time.Now()
	ix, err = Open(dir)
	took := time.Since(start)
	if err == nil {
		ix.Close()
		t.Fatal("a second process opened the index")
	}
	var inUse *InUseError
	if !errors.As(err, &inUse) || !errors.Is(err, ErrInUse) || inUse.PID != cmd.Process.Pid ||
		!strings.Contains(err.Error(), fmt.Sprintf("index is in use by PID %d (", cmd.Process.Pid)) {
		t.Errorf("err = %v; want it in use by PID %d", err, cmd.Process.Pid)
	}
	t.Logf("refused in %v: %v", took.Round(time.Millisecond), err)
	t.Run("once the holder is killed, the index opens, and its file names the new holder", func(t *testing.T) {
		cmd.Process.Kill()
		cmd.Wait()
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		raw, _ := os.ReadFile(pidFile(dir))
		if !strings.HasPrefix(string(raw), fmt.Sprint(os.Getpid(), " ")) {
			t.Errorf("%s holds %q, want this process's PID", pidFile(dir), raw)
		}
	})
	if _, err := os.Stat(pidFile(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the PID file is still there after Close: %v", err)
	}
}
