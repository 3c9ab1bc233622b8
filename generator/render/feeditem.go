package render

import (
	"html/template"
	"strings"

	"github.com/bulletin-status/bulletin/generator/content"
)

// FeedItem is what the theme's layouts/feed-item.html receives as its
// dot: the content of one feed item, ready to be written as HTML. Its text
// form (JSON Feed's content_text) is made of the same parts.
type FeedItem struct {
	Update         template.HTML // an update's text; "" for an entry's own item
	UpdateText     string
	ActionRequired bool
	Facts          []Fact
	Workaround     template.HTML
	WorkaroundText string
	Downgrade      []Command
	Body           template.HTML // the entry's own item only, with the links
	BodyTitled     bool          // the body starts with a heading of its own
	BodyText       string
	Links          []content.Link
	Entry          string // the entry's URL, linked from an update's item
}

// Fact is one line of an item's structured fields: "Status: Resolved".
type Fact struct {
	Name   string
	Values []string
	Code   bool // the values are package names or update ids
}

// Command is a downgrade command, named by the release it is for ("" for
// every release).
type Command struct{ Release, Command string }

// content gathers the item's content. An entry's item shows the entry as
// its page does; an update's item leads with the update's text, states
// the update's own status, and leaves out the workaround, the downgrade
// and the expected fix once that status says the matter is over.
func (v *feedsView) content(ref feedRef) *FeedItem {
	r, e := v.r, ref.e
	s := r.site
	h := r.html.of(e)
	c := &FeedItem{ActionRequired: e.ActionRequired}
	status := e.Status
	if ref.n > 0 {
		u := e.Updates[ref.n-1]
		status = u.Status
		c.Update = h.updates[ref.n-1]
		c.UpdateText = r.html.text(e, u.Text)
		c.Entry = r.absURL(e.Path())
	}
	over := status == content.Resolved || status == content.Completed

	add := func(name string, code bool, values ...string) {
		c.Facts = append(c.Facts, Fact{Name: name, Values: values, Code: code})
	}
	if status != "" {
		add("Status", false, status.Label())
	}
	if e.Kind == content.Incident {
		add("Severity", false, e.Severity.Label())
	}
	if e.Kind == content.Maintenance {
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
			eta = fullClock(e.ETA)
		}
		add("Fix expected", false, eta)
	}
	if e.FixedIn != "" {
		add("Fixed in", true, e.FixedIn)
	}

	if ref.n == 0 || !over {
		if e.Workaround != "" {
			c.Workaround = h.workaround
			c.WorkaroundText = r.html.text(e, e.Workaround)
		}
		for _, d := range e.Downgrade {
			cmd := Command{Command: d.Command}
			if d.Release != "" {
				cmd.Release = s.Release(d.Release).Name
			}
			c.Downgrade = append(c.Downgrade, cmd)
		}
	}
	if ref.n == 0 {
		_, titled := r.html.summary(e)
		c.Body, c.BodyTitled = h.body, titled
		if c.Body != "" {
			c.BodyText = r.html.text(e, string(e.Body))
		}
		c.Links = e.Links
	}
	return c
}

// text writes the item's content as plain text, for JSON Feed's
// content_text: the same parts as the HTML, commands indented as code.
func (c *FeedItem) text() string {
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
