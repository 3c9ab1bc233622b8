package main

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/content"
)

// env is what a command may touch of the world, passed in so that tests
// can run commands side by side.
type env struct {
	stdin          io.Reader // nil: nothing to read
	stdout, stderr io.Writer
	getenv         func(string) string
	now            func() time.Time // nil: the wall clock
	tlsRoots       *x509.CertPool   // the authorities TLS servers are checked against; nil: the system's
}

// command is one subcommand: its flags, its help and what it does.
type command struct {
	name    string
	args    string // after the flags, for the usage line
	summary string
	example string
	flags   func(fs *flag.FlagSet) func(ctx context.Context, e *env, args []string) error
}

// commands are bulletin's commands, in the order a user meets them: build
// and preview the site, write an entry, check it before it is merged,
// what a deploy's jobs ask and do; then, on a user's machine, what affects
// it, and the check dnf5 runs before a transaction.
var commands = []*command{buildCommand, serveCommand, newCommand, checkCommand, dueCommand, announceCommand, statusCommand, guardCommand}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// errUsage marks a mistake in how bulletin was called (exit status 2).
var errUsage = errors.New("usage")

// errReported means the problems were already printed (exit status 1).
var errReported = errors.New("reported")

// exitStatus is an exit status of 3 or more by which a command tells a
// script what it found, having said it itself: not a failure.
type exitStatus int

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

func exitCode(err error) int {
	var status exitStatus
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		return 2
	case errors.As(err, &status):
		return int(status)
	}
	return 1
}

// run runs bulletin with the arguments after the program name.
func run(ctx context.Context, args []string, e *env) error {
	if len(args) == 0 {
		usage(e.stderr)
		return errUsage
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "-help" || name == "--help" {
		if len(args) > 1 {
			c := lookup(args[1])
			if c == nil {
				fmt.Fprintf(e.stderr, "bulletin help: unknown command %q\n\n", args[1])
				usage(e.stderr)
				return errUsage
			}
			fs := c.flagSet(e.stdout)
			c.flags(fs)
			fs.Usage()
			return nil
		}
		usage(e.stdout)
		return nil
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(e.stderr, "bulletin: unknown command %q\n\n", name)
		usage(e.stderr)
		return errUsage
	}
	fs := c.flagSet(e.stderr)
	do := c.flags(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	err := do(ctx, e, fs.Args())
	switch {
	case err == nil, errors.Is(err, errReported), errors.As(err, new(exitStatus)):
	case errors.Is(err, errUsage):
		fmt.Fprintf(e.stderr, "\n")
		fs.Usage()
	default:
		report(e.stderr, err)
	}
	return err
}

func (c *command) flagSet(w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("bulletin "+c.name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "usage: bulletin %s [flags]%s\n\n%s\n", c.name, c.args, c.summary)
		if c.example != "" {
			fmt.Fprintf(w, "\nExample:\n%s\n", indent(c.example))
		}
		var hasFlags bool
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintf(w, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "bulletin turns a folder of Markdown files into a status and news site, and tells\nusers' machines what of it affects them.\n\nUsage:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  bulletin %-9s %s\n", c.name, firstLine(c.summary))
	}
	fmt.Fprintf(w, "\nRun \"bulletin help <command>\" or \"bulletin <command> -h\" for its flags and an example.\n")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n  ")
}

// report prints an error; content problems go one to a line, each with its
// file:line:col, then how many there were.
func report(w io.Writer, err error) {
	probs := content.Errors(err)
	if len(probs) == 0 {
		fmt.Fprintf(w, "bulletin: %v\n", err)
		return
	}
	fmt.Fprintln(w, err)
	fmt.Fprintln(w, (&generator.Report{Problems: probs}).Summary())
}

// lastSecond is 9999-12-31T23:59:59Z in seconds since 1970.
const lastSecond = 253402300799

// clock returns the build time: SOURCE_DATE_EPOCH when it is set (the
// reproducible-builds convention), else the current time.
func clock(e *env) (time.Time, error) {
	if v := e.getenv("SOURCE_DATE_EPOCH"); v != "" {
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) || secs < 0 {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", v)
		}
		// The documents give times in RFC 3339, whose years end at 9999.
		if err != nil || secs > lastSecond {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is after the year 9999", v)
		}
		return time.Unix(secs, 0).UTC(), nil
	}
	if e.now != nil {
		return e.now().UTC(), nil
	}
	return time.Now().UTC().Truncate(time.Second), nil
}
