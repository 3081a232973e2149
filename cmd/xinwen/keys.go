package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Keys. The admin key opens the admin routes (backups; writes); a search
// key, when set, closes searching to those who have it. Each comes from
// the environment or a file; serve makes an admin key at its first start
// when none is given, and keeps it beside the index (not in it: reindex
// swaps the index directory whole), readable by its owner only. A key is
// never printed or logged; where it is, is.

// minKeyLen is the shortest key taken: a short one can be guessed.
const minKeyLen = 16

// adminKeyFile is where serve keeps the admin key of the index in dir.
func adminKeyFile(dir string) string { return filepath.Clean(dir) + ".admin-key" }

// addrFileOf is where serve leaves the address it serves the index in dir
// on, for the commands that look for a running server.
func addrFileOf(dir string) string { return filepath.Clean(dir) + ".addr" }

// readKey reads a key from the file at path (its first line), checks it,
// and warns on the stderr when others may read the file.
func (a *App) readKey(path, what string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(a.Stderr, "xinwen: warning: %s %s can be read by others (mode %04o); chmod 600 %s\n", what, path, info.Mode().Perm(), path)
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	return checkKey(strings.TrimSpace(line), what+" in "+path)
}

// checkKey returns key when it can be one.
func checkKey(key, what string) (string, error) {
	switch {
	case key == "":
		return "", fmt.Errorf("%s is empty", what)
	case len(key) < minKeyLen:
		return "", fmt.Errorf("%s is %d characters long; a key must have at least %d", what, len(key), minKeyLen)
	case strings.ContainsFunc(key, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return "", fmt.Errorf("%s holds spaces or control characters", what)
	}
	return key, nil
}

// adminKey returns serve's admin key: from file when one is given, else
// $XINWEN_ADMIN_KEY, else the one kept beside the index in dir, which it
// makes at the first start.
func (a *App) adminKey(dir, file string) (string, error) {
	if file != "" {
		return a.readKey(file, "the admin key file")
	}
	if env := a.Getenv("XINWEN_ADMIN_KEY"); env != "" {
		return checkKey(env, "XINWEN_ADMIN_KEY")
	}
	path := adminKeyFile(dir)
	key, err := a.readKey(path, "the admin key file")
	if !errors.Is(err, os.ErrNotExist) {
		return key, err
	}
	if key, err = makeKeyFile(path); err != nil {
		return "", fmt.Errorf("make the admin key beside the index: %w; or give one with XINWEN_ADMIN_KEY or -admin-key-file", err)
	}
	fmt.Fprintf(a.Stderr, "xinwen: made an admin key in %s (readable by you only); backups and writes need it: Authorization: Bearer $(cat %s)\n", path, path)
	return key, nil
}

// searchKey returns the search key, from file when one is given, else
// $XINWEN_SEARCH_KEY; "" for none.
func (a *App) searchKey(file string) (string, error) {
	if file != "" {
		return a.readKey(file, "the search key file")
	}
	if env := a.Getenv("XINWEN_SEARCH_KEY"); env != "" {
		return checkKey(env, "XINWEN_SEARCH_KEY")
	}
	return "", nil
}

// makeKeyFile makes a new random key in a new file at path, readable by
// its owner only, and returns it. A file already there is left alone.
func makeKeyFile(path string) (string, error) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported systems
	key := base64.RawURLEncoding.EncodeToString(b[:])
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	_, err = f.WriteString(key + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path) // ours, and not whole
		return "", err
	}
	return key, nil
}
