package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
)

// An address file holds the address a server listens on, as one line
// ("127.0.0.1:8080"), for a program that starts the server to read (xinwen
// bench, scripts) instead of parsing its log. serve -addr-file writes one
// once it accepts connections and removes it when it stops. The functions
// take any path, so that serve can also leave one beside its index (DIR +
// ".addr", outside the directory that reindex swaps) for other commands to
// find the running server.

// writeAddrFile writes addr to the file at path whole or not at all: to a
// temporary file beside it, renamed over it, so that a reader never sees
// half an address. A file already at path is replaced only if it is an
// address file (left by a server that died); any other is refused and left
// as it was.
func writeAddrFile(path, addr string) error {
	if old, err := os.ReadFile(path); err == nil {
		if _, ok := parseAddr(old); !ok && len(bytes.TrimSpace(old)) > 0 {
			return fmt.Errorf("address file %s holds something else than an address; give another file", path)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("address file: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("address file: %w", err)
	}
	_, err = tmp.WriteString(addr + "\n")
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("address file: %w", err)
	}
	return nil
}

// removeAddrFile removes the address file at path if it still holds addr,
// and so was written by this server.
func removeAddrFile(path, addr string) {
	if raw, err := os.ReadFile(path); err == nil {
		if got, ok := parseAddr(raw); ok && got == addr {
			os.Remove(path)
		}
	}
}

// readAddrFile returns the address in the address file at path, and an
// error wrapping os.ErrNotExist while there is none.
func readAddrFile(path string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	addr, ok := parseAddr(raw)
	if !ok {
		return "", fmt.Errorf("address file %s holds %q, not an address", path, raw)
	}
	return addr, nil
}

// parseAddr reads the contents of an address file: one host:port line.
func parseAddr(raw []byte) (string, bool) {
	addr := strings.TrimSpace(string(raw))
	if strings.ContainsAny(addr, " \t\r\n") {
		return "", false
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return "", false
	}
	return addr, true
}
