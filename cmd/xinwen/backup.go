package main

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/xinwen/xinwen/index"
)

// backup writes a backup of an index to a new file: through the server
// that serves it, when one does (its address is beside the index, or
// given with -server), else from the index directly.
func (a *App) backup(ctx context.Context, args []string) error {
	fs, dir := a.flags("backup")
	serverURL := fs.String("server", "", "ask the server at `URL` (http://127.0.0.1:8080) for the backup (default: the one serving -index, if any)")
	keyPath := fs.String("admin-key-file", "", "the admin key for the server, in `FILE` (default: env XINWEN_ADMIN_KEY, else DIR.admin-key)")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"backup needs one file to write: xinwen backup -index DIR FILE (FILE.tar.gz is gzipped; - for the standard output)"}
	}
	file := fs.Arg(0)
	gz := strings.HasSuffix(file, ".gz") || strings.HasSuffix(file, ".tgz")
	if file != "-" {
		if _, err := os.Lstat(file); err == nil {
			return fmt.Errorf("backup: %s exists; a backup never replaces a file: give a new name", file)
		}
	}

	// The source: a running server, or the index itself.
	var from func(w io.Writer) error
	source := *dir
	base := *serverURL
	if base == "" {
		if addr, err := readAddrFile(addrFileOf(*dir)); err == nil {
			base = "http://" + addr
		}
	}
	if base != "" {
		key, err := a.clientAdminKey(*dir, *keyPath)
		if err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		resp, err := requestBackup(ctx, base, key, gz)
		switch {
		case err == nil:
			defer resp.Body.Close()
			source = base
			from = func(w io.Writer) error {
				_, err := io.Copy(w, resp.Body)
				return err
			}
		case *serverURL == "" && errors.Is(err, syscall.ECONNREFUSED):
			// The address file of a server that is gone: read the index.
		default:
			return fmt.Errorf("backup: %w", err)
		}
	}
	if from == nil {
		stage := os.TempDir()
		if file != "-" {
			stage = filepath.Dir(file)
		}
		from = func(w io.Writer) error {
			var dst io.Writer = w
			var zw *gzip.Writer
			if gz {
				zw = gzip.NewWriter(w)
				dst = zw
			}
			_, err := index.BackupDir(ctx, *dir, dst, stage)
			if err == nil && zw != nil {
				err = zw.Close()
			}
			return err
		}
	}

	m, n, err := writeChecked(ctx, file, a.Stdout, from)
	if err != nil {
		return fmt.Errorf("backup of %s: %w", source, err)
	}
	out := a.Stdout
	if file == "-" {
		out = a.Stderr
	}
	fmt.Fprintf(out, "backed up %d articles of %s to %s (%s, index schema %d, xinwen %s)\n", m.Documents, source, file, sizeOf(n), m.Schema, m.Xinwen)
	return nil
}

// clientAdminKey is the admin key a command sends to a server: from file
// when one is given, else $XINWEN_ADMIN_KEY, else the one serve keeps
// beside the index in dir.
func (a *App) clientAdminKey(dir, file string) (string, error) {
	if file != "" {
		return a.readKey(file, "the admin key file")
	}
	if env := a.Getenv("XINWEN_ADMIN_KEY"); env != "" {
		return checkKey(env, "XINWEN_ADMIN_KEY")
	}
	key, err := a.readKey(adminKeyFile(dir), "the admin key file")
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("the server needs its admin key, and there is none in %s: give it with XINWEN_ADMIN_KEY or -admin-key-file", adminKeyFile(dir))
	}
	return key, err
}

// requestBackup asks the server at base for a backup, and returns its
// answer once it is a 200.
func requestBackup(ctx context.Context, base, key string, gz bool) (*http.Response, error) {
	u, err := url.Parse(strings.TrimSuffix(base, "/") + "/api/admin/backup")
	if err != nil {
		return nil, fmt.Errorf("-server: %w", err)
	}
	if gz {
		u.RawQuery = "gzip=1"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		var body struct {
			Error struct{ Code, Message string }
		}
		_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&body)
		return nil, fmt.Errorf("the server at %s refused: %s %s: %s", base, resp.Status, body.Error.Code, body.Error.Message)
	}
	return resp, nil
}

// writeChecked writes what from writes to a new file at path (or to
// stdout for "-"), reading it back as it goes (index.CheckBackup): a
// backup is written whole and checked, or not at all. A file is written
// beside path, synced, and only then linked to path, which is never
// replaced.
func writeChecked(ctx context.Context, path string, stdout io.Writer, from func(io.Writer) error) (index.Manifest, int64, error) {
	var (
		dst io.Writer = stdout
		tmp *os.File
		err error
	)
	if path != "-" {
		if tmp, err = os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial"); err != nil {
			return index.Manifest{}, 0, err
		}
		defer os.Remove(tmp.Name()) // ours; linked to path by then when all went well
		defer tmp.Close()
		dst = tmp
	}
	pr, pw := io.Pipe()
	checked := make(chan error, 1)
	var m index.Manifest
	go func() {
		var err error
		m, err = index.CheckBackup(ctx, pr)
		if err == nil {
			// What follows the tar's end (gzip's trailer) is the writer's
			// to finish writing.
			_, err = io.Copy(io.Discard, pr)
		}
		pr.CloseWithError(err) // stops the writer at once when the backup is bad
		checked <- err
	}()
	count := &counter{w: io.MultiWriter(dst, pw)}
	err = from(count)
	pw.CloseWithError(err)
	if cerr := <-checked; err == nil {
		err = cerr
	}
	if err == nil && tmp != nil {
		err = tmp.Sync()
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = linkNew(tmp.Name(), path)
		}
		if err == nil {
			err = syncDir(filepath.Dir(path))
		}
	}
	return m, count.n, err
}

// linkNew gives the file at tmp the name path, which must be free: a
// hard link fails when path exists, so nothing is replaced. Where the file
// system has no hard links, a rename does, after a look that path is free.
func linkNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil || errors.Is(err, os.ErrExist) {
		return err
	}
	if _, serr := os.Lstat(path); !errors.Is(serr, os.ErrNotExist) {
		return err
	}
	return os.Rename(tmp, path)
}

// syncDir syncs a directory, so that a new name in it is on disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// counter counts the bytes written through it.
type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// sizeOf writes n bytes as people read them.
func sizeOf(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// restore brings a backup back into a new or empty directory.
func (a *App) restore(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("xinwen restore", flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usageError{"restore needs a backup and a directory: xinwen restore FILE DIR (FILE - for the standard input; DIR missing or empty)"}
	}
	file, dir := fs.Arg(0), fs.Arg(1)
	var r io.Reader = os.Stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		defer f.Close()
		r = f
	}
	m, err := index.Restore(ctx, r, dir)
	if err != nil {
		return fmt.Errorf("restore %s: %w", file, err)
	}
	fmt.Fprintf(a.Stdout, "restored %d articles into %s (a backup taken %s by xinwen %s)\n", m.Documents, dir, m.Created.Format("2006-01-02 15:04:05 MST"), m.Xinwen)
	if m.Schema != index.Schema {
		fmt.Fprintf(a.Stdout, "its index is of schema %d and this xinwen searches schema %d: rebuild it before serving it: xinwen reindex -index %s\n", m.Schema, index.Schema, dir)
	}
	return nil
}
