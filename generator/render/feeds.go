package render

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bulletin-status/bulletin/feeds"
	"github.com/bulletin-status/bulletin/generator/content"
)

// feedsView is a second view of the entries, built from the same model as
// the pages: /feed.atom, /feed.rss and /feed.json for the whole site, and
// the same three under /releases/<id>/ for each release in site.yaml, EOL
// ones included. Each is written even when it has no items, so that a
// subscription URL never stops working.
//
// Each entry is an item, and so is each update in its timeline, so that a
// subscriber hears of a new workaround or a fix. Ids are tag URIs minted
// from id_authority, the entry's first-published date and its id (see
// tagURI); an entry's own item keeps its id, title and published date for
// good, and only its updated time moves.
//
// Nothing in a feed depends on the build clock: the feed's updated time is
// its newest item's, and a maintenance window is given by its times, not
// by a state that changes as the clock passes them. The same content gives
// the same bytes whenever it is built.
type feedsView struct {
	r     *Renderer
	items sync.Map // feedRef → feeds.Item: an item is in several feeds, in three formats
}

func newFeeds(r *Renderer) *feedsView { return &feedsView{r: r} }

// tagURI returns the entry's permanent id, as feeds and APIs give it:
// "tag:<id_authority>:<date first published>:<id>". It depends on nothing
// an editor changes casually (not the title, the file name or the base
// URL), so feed readers never see the entry as new again.
func (r *Renderer) tagURI(e *content.Entry) string {
	return "tag:" + r.site.IDAuthority + ":" + e.Date.UTC().Format(time.DateOnly) + ":" + e.ID
}

func (v *feedsView) targets() []target {
	r := v.r
	scopes := append([]*content.Release{nil}, r.site.Releases...)
	var ts []target
	for _, rel := range scopes {
		dir := "/"
		if rel != nil {
			dir = rel.Path()
		}
		feed := sync.OnceValues(func() (*feeds.Feed, error) { return v.feed(rel) })
		for _, format := range feeds.Formats {
			file := dir + "feed" + format.Ext()
			self := r.absURL(file)
			ts = append(ts, target{name: file[1:], final: true, render: func(buf *bytes.Buffer) error {
				f, err := feed()
				if err != nil {
					return err
				}
				return f.Encode(buf, format, self, r.minify.Indent())
			}})
		}
	}
	return ts
}

// item returns the item ref names, building it once.
func (v *feedsView) item(ref feedRef) (feeds.Item, error) {
	if it, ok := v.items.Load(ref); ok {
		return it.(feeds.Item), nil
	}
	it, err := v.build(ref)
	if err != nil {
		return it, err
	}
	stored, _ := v.items.LoadOrStore(ref, it)
	return stored.(feeds.Item), nil
}

// feed returns the feed of a release, or of the whole site for nil, with
// its newest items.
func (v *feedsView) feed(rel *content.Release) (*feeds.Feed, error) {
	r := v.r
	s := r.site
	f := &feeds.Feed{
		ID:          "tag:" + s.IDAuthority + ":feed",
		Title:       s.Title,
		Description: s.Description,
		Language:    s.Language,
		Link:        r.absURL("/"),
		Author:      s.Title,
	}
	entries := s.Entries
	if rel != nil {
		f.ID += ":" + rel.ID
		f.Title = rel.Name + " · " + s.Title
		f.Description = cmp.Or(rel.Description, "Incidents, maintenance and news for "+rel.Name)
		f.Link = r.absURL(rel.Path())
		entries = s.EntriesOf(rel.ID)
	}
	f.Description = cmp.Or(f.Description, "Incidents, maintenance and news from "+s.Title)
	for _, ref := range newestItems(entries, s.FeedItems) {
		it, err := v.item(ref)
		if err != nil {
			return nil, err
		}
		f.Items = append(f.Items, it)
	}
	if len(f.Items) == 0 {
		// Still a time that follows the content: the site's latest change.
		for _, e := range s.Entries {
			if u := e.Updated(); u.After(f.Updated) {
				f.Updated = u
			}
		}
	}
	return f, nil
}

// feedRef names an item before it is built: an entry's own (n = 0) or
// that of its update n, counted from 1 as the #update-<n> anchors are.
type feedRef struct {
	e *content.Entry
	n int
}

func (ref feedRef) published() time.Time {
	if ref.n == 0 {
		return ref.e.Date
	}
	return ref.e.Updates[ref.n-1].At
}

// newestItems returns the newest max items about the entries, newest
// first; ties go by entry id, then latest update first, so the order
// never depends on anything but the content.
func newestItems(entries []*content.Entry, max int) []feedRef {
	var refs []feedRef
	for _, e := range entries {
		for n := 0; n <= len(e.Updates); n++ {
			refs = append(refs, feedRef{e, n})
		}
	}
	slices.SortFunc(refs, func(a, b feedRef) int {
		return cmp.Or(b.published().Compare(a.published()), strings.Compare(a.e.ID, b.e.ID), cmp.Compare(b.n, a.n))
	})
	return refs[:min(max, len(refs))]
}

// build makes one item, its content from the theme's feed-item layout.
func (v *feedsView) build(ref feedRef) (feeds.Item, error) {
	r, e := v.r, ref.e
	summary, _ := r.html.summary(e)
	it := feeds.Item{
		ID:         r.tagURI(e),
		Title:      e.Title,
		Link:       r.absURL(e.Path()),
		Published:  e.Date,
		Updated:    e.Updated(),
		Categories: v.categories(e),
		Summary:    summary,
	}
	if ref.n > 0 {
		u := e.Updates[ref.n-1]
		anchor := "#update-" + strconv.Itoa(ref.n)
		it.ID += anchor
		it.Link += anchor
		// Led by the status, so that a list of titles reads as the
		// timeline: "Identified: …", "Resolved: …".
		it.Title = u.Status.Label() + ": " + e.Title
		it.Published, it.Updated = u.At, u.At
		it.Summary = ""
	}
	c := v.content(ref)
	var buf strings.Builder
	if err := r.theme.feedItem.Execute(&buf, c); err != nil {
		return it, fmt.Errorf("feed item %s: %w", it.ID, err)
	}
	it.HTML = buf.String()
	it.Text = c.text()
	return it, nil
}

// categories files an entry under its kind, the releases it affects and,
// for upgrade guards, whether users must act.
func (v *feedsView) categories(e *content.Entry) []feeds.Category {
	cats := []feeds.Category{{Term: string(e.Kind)}}
	for _, id := range e.Releases {
		cats = append(cats, feeds.Category{Term: id, Label: v.r.site.Release(id).Name})
	}
	if e.ActionRequired {
		cats = append(cats, feeds.Category{Term: "action-required"})
	}
	return cats
}
