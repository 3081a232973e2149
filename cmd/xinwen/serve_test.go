package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xinwen/xinwen/search"
	"github.com/xinwen/xinwen/search/server"
)

// guard bounds how long a test waits for something the server must do
// within milliseconds: a test that would hang fails instead. It is not a
// measure of speed.
const guard = time.Minute

// served is a `xinwen serve` running in-process.
type served struct {
	addr string
	out  *syncBuffer
	stop func() error // stops it as SIGTERM does, and returns what Run returned
}

// serveWith runs serve in-process over the seed index with limits (the
// defaults when nil), the engine wrapped by wrap (when not nil), and
// args; env is its environment.
func serveWith(t *testing.T, limits *serveLimits, wrap func(server.Engine) server.Engine, env map[string]string, args ...string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	s := &served{out: &syncBuffer{}}
	app := &App{Stdout: s.out, Stderr: s.out, Getenv: func(k string) string { return env[k] },
		OnListen: func(addr string) { addrc <- addr }, limits: limits, wrapEngine: wrap}
	done := make(chan error, 1)
	args = append([]string{"serve", "-addr", "127.0.0.1:0", "-index", filepath.Join(t.TempDir(), "index")}, args...)
	go func() { done <- app.Run(ctx, args) }()
	var once sync.Once
	var runErr error
	s.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(guard):
				runErr = errors.New("serve did not return after it was stopped")
			}
		})
		return runErr
	}
	t.Cleanup(func() { s.stop() })
	select {
	case s.addr = <-addrc:
	case err := <-done:
		t.Fatalf("serve ended before listening: %v\n%s", err, s.out.String())
	case <-time.After(guard):
		t.Fatalf("serve did not listen\n%s", s.out.String())
	}
	return s
}

// tinyLimits are limits that a test sees take effect at once.
func tinyLimits() *serveLimits {
	l := defaultLimits
	l.readHeader, l.read, l.idle = 50*time.Millisecond, 200*time.Millisecond, 100*time.Millisecond
	return &l
}

// readUntilClosed reads c until the server closes it and returns what it
// read, or fails the test when the server keeps it open.
func readUntilClosed(t *testing.T, c net.Conn) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(guard))
	got, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("the server kept the connection open: %v (read %q)", err, got)
	}
	return string(got)
}

// TestServeTimesOutConnections checks that the server closes connections
// that hold it without asking anything of it: one that never finishes its
// headers, one that declares a body it never sends, one left idle.
func TestServeTimesOutConnections(t *testing.T) {
	s := serveWith(t, tinyLimits(), nil, nil)
	for _, tt := range []struct {
		name, send, want string
	}{
		{"a connection that never finishes its headers is closed", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", ""},
		{"a request whose body never comes is answered, and its connection closed",
			"GET /api/search?q=coal HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n", "HTTP/1.1 200 OK"},
		{"a kept-alive connection left idle is closed", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.1 200 OK"},
		{"a silent connection is closed", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := net.Dial("tcp", s.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if _, err := io.WriteString(c, tt.send); err != nil {
				t.Fatal(err)
			}
			got := readUntilClosed(t, c)
			if tt.want != "" && !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %.200q, want %q first", got, tt.want)
			}
		})
	}
}

// TestServeCapsConnections checks that no more than -max-conns
// connections are open at once, and that a client beyond them is served
// as soon as one closes.
func TestServeCapsConnections(t *testing.T) {
	limits := defaultLimits
	var mu sync.Mutex
	open, most := 0, 0
	limits.connState = func(_ net.Conn, st http.ConnState) {
		mu.Lock()
		defer mu.Unlock()
		switch st {
		case http.StateNew:
			open++
			most = max(most, open)
		case http.StateClosed, http.StateHijacked:
			open--
		}
	}
	s := serveWith(t, &limits, nil, nil, "-max-conns", "2")
	var stalled []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", s.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		io.WriteString(c, "GET /healthz HTTP/1.1\r\n") // and no more
		stalled = append(stalled, c)
	}
	answered := make(chan error, 1)
	go func() {
		resp, err := (&http.Client{Timeout: guard}).Get("http://" + s.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
		}
		answered <- err
	}()
	// The third client waits, unaccepted, while the two hold their
	// connections (had the server accepted it, it would have answered
	// in this time; it cannot answer too early because of a slow
	// machine).
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-answered:
		t.Fatalf("a third connection was served while two were open (%v)", err)
	default:
	}
	stalled[0].Close()
	if err := <-answered; err != nil {
		t.Fatalf("the third client, once a connection closed: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if most > 2 {
		t.Errorf("%d connections were open at once, -max-conns is 2", most)
	}
}

