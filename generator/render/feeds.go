package render

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"
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
// Each entry is an item, and so is every later event of its story (see
// content.Entry.Events): each update, a maintenance window starting and
// ending, a resolution no update tells of, a published review, so that a
// subscriber hears of a new workaround, a fix, or what was learnt. Ids are tag URIs minted from id_authority and the
// entry's id, and for an event its anchor (see tagURI); an entry's own item
// keeps its id, title and published date for good, and only its updated
// time moves.
//
// The build clock decides only which events have happened: a window's
// start is an item once it has started. The feed's updated time is its
// newest item's, so the same content at the same moment of its story gives
// the same bytes whenever it is built.
type feedsView struct {
	r     *Renderer
	items sync.Map // feedRef → feeds.Item: an item is in several feeds, in three formats
}

func newFeeds(r *Renderer) *feedsView { return &feedsView{r: r} }

// tagURI returns the entry's permanent id, as feeds and APIs give it:
// "tag:<id_authority>:<id>". It depends on nothing an editor may correct
// (not the title, the date, the file name or the base URL), so feed readers
// never see the entry as new again.
func tagURI(s *content.Site, e *content.Entry) string {
	return "tag:" + s.IDAuthority + ":" + e.ID
}

func (v *feedsView) targets() []target {
	r := v.r
	scopes := []feedScope{{dir: "/"}}
	for _, rel := range r.site.Releases {
		scopes = append(scopes, feedScope{id: rel.ID, name: rel.Name, description: rel.Description, dir: rel.Path()})
	}
	for _, sv := range r.site.Services {
		scopes = append(scopes, feedScope{id: sv.ID, name: sv.Name, description: sv.Description, dir: sv.Path()})
	}
	var ts []target
	for _, scope := range scopes {
		dir := scope.dir
		feed := sync.OnceValues(func() (*feeds.Feed, error) { return v.feed(scope) })
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

// feedScope is what a feed is about: a release, a service, or the whole
// site (no id).
type feedScope struct {
	id, name, description string
	dir                   string // where its files are: "/releases/f43/"
}

// feed returns the feed of a release or a service, or of the whole site,
// with its newest items.
func (v *feedsView) feed(scope feedScope) (*feeds.Feed, error) {
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
	if s.Announce != nil {
		f.Hub = s.Announce.Hub
	}
	entries := s.Entries
	if scope.id != "" {
		f.ID += ":" + scope.id
		f.Title = scope.name + " · " + s.Title
		f.Description = cmp.Or(scope.description, "Incidents, maintenance and news for "+scope.name)
		f.Link = r.absURL(scope.dir)
		entries = s.EntriesOf(scope.id)
	}
	f.Description = cmp.Or(f.Description, "Incidents, maintenance and news from "+s.Title)
	for _, ref := range newestItems(entries, s.FeedItems, scope.id, r.now) {
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

// Item is an item of the feeds with what it tells of. bulletin announce
// sends these, so that a mailing list or a room is told exactly what a
// feed reader is, under the same permanent id.
type Item struct {
	feeds.Item
	Entry *content.Entry
	Event content.Event
	// Root is the id of the entry's own item, which the item of a later
	// event follows: a reply in the same thread.
	Root string
}

// Items returns every item of the site's story at the build clock, oldest
// first: those the feeds hold and those that have fallen out of them, as
// the site's own feed gives them.
func (r *Renderer) Items() ([]Item, error) {
	refs := newestItems(r.site.Entries, math.MaxInt, "", r.now)
	items := make([]Item, len(refs))
	for i, ref := range refs {
		it, err := r.feeds.item(ref)
		if err != nil {
			return nil, err
		}
		items[len(refs)-1-i] = Item{Item: it, Entry: ref.e, Event: ref.ev, Root: tagURI(r.site, ref.e)}
	}
	return items, nil
}

// feedRef names an item before it is built: an event of an entry's story,
// as the feed of a release tells it (scope, "" for the site's feed): a
// release's feed leads with that release's own commands.
type feedRef struct {
	e     *content.Entry
	ev    content.Event
	prev  content.Status // the status before the event, to tell repeats apart
	scope string
}

// newestItems returns the newest max items about the entries at now,
// newest first; ties go by entry id, then latest event first, so the order
// never depends on anything but the content and the moment.
//
// A feed holds a few dozen items of a site's thousands of entries: an
// entry whose last change is older than the newest max items found so
// far has none of them, and is passed over without listing its events.
func newestItems(entries []*content.Entry, max int, scope string, now time.Time) []feedRef {
	if max <= 0 {
		return nil
	}
	newestFirst := func(a, b feedRef) int {
		return cmp.Or(b.ev.At.Compare(a.ev.At), strings.Compare(a.e.ID, b.e.ID))
	}
	var refs []feedRef
	var cutoff time.Time // the time of the max-th newest item of refs, once it holds max
	for _, e := range entries {
		if !cutoff.IsZero() && newestPossible(e, now).Before(cutoff) {
			continue
		}
		var prev content.Status
		for _, ev := range e.Events(now) {
			refs = append(refs, feedRef{e: e, ev: ev, prev: prev, scope: scope})
			prev = ev.Status
		}
		if len(refs)/2 >= max { // not 2*max: Items asks for every item
			slices.SortStableFunc(refs, newestFirst)
			refs = refs[:max]
			cutoff = refs[max-1].ev.At
		}
	}
	slices.SortStableFunc(refs, newestFirst)
	return refs[:min(max, len(refs))]
}

// newestPossible returns a time that no event of the entry at now is
// after: the first report is at its date, and every other event, from
// one of these fields, has happened by now.
func newestPossible(e *content.Entry, now time.Time) time.Time {
	later := func(a, b time.Time) time.Time {
		if b.After(a) {
			return b
		}
		return a
	}
	t := later(later(e.Resolved, e.Starts), e.Ends)
	for _, u := range e.Updates {
		t = later(t, u.At)
	}
	if e.Review != nil {
		t = later(t, e.Review.Published)
	}
	if t.After(now) {
		t = now
	}
	return later(t, e.Date)
}

// build makes one item, its content from the theme's feed-item layout.
func (v *feedsView) build(ref feedRef) (feeds.Item, error) {
	r, e, ev := v.r, ref.e, ref.ev
	summary, _ := r.html.summary(e)
	if e.ActionRequired {
		// Upgrade guards read the summary: it must say it first.
		summary = strings.TrimSpace("Action required: " + actionAdvice(e) + " " + summary)
	}
	it := feeds.Item{
		ID:         tagURI(r.site, e),
		Title:      e.Title,
		Link:       r.absURL(e.Path()),
		Published:  e.Date,
		Updated:    e.Updated(),
		Categories: v.categories(e),
		Summary:    summary,
	}
	if ev.Kind != content.EventReport {
		anchor := "#" + ev.Anchor
		it.ID += anchor
		it.Link += anchor
		it.Title = eventTitle(e, ev, ref.prev)
		it.Published, it.Updated = ev.At, ev.At
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

// eventTitle is the title of an event's item: led by the status it gives,
// so that a list of titles reads as the timeline ("Identified: …",
// "Resolved: …"); when the status is the one before, by the time too, so
// that no two items of an entry read the same.
func eventTitle(e *content.Entry, ev content.Event, prev content.Status) string {
	label := eventLabel(ev)
	if ev.Kind != content.EventReview && (ev.Status == "" || ev.Status == prev) {
		label += ", " + shortClock(ev.At)
	}
	return label + ": " + e.Title
}

// eventLabel names an event for people: its status, or what happened.
func eventLabel(ev content.Event) string {
	switch ev.Kind {
	case content.EventStart:
		return "Started"
	case content.EventEnd:
		return "Completed"
	case content.EventReview:
		return "Review" // an entry has one: its time need not tell it apart
	}
	return ev.Status.Label() // "Update" for an announcement's
}

// actionAdvice is what an item says first of an entry that asks users to
// act, in the words of its kind: an announcement is of a change, not of an
// update.
func actionAdvice(e *content.Entry) string {
	if e.Kind == content.Announcement {
		return "read this before the change takes effect."
	}
	return "read this before you update."
}

// categories files an entry under its kind, the releases and services it
// affects and, for upgrade guards, whether users must act.
func (v *feedsView) categories(e *content.Entry) []feeds.Category {
	cats := []feeds.Category{{Term: string(e.Kind)}}
	for _, id := range e.Releases {
		cats = append(cats, feeds.Category{Term: id, Label: v.r.site.Release(id).Name})
	}
	for _, id := range e.Services {
		cats = append(cats, feeds.Category{Term: id, Label: v.r.site.Service(id).Name})
	}
	if e.ActionRequired {
		cats = append(cats, feeds.Category{Term: "action-required"})
	}
	return cats
}
