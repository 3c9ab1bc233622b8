package generator

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"sync"
	"time"
)

// funcs are the functions layouts may call, besides html/template's own.
//
//	url "/news/"        the path a browser requests for a site path
//	absURL "/news/"     the same as an absolute URL
//	asset "style.css"   the path of a theme asset, with its content hash
//	date t              "2 November 2026"
//	datetime t          RFC 3339, for <time datetime>
//	clock t             "2 November 2026, 14:30 UTC", or the date alone at midnight
//	hour t              "14:30 UTC"
//	timeTag t           <time datetime="…">clock t</time>, as HTML
//	body e              the entry's text as HTML
//	bodyTitled e        whether that text starts with a heading of its own
//	workaround e        the entry's workaround as HTML
//	updateHTML e i      the text of the entry's update i as HTML
//	summary e           the first paragraph of the entry, as plain text
//	timeline e          the entry's updates, newest first
//	release "f43"       the release with the id
//	indicator "f43"     the state of the release at the build time
//	window e            the state of a maintenance at the build time
//	overdue e           whether an open incident's ETA has passed at the build time
//	plural n "incident" "1 incident", "2 incidents"
//	partialCached "name" data [key]
//	                    the shared template "name" executed with data, once
//	                    per build for each key (data itself by default): for
//	                    what many pages repeat, such as an entry's row in the
//	                    lists it appears in; the result is HTML for element
//	                    content, and key must be comparable
func (r *Renderer) funcs() template.FuncMap {
	s := r.site
	return template.FuncMap{
		"url":    s.Path,
		"absURL": s.AbsURL,
		"asset": func(name string) (string, error) {
			p, ok := r.assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q in the theme's assets/", name)
			}
			return s.Path(p), nil
		},
		"date":     func(t time.Time) string { return t.UTC().Format("2 January 2006") },
		"datetime": formatTime,
		"clock":    clock,
		"timeTag":  timeTag,
		"hour":     func(t time.Time) string { return t.UTC().Format("15:04 MST") },
		"body":     func(e *Entry) template.HTML { return s.html(e).body },
		"workaround": func(e *Entry) template.HTML {
			return s.html(e).workaround
		},
		"bodyTitled": func(e *Entry) bool {
			_, titled := s.summary(e)
			return titled
		},
		"updateHTML": func(e *Entry, i int) template.HTML { return s.html(e).updates[i] },
		"summary": func(e *Entry) string {
			summary, _ := s.summary(e)
			return summary
		},
		"timeline":      timeline,
		"release":       s.Release,
		"indicator":     func(id string) Indicator { return s.Indicator(id, r.opts.Now) },
		"window":        func(e *Entry) WindowState { return e.Window(r.opts.Now) },
		"overdue":       func(e *Entry) bool { return e.Overdue(r.opts.Now) },
		"partialCached": r.partialCached,
		"plural": func(n int, word string) string {
			if n == 1 {
				return "1 " + word
			}
			return fmt.Sprintf("%d %ss", n, word)
		},
		"title": func(s string) string {
			if s == "" {
				return s
			}
			return strings.ToUpper(s[:1]) + s[1:]
		},
	}
}

// TimelineItem is one update of an entry as a page shows it.
type TimelineItem struct {
	Index  int // in the entry's Updates, oldest first
	Number int // Index + 1: "#update-2" is the second update, here and in feeds
	Update
}

// timeline returns the updates newest first, as status pages show them.
func timeline(e *Entry) []TimelineItem {
	out := make([]TimelineItem, len(e.Updates))
	for i, u := range e.Updates {
		out[len(out)-1-i] = TimelineItem{Index: i, Number: i + 1, Update: u}
	}
	return out
}

// clock formats a time for people. A time at midnight UTC is almost always
// a date written without a time ("eta: 2026-11-24"), so it shows as a date.
func clock(t time.Time) string {
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2 January 2006")
	}
	return t.Format("2 January 2006, 15:04 MST")
}

// partialKey names one cached rendering of a shared template.
type partialKey struct {
	name string
	key  any
}

// partialCached executes the shared template name with data once per key
// for the life of the renderer (one build), and returns the HTML. Lists
// repeat each entry's row on several pages and every page repeats the
// site's header; rendering them once is most of what keeps a build of
// thousands of entries fast.
func (r *Renderer) partialCached(name string, data any, key ...any) (template.HTML, error) {
	k := partialKey{name: name, key: data}
	if len(key) > 0 {
		k.key = key[0]
	}
	if e, ok := k.key.(*Entry); ok {
		if p := r.entryPartials(e); p != nil {
			return p.get(r, name, data)
		}
	}
	if k.key != nil && !reflect.TypeOf(k.key).Comparable() {
		return "", fmt.Errorf("partialCached %q: the key, a %T, cannot be compared; pass one that can as the third argument", name, k.key)
	}
	if html, ok := r.cached.Load(k); ok {
		return html.(template.HTML), nil
	}
	html, err := r.executeShared(name, data)
	if err != nil {
		return "", err
	}
	r.cached.Store(k, html)
	return html, nil
}

func (r *Renderer) executeShared(name string, data any) (template.HTML, error) {
	var b strings.Builder
	if err := r.shared.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// partials holds the cached partials of one entry, the most common key:
// a few each (its row, badges, releases), looked up tens of thousands of
// times in a large build. A lookup by the entry's pointer and a scan of a
// few names costs a fraction of one in a map of every partial of the
// site keyed by name and interface.
type partials struct {
	mu    sync.Mutex
	names []string
	html  []template.HTML
}

// entryPartials returns the cache of the entry's partials, or nil if the
// entry is not one of the site's.
func (r *Renderer) entryPartials(e *Entry) *partials {
	r.partialsOnce.Do(func() {
		r.partialsOf = make(map[*Entry]*partials, len(r.site.Entries))
		all := make([]partials, len(r.site.Entries))
		for i, e := range r.site.Entries {
			r.partialsOf[e] = &all[i]
		}
	})
	return r.partialsOf[e]
}

func (p *partials) get(r *Renderer, name string, data any) (template.HTML, error) {
	p.mu.Lock()
	for i, n := range p.names {
		if n == name {
			html := p.html[i]
			p.mu.Unlock()
			return html, nil
		}
	}
	p.mu.Unlock()
	// Not under the lock: the partial may show another of the entry's
	// (a row shows the badges). Two pages that render it at once render
	// the same HTML; the first one stored is kept.
	html, err := r.executeShared(name, data)
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, n := range p.names {
		if n == name {
			return p.html[i], nil
		}
	}
	p.names = append(p.names, name)
	p.html = append(p.html, html)
	return html, nil
}

// timeTag is a <time> element showing clock t, the most common pair in
// layouts, made in one call instead of four (two functions and their
// escapers), which matters on every page of a large site.
func timeTag(t time.Time) template.HTML {
	return template.HTML(`<time datetime="` + formatTime(t) + `">` + clock(t) + `</time>`)
}
