package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"golang.org/x/net/netutil"

	"github.com/xinwen/xinwen/search"
	"github.com/xinwen/xinwen/search/server"
)

// serveLimits bound what clients can hold of the server: how long a
// connection may take to send a request or to read the answer, how long it
// may sit idle, how many may be open, and how long a shutdown waits for
// the searches in flight.
type serveLimits struct {
	// readHeader bounds the wait for a request's headers, read for the
	// whole request (headers and body: the API's requests have none, and
	// a client that declares a body it never sends is cut off here), write
	// for writing the answer (from the end of the headers: a search's time
	// is in it), idle for a kept-alive connection between requests.
	readHeader, read, write, idle time.Duration
	// maxHeaderBytes bounds a request's line and headers.
	maxHeaderBytes int
	// maxConns bounds the connections open at once: the ones beyond wait
	// in the kernel's queue, unaccepted, and cost no file descriptor of
	// ours.
	maxConns int
	// grace is how long a shutdown lets the searches in flight finish
	// before it cancels them; stop bounds the wait for them to stop then.
	grace, stop time.Duration
	// connState, if set, is told of every connection's changes (tests).
	connState func(net.Conn, http.ConnState)
}

// defaultLimits are serve's limits. A search takes at most
// search.DefaultTimeout; the write timeout leaves time for the answer on
// top of it. 512 connections leave room for the index's files under a
// file limit of 1,024.
var defaultLimits = serveLimits{
	readHeader:     5 * time.Second,
	read:           10 * time.Second,
	write:          search.DefaultTimeout + 10*time.Second,
	idle:           60 * time.Second,
	maxHeaderBytes: 64 << 10,
	maxConns:       512,
	grace:          5 * time.Second,
	stop:           5 * time.Second,
}

func (a *App) serve(ctx context.Context, args []string) error {
	fs, dir := a.flags("serve")
	addr := fs.String("addr", or(a.Getenv("XINWEN_ADDR"), "127.0.0.1:8080"), "listen `address` (env XINWEN_ADDR)")
	addrFile := fs.String("addr-file", "", "once serving, write the address to `FILE` (one line, host:port), for scripts; removed when serve stops")
	var hosts multiFlag
	if env := a.Getenv("XINWEN_ALLOW_HOSTS"); env != "" {
		for _, h := range strings.Split(env, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hosts = append(hosts, h)
			}
		}
	}
	fs.Var(&hosts, "allow-host", "also answer requests for this `host` name, e.g. a reverse proxy's (repeatable; * for any; env XINWEN_ALLOW_HOSTS, comma-separated)")
	limits := defaultLimits
	if a.limits != nil {
		limits = *a.limits
	}
	fs.IntVar(&limits.maxConns, "max-conns", limits.maxConns, "most connections open at once")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"serve takes no arguments; index files with 'xinwen index'"}
	}
	if limits.maxConns < 1 {
		return usageError{fmt.Sprintf("-max-conns must be 1 or more, not %d", limits.maxConns)}
	}

	ix, err := openOrSeed(*dir, a.Stderr)
	if err != nil {
		return err
	}
	defer ix.Close()
	searcher, err := search.New(ix)
	if err != nil {
		return err
	}
	var engine server.Engine = searcher
	if a.wrapEngine != nil {
		engine = a.wrapEngine(engine)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log := slog.New(slog.NewTextHandler(a.Stderr, nil))
	var opts []server.Option
	if isLoopback(ln.Addr()) {
		opts = append(opts, server.AllowHosts(server.LoopbackHosts...))
	}
	if len(hosts) > 0 {
		opts = append(opts, server.AllowHosts(hosts...))
	}
	// Every request's context derives from base, which a shutdown cancels
	// once the grace period is over: a search never holds it up longer.
	base, cancelSearches := context.WithCancel(context.Background())
	defer cancelSearches()
	srv := &http.Server{
		Handler:           server.New(engine, log, opts...),
		ReadHeaderTimeout: limits.readHeader,
		ReadTimeout:       limits.read,
		WriteTimeout:      limits.write,
		IdleTimeout:       limits.idle,
		MaxHeaderBytes:    limits.maxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return base },
		ConnState:         limits.connState,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	n, _ := ix.Count()
	fmt.Fprintf(a.Stderr, "xinwen: serving %d articles from %s on http://%s/\n", n, *dir, ln.Addr())
	if a.OnListen != nil {
		a.OnListen(ln.Addr().String())
	}
	if *addrFile != "" {
		if err := writeAddrFile(*addrFile, ln.Addr().String()); err != nil {
			ln.Close()
			return fmt.Errorf("serve: %w", err)
		}
		defer removeAddrFile(*addrFile, ln.Addr().String())
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(netutil.LimitListener(ln, limits.maxConns)) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Stop accepting, and let the requests in flight finish within the
	// grace period; then cancel their searches and close their
	// connections, and wait (boundedly) for the searches to let go of the
	// index before it is closed.
	grace, cancel := context.WithTimeout(context.Background(), limits.grace)
	defer cancel()
	if err := srv.Shutdown(grace); err != nil {
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("serve: shut down: %w", err)
		}
		fmt.Fprintf(a.Stderr, "xinwen: requests still running after %v; canceling them\n", limits.grace)
		cancelSearches()
		srv.Close()
	}
	cancelSearches()
	stop, cancel := context.WithTimeout(context.Background(), limits.stop)
	defer cancel()
	if err := searcher.Wait(stop); err != nil {
		fmt.Fprintf(a.Stderr, "xinwen: a search did not stop within %v of being canceled; closing the index under it\n", limits.stop)
	}
	return nil
}

// isLoopback reports whether addr is on a loopback interface only, where
// only this machine's clients, browsers among them, reach it.
func isLoopback(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

func or(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}
