package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/xinwen/xinwen/search"
	"github.com/xinwen/xinwen/search/server"
)

func (a *App) serve(ctx context.Context, args []string) error {
	fs, dir := a.flags("serve")
	addr := fs.String("addr", or(a.Getenv("XINWEN_ADDR"), "127.0.0.1:8080"), "listen `address` (env XINWEN_ADDR)")
	addrFile := fs.String("addr-file", "", "once serving, write the address to `FILE` (one line, host:port), for scripts; removed when serve stops")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"serve takes no arguments; index files with 'xinwen index'"}
	}

	ix, err := openOrSeed(*dir, a.Stderr)
	if err != nil {
		return err
	}
	defer ix.Close()
	engine, err := search.New(ix)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log := slog.New(slog.NewTextHandler(a.Stderr, nil))
	srv := &http.Server{
		Handler:           server.New(engine, log),
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      60 * time.Second,
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
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shut down: %w", err)
	}
	return nil
}

func or(s, fallback string) string {
	if s != "" {
		return s
	}
	return fallback
}
