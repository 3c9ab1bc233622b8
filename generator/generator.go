package generator

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/internal/english"
	"github.com/bulletin-status/bulletin/generator/internal/write"
	"github.com/bulletin-status/bulletin/generator/render"
	"github.com/bulletin-status/bulletin/themes"
)

// Config says what to build and how.
type Config struct {
	Content string    // the content folder
	Theme   string    // a theme folder over the default theme; "" for the default alone
	Now     time.Time // the build clock
	Minify  bool
	Out     string // the folder Build replaces with the site

	// BaseURL, when set, is where the site is served instead of its
	// base_url: serve links every page to itself.
	BaseURL *url.URL
	// Loader, when set, loads the content instead of a load of the whole
	// folder: serve's loader, which reads again only what changed.
	Loader *content.Loader
}

// Prepared is a site loaded, checked and ready to render.
type Prepared struct {
	Site     *content.Site    // as far as it loaded, even with problems
	Warnings []*content.Error // allowed but probably wrong at the build clock, sorted (Build tells none)
	Renderer *render.Renderer // nil when the site has problems

	root string // the content folder, as problems name it
}

// EntryWarnings returns the warnings about one entry of the site.
func (p *Prepared) EntryWarnings(e *content.Entry) []*content.Error {
	var out []*content.Error
	for _, w := range p.Warnings {
		if w.File == path.Join(p.root, e.File) {
			out = append(out, w)
		}
	}
	return out
}

// Prepare runs the steps that build, check and serve share: it loads the
// content folder (parsing, checking and resolving every file), tells its
// warnings, and prepares to render it with the theme. The error holds
// every problem of the content, positioned and sorted, or what else went
// wrong (an unreadable folder, a broken theme). The Prepared it returns
// with an error tells what it can: the site as far as it loaded, and its
// warnings. When ctx is done, loading stops with ctx's error.
func Prepare(ctx context.Context, cfg Config) (*Prepared, error) {
	return prepareTo(ctx, cfg, true)
}

// prepareTo is Prepare, telling the warnings only if warn: a build
// publishes and does not tell them, and on a site of thousands of
// entries they cost a build time and memory for nothing.
func prepareTo(ctx context.Context, cfg Config, warn bool) (*Prepared, error) {
	if err := content.CheckClock(cfg.Now); err != nil {
		return nil, err
	}
	load := cfg.Loader
	if load == nil {
		fsys, err := content.Dir(cfg.Content)
		if err != nil {
			return nil, err
		}
		site, src, err := content.Load(ctx, fsys, contentRoot(cfg.Content))
		return prepare(cfg, site, src, err, warn)
	}
	site, src, err := load.Load(ctx)
	return prepare(cfg, site, src, err, warn)
}

func prepare(cfg Config, site *content.Site, src *content.Source, loadErr error, warn bool) (*Prepared, error) {
	p := &Prepared{Site: site, root: src.Root()}
	if warn {
		p.Warnings = content.Warnings(site, src, cfg.Now)
	}
	if loadErr != nil {
		return p, loadErr
	}
	theme, err := themes.Open(cfg.Theme)
	if err != nil {
		return p, err
	}
	p.Renderer, err = render.New(site, theme, render.Options{Now: cfg.Now, Minify: cfg.Minify, BaseURL: cfg.BaseURL})
	return p, err
}

// contentRoot is how problems name the content folder: as the user gave
// it, with slashes.
func contentRoot(dir string) string { return filepath.ToSlash(filepath.Clean(dir)) }

// NewLoader returns serve's loader of the content folder dir, which reads
// again only what changed (see content.Loader).
func NewLoader(dir string) (*content.Loader, error) {
	fsys, err := content.Dir(dir)
	if err != nil {
		return nil, err
	}
	return content.NewLoader(fsys, contentRoot(dir)), nil
}

// Stats tells what a build did.
type Stats struct {
	Entries int
	Files   int
}

// Build turns the content folder into the site in cfg.Out. The folder is
// replaced only when everything succeeded; on any error it stays as it was.
// When ctx is done (Ctrl-C, a CI job's timeout), the build stops, leaving
// the folder as it was, with the error of why.
func Build(ctx context.Context, cfg Config) (Stats, error) {
	p, err := prepareTo(ctx, cfg, false)
	if ctx.Err() != nil {
		return Stats{}, fmt.Errorf("stopped before %s was replaced: %w", cfg.Out, context.Cause(ctx))
	}
	if err != nil {
		return Stats{}, err
	}
	out, err := write.NewDir(cfg.Out, cfg.Content)
	if err != nil {
		return Stats{}, err
	}
	err = p.Renderer.RenderAll(ctx, out)
	if ctx.Err() != nil {
		out.Abort()
		return Stats{}, fmt.Errorf("stopped before %s was replaced: %w", cfg.Out, context.Cause(ctx))
	}
	if err != nil {
		out.Abort()
		return Stats{}, err
	}
	if err := out.Commit(); err != nil {
		return Stats{}, err
	}
	return Stats{Entries: len(p.Site.Entries), Files: len(p.Renderer.Names())}, nil
}

// Report is what Check found.
type Report struct {
	Site     *content.Site    // as far as it loaded
	Problems []*content.Error // what stops a build, sorted
	Warnings []*content.Error // allowed but probably wrong, sorted
}

// Check loads and checks the content folder as Build does, and renders
// nothing. Its error is for what is not a problem of the content: a
// missing folder, a missing or broken theme, ctx done before the check.
func Check(ctx context.Context, cfg Config) (*Report, error) {
	p, err := Prepare(ctx, cfg)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("stopped before the check was done: %w", context.Cause(ctx))
	}
	if p == nil {
		return nil, err
	}
	probs, other := content.Split(err)
	return &Report{Site: p.Site, Problems: probs, Warnings: p.Warnings}, other
}

// Summary counts the problems and warnings: "2 problems, 1 warning", or
// "no problems".
func (r *Report) Summary() string {
	switch {
	case len(r.Problems) == 0 && len(r.Warnings) == 0:
		return "no problems"
	case len(r.Problems) == 0:
		return english.Plural(len(r.Warnings), "warning")
	case len(r.Warnings) == 0:
		return english.Plural(len(r.Problems), "problem")
	}
	return english.Plural(len(r.Problems), "problem") + ", " + english.Plural(len(r.Warnings), "warning")
}

// String describes the site checked: "content: 14 entries, 7 releases,
// no problems".
func (r *Report) String() string {
	services := ""
	if n := len(r.Site.Services); n > 0 {
		services = ", " + english.Plural(n, "service")
	}
	return fmt.Sprintf("%s, %s%s, %s", english.Plural(len(r.Site.Entries), "entry"), english.Plural(len(r.Site.Releases), "release"), services, r.Summary())
}

// Plural returns a count with its noun ("1 incident", "3 entries"),
// worded as the site words them, for the messages of bulletin's commands.
func Plural(n int, word string) string { return english.Plural(n, word) }
