// Command trucewatch is the ceasefire monitor: it ingests reports, keeps
// them in SQLite or PostgreSQL, and (as the project grows) extracts claims,
// correlates incidents and assesses them against agreements.
//
// Run "trucewatch help" for the list of commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // agreement windows name IANA zones; field machines may have no zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// env is what a command may use of the outside world; tests give their own.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	log            *slog.Logger
}

// command is one subcommand: its flags, its help and what it does.
type command interface {
	name() string
	synopsis() string // one line for the command list
	usage() string    // arguments after the name, e.g. "[flags] PATH..."
	setFlags(fs *flag.FlagSet)
	run(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		&ingestCmd{},
		&workerCmd{},
		&statusCmd{},
		&reanalyseCmd{},
		&reportsCmd{},
		&reportCmd{},
		&agreementsCmd{},
		&geocodeCmd{},
		&placesCmd{},
		&extractCmd{},
		&evalCmd{},
		&incidentsCmd{},
		&assessCmd{},
		&reviewCmd{},
		&decisionsCmd{},
		&exportCmd{},
		&serveCmd{},
		&usersCmd{},
		&sourcesCmd{},
		&pollCmd{},
		&ledgerCmd{},
		&verifyCmd{},
		&bundleCmd{},
		&benchCmd{},
		&demoCmd{},
		&versionCmd{},
	}
}

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // the command failed, or some inputs were rejected
	exitUsage  = 2 // the command line was wrong
	// exitRefused: ledger witness refused a checkpoint that does not
	// extend the one it cosigned last (a fork, a shrinking log), or found
	// an older one (stale): an alarm, not an operational error.
	exitRefused = 3
)

// errRefused marks ledger witness's refusals (exitRefused).
var errRefused = errors.New("refused")

// errUsage marks errors in the command line.
var errUsage = errors.New("usage")

// errPartial is returned when a batch finished but some inputs were
// rejected; the rejections have been printed already.
var errPartial = errors.New("some inputs were rejected")

// Run runs the command line args and returns the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel(getenv("TRUCEWATCH_LOG"))}))}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		if len(args) > 1 {
			args = []string{args[1], "--help"}
		} else {
			printCommands(stdout)
			return exitOK
		}
	}
	var cmd command
	for _, c := range commands() {
		if c.name() == args[0] {
			cmd = c
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "trucewatch: unknown command %q\n\n", args[0])
		printCommands(stderr)
		return exitUsage
	}
	fs := newFlagSet(cmd)
	fs.SetOutput(stderr)
	rest, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK
	}
	if err != nil {
		return exitUsage // the flag package has printed the error and usage
	}
	err = cmd.run(ctx, e, rest)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "trucewatch %s: %v\n", cmd.name(), err)
		fs.Usage()
		return exitUsage
	case errors.Is(err, errPartial):
		return exitFailed
	case errors.Is(err, errRefused):
		fmt.Fprintf(stderr, "trucewatch %s: %v\n", cmd.name(), err)
		return exitRefused
	default:
		fmt.Fprintf(stderr, "trucewatch %s: %v\n", cmd.name(), err)
		return exitFailed
	}
}

// newFlagSet returns the flag set of cmd, with its usage message.
func newFlagSet(cmd command) *flag.FlagSet {
	fs := flag.NewFlagSet("trucewatch "+cmd.name(), flag.ContinueOnError)
	cmd.setFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: trucewatch %s %s\n\n%s\n", cmd.name(), cmd.usage(), cmd.synopsis())
		if hasFlags(fs) {
			fmt.Fprintln(fs.Output(), "\nflags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseInterspersed parses flags that stand before, between or after the
// positional arguments ("trucewatch ingest a.txt --db x.db"); "--" ends the
// flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func printCommands(w io.Writer) {
	fmt.Fprintln(w, "trucewatch: an open, verifiable ceasefire monitor")
	fmt.Fprintln(w, "\nusage: trucewatch COMMAND [flags] [arguments]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n", c.name(), c.synopsis())
	}
	fmt.Fprintln(w, "\nRun \"trucewatch COMMAND --help\" for a command's flags.")
	fmt.Fprintln(w, "The database is named by --db or TRUCEWATCH_DB: a SQLite file path (the default is")
	fmt.Fprintln(w, "under your data directory) or a postgres:// URL. TRUCEWATCH_LOG=debug shows more logs.")
}

func logLevel(s string) slog.Level {
	var l slog.Level
	if l.UnmarshalText([]byte(strings.ToUpper(s))) != nil {
		return slog.LevelInfo
	}
	return l
}
