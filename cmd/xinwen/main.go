// Command xinwen is a search engine for Chinese provincial news.
//
//	xinwen serve  [-addr 127.0.0.1:8080] [-addr-file FILE] [-index DIR] [-allow-host HOST]... [-max-conns 512]
//	              [-admin-key-file FILE] [-search-key-file FILE] [-public] [-cors-origin ORIGIN]... [-max-body 64MB] [-max-searches N]
//	xinwen index  [-index DIR] [-dict FILE] [-server URL] [-admin-key-file FILE] PATH...
//	xinwen reindex [-index DIR] [-dict FILE]
//	xinwen search [-index DIR] [-n 10] [-province P] [-from D] [-to D] [-sort S] [-format text|csv|jsonl|atom] QUERY...
//	xinwen bench  -corpus FILE.jsonl.gz [-queries FILE] [-docs N] [-concurrency 1,2,8] [-json OUT]
//	xinwen backup [-index DIR] [-server URL] [-admin-key-file FILE] FILE
//	xinwen restore FILE DIR
//
// This package only parses flags, reads the environment and wires the
// packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/xinwen/xinwen/search/server"
)

// exitUsage is the exit status for a command line that cannot be run.
const exitUsage = 2

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := &App{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	if err := app.Run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "xinwen:", err)
		}
		var u usageError
		if errors.As(err, &u) || errors.Is(err, flag.ErrHelp) {
			os.Exit(exitUsage)
		}
		os.Exit(1)
	}
}

// App is the program, with its outside world made explicit so that tests can
// run it in-process.
type App struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// OnListen, if set, is called with the server's address once it accepts
	// connections.
	OnListen func(addr string)
	// Self, if set, returns the command that runs this program with args:
	// bench starts `xinwen serve` with it. Nil runs os.Executable().
	Self func(args ...string) *exec.Cmd

	// limits, if set, replace serve's defaultLimits, and wrapEngine wraps
	// the engine it serves: tests make the limits tiny and the searches
	// slow.
	limits     *serveLimits
	wrapEngine func(server.Engine) server.Engine
}

// usageError is a command line that cannot be run.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

const usage = `usage:
  xinwen serve  [-addr 127.0.0.1:8080] [-index DIR]   serve the search page and API
  xinwen index  [-index DIR] [-dict FILE] PATH...     index .txt, .jsonl and .jsonl.gz files or folders (through the serve that holds DIR, if one does)
  xinwen reindex [-index DIR] [-dict FILE]            rebuild the index, e.g. with a new user dictionary
  xinwen search [-index DIR] [-n 10] QUERY...         print the top hits (-format csv|jsonl: every hit; atom: a feed)
  xinwen bench  -corpus FILE.jsonl.gz [-json OUT]     index a corpus afresh and measure speed and memory
  xinwen backup [-index DIR] FILE                     write a backup of the index (FILE.tar.gz: gzipped), while it is served
  xinwen restore FILE DIR                             bring a backup back into a new or empty directory
Run 'xinwen COMMAND -h' for a command's flags.`

// Run runs the command line args (without the program name).
func (a *App) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(a.Stderr, usage)
		return usageError{"no command"}
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return a.serve(ctx, rest)
	case "index":
		return a.index(ctx, rest)
	case "reindex":
		return a.reindex(ctx, rest)
	case "search":
		return a.search(ctx, rest)
	case "bench":
		return a.bench(ctx, rest)
	case "backup":
		return a.backup(ctx, rest)
	case "restore":
		return a.restore(ctx, rest)
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(a.Stdout, usage)
		return nil
	default:
		fmt.Fprintln(a.Stderr, usage)
		return usageError{fmt.Sprintf("unknown command %q", cmd)}
	}
}

// flags returns a FlagSet for a command, with the -index flag that every
// command has.
func (a *App) flags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("xinwen "+name, flag.ContinueOnError)
	fs.SetOutput(a.Stderr)
	dir := fs.String("index", a.defaultIndexDir(), "index `directory` (env XINWEN_INDEX)")
	return fs, dir
}

// defaultIndexDir is $XINWEN_INDEX, else xinwen/index under the user's cache
// directory, else .xinwen/index in the working directory.
func (a *App) defaultIndexDir() string {
	if d := a.Getenv("XINWEN_INDEX"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "xinwen", "index")
	}
	return filepath.Join(".xinwen", "index")
}

func (a *App) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}
