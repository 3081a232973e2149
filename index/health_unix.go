//go:build unix

package index

import "golang.org/x/sys/unix"

// writable asks the system whether this process may write in dir
// (access(2) with W_OK: a read-only mount, or permissions, say no).
func writable(dir string) error { return unix.Access(dir, unix.W_OK) }

// freeBytes is the space left for this process on dir's file system, or
// -1 when the system does not say.
func freeBytes(dir string) int64 {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return -1
	}
	return int64(st.Bavail) * int64(st.Bsize)
}

// alive reports whether a process of that PID exists (kill(2) with no
// signal; EPERM is one of another user's).
func alive(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || err == unix.EPERM
}
