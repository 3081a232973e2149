package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestServeAddrFile(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "index")

	t.Run("serve writes the address it answers on, and removes it when it stops", func(t *testing.T) {
		addrFile := filepath.Join(dir, "addr")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var out syncBuffer
		app := &App{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}
		done := make(chan error, 1)
		go func() {
			done <- app.Run(ctx, []string{"serve", "-index", idx, "-addr", "127.0.0.1:0", "-addr-file", addrFile})
		}()
		var addr string
		for deadline := time.Now().Add(time.Minute); addr == ""; time.Sleep(5 * time.Millisecond) {
			var err error
			if addr, err = readAddrFile(addrFile); err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				t.Fatalf("serve ended before writing %s: %v\n%s", addrFile, err, out.String())
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("no address in %s after a minute\n%s", addrFile, out.String())
			}
		}
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			t.Fatalf("GET /healthz at the address in the file: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET /healthz: %s", resp.Status)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("serve: %v\n%s", err, out.String())
		}
		if _, err := os.Stat(addrFile); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s is still there after serve stopped: %v", addrFile, err)
		}
	})

	t.Run("a file that is not an address file is refused and kept", func(t *testing.T) {
		notes := write(t, dir, "notes.txt", "my notes\nsecond line\n")
		_, _, err := run(t, "serve", "-index", idx, "-addr", "127.0.0.1:0", "-addr-file", notes)
		if err == nil || !strings.Contains(err.Error(), notes) {
			t.Errorf("err = %v, want a refusal naming %s", err, notes)
		}
		if got, _ := os.ReadFile(notes); string(got) != "my notes\nsecond line\n" {
			t.Errorf("%s now holds %q", notes, got)
		}
	})
}

func TestWriteAddrFile(t *testing.T) {
	dir := t.TempDir()
	t.Run("the address of a server that died is replaced", func(t *testing.T) {
		p := write(t, dir, "stale", "127.0.0.1:41234\n")
		if err := writeAddrFile(p, "127.0.0.1:8080"); err != nil {
			t.Fatal(err)
		}
		if got, err := readAddrFile(p); got != "127.0.0.1:8080" || err != nil {
			t.Errorf("readAddrFile = %q, %v", got, err)
		}
	})
	t.Run("another server's address is not removed", func(t *testing.T) {
		p := write(t, dir, "other", "127.0.0.1:9999\n")
		removeAddrFile(p, "127.0.0.1:8080")
		if got, err := readAddrFile(p); got != "127.0.0.1:9999" || err != nil {
			t.Errorf("readAddrFile = %q, %v", got, err)
		}
	})
	t.Run("nothing is left beside it", func(t *testing.T) {
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if strings.Join(names, " ") != "other stale" {
			t.Errorf("the directory holds %v", names)
		}
	})
}
