package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator"
)

func init() {
	commands = append(commands, &command{
		name: "check",
		summary: "Validate the content folder without building: for pull requests.\n\n" +
			"Every problem is printed as file:line:col: message, and warnings (allowed,\n" +
			"but probably wrong: a passed eta, a major incident without a workaround)\n" +
			"as file:line:col: warning: message. The exit status is 1 if there is any\n" +
			"error, or with -strict any warning.",
		example: "bulletin check -content content\nbulletin check -strict",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			content := fs.String("content", "content", "the content `folder`: site.yaml and the entries")
			strict := fs.Bool("strict", false, "fail on warnings too")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					fmt.Fprintf(e.stderr, "bulletin check: unexpected argument %q\n", args[0])
					return errUsage
				}
				now, err := clock(e)
				if err != nil {
					return err
				}
				return check(e, *content, now, *strict)
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

// check prints every error and every warning in the content folder, in
// file order so that an editor sees all that is wrong with one file
// together. Warnings are looked for even when there are errors: one run of
// a pull request's check should tell everything.
func check(e *env, dir string, now time.Time, strict bool) error {
	if _, err := os.Stat(dir); err != nil {
		return err
	}
	site, err := generator.Load(os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir)))
	err = generator.JoinErrors(err, site.Validate())
	if other := unpositioned(err); other != nil {
		return other // not about what the content says: an unreadable folder, say
	}
	errs := generator.Errors(err)
	warns := generator.Errors(site.Warnings(now))

	var all []diagnostic
	for _, p := range errs {
		all = append(all, diagnostic{p, false})
	}
	for _, w := range warns {
		all = append(all, diagnostic{w, true})
	}
	slices.SortStableFunc(all, func(a, b diagnostic) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	for _, d := range all {
		fmt.Fprintln(e.stderr, d)
	}

	switch {
	case len(errs) > 0:
		summary := plural(len(errs), "error")
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
