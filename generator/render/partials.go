package render

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"sync"

	"github.com/bulletin-status/bulletin/generator/content"
)

// partials caches the shared templates a rendering executes with
// partialCached: lists repeat each entry's row on several pages and every
// page repeats the site's header; rendering them once is most of what
// keeps a build of thousands of entries fast.
type partials struct {
	r      *Renderer
	cached sync.Map // partialKey → template.HTML, but for entries
	// ofEntry holds the partials of each entry, the most common key: a few
	// each (its row, badges, releases), looked up tens of thousands of
	// times in a large build. A lookup by the entry's pointer and a scan
	// of a few names costs a fraction of one in a map of every partial of
	// the site keyed by name and interface.
	ofEntry map[*content.Entry]*entryPartials
}

// partialKey names one cached rendering of a shared template.
type partialKey struct {
	name string
	key  any
}

// entryPartials holds the cached partials of one entry.
type entryPartials struct {
	mu    sync.Mutex
	names []string
	html  []template.HTML
}

func newPartials(r *Renderer) *partials {
	p := &partials{r: r, ofEntry: make(map[*content.Entry]*entryPartials, len(r.site.Entries))}
	all := make([]entryPartials, len(r.site.Entries))
	for i, e := range r.site.Entries {
		p.ofEntry[e] = &all[i]
	}
	return p
}

// execute runs the shared template name with data once per key for the
// life of the renderer (one build), and returns the HTML.
func (p *partials) execute(name string, data any, key ...any) (template.HTML, error) {
	k := partialKey{name: name, key: data}
	if len(key) > 0 {
		k.key = key[0]
	}
	if e, ok := k.key.(*content.Entry); ok {
		if ep := p.ofEntry[e]; ep != nil {
			return ep.get(p, name, data)
		}
	}
	if k.key != nil && !reflect.TypeOf(k.key).Comparable() {
		return "", fmt.Errorf("partialCached %q: the key, a %T, cannot be compared; pass one that can as the third argument", name, k.key)
	}
	if html, ok := p.cached.Load(k); ok {
		return html.(template.HTML), nil
	}
	html, err := p.run(name, data)
	if err != nil {
		return "", err
	}
	p.cached.Store(k, html)
	return html, nil
}

func (p *partials) run(name string, data any) (template.HTML, error) {
	var b strings.Builder
	if err := p.r.theme.shared.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

func (ep *entryPartials) get(p *partials, name string, data any) (template.HTML, error) {
	ep.mu.Lock()
	for i, n := range ep.names {
		if n == name {
			html := ep.html[i]
			ep.mu.Unlock()
			return html, nil
		}
	}
	ep.mu.Unlock()
	// Not under the lock: the partial may show another of the entry's
	// (a row shows the badges). Two pages that render it at once render
	// the same HTML; the first one stored is kept.
	html, err := p.run(name, data)
	if err != nil {
		return "", err
	}
	ep.mu.Lock()
	defer ep.mu.Unlock()
	for i, n := range ep.names {
		if n == name {
			return ep.html[i], nil
		}
	}
	ep.names = append(ep.names, name)
	ep.html = append(ep.html, html)
	return html, nil
}
