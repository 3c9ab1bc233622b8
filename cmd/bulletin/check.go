package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator"
)

func init() {
	commands = append(commands, &command{
		name: "check",
		summary: "Validate the content folder without building: for pull requests.\n\n" +
			"Every problem is printed as file:line:col: message, then the warnings\n" +
			"(allowed, but probably wrong: a passed eta, a major incident without a\n" +
			"workaround) as file:line:col: warning: message. The exit status is 1 if\n" +
			"there is any problem, or with -strict any warning.",
		example: "bulletin check -content content\nbulletin check -strict\nbulletin check -format github   # in a GitHub or Forgejo Actions workflow",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			content := fs.String("content", "content", "the content `folder`: site.yaml and the entries")
			strict := fs.Bool("strict", false, "fail on warnings too")
			format := fs.String("format", "text", "how to print problems: text, or github for workflow commands that\nGitHub Actions shows on the lines of a pull request")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					fmt.Fprintf(e.stderr, "bulletin check: unexpected argument %q\n", args[0])
					return errUsage
				}
				now, err := clock(e)
				if err != nil {
					return err
				}
				if *format != "text" && *format != "github" {
					fmt.Fprintf(e.stderr, "bulletin check: -format %q is not text or github\n", *format)
					return errUsage
				}
				return check(e, *content, now, *strict, *format == "github")
			}
		},
	})
}

// diagnostic is one problem check prints.
type diagnostic struct {
	*generator.Error
	warning bool
}

func (d diagnostic) String() string {
	if !d.warning {
		return d.Error.Error()
	}
	w := *d.Error
	w.Err = fmt.Errorf("warning: %w", d.Err)
	return w.Error()
}

// workflowCommand returns the problem as a GitHub Actions workflow
// command, which puts it on the line of the file in a pull request. The
// message keeps its file:line:col, for runners that show the command as
// it is (Forgejo Actions).
func (d diagnostic) workflowCommand() string {
	level := "error"
	if d.warning {
		level = "warning"
	}
	props := "file=" + escapeProperty(d.File)
	if d.Line > 0 {
		props += fmt.Sprintf(",line=%d", d.Line)
	}
	if d.Col > 0 {
		props += fmt.Sprintf(",col=%d", d.Col)
	}
	return fmt.Sprintf("::%s %s::%s", level, props, escapeData(d.String()))
}

// escapeData and escapeProperty escape as the workflow command syntax
// requires.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// check prints every problem and then every warning in the content
// folder. Warnings are looked for even when there are problems: one run
// of a pull request's check should tell everything.
func check(e *env, dir string, now time.Time, strict, github bool) error {
	if err := generator.CheckContentDir(dir); err != nil {
		return err
	}
	site, err := generator.Load(os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir)))
	err = generator.JoinErrors(err, site.Validate())
	if other := unpositioned(err); other != nil {
		return other // not about what the content says: an unreadable folder, say
	}
	errs := generator.Errors(err)
	warns := generator.Errors(site.Warnings(now))

	// Problems first, as build prints them: they are what blocks a
	// publish. Each list is sorted by file and position.
	var all []diagnostic
	for _, p := range errs {
		all = append(all, diagnostic{p, false})
	}
	for _, w := range warns {
		all = append(all, diagnostic{w, true})
	}
	for _, d := range all {
		if github {
			fmt.Fprintln(e.stderr, d.workflowCommand())
		} else {
			fmt.Fprintln(e.stderr, d)
		}
	}

	switch {
	case len(errs) > 0:
		summary := plural(len(errs), "problem")
		if len(warns) > 0 {
			summary += ", " + plural(len(warns), "warning")
		}
		fmt.Fprintln(e.stderr, summary)
		return errReported
	case len(warns) > 0 && strict:
		fmt.Fprintf(e.stderr, "%s (failing: -strict)\n", plural(len(warns), "warning"))
		return errReported
	}
	problems := "no problems"
	if len(warns) > 0 {
		problems = plural(len(warns), "warning")
	}
	fmt.Fprintf(e.stdout, "%s: %s, %s, %s\n", dir, plural(len(site.Entries), "entry"), plural(len(site.Releases), "release"), problems)
	return nil
}

// unpositioned returns the errors in err that are not problems in the
// content, joined, or nil.
func unpositioned(err error) error {
	var other []error
	var walk func(error)
	walk = func(err error) {
		var p *generator.Error
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, err := range j.Unwrap() {
				walk(err)
			}
		} else if err != nil && !errors.As(err, &p) {
			other = append(other, err)
		}
	}
	walk(err)
	return errors.Join(other...)
}

func plural(n int, word string) string {
	switch {
	case n == 1:
		return "1 " + word
	case strings.HasSuffix(word, "y"):
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}
