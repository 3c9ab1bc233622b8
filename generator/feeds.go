package generator

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bulletin-status/bulletin/feeds"
)

// Feeds are a second view of the entries, built from the same model as the
// pages: /feed.atom, /feed.rss and /feed.json for the whole site, and the
// same three under /releases/<id>/ for each release in site.yaml.
//
// Each entry is an item, and so is each update in its timeline, so that a
// subscriber hears of a new workaround or a fix. Ids are tag URIs minted
// from id_authority, the entry's first-published date and its id (see
// TagURI); an entry's own item keeps its id, title and published date for
// good, and only its updated time moves.
//
// Nothing in a feed depends on the build clock: the feed's updated time is
// its newest item's, and a maintenance window is given by its times, not
// by a state that changes as the clock passes them. The same content gives
// the same bytes whenever it is built.

// TagURI returns the entry's permanent id, as feeds and APIs give it:
// "tag:<id_authority>:<date first published>:<id>". It depends on nothing
// an editor changes casually (not the title, the file name or the base
// URL), so feed readers never see the entry as new again.
func (s *Site) TagURI(e *Entry) string {
	return "tag:" + s.IDAuthority + ":" + e.Date.UTC().Format(time.DateOnly) + ":" + e.ID
}

// feedTargets returns the three feeds of the site and of every release,
// EOL ones included. Each is written even when it has no items, so that a
// subscription URL never stops working.
func (r *Renderer) feedTargets() []target {
	// An item appears in the site's feed and in each release's feed, in
	// three formats; build it once.
	var items sync.Map // feedRef → feeds.Item
	item := func(ref feedRef) (feeds.Item, error) {
		if it, ok := items.Load(ref); ok {
			return it.(feeds.Item), nil
		}
		it, err := r.feedItem(ref)
		if err != nil {
			return it, err
		}
		stored, _ := items.LoadOrStore(ref, it)
		return stored.(feeds.Item), nil
	}
	scopes := append([]*Release{nil}, r.site.Releases...)
	var ts []target
	for _, rel := range scopes {
		dir := "/"
		if rel != nil {
			dir = rel.Path()
		}
		feed := sync.OnceValues(func() (*feeds.Feed, error) { return r.feed(rel, item) })
		for _, format := range feeds.Formats {
			file := dir + "feed" + format.Ext()
			self := r.site.AbsURL(file)
			ts = append(ts, target{name: file[1:], render: func(buf *bytes.Buffer) error {
				// Compact when minifying: the XML minifier would collapse
				// the whitespace inside <pre> in the escaped content, so
				// feeds are written small rather than minified afterwards.
				indent := "  "
				if r.opts.Minify {
					indent = ""
				}
				f, err := feed()
				if err != nil {
					return err
				}
				return f.Encode(buf, format, self, indent)
			}})
		}
	}
	return ts
}

