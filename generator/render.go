package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Options control a rendering.
type Options struct {
	// Now is the build clock. Maintenance states and "generated at" times
	// follow from it, and nothing else does: the same content and the same
	// Now give the same bytes.
	Now time.Time
	// Minify shrinks HTML, CSS, JS, SVG, XML and JSON.
	Minify bool
}

// Renderer turns a validated site into the files of the web site. It parses
// the theme once; its methods are safe for concurrent use.
type Renderer struct {
	site     *Site
	opts     Options
	layouts  map[string]*template.Template // by page kind
	shared   *template.Template            // base and partials, for partialCached
	cached   sync.Map                      // partialKey → template.HTML, but for entries
	feedSets sync.Map                      // feedLinks key → []FeedLink
	assets   map[string]string             // theme asset name → its path in the site
	static   []target                      // theme assets and static files, ready to write

	partialsOnce sync.Once
	partialsOf   map[*Entry]*partials // partialCached for entry keys

	once    sync.Once
	targets []target
	byName  map[string]int
	clash   error // a static file of the theme where the site makes one
}

// target is one file of the site and how to make it.
type target struct {
	name   string // slash-separated path in the site, "news/mesa/index.html"
	render func(buf *bytes.Buffer) error
}

// NewRenderer prepares to render the site, which must have been validated,
// with the theme.
func NewRenderer(site *Site, theme fs.FS, opts Options) (*Renderer, error) {
	if site.index == nil {
		return nil, errors.New("the site must be validated before it is rendered")
	}
	r := &Renderer{site: site, opts: opts, assets: map[string]string{}}
	if err := r.loadAssets(theme); err != nil {
		return nil, err
	}
	if err := r.parseLayouts(theme); err != nil {
		return nil, err
	}
	return r, nil
}

// pageKinds are the layouts a theme provides, one per kind of page.
var pageKinds = []string{"home", "list", "entry", "release", "releases", "404"}

// parseLayouts reads layouts/base.html, the shared templates in
// layouts/partials/, and one layout per kind of page; each page layout is
// parsed into its own copy of the shared set so that all may define "main".
func (r *Renderer) parseLayouts(theme fs.FS) error {
	shared := template.New("").Funcs(r.funcs())
	names := []string{"layouts/base.html"}
	partials, _ := fs.Glob(theme, "layouts/partials/*.html")
	names = append(names, partials...)
	for _, name := range names {
		if err := r.parseFile(shared, theme, name); err != nil {
			return err
		}
	}
	r.layouts = make(map[string]*template.Template, len(pageKinds))
	for _, kind := range pageKinds {
		t, err := shared.Clone()
		if err != nil {
			return err
		}
		if err := r.parseFile(t, theme, "layouts/"+kind+".html"); err != nil {
			return err
		}
		r.layouts[kind] = t
	}
	// The shared set itself renders the cached partials (partialCached).
	r.shared = shared
	return nil
}

// parseFile parses one layout into t. When minifying, the layout's markup
// is minified here, once, in tdewolff's template mode (which leaves the
// actions alone), rather than every page it renders: the pages come out
// minified at a fraction of the cost.
func (r *Renderer) parseFile(t *template.Template, theme fs.FS, name string) error {
	src, err := fs.ReadFile(theme, name)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	if r.opts.Minify {
		// Minified, a layout is one line: parse it as written first, so
		// that a mistake is reported on its own line.
		if _, err := template.New(name).Funcs(r.funcs()).Parse(string(src)); err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		var buf bytes.Buffer
		if err := templateMinifier.Minify("text/html", &buf, bytes.NewReader(src)); err != nil {
			return fmt.Errorf("theme: minify %s: %w", name, err)
		}
		src = buf.Bytes()
	}
	if _, err := t.New(name).Parse(string(src)); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	return nil
}

