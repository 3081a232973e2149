package index

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps two paths in one step: renameat2 with RENAME_EXCHANGE,
// which Linux has had since 3.15 for the common file systems.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EOPNOTSUPP) {
		return errNoExchange
	}
	return err
}