// feed returns the feed of a release, or of the whole site for nil, with
// its newest items.
func (r *Renderer) feed(rel *Release, item func(feedRef) (feeds.Item, error)) (*feeds.Feed, error) {
	s := r.site
	f := &feeds.Feed{
		ID:          "tag:" + s.IDAuthority + ":feed",
		Title:       s.Title,
		Description: s.Description,
		Language:    s.Language,
		Link:        s.AbsURL("/"),
		Author:      s.Title,
	}
	entries := s.Entries
	if rel != nil {
		f.ID += ":" + rel.ID
		f.Title = rel.Name + " · " + s.Title
		f.Description = cmp.Or(rel.Description, "Incidents, maintenance and news for "+rel.Name)
		f.Link = s.AbsURL(rel.Path())
		entries = s.EntriesOf(rel.ID)
	}
	f.Description = cmp.Or(f.Description, "Incidents, maintenance and news from "+s.Title)
	for _, ref := range newestItems(entries, s.FeedItems) {
		it, err := item(ref)
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
	e *Entry
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
func newestItems(entries []*Entry, max int) []feedRef {
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

// feedItem builds one item.
func (r *Renderer) feedItem(ref feedRef) (feeds.Item, error) {
	s, e := r.site, ref.e
	summary, _ := s.summary(e)
	it := feeds.Item{
		ID:         s.TagURI(e),
		Title:      e.Title,
		Link:       s.AbsURL(e.Path()),
		Published:  e.Date,
		Updated:    e.Updated(),
		Categories: r.categories(e),
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
	c := r.itemContent(ref)
	var buf strings.Builder
	if err := itemTemplate.Execute(&buf, c); err != nil {
		return it, fmt.Errorf("feed item %s: %w", it.ID, err)
	}
	it.HTML = buf.String()
	it.Text = c.text()
	return it, nil
}

// categories files an entry under its kind, the releases it affects and,
// for upgrade guards, whether users must act.
func (r *Renderer) categories(e *Entry) []feeds.Category {
	cats := []feeds.Category{{Term: string(e.Kind)}}
	for _, id := range e.Releases {
		cats = append(cats, feeds.Category{Term: id, Label: r.site.Release(id).Name})
	}
	if e.ActionRequired {
		cats = append(cats, feeds.Category{Term: "action-required"})
	}
	return cats
}

// itemContent is what an item says, ready to be written as HTML or text.
type itemContent struct {
	Update         template.HTML // an update's text; "" for an entry's item
	UpdateText     string
	ActionRequired bool
	Facts          []fact
	Workaround     template.HTML
	WorkaroundText string
	Downgrade      []command
	Body           template.HTML // the entry's item only, with the links
	BodyTitled     bool          // the body starts with a heading of its own
	BodyText       string
	Links          []Link
	Entry          string // the entry's URL, linked from an update's item
}

// fact is one line of an item's structured fields: "Status: Resolved".
type fact struct {
	Name   string
	Values []string
	Code   bool // the values are package names or update ids
}

// command is a downgrade command, named by the release it is for ("" for
// every release).
type command struct{ Release, Command string }

// itemContent gathers the item's content. An entry's item shows the
// entry as its page does; an update's item leads with the update's text,
// states the update's own status, and leaves out the workaround, the
// downgrade and the expected fix once that status says the matter is over.
func (r *Renderer) itemContent(ref feedRef) itemContent {
	s, e := r.site, ref.e
	h := s.html(e)
	base := s.URL(e.Path())
	c := itemContent{ActionRequired: e.ActionRequired}
	status := e.Status
	if ref.n > 0 {
		u := e.Updates[ref.n-1]
		status = u.Status
		c.Update = h.updates[ref.n-1]
		c.UpdateText = MarkdownText(u.Text, base)
		c.Entry = base.String()
	}
	over := status == Resolved || status == Completed

	add := func(name string, code bool, values ...string) {
		c.Facts = append(c.Facts, fact{Name: name, Values: values, Code: code})
	}
	if status != "" {
		add("Status", false, status.Label())
	}
	if e.Kind == Incident {
		add("Severity", false, upperFirst(string(e.Severity)))
	}
	if e.Kind == Maintenance {
		add("Window", false, windowText(e.Starts, e.Ends))
	}
	switch {
	case e.AllReleases:
		add("Affects", false, "All releases")
	case len(e.Releases) > 0:
		names := make([]string, len(e.Releases))
		for i, id := range e.Releases {
			names[i] = s.Release(id).Name
		}
		add("Affects", false, names...)
	}
	if len(e.Packages) > 0 {
		add("Packages", true, e.Packages...)
	}
	if e.Active() && !over {
		eta := "Not known yet"
		if !e.ETAUnknown && !e.ETA.IsZero() {
			eta = clockText(e.ETA)
		}
		add("Fix expected", false, eta)
	}
	if e.FixedIn != "" {
		add("Fixed in", true, e.FixedIn)
	}

	if ref.n == 0 || !over {
		if e.Workaround != "" {
			c.Workaround = h.workaround
			c.WorkaroundText = MarkdownText(e.Workaround, base)
		}
		for _, d := range e.Downgrade {
			cmd := command{Command: d.Command}
			if d.Release != "" {
				cmd.Release = s.Release(d.Release).Name
			}
			c.Downgrade = append(c.Downgrade, cmd)
		}
	}
	if ref.n == 0 {
		_, titled := s.summary(e)
		c.Body, c.BodyTitled = h.body, titled
		if c.Body != "" {
			c.BodyText = MarkdownText(string(e.Body), base)
		}
		c.Links = e.Links
	}
	return c
}

// itemTemplate writes an item's content as HTML. It keeps to elements that
// every reader renders, terminal ones included: paragraphs, lists,
// headings, code and links.
var itemTemplate = template.Must(template.New("item").Parse(`
{{- with .Update}}{{.}}{{end}}
{{- if .ActionRequired}}<p><strong>Action required:</strong> read this before you update.</p>
{{end}}
{{- with .Facts}}<ul>
{{- range $f := .}}
<li><strong>{{$f.Name}}:</strong> {{range $i, $v := $f.Values}}{{if $i}}, {{end}}{{if $f.Code}}<code>{{$v}}</code>{{else}}{{$v}}{{end}}{{end}}</li>
{{- end}}
</ul>
{{end}}
{{- with .Workaround}}<h2>Workaround</h2>
{{.}}{{end}}
{{- with .Downgrade}}<h2>Downgrade</h2>
{{range .}}{{with .Release}}<p>{{.}}:</p>
{{end}}<pre><code>{{.Command}}</code></pre>
{{end}}{{end}}
{{- with .Body}}{{if not $.BodyTitled}}<h2>Details</h2>
{{end}}{{.}}{{end}}
{{- with .Links}}<h2>Links</h2>
<ul>
{{- range .}}
<li><a href="{{.URL}}">{{or .Title .URL}}</a></li>
{{- end}}
</ul>
{{end}}
{{- with .Entry}}<p><a href="{{.}}">Read the full entry</a></p>
{{end}}`))

// text writes the item's content as plain text, for JSON Feed's
// content_text: the same parts as the HTML, commands indented as code.
func (c *itemContent) text() string {
	var parts []string
	if c.UpdateText != "" {
		parts = append(parts, c.UpdateText)
	}
	if c.ActionRequired {
		parts = append(parts, "Action required: read this before you update.")
	}
	if len(c.Facts) > 0 {
		lines := make([]string, len(c.Facts))
		for i, f := range c.Facts {
			lines[i] = f.Name + ": " + strings.Join(f.Values, ", ")
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	if c.WorkaroundText != "" {
		parts = append(parts, "Workaround:\n\n"+c.WorkaroundText)
	}
	for _, d := range c.Downgrade {
		head := "Downgrade:"
		if d.Release != "" {
			head = "Downgrade (" + d.Release + "):"
		}
		parts = append(parts, head+"\n\n    "+strings.ReplaceAll(d.Command, "\n", "\n    "))
	}
	if c.BodyText != "" {
		parts = append(parts, c.BodyText)
	}
	if len(c.Links) > 0 {
		lines := []string{"Links:"}
		for _, l := range c.Links {
			if l.Title == "" {
				lines = append(lines, "- "+l.URL)
			} else {
				lines = append(lines, "- "+l.Title+": "+l.URL)
			}
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	if c.Entry != "" {
		parts = append(parts, "Read the full entry: "+c.Entry)
	}
	return strings.Join(parts, "\n\n")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// clockText is a time as people read it in an item: "2 November 2026,
// 14:30 UTC".
func clockText(t time.Time) string { return t.UTC().Format("2 January 2006, 15:04 MST") }

// windowText is a maintenance window: "2 November 2026, 14:00 to 16:00
// UTC" within a day, both times in full otherwise.
func windowText(starts, ends time.Time) string {
	starts, ends = starts.UTC(), ends.UTC()
	if starts.Format(time.DateOnly) == ends.Format(time.DateOnly) {
		return starts.Format("2 January 2006, 15:04") + " to " + ends.Format("15:04 MST")
	}
	return clockText(starts) + " to " + clockText(ends)
}
