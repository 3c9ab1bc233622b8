package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/content"
)

var checkCommand = &command{
	name: "check",
	summary: "Validate the content folder without building: for pull requests.\n\n" +
		"Every problem is printed as file:line:col: message, then the warnings\n" +
		"(allowed, but probably wrong: a passed eta, a major incident without a\n" +
		"workaround) as file:line:col: warning: message. The exit status is 1 if\n" +
		"there is any problem, or with -strict any warning.",
	example: "bulletin check -content content\nbulletin check -strict\nbulletin check -format github   # in a GitHub or Forgejo Actions workflow",
	flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		content := fs.String("content", "content", "the content `folder`: site.yaml and the entries")
		theme := fs.String("theme", "", "a theme `folder` whose files override the default theme's, to check too")
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
			return check(ctx, e, generator.Config{Content: *content, Theme: *theme, Now: now}, *strict, *format == "github")
		}
	},
}

// workflowCommand returns the problem as a GitHub Actions workflow
// command, which puts it on the line of the file in a pull request. The
// message keeps its file:line:col, for runners that show the command as
// it is (Forgejo Actions).
func workflowCommand(p *content.Error) string {
	level := "error"
	if p.Warning {
		level = "warning"
	}
	props := "file=" + escapeProperty(content.QuoteName(p.File))
	if p.Line > 0 {
		props += fmt.Sprintf(",line=%d", p.Line)
	}
	if p.Col > 0 {
		props += fmt.Sprintf(",col=%d", p.Col)
	}
	return fmt.Sprintf("::%s %s::%s", level, props, escapeData(p.Error()))
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
func check(ctx context.Context, e *env, cfg generator.Config, strict, github bool) error {
	report, err := generator.Check(ctx, cfg)
	if err != nil {
		return err // not about what the content says: an unreadable folder, say
	}
	// Problems first, as build prints them: they are what blocks a
	// publish. Each list is sorted by file and position.
	for _, p := range slices.Concat(report.Problems, report.Warnings) {
		if github {
			fmt.Fprintln(e.stderr, workflowCommand(p))
		} else {
			fmt.Fprintln(e.stderr, p)
		}
	}
	switch {
	case len(report.Problems) > 0:
		fmt.Fprintln(e.stderr, report.Summary())
		return errReported
	case len(report.Warnings) > 0 && strict:
		fmt.Fprintf(e.stderr, "%s (failing: -strict)\n", report.Summary())
		return errReported
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", cfg.Content, report)
	return nil
}