// TestServeHosts checks that serve on a loopback address answers only to
// loopback names, and to the names it is told to allow.
func TestServeHosts(t *testing.T) {
	get := func(t *testing.T, addr, host string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/api/search?q=coal", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	plain := serveWith(t, nil, nil, nil)
	flagged := serveWith(t, nil, nil, nil, "-allow-host", "news.example.org", "-allow-host", "proxy.example.org")
	env := serveWith(t, nil, nil, map[string]string{"XINWEN_ALLOW_HOSTS": "news.example.org, proxy.example.org"})
	anyHost := serveWith(t, nil, nil, nil, "-allow-host", "*")
	for _, tt := range []struct {
		name string
		s    *served
		host string
		want int
	}{
		{"the loopback address is answered", plain, "127.0.0.1", 200},
		{"localhost with the port is answered", plain, "localhost:8080", 200},
		{"a rebound name is refused", plain, "attacker.example", http.StatusMisdirectedRequest},
		{"a rebound name with the port is refused", plain, "attacker.example:8080", http.StatusMisdirectedRequest},
		{"a name given with -allow-host is answered", flagged, "news.example.org", 200},
		{"a second name given with -allow-host is answered", flagged, "proxy.example.org:443", 200},
		{"localhost is answered beside -allow-host", flagged, "localhost", 200},
		{"another name is refused beside -allow-host", flagged, "attacker.example", http.StatusMisdirectedRequest},
		{"a name given in XINWEN_ALLOW_HOSTS is answered", env, "proxy.example.org", 200},
		{"another name is refused beside XINWEN_ALLOW_HOSTS", env, "attacker.example", http.StatusMisdirectedRequest},
		{"-allow-host * answers any name", anyHost, "attacker.example", 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// The address, not the Host, says where to connect.
			addr := tt.s.addr
			if got := get(t, addr, tt.host); got != tt.want {
				t.Errorf("Host %s: status %d, want %d", tt.host, got, tt.want)
			}
		})
	}
}

// blockingEngine holds every search until its context is done or it is
// released, as a runaway search that looks at its context would.
type blockingEngine struct {
	server.Engine
	started chan struct{}
	release chan struct{}
	ended   chan error // why the search ended: its context's error, or nil when released
}

func (b *blockingEngine) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	b.started <- struct{}{}
	var err error
	select {
	case <-ctx.Done():
		err = ctx.Err()
	case <-b.release:
	}
	b.ended <- err
	if err != nil {
		return nil, err
	}
	return b.Engine.Search(ctx, req)
}

// TestServeShutsDown checks that a shutdown lets a search in flight
// finish within the grace period, and cancels one that runs past it
// rather than wait for it.
func TestServeShutsDown(t *testing.T) {
	start := func(t *testing.T, grace time.Duration) (*served, *blockingEngine, chan int) {
		limits := defaultLimits
		limits.grace = grace
		b := &blockingEngine{started: make(chan struct{}, 1), release: make(chan struct{}), ended: make(chan error, 1)}
		s := serveWith(t, &limits, func(e server.Engine) server.Engine { b.Engine = e; return b }, nil)
		status := make(chan int, 1)
		go func() {
			resp, err := (&http.Client{Timeout: guard}).Get("http://" + s.addr + "/api/search?q=coal")
			if err != nil {
				status <- 0
				return
			}
			resp.Body.Close()
			status <- resp.StatusCode
		}()
		select {
		case <-b.started:
		case <-time.After(guard):
			t.Fatalf("the search did not reach the engine\n%s", s.out.String())
		}
		return s, b, status
	}
	t.Run("a search in flight is answered within the grace period", func(t *testing.T) {
		s, b, status := start(t, guard)
		stopped := make(chan error, 1)
		go func() { stopped <- s.stop() }()
		// Once the server has stopped listening, the search goes on.
		for {
			c, err := net.Dial("tcp", s.addr)
			if err != nil {
				break
			}
			c.Close()
			time.Sleep(5 * time.Millisecond)
		}
		close(b.release)
		if got := <-status; got != http.StatusOK {
			t.Errorf("status %d, want 200", got)
		}
		if err := <-stopped; err != nil {
			t.Errorf("serve: %v", err)
		}
		if err := <-b.ended; err != nil {
			t.Errorf("the search ended with %v, want it released", err)
		}
	})
	t.Run("a search past the grace period is canceled", func(t *testing.T) {
		s, b, status := start(t, time.Millisecond)
		if err := s.stop(); err != nil {
			t.Errorf("serve: %v\n%s", err, s.out.String())
		}
		<-status // the client gets what it gets: the connection is closed under it
		if err := <-b.ended; !errors.Is(err, context.Canceled) {
			t.Errorf("the search ended with %v, want it canceled", err)
		}
	})
}