// loadAssets reads the theme's assets/ (written under /assets/ with a
// content hash in the name, so they can be cached for good) and static/
// (written at the site root as they are).
func (r *Renderer) loadAssets(theme fs.FS) error {
	return fs.WalkDir(theme, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		var out string
		switch {
		case strings.HasPrefix(name, "assets/"):
			data, err := fs.ReadFile(theme, name)
			if err != nil {
				return err
			}
			if r.opts.Minify {
				var buf bytes.Buffer
				if err := minifyFile(&buf, name, data); err != nil {
					return fmt.Errorf("theme: %w", err)
				}
				data = buf.Bytes()
			}
			sum := sha256.Sum256(data)
			ext := path.Ext(name)
			out = strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
			r.assets[strings.TrimPrefix(name, "assets/")] = "/" + out
			r.static = append(r.static, target{name: out, render: func(buf *bytes.Buffer) error {
				buf.Write(data)
				return nil
			}})
		case strings.HasPrefix(name, "static/"):
			out = strings.TrimPrefix(name, "static/")
			r.static = append(r.static, target{name: out, render: func(buf *bytes.Buffer) error {
				data, err := fs.ReadFile(theme, name)
				buf.Write(data)
				return err
			}})
		}
		return nil
	})
}

// all returns every file of the site, sorted by name, computing the list
// once.
func (r *Renderer) all() []target {
	r.once.Do(func() {
		var ts []target
		ts = append(ts, r.pageTargets()...)
		ts = append(ts, r.extraTargets()...)
		ts = append(ts, r.feedTargets()...)
		ts = append(ts, r.apiTargets()...)
		made := make(map[string]bool, len(ts))
		for _, t := range ts {
			made[t.name] = true
		}
		for _, t := range r.static {
			switch {
			case t.name == "robots.txt":
				// A site may want its own rules for crawlers.
				ts = slices.DeleteFunc(ts, func(u target) bool { return u.name == t.name })
			case made[t.name]:
				if r.clash == nil {
					r.clash = fmt.Errorf("theme: static/%s has the path of a file the site makes; rename or remove it", t.name)
				}
				continue
			}
			ts = append(ts, t)
		}
		slices.SortFunc(ts, func(a, b target) int { return strings.Compare(a.name, b.name) })
		r.targets = ts
		r.byName = make(map[string]int, len(ts))
		for i, t := range ts {
			r.byName[t.name] = i
		}
	})
	return r.targets
}

// extraTargets are the files for crawlers: the sitemap and robots.txt.
func (r *Renderer) extraTargets() []target {
	return append(r.sitemapTargets(), target{name: "robots.txt", render: r.robots})
}

// Names returns the path of every file of the site, sorted.
func (r *Renderer) Names() []string {
	ts := r.all()
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.name
	}
	return names
}

// Render renders the one file with the name; ok is false if the site has
// no such file. It is how serve answers a request without building the
// whole site.
func (r *Renderer) Render(name string) (data []byte, ok bool, err error) {
	r.all()
	if r.clash != nil {
		return nil, true, r.clash
	}
	i, ok := r.byName[name]
	if !ok {
		return nil, false, nil
	}
	var buf bytes.Buffer
	if err := r.renderTarget(&buf, new(bytes.Buffer), r.targets[i]); err != nil {
		return nil, true, err
	}
	return buf.Bytes(), true, nil
}

// RenderAll renders every file into out, on every core. It stops at the
// first error, which names the file.
func (r *Renderer) RenderAll(out Output) error {
	ts := r.all()
	if r.clash != nil {
		return r.clash
	}
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
	return firstErr
}

// renderTarget renders one file into buf, minified if asked; scratch is
// reused between files to spare allocations. Pages and feeds come out of
// their templates and encoders minified already (see parseFile and
// feedTargets); the other text files go through the minifier.
func (r *Renderer) renderTarget(buf, scratch *bytes.Buffer, t target) error {
	if !r.opts.Minify || strings.HasPrefix(t.name, "assets/") || !minifiedAfter(t.name) {
		if err := t.render(buf); err != nil {
			return &RenderError{Name: t.name, Err: err}
		}
		return nil
	}
	scratch.Reset()
	if err := t.render(scratch); err != nil {
		return &RenderError{Name: t.name, Err: err}
	}
	return minifyFile(buf, t.name, scratch.Bytes())
}

// RenderError is a failure to render one file of the site, such as a
// layout calling for a field that does not exist.
type RenderError struct {
	Name string // the file, "news/mesa/index.html"
	Err  error
}

func (e *RenderError) Error() string { return "render " + e.Name + ": " + e.Err.Error() }

func (e *RenderError) Unwrap() error { return e.Err }
