package main

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/bulletin-status/bulletin/generator"
)

var buildCommand = &command{
	name:    "build",
	summary: "Build the site from the content folder into the output folder, minified.\n\nThe output folder is replaced only when the whole build succeeds; on any\nproblem, or on Ctrl-C or SIGTERM, it stays as it was. One build at a time\nwrites a folder. With SOURCE_DATE_EPOCH set, the build clock is that time\nand two builds of the same content are byte-identical.",
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
			defer tuneGC(e.getenv)()
			start := time.Now()
			stats, err := generator.Build(ctx, generator.Config{
				Content: *content, Out: *out, Theme: *theme, Now: now, Minify: *minify,
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "built %d entries into %s (%d files) in %v\n",
				stats.Entries, *out, stats.Files, time.Since(start).Round(time.Millisecond))
			return nil
		}
	},
}

// tuneGC lets a build's heap grow to three times what it holds rather
// than twice, unless the user tuned the collector with GOGC: a build makes
// garbage fast and keeps little of it, so the collector runs half as
// often for some 50 MB more at 10,000 entries. The heap is also held
// under 1.5 GiB (unless GOMEMLIMIT is set), so that large sites do not
// pay for it: there the collector runs as often as the limit needs, and a
// 100,000-entry build stays near 1.6 GB. It returns what restores the
// settings.
func tuneGC(getenv func(string) string) (restore func()) {
	if getenv("GOGC") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(200)
	limit := int64(-1)
	if getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(1536 << 20)
	}
	return func() {
		debug.SetGCPercent(percent)
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
	}
}
