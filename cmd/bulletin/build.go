package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/themes"
)

func init() {
	commands = append(commands, &command{
		name:    "build",
		summary: "Build the site from the content folder into the output folder, minified.\n\nThe output folder is replaced only when the whole build succeeds; on any\nproblem it stays as it was. With SOURCE_DATE_EPOCH set, the build clock is\nthat time and two builds of the same content are byte-identical.",
		example: "bulletin build -content content -out public\nSOURCE_DATE_EPOCH=$(git log -1 --format=%ct) bulletin build",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			content := fs.String("content", "content", "the content `folder`: site.yaml and the entries")
			out := fs.String("out", "public", "the output `folder`, replaced as a whole")
			theme := fs.String("theme", "", "a theme `folder` whose files override the default theme's")
			minify := fs.Bool("minify", true, "minify HTML, CSS, JS, SVG, XML and JSON")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					fmt.Fprintf(e.stderr, "bulletin build: unexpected argument %q\n", args[0])
					return errUsage
				}
				now, err := clock(e)
				if err != nil {
					return err
				}
				th, err := themes.Open(*theme)
				if err != nil {
					return err
				}
				start := time.Now()
				stats, err := generator.Build(generator.Config{
					Content: *content, Out: *out, Theme: th, Now: now, Minify: *minify,
				})
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "built %d entries into %s (%d files) in %v\n",
					stats.Entries, *out, stats.Files, time.Since(start).Round(time.Millisecond))
				return nil
			}
		},
	})
}
