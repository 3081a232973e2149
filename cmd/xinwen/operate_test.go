package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// runEnv runs a command in-process with env as its environment.
func runEnv(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	err = app.Run(context.Background(), args)
	return out.String(), errb.String(), err
}

// getKeyed sends a GET to a served xinwen with the key (none when ""), and
// returns the status and the error code of the answer.
func getKeyed(t *testing.T, s *served, path, key string, header ...string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://"+s.addr+path, nil)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := (&http.Client{Timeout: guard}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Error struct{ Code string } }
	raw, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(raw, &body)
	return resp.StatusCode, body.Error.Code, resp.Header
}

// indexDirOf is the -index a served xinwen serves (serveWith's, unless
// args gave another).
func indexDirOf(t *testing.T, s *served) string {
	t.Helper()
	for _, line := range strings.Split(s.out.String(), "\n") {
		if _, rest, ok := strings.Cut(line, " articles from "); ok {
			dir, _, _ := strings.Cut(rest, " on http://")
			return dir
		}
	}
	t.Fatalf("serve did not say what it serves:\n%s", s.out.String())
	return ""
}

func TestServeKeys(t *testing.T) {
	t.Run("serve makes an admin key beside the index, for its owner only, and says where but not what", func(t *testing.T) {
		s := serveWith(t, nil, nil, nil)
		dir := indexDirOf(t, s)
		path := dir + ".admin-key"
		info, err := os.Stat(path)
		if err != nil {
			t.Fatalf("no admin key beside the index: %v\n%s", err, s.out.String())
		}
		if info.Mode().Perm() != 0o600 {
			t.Errorf("the key file's mode is %04o, want 0600", info.Mode().Perm())
		}
		raw, _ := os.ReadFile(path)
		key := strings.TrimSpace(string(raw))
		if len(key) < minKeyLen || !strings.Contains(s.out.String(), path) || strings.Contains(s.out.String(), key) {
			t.Errorf("key of %d characters; the output must name %s and not hold the key:\n%s", len(key), path, s.out.String())
		}
		if st, code, _ := getKeyed(t, s, "/api/admin/backup", ""); st != 401 || code != "unauthorized" {
			t.Errorf("a backup without the key: %d %s", st, code)
		}
		if st, code, _ := getKeyed(t, s, "/api/admin/backup", "not-the-key-at-all-0000"); st != 403 || code != "forbidden" {
			t.Errorf("a backup with a wrong key: %d %s", st, code)
		}
		if st, _, _ := getKeyed(t, s, "/api/admin/backup", key); st != 200 {
			t.Errorf("a backup with the key: %d", st)
		}
		if err := s.stop(); err != nil {
			t.Fatal(err)
		}
		again := serveWith(t, nil, nil, nil, "-index", dir)
		if raw2, _ := os.ReadFile(path); !bytes.Equal(raw2, raw) || strings.Contains(again.out.String(), "made an admin key") {
			t.Errorf("the second start did not keep the key:\n%s", again.out.String())
		}
	})
	t.Run("a key from the environment is used, and none is made", func(t *testing.T) {
		key := "an-admin-key-from-the-environment"
		s := serveWith(t, nil, nil, map[string]string{"XINWEN_ADMIN_KEY": key})
		if _, err := os.Stat(indexDirOf(t, s) + ".admin-key"); !os.IsNotExist(err) {
			t.Errorf("a key file was made: %v", err)
		}
		if st, _, _ := getKeyed(t, s, "/api/admin/backup", key); st != 200 {
			t.Errorf("a backup with the key: %d", st)
		}
	})
	t.Run("a short key is refused", func(t *testing.T) {
		_, _, err := runEnv(t, map[string]string{"XINWEN_ADMIN_KEY": "short"}, "serve", "-addr", "127.0.0.1:0", "-index", filepath.Join(t.TempDir(), "ix"))
		if err == nil || !strings.Contains(err.Error(), "at least 16") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("serve refuses a non-loopback address without a search key or -public", func(t *testing.T) {
		_, _, err := runEnv(t, nil, "serve", "-addr", "0.0.0.0:0", "-index", filepath.Join(t.TempDir(), "ix"))
		if err == nil || !strings.Contains(err.Error(), "is not a loopback address") || !strings.Contains(err.Error(), "-public") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("with -public it serves searches to anyone", func(t *testing.T) {
		s := serveWith(t, nil, nil, nil, "-addr", "0.0.0.0:0", "-public")
		if st, _, _ := getKeyed(t, s, "/api/search?q=coal", ""); st != 200 {
			t.Errorf("a search: %d", st)
		}
	})
	t.Run("with a search key it serves, and searches need the key", func(t *testing.T) {
		key := "a-search-key-for-this-test"
		s := serveWith(t, nil, nil, map[string]string{"XINWEN_SEARCH_KEY": key}, "-addr", "0.0.0.0:0")
		if st, code, h := getKeyed(t, s, "/api/search?q=coal", ""); st != 401 || code != "unauthorized" || h.Get("WWW-Authenticate") == "" {
			t.Errorf("a search without the key: %d %s %v", st, code, h)
		}
		if st, _, _ := getKeyed(t, s, "/api/search?q=coal", key); st != 200 {
			t.Errorf("a search with the key: %d", st)
		}
		if st, _, _ := getKeyed(t, s, "/healthz", ""); st != 200 {
			t.Errorf("/healthz: %d", st)
		}
	})
	t.Run("-cors-origin lets that origin's pages read the API", func(t *testing.T) {
		s := serveWith(t, nil, nil, nil, "-cors-origin", "https://news.example.org")
		if _, _, h := getKeyed(t, s, "/api/search?q=coal", "", "Origin", "https://news.example.org"); h.Get("Access-Control-Allow-Origin") != "https://news.example.org" {
			t.Errorf("headers %v", h)
		}
		if _, _, h := getKeyed(t, s, "/api/search?q=coal", "", "Origin", "https://evil.example"); h.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("another origin got %v", h)
		}
	})
}

func TestServeLeavesItsAddressAndIsReady(t *testing.T) {
	s := serveWith(t, nil, nil, nil)
	dir := indexDirOf(t, s)
	if addr, err := readAddrFile(dir + ".addr"); err != nil || addr != s.addr {
		t.Errorf("address file beside the index: %q, %v; want %s", addr, err, s.addr)
	}
	for deadline := time.Now().Add(guard); ; time.Sleep(5 * time.Millisecond) {
		st, _, _ := getKeyed(t, s, "/readyz", "")
		if st == 200 {
			break
		}
		if st != 503 || time.Now().After(deadline) {
			t.Fatalf("/readyz: %d", st)
		}
	}
	if st, _, _ := getKeyed(t, s, "/healthz", ""); st != 200 {
		t.Errorf("/healthz: %d", st)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir + ".addr"); !os.IsNotExist(err) {
		t.Errorf("the address file is still there after serve stopped: %v", err)
	}
}

// articles writes n articles of the test's own writing as JSON Lines.
func articles(t *testing.T, dir string, n int) string {
	t.Helper()
	words := []string{"煤炭", "改革", "旅游", "铁路", "教育", "医疗"}
	provinces := []string{"Shanxi", "Gansu", "山西", "Jiangsu"}
	var b strings.Builder
	for i := range n {
		w, p := words[i%len(words)], provinces[i%len(provinces)]
		fmt.Fprintf(&b, `{"id":"n%d","title":"第%d期%s工作会议","body":"会议研究%s和%s工作，部署下一阶段任务。","date":"2024-%02d-%02d","province":%q,"source":"test"}`+"\n",
			i, i, w, w, words[(i+1)%len(words)], i%12+1, i%28+1, p)
	}
	return write(t, dir, "news.jsonl", b.String())
}

// hitsOf is the output of `xinwen search -format jsonl` of each query over
// the index in dir: every hit, in order.
func hitsOf(t *testing.T, dir string, queries ...string) map[string]string {
	t.Helper()
	hits := map[string]string{}
	for _, q := range queries {
		out, stderr, err := run(t, "search", "-index", dir, "-format", "jsonl", q)
		if err != nil {
			t.Fatalf("search %s: %v\n%s", q, err, stderr)
		}
		hits[q] = out
	}
	return hits
}

// TestBackupWhileSearching backs an index up through the server that
// serves it while clients search, restores the backup, and finds the same
// hits in the restored index as in the original.
func TestBackupWhileSearching(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "index")
	if _, stderr, err := run(t, "index", "-index", idx, articles(t, dir, 300)); err != nil {
		t.Fatalf("index: %v\n%s", err, stderr)
	}
	queries := []string{"煤炭", "改革 OR 旅游", `"工作会议"`, ""}
	s := serveWith(t, nil, nil, nil, "-index", idx)

	// Searches go on throughout the backup.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var failed sync.Map
	var searched atomic.Int64
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				path := "/api/search?q=" + []string{"%E7%85%A4%E7%82%AD", "%E6%94%B9%E9%9D%A9", "coal"}[(c+i)%3]
				if st, code, _ := getKeyed(t, s, path, ""); st != 200 {
					failed.Store(path, fmt.Sprint(st, " ", code))
				}
				searched.Add(1)
			}
		}()
	}
	for deadline := time.Now().Add(guard); searched.Load() < 8; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the searches did not start")
		}
	}
	backup := filepath.Join(dir, "nightly.tar.gz")
	stdout, stderr, err := run(t, "backup", "-index", idx, backup)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, stderr)
	}
	if !strings.Contains(stdout, "backed up 300 articles of http://"+s.addr) {
		t.Errorf("backup says %q; want 300 articles, through the server", stdout)
	}
	failed.Range(func(k, v any) bool {
		t.Errorf("a search during the backup: %s got %s", k, v)
		return true
	})
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}

	restored := filepath.Join(dir, "restored")
	stdout, stderr, err = run(t, "restore", backup, restored)
	if err != nil || !strings.Contains(stdout, "restored 300 articles into "+restored) {
		t.Fatalf("restore: %v %q\n%s", err, stdout, stderr)
	}
	if got, want := hitsOf(t, restored, queries...), hitsOf(t, idx, queries...); !reflect.DeepEqual(got, want) {
		t.Errorf("the restored index answers otherwise:\n%v\nwant\n%v", got, want)
	}

	t.Run("without a server, backup reads the index itself", func(t *testing.T) {
		plain := filepath.Join(dir, "direct.tar")
		stdout, stderr, err := run(t, "backup", "-index", idx, plain)
		if err != nil || !strings.Contains(stdout, "backed up 300 articles of "+idx+" to "+plain) {
			t.Fatalf("backup: %v %q\n%s", err, stdout, stderr)
		}
		again := filepath.Join(dir, "again")
		if _, stderr, err := run(t, "restore", plain, again); err != nil {
			t.Fatalf("restore: %v\n%s", err, stderr)
		}
		if got, want := hitsOf(t, again, queries...), hitsOf(t, idx, queries...); !reflect.DeepEqual(got, want) {
			t.Errorf("the restored index answers otherwise")
		}
	})
	t.Run("a backup never replaces a file", func(t *testing.T) {
		before, _ := os.ReadFile(backup)
		_, _, err := run(t, "backup", "-index", idx, backup)
		if err == nil || !strings.Contains(err.Error(), "exists") {
			t.Errorf("got %v", err)
		}
		if after, _ := os.ReadFile(backup); !bytes.Equal(after, before) {
			t.Errorf("the file changed")
		}
	})
	t.Run("a restore never writes over an index", func(t *testing.T) {
		before := files(t, restored)
		_, _, err := run(t, "restore", backup, restored)
		if err == nil || !strings.Contains(err.Error(), "there is an index there already") {
			t.Errorf("got %v", err)
		}
		if after := files(t, restored); !reflect.DeepEqual(after, before) {
			t.Errorf("the index changed")
		}
	})
	t.Run("a backup through a server with the wrong key says so", func(t *testing.T) {
		s := serveWith(t, nil, nil, nil, "-index", idx)
		_, _, err := runEnv(t, map[string]string{"XINWEN_ADMIN_KEY": "not-the-key-of-this-server"}, "backup", "-index", idx, filepath.Join(dir, "refused.tar"))
		if err == nil || !strings.Contains(err.Error(), "403 Forbidden forbidden") {
			t.Errorf("got %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "refused.tar")); !os.IsNotExist(err) {
			t.Errorf("a refused backup left a file: %v", err)
		}
		s.stop()
	})
}
