package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Who holds an index. Bleve locks an index's store/root.bolt while a
// process has it open for writing (flock, which the system lets go of
// when the process dies, even by kill -9), and a second process can only
// learn that it is locked, not by whom. So the process that holds the
// lock says so in a file beside the index, DIR.pid ("4242 xinwen serve
// -index /srv/news"), written once it has the lock and removed when it
// closes the index; a second process names it in its refusal. A file
// left by a process that died is stale but harmless: it is read only
// when the lock is held, and the next process to take the lock writes its
// own.

// ErrInUse is wrapped by the error Open returns for an index that another
// process has open (an *InUseError).
var ErrInUse = errors.New("index is in use by another process")

// An InUseError is an index that another process holds: its PID and
// command line when it left them beside the index (0 and "" when not).
type InUseError struct {
	Dir     string
	PID     int
	Command string
}

func (e *InUseError) Error() string {
	if e.PID == 0 {
		return fmt.Sprintf("index: open %s: index is in use by another process (is xinwen serve running?)", e.Dir)
	}
	return fmt.Sprintf("index: open %s: index is in use by PID %d (%s), which holds its lock; stop it first, or, if it is xinwen serve, write through it", e.Dir, e.PID, e.Command)
}

// Is makes errors.Is(err, ErrInUse) true.
func (e *InUseError) Is(target error) bool { return target == ErrInUse }

// errInUse is the error for the index in dir that another process has
// open: by PID, when its file says so and the process is alive.
func errInUse(dir string) error {
	e := &InUseError{Dir: dir}
	if raw, err := os.ReadFile(pidFile(dir)); err == nil {
		pid, cmd, _ := strings.Cut(strings.TrimSpace(string(raw)), " ")
		if n, err := strconv.Atoi(pid); err == nil && n > 0 && alive(n) {
			e.PID, e.Command = n, cmd
		}
	}
	return e
}

// pidFile is the file beside the index in dir that names its holder.
func pidFile(dir string) string { return filepath.Clean(dir) + ".pid" }

// maxCommand bounds the command line a PID file keeps.
const maxCommand = 200

// claim writes the PID file of the index, which this process has just
// locked. It is written whole or not at all (a rename), and not at all
// where the index's parent cannot be written: it only helps a second
// process say who holds the index.
func (ix *Index) claim() {
	cmd := strings.Map(func(r rune) rune {
		if IsControl(r) {
			return ' '
		}
		return r
	}, strings.Join(append([]string{filepath.Base(os.Args[0])}, os.Args[1:]...), " "))
	if len(cmd) > maxCommand {
		cmd = cmd[:maxCommand] + "…"
	}
	ix.pid = fmt.Sprintf("%d %s\n", os.Getpid(), cmd)
	path := pidFile(ix.dir)
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return
	}
	_, err = tmp.WriteString(ix.pid)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
}

// release removes the PID file of the index if it is still the one claim
// wrote.
func (ix *Index) release() {
	if raw, err := os.ReadFile(pidFile(ix.dir)); err == nil && string(raw) == ix.pid {
		os.Remove(pidFile(ix.dir))
	}
}
