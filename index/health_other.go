//go:build !unix

package index

import (
	"io/fs"
	"os"
)

// writable looks at the owner's write bit of dir: the system cannot be
// asked here.
func writable(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if info.Mode().Perm()&0o200 == 0 {
		return fs.ErrPermission
	}
	return nil
}

// freeBytes cannot be told here.
func freeBytes(dir string) int64 { return -1 }

// alive cannot be told here: a PID file is taken at its word.
func alive(pid int) bool { return true }
