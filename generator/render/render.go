// Package render turns a loaded site into the files of the web site: it
// is a set of views of one model (pages, feeds, the status API, the
// Statuspage views, the collections document, calendars, badges, the
// sitemap, the theme's assets …), each a file of
// this package that lists the files it makes, and a small scheduler that
// renders them, one by one for serve or all at once for build.
//
// Rendering is pure: the same site, theme and Options give the same bytes.
// What the layouts of a theme receive, and the functions they may call,
// are documented in package generator.
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/internal/write"
)

// Options control a rendering.
type Options struct {
	// Now is the build clock. Maintenance states and "generated at" times
	// follow from it, and nothing else does: the same content and the same
	// Now give the same bytes.
	Now time.Time
	// Minify shrinks pages, feeds, JSON, style sheets and scripts.
	Minify bool
	// BaseURL, when set, is where the site is published instead of the
	// site's base_url: serve links every page to itself.
	BaseURL *url.URL
}

// Renderer renders the files of one site with one theme. It parses the
// theme once; its methods are safe for concurrent use.
type Renderer struct {
	site    *content.Site
	now     time.Time
	minify  write.Minify
	base    *url.URL
	theme   *theme
	html    *htmlCache
	partial *partials
	feeds   *feedsView    // its items are also what announce sends
	pages   *pages        // the pages view, which renders every page
	stats   func() *Stats // the statistics, gathered on first use

	targets []target // sorted by name
	byName  map[string]int
}

// target is one file of the site and how to make it.
type target struct {
	name   string // slash-separated path in the site, "news/mesa/index.html"
	render func(buf *bytes.Buffer) error
	// final says that render writes the file as it is published; else
	// it is minified after rendering, by its media type (see write.Minify).
	final bool
}

// view is one kind of output: it lists the files it makes.
type view interface {
	targets() []target
}

// New prepares to render the site, which must have loaded without a
// problem, with the theme.
func New(site *content.Site, theme fs.FS, opts Options) (*Renderer, error) {
	r := &Renderer{
		site:   site,
		now:    opts.Now,
		minify: write.Minify(opts.Minify),
		base:   site.BaseURL,
	}
	if opts.BaseURL != nil {
		r.base = opts.BaseURL
	}
	// The caches first: the theme's functions refer to them.
	r.html = newHTMLCache(r)
	r.partial = newPartials(r)
	th, err := parseTheme(theme, r)
	if err != nil {
		return nil, err
	}
	r.theme = th
	r.feeds = newFeeds(r)
	r.pages = newPages(r)
	r.stats = sync.OnceValue(func() *Stats { return gatherStats(r.site, r.now) })
	views := []view{
		r.pages,
		sitemap{r},
		robots{r},
		r.feeds,
		statusAPI{r},
		statuspageView{r},
		statsView{r},
		entryFiles{r},
		collectionsView{r},
		calendarView{r},
		newBadges(r, theme),
	}
	var ts []target
	for _, v := range views {
		ts = append(ts, v.targets()...)
	}
	ts, err = th.addStatic(ts)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ts, func(a, b target) int { return strings.Compare(a.name, b.name) })
	for i := 1; i < len(ts); i++ {
		if ts[i].name == ts[i-1].name {
			// site.yaml keeps the paths it sets off bulletin's own; this
			// is for a view that would write over another's file.
			return nil, fmt.Errorf("two files of the site at /%s", ts[i].name)
		}
	}
	r.targets = ts
	r.byName = make(map[string]int, len(ts))
	for i, t := range ts {
		r.byName[t.name] = i
	}
	return r, nil
}

// Names returns the path of every file of the site, sorted.
func (r *Renderer) Names() []string {
	names := make([]string, len(r.targets))
	for i, t := range r.targets {
		names[i] = t.name
	}
	return names
}

// Render renders the one file with the name; ok is false if the site has
// no such file. It is how serve answers a request without building the
// whole site.
func (r *Renderer) Render(name string) (data []byte, ok bool, err error) {
	i, ok := r.byName[name]
	if !ok {
		return nil, false, nil
	}
	var buf bytes.Buffer
	if err := r.renderTarget(&buf, new(bytes.Buffer), r.targets[i]); err != nil {
		return nil, true, r.explain(err)
	}
	return buf.Bytes(), true, nil
}

// Output receives rendered files by their slash-separated path in the site
// ("news/mesa/index.html"). It must be safe for concurrent use and must not
// keep data after WriteFile returns: the renderer reuses its buffers.
type Output interface {
	WriteFile(name string, data []byte) error
}

// RenderAll renders every file into out, on every core. It stops at the
// first error, which names the file, or when ctx is done, with ctx's
// error.
func (r *Renderer) RenderAll(ctx context.Context, out Output) error {
	ts := r.targets
	done := ctx.Done()
	var (
		mu       sync.Mutex
		next     int
		firstErr error
		wg       sync.WaitGroup
	)
	for range min(runtime.GOMAXPROCS(0), len(ts)) {
		wg.Go(func() {
			var buf, scratch bytes.Buffer
			for {
				mu.Lock()
				if firstErr == nil && done != nil {
					select {
					case <-done:
						firstErr = ctx.Err()
					default:
					}
				}
				if firstErr != nil || next >= len(ts) {
					mu.Unlock()
					return
				}
				t := ts[next]
				next++
				mu.Unlock()
				buf.Reset()
				err := r.renderTarget(&buf, &scratch, t)
				if err == nil {
					err = out.WriteFile(t.name, buf.Bytes())
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return r.explain(firstErr)
}

// renderTarget renders one file into buf, minified if asked; scratch is
// reused between files to spare allocations.
func (r *Renderer) renderTarget(buf, scratch *bytes.Buffer, t target) error {
	if !bool(r.minify) || t.final {
		if err := t.render(buf); err != nil {
			return &renderError{Name: t.name, Err: err}
		}
		return nil
	}
	scratch.Reset()
	if err := t.render(scratch); err != nil {
		return &renderError{Name: t.name, Err: err}
	}
	return r.minify.File(buf, t.name, scratch.Bytes())
}

// explain returns err, a failure to render, as a rendering without
// minifying words it. Minified layouts are one line each, so an error
// while rendering one names line 1; the same file rendered from the
// layouts as written names the line the mistake is on.
func (r *Renderer) explain(err error) error {
	var re *renderError
	if !bool(r.minify) || !errors.As(err, &re) {
		return err
	}
	plain, perr := New(r.site, r.theme.fsys, Options{Now: r.now, BaseURL: r.base})
	if perr != nil {
		return err
	}
	if _, _, rerr := plain.Render(re.Name); rerr != nil {
		return rerr
	}
	return err
}

// renderError is a failure to render one file of the site, such as a
// layout calling for a field that does not exist.
type renderError struct {
	Name string // the file, "news/mesa/index.html"
	Err  error
}

func (e *renderError) Error() string { return "render " + e.Name + ": " + e.Err.Error() }

func (e *renderError) Unwrap() error { return e.Err }

// errStatic is returned for a theme's static file in the place of a file
// the site makes.
func errStatic(name string) error {
	return fmt.Errorf("theme: static/%s has the path of a file the site makes; rename or remove it", name)
}
