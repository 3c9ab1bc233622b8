package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/announce"
	"github.com/bulletin-status/bulletin/generator/content"
)

var announceCommand = &command{
	name: "announce",
	summary: "Send each new item, once, to the channels of site.yaml's announce section.\n\n" +
		"Run after a deploy. The items are the feeds' items: each entry, and each later\n" +
		"event of its story (an update, a window starting or ending, a resolution).\n" +
		"Each goes to the mailing lists, Matrix rooms, webhooks, Discourse forums and\n" +
		"Slack channels that want its releases, services and kind, once its page on\n" +
		"the live site shows it; then the WebSub hub is pinged. Secrets come from the\n" +
		"environment variables that site.yaml names.\n\n" +
		"What was sent is kept in a record (-record), saved after each message: a run\n" +
		"sends only what the record does not hold, a channel that fails is sent what\n" +
		"it missed by the next run, and a lock in the record keeps two runs from\n" +
		"sending at once. The first run, with no record yet, sends nothing of the\n" +
		"site's history unless -since says from when.\n\n" +
		"It exits 1 when a channel failed, after sending to the others.",
	example: "bulletin announce -dry-run                         # what would be sent\n" +
		"bulletin announce -record git:bulletin-announced -wait 15m\n" +
		"bulletin announce -record announced.json -since 2026-12-01T00:00:00Z",
	flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		dir := fs.String("content", "content", "the content `folder`: site.yaml and the entries")
		theme := fs.String("theme", "", "the theme `folder` the site is built with (items are written by its feed-item layout)")
		record := fs.String("record", "git:bulletin-announced", "the `place` where the record of what was sent is kept: git:BRANCH, a branch of the remote origin of the content folder's repository; or a file")
		since := fs.String("since", "", "on the first run, send the items from this `time` on (RFC 3339 or YYYY-MM-DD)")
		dryRun := fs.Bool("dry-run", false, "print what would be sent, and send and save nothing")
		timeout := fs.Duration("timeout", 30*time.Second, "how long each connection or request may take")
		wait := fs.Duration("wait", 0, "how long to wait for the live site to show new items (the deploy to finish)")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				fmt.Fprintf(e.stderr, "bulletin announce: unexpected argument %q\n", args[0])
				return errUsage
			}
			now, err := clock(e)
			if err != nil {
				return err
			}
			cfg := announce.Config{
				Now: now, DryRun: *dryRun, Getenv: e.getenv, Out: e.stdout,
				Timeout: *timeout, Wait: *wait, RootCAs: e.tlsRoots,
			}
			if *since != "" {
				if cfg.Since, err = content.ParseTime(*since); err != nil {
					fmt.Fprintf(e.stderr, "bulletin announce: -since %q: %v\n", *since, err)
					return errUsage
				}
			}
			if branch, ok := strings.CutPrefix(*record, "git:"); ok {
				cfg.Store = announce.GitStore{Dir: filepath.Clean(*dir), Remote: "origin", Branch: branch}
			} else {
				cfg.Store = announce.FileStore{Path: *record}
			}
			p, err := generator.Prepare(ctx, generator.Config{Content: *dir, Theme: *theme, Now: now})
			if err != nil {
				return err
			}
			cfg.Site = p.Site
			// Every item of the site's history is made, to be checked
			// against the record: seconds for a large site, spent only
			// where there is somewhere to send.
			if p.Site.Announce != nil {
				if cfg.Items, err = p.Renderer.Items(); err != nil {
					return err
				}
			}
			err = announce.Run(ctx, cfg)
			var failed *announce.Failures
			if !errors.As(err, &failed) {
				return err
			}
			// Each failed channel on a line of its own.
			for _, one := range failed.Errs {
				fmt.Fprintf(e.stderr, "bulletin announce: %v\n", one)
			}
			return errReported
		}
	},
}
