package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/bulletin-status/bulletin/generator"
)

func init() {
	commands = append(commands, &command{
		name:    "check",
		summary: "Validate the content folder without building: for pull requests.\n\nEvery problem is printed as file:line:col: message, and the exit status is 1\nif there is any.",
		example: "bulletin check -content content",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			content := fs.String("content", "content", "the content `folder`: site.yaml and the entries")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					fmt.Fprintf(e.stderr, "bulletin check: unexpected argument %q\n", args[0])
					return errUsage
				}
				site, err := generator.Open(*content)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "%s: %d entries, %d releases, no problems\n", *content, len(site.Entries), len(site.Releases))
				return nil
			}
		},
	})
}
