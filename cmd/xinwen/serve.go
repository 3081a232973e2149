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

	"github.com/xinwen/xinwen/index"
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
	addrFile := fs.String("addr-file", "", "once serving, write the address to `FILE` (one line, host:port), for scripts; removed when serve stops (default DIR.addr, beside the index)")
	hosts := envList(a.Getenv("XINWEN_ALLOW_HOSTS"))
	fs.Var(&hosts, "allow-host", "also answer requests for this `host` name, e.g. a reverse proxy's (repeatable; * for any; env XINWEN_ALLOW_HOSTS, comma-separated)")
	origins := envList(a.Getenv("XINWEN_CORS_ORIGINS"))
	fs.Var(&origins, "cors-origin", "let web pages from this `origin` (https://news.example.org; * for any) call the API (repeatable; env XINWEN_CORS_ORIGINS, comma-separated); none by default")
	adminKeyPath := fs.String("admin-key-file", "", "read the admin key from `FILE` (default: env XINWEN_ADMIN_KEY, else DIR.admin-key, made at the first start)")
	searchKeyPath := fs.String("search-key-file", "", "read the search key from `FILE` (default: env XINWEN_SEARCH_KEY); with one, searches need it")
	public := fs.Bool("public", false, "serve searches to anyone on a non-loopback address without a search key")
	maxBody := byteSize(server.DefaultMaxBody)
	fs.Var(&maxBody, "max-body", "refuse request bodies larger than this `size` (413): 64MB, 512KB, or bytes")
	maxSearches := fs.Int("max-searches", server.DefaultMaxSearches(), "most searches at once; as many more wait 20 ms, the rest get 503 overloaded")
	glossaryPath := glossaryFlag(fs)
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
	if *maxSearches < 1 {
		return usageError{fmt.Sprintf("-max-searches must be 1 or more, not %d", *maxSearches)}
	}
	if !isSet(fs, "addr-file") {
		*addrFile = addrFileOf(*dir)
	}
	searchKey, err := a.searchKey(*searchKeyPath)
	if err != nil {
		return err
	}
	glossaryRaw, err := readGlossary(*glossaryPath)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer ln.Close()
	loopback := isLoopback(ln.Addr())
	if !loopback && searchKey == "" && !*public {
		return usageError{fmt.Sprintf("serve: %s is not a loopback address: anyone who reaches it could search. Set a search key (XINWEN_SEARCH_KEY or -search-key-file), which searches then need, or pass -public to serve searches to everyone", ln.Addr())}
	}
	ix, err := openOrSeed(*dir, a.Stderr)
	if err != nil {
		return err
	}
	defer ix.Close()
	if err := keepGlossary(ix, glossaryRaw, *glossaryPath); err != nil {
		return err
	}
	// Only beside an index that opened: nothing is made beside a folder
	// that serve refuses.
	adminKey, err := a.adminKey(*dir, *adminKeyPath)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	searcher, err := search.New(ix, search.WithConcurrency(*maxSearches))
	if err != nil {
		return err
	}
	var engine server.Engine = searcher
	if a.wrapEngine != nil {
		engine = a.wrapEngine(engine)
	}
	log := slog.New(slog.NewTextHandler(a.Stderr, nil))
	opts := []server.Option{server.WithIndex(ix), server.AdminKey(adminKey), server.SearchKey(searchKey),
		server.MaxBody(int64(maxBody)), server.MaxSearches(*maxSearches)}
	if loopback {
		opts = append(opts, server.AllowHosts(server.LoopbackHosts...))
	}
	if len(hosts) > 0 {
		opts = append(opts, server.AllowHosts(hosts...))
	}
	if len(origins) > 0 {
		opts = append(opts, server.CORSOrigins(origins...))
	}
	// The writes' committer, closed (its last commits on disk) after the
	// server has stopped and before the index closes.
	var committer *index.Committer
	opts = append(opts, server.WithWrites(func(obs index.Observer) server.Committer {
		committer = ix.NewCommitter(obs)
		return committer
	}))
	handler := server.New(engine, log, opts...)
	defer committer.Close()
	// Every request's context derives from base, which a shutdown cancels
	// once the grace period is over: a search never holds it up longer.
	base, cancelSearches := context.WithCancel(context.Background())
	defer cancelSearches()
	srv := &http.Server{
		Handler:           handler,
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
	if *addrFile != "" {
		if err := writeAddrFile(*addrFile, ln.Addr().String()); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer removeAddrFile(*addrFile, ln.Addr().String())
	}
	if a.OnListen != nil {
		a.OnListen(ln.Addr().String())
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(netutil.LimitListener(ln, limits.maxConns)) }()
	// Ready (for /readyz) once the first search has read the index's
	// columns, which would otherwise make a user's first search slow.
	go func() {
		if _, err := searcher.Search(base, search.Request{Size: 1}); err != nil && base.Err() == nil {
			log.Error("warming the index", "err", err)
		}
		if base.Err() == nil {
			handler.SetReady(true)
		}
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Stop accepting, and let the requests in flight finish within the
	// grace period; then cancel their searches and backups and close
	// their connections, and wait (boundedly) for them to let go of the
	// index before it is closed.
	handler.SetReady(false)
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
	if err := handler.Wait(stop); err != nil {
		fmt.Fprintf(a.Stderr, "xinwen: a backup did not stop within %v of being canceled; closing the index under it\n", limits.stop)
	}
	return nil
}

// envList is the comma-separated list in an environment variable, as a
// repeatable flag's first values.
func envList(env string) multiFlag {
	var list multiFlag
	for _, v := range strings.Split(env, ",") {
		if v = strings.TrimSpace(v); v != "" {
			list = append(list, v)
		}
	}
	return list
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
