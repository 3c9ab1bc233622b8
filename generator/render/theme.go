package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// theme is a theme parsed for one rendering: its layouts, and its assets
// and static files ready to write.
type theme struct {
	fsys     fs.FS
	layouts  map[string]*template.Template // by page kind
	shared   *template.Template            // base and partials, for partialCached
	feedItem *template.Template            // the content of a feed item
	assets   map[string]string             // asset name → its path in the site
	static   []target                      // assets and static files
}

// pageKinds are the layouts a theme provides, one per kind of page.
var pageKinds = []string{"home", "list", "entry", "release", "releases", "service", "services", "stats", "404"}

// feedItemLayout is the layout of a feed item's content: not a page, and
// never minified, since readers show the whitespace of its code blocks.
const feedItemLayout = "layouts/feed-item.html"

// parseTheme reads the theme's assets and parses its layouts, with the
// functions of r.
func parseTheme(fsys fs.FS, r *Renderer) (*theme, error) {
	t := &theme{fsys: fsys, assets: map[string]string{}}
	if err := t.loadFiles(r); err != nil {
		return nil, err
	}
	if err := t.parseLayouts(r); err != nil {
		return nil, err
	}
	return t, nil
}

// parseLayouts reads layouts/base.html, the shared templates in
// layouts/partials/, and one layout per kind of page; each page layout is
// parsed into its own copy of the shared set so that all may define "main".
func (t *theme) parseLayouts(r *Renderer) error {
	funcs := r.funcs()
	shared := template.New("").Funcs(funcs)
	names := []string{"layouts/base.html"}
	partials, _ := fs.Glob(t.fsys, "layouts/partials/*.html")
	names = append(names, partials...)
	for _, name := range names {
		if err := t.parseFile(shared, name, r); err != nil {
			return err
		}
	}
	t.layouts = make(map[string]*template.Template, len(pageKinds))
	for _, kind := range pageKinds {
		l, err := shared.Clone()
		if err != nil {
			return err
		}
		if err := t.parseFile(l, "layouts/"+kind+".html", r); err != nil {
			return err
		}
		t.layouts[kind] = l
	}
	// The shared set itself renders the cached partials (partialCached).
	t.shared = shared
	src, err := fs.ReadFile(t.fsys, feedItemLayout)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	if t.feedItem, err = template.New(feedItemLayout).Funcs(funcs).Parse(string(src)); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	return nil
}

// parseFile parses one layout into tmpl, minified as the build asks.
func (t *theme) parseFile(tmpl *template.Template, name string, r *Renderer) error {
	src, err := fs.ReadFile(t.fsys, name)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	if r.minify {
		// Minified, a layout is one line: parse it as written first, so
		// that a mistake is reported on its own line.
		if _, err := template.New(name).Funcs(r.funcs()).Parse(string(src)); err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		if src, err = r.minify.Layout(name, src); err != nil {
			return fmt.Errorf("theme: %w", err)
		}
	}
	if _, err := tmpl.New(name).Parse(string(src)); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	return nil
}

// loadFiles reads the theme's assets/ (written under /assets/ with a
// content hash in the name, so they can be cached for good) and static/
// (written at the site root as they are).
func (t *theme) loadFiles(r *Renderer) error {
	return fs.WalkDir(t.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch {
		case strings.HasPrefix(name, "assets/"):
			data, err := fs.ReadFile(t.fsys, name)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := r.minify.File(&buf, name, data); err != nil {
				return fmt.Errorf("theme: %w", err)
			}
			data = buf.Bytes()
			sum := sha256.Sum256(data)
			ext := path.Ext(name)
			out := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
			t.assets[strings.TrimPrefix(name, "assets/")] = "/" + out
			t.static = append(t.static, target{name: out, final: true, render: func(buf *bytes.Buffer) error {
				buf.Write(data)
				return nil
			}})
		case strings.HasPrefix(name, "static/"):
			t.static = append(t.static, target{name: strings.TrimPrefix(name, "static/"), final: true, render: func(buf *bytes.Buffer) error {
				data, err := fs.ReadFile(t.fsys, name)
				buf.Write(data)
				return err
			}})
		}
		return nil
	})
}

// addStatic adds the theme's assets and static files to the files the
// site makes. A static robots.txt replaces the site's own: a site may
// want its own rules for crawlers. Any other static file in the place of
// a file the site makes is an error.
func (t *theme) addStatic(ts []target) ([]target, error) {
	made := make(map[string]bool, len(ts))
	for _, tg := range ts {
		made[tg.name] = true
	}
	for _, s := range t.static {
		switch {
		case s.name == "robots.txt":
			ts = slices.DeleteFunc(ts, func(u target) bool { return u.name == s.name })
		case made[s.name]:
			return nil, errStatic(s.name)
		}
		ts = append(ts, s)
	}
	return ts, nil
}
