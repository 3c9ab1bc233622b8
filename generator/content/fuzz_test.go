package content_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/render"
	"github.com/bulletin-status/bulletin/themes"
)

// FuzzLoad loads a site of any site.yaml and one entry of any name and
// text. Whatever they hold, the load must not panic or hang, and must
// either tell every problem at a position inside the file, on one line
// that a terminal shows as it is, or give a site that renders: its times
// within the years 1 to 9999, its links URLs, its entry's page, feeds and
// status documents made without an error. go test runs the seeds (the
// sample, golden, realworld and hostile sites, the cases of issue 13, and
// testdata/fuzz/FuzzLoad); go test -fuzz FuzzLoad looks for more.
func FuzzLoad(f *testing.F) {
	sites, entries := seeds(f)
	for i, e := range entries {
		f.Add(sites[i%len(sites)], "2026-11-19-mesa", e)
	}
	for _, edge := range []string{
		"---\ntitle: \"\u200b\"\ndate: 0001-01-01\nreleases: [f43]\nseverity: major\nstatus: identified\n---\n",
		"---\rtitle: CR\rdate: 9999-12-31T23:00:00-02:00\rkind: announcement\r---\r",
		"---\ntitle: A\ndate: 2026-11-02T10:00:00+24:00\nkind: announcement\nlinks: ['https://x.example/\"><script>']\n---\n",
		"---\ntitle: A\x07B\ndate: 2026-11-02\nkind: announcement\n---\n![x](http://img.example/x.png)\n",
		"---\n*hunter2\n---\n",
		"---\ntitle: A\ndate: 2026-11-02\nkind: announcement\n---\n" + strings.Repeat("> ", 20) + "x\n",
	} {
		f.Add(sites[0], "x", edge)
	}
	f.Add("secret-token\n", "\x1b[2J\nname", "---\n---\n")

	theme := themes.Default
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, siteYAML, name, entry string) {
		name = "news/" + strings.ReplaceAll(name, "/", "_") + ".md"
		files := map[string]string{"content/site.yaml": siteYAML, "content/" + name: entry}
		fsys := fstest.MapFS{"site.yaml": {Data: []byte(siteYAML)}, name: {Data: []byte(entry)}}
		site, src, err := content.Load(context.Background(), fsys, "content")
		if site == nil || src == nil {
			t.Fatalf("no site or source, with %v", err)
		}
		probs, other := content.Split(err)
		if other != nil {
			t.Fatalf("an error that is no problem of the content: %v", other)
		}
		for _, p := range probs {
			data, ok := files[p.File]
			if !ok && p.File != "content" {
				t.Errorf("a problem of a file the site does not have: %q", p.File)
			}
			if lines := strings.Count(data, "\n") + strings.Count(data, "\r") + 1; p.Line < 0 || p.Line > lines || p.Col < 0 {
				t.Errorf("a problem at %d:%d of a file of %d lines: %v", p.Line, p.Col, lines, p)
			}
			if msg := p.Error(); strings.IndexFunc(msg, unicode.IsControl) >= 0 {
				t.Errorf("a problem that is not one plain line: %q", msg)
			}
		}
		content.Warnings(site, src, now)
		if err != nil {
			return
		}
		for _, e := range site.Entries {
			for _, tm := range []time.Time{e.Date, e.ETA, e.Resolved, e.Starts, e.Ends} {
				if !tm.IsZero() && (tm.Year() < 1 || tm.Year() > 9999) {
					t.Errorf("a time in the year %d", tm.Year())
				}
			}
			if strings.TrimSpace(e.Title) == "" || strings.ContainsAny(e.Title, "\r\n") {
				t.Errorf("title %q", e.Title)
			}
		}
		r, err := render.New(site, theme, render.Options{Now: now})
		if err != nil {
			t.Fatalf("a site without problems does not render: %v", err)
		}
		for _, file := range []string{"index.html", "status.json", "feed.json", "feed.atom", "feed.rss", "api/v2/summary.json", "sitemap.xml"} {
			if _, _, err := r.Render(file); err != nil {
				t.Errorf("%s: %v", file, err)
			}
		}
		for _, e := range site.Entries {
			if _, ok, err := r.Render(strings.TrimPrefix(e.Path(), "/") + "index.html"); !ok || err != nil {
				t.Errorf("the page of %s: %v", e.Slug, err)
			}
		}
	})
}

// seeds returns the site.yaml and entries of the sites in the repository.
func seeds(f *testing.F) (sites, entries []string) {
	for _, dir := range []string{"../../content", "../testdata/golden/content", "../testdata/realworld/content", "../testdata/hostile/content"} {
		err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(name)
			switch {
			case err != nil:
				return err
			case d.Name() == "site.yaml":
				sites = append(sites, string(data))
			case strings.HasSuffix(name, ".md"):
				entries = append(entries, string(data))
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			f.Fatal(err)
		}
	}
	return sites, entries
}
