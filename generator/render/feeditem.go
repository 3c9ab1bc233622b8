package render

import (
	"html/template"
	"slices"
	"strings"

	"github.com/bulletin-status/bulletin/generator/content"
)

// FeedItem is what the theme's layouts/feed-item.html receives as its
// dot: the content of one feed item, ready to be written as HTML. Its text
// form (JSON Feed's content_text) is made of the same parts.
type FeedItem struct {
	Update     template.HTML // the text of the update the item tells; "" if none
	UpdateText string
	// Review is the review the item tells, on a review's item; nil else.
	Review     *Review
	ReviewText string
	// ActionRequired is what users must do first, when they must:
	// "read this before you update."
	ActionRequired string
	Facts          []Fact
	// Fixes are the updates that fix a resolved incident, each with its
	// link and the command that installs it: what a reader does now.
	Fixes          []FixLine
	Workaround     template.HTML
	WorkaroundText string
	Downgrade      []Command // the feed's own release first
	// History says that the workaround and the downgrade are what users
	// did before the fix, not what to do now.
	History    bool
	Body       template.HTML // the entry's own item only, with the links
	BodyTitled bool          // the body starts with a heading of its own
	BodyText   string
	Links      []content.Link
	Entry      string // the entry's URL, linked from the item of a later event
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

// content gathers the item's content. An entry's own item shows the entry
// as its page does, as it stands now; a later event's item leads with the
// event (an update's text), states its own status, and leaves out the
// workaround, the downgrade and the expected fix once that status says the
// matter is over.
func (v *feedsView) content(ref feedRef) *FeedItem {
	r, e, ev := v.r, ref.e, ref.ev
	s := r.site
	h := r.html.of(e)
	c := &FeedItem{}
	if e.ActionRequired {
		c.ActionRequired = actionAdvice(e)
	}
	own := ev.Kind == content.EventReport
	status := e.Status
	// The workaround as the event left it: an update's item is a
	// snapshot of that moment, the entry's own item shows it as it is.
	workaround, workaroundMD := h.workaround, e.Workaround
	if !own {
		status = ev.Status
		if ev.Update >= 0 {
			c.Update = h.updates[ev.Update]
			c.UpdateText = r.html.text(e, ev.Text(e))
			workaround, workaroundMD = h.workaroundAt(ev.Update), e.WorkaroundAt(ev.Update)
		}
		c.Entry = r.absURL(e.Path())
	}
	if ev.Kind == content.EventReview {
		c.Review = review(r.site, e, r.now, h)
		c.ReviewText = reviewText(r.html, e, c.Review)
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
	var names []string
	if e.AllReleases {
		names = append(names, "All releases")
	} else {
		for _, id := range e.Releases {
			names = append(names, s.Release(id).Name)
		}
	}
	for _, id := range e.Services {
		names = append(names, s.Service(id).Name)
	}
	if len(names) > 0 {
		add("Affects", false, names...)
	}
	if !e.Effective.IsZero() {
		add("Takes effect", false, fullClock(e.Effective))
	}
	if len(e.Packages) > 0 {
		add("Packages", true, e.Packages...)
	}
	if e.Active() && !over {
		add("Fix expected", false, etaText(e))
	}
	fixes := scoped(e.FixedIn, ref.scope, func(f content.Fix) string { return f.Release })
	if len(fixes) > 0 {
		updates := make([]string, len(fixes))
		for i, f := range fixes {
			updates[i] = f.Update
		}
		add("Fixed in", true, slices.Compact(updates)...)
	}
	if status == content.Resolved && c.Review == nil {
		// What to do now, where the site says how: an update's bare name
		// is among the facts already. (A review's item is about what was
		// learnt; the resolution's told how to get the fix.)
		for _, f := range fixLines(r.site, fixes, len(e.Releases)) {
			if f.URL != "" || f.Command != "" {
				c.Fixes = append(c.Fixes, f)
			}
		}
	}

	if own || !over {
		if workaround != "" {
			c.Workaround = workaround
			c.WorkaroundText = r.html.text(e, workaroundMD)
		}
		for _, d := range scoped(e.Downgrade, ref.scope, func(d content.Downgrade) string { return d.Release }) {
			cmd := Command{Command: d.Command}
			if d.Release != "" {
				cmd.Release = s.Release(d.Release).Name
			}
			c.Downgrade = append(c.Downgrade, cmd)
		}
		c.History = over && (c.Workaround != "" || len(c.Downgrade) > 0)
	}
	if own {
		_, titled := r.html.summary(e)
		c.Body, c.BodyTitled = h.body, titled
		if c.Body != "" {
			c.BodyText = r.html.text(e, string(e.Body))
		}
		c.Links = e.Links
	}
	return c
}

// scoped returns the list with the items of the release first, as a
// release's own feed, page and status document give them; the others keep
// their order (site.yaml's).
func scoped[T any](list []T, release string, of func(T) string) []T {
	if release == "" {
		return list
	}
	out := make([]T, 0, len(list))
	for _, x := range list {
		if of(x) == release {
			out = append(out, x)
		}
	}
	for _, x := range list {
		if of(x) != release {
			out = append(out, x)
		}
	}
	return out
}

// text writes the item's content as plain text, for JSON Feed's
// content_text: the same parts as the HTML, commands indented as code.
func (c *FeedItem) text() string {
	var parts []string
	if c.UpdateText != "" {
		parts = append(parts, c.UpdateText)
	}
	if c.ReviewText != "" {
		parts = append(parts, c.ReviewText)
	}
	if c.ActionRequired != "" {
		parts = append(parts, "Action required: "+c.ActionRequired)
	}
	if len(c.Facts) > 0 {
		lines := make([]string, len(c.Facts))
		for i, f := range c.Facts {
			lines[i] = f.Name + ": " + strings.Join(f.Values, ", ")
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	for _, f := range c.Fixes {
		head := "Get the fix: " + f.Update
		if f.Releases != "" {
			head = "Get the fix (" + f.Releases + "): " + f.Update
		}
		if f.URL != "" {
			head += " (" + f.URL + ")"
		}
		if f.Command != "" {
			head += "\n\n    " + f.Command
		}
		parts = append(parts, head)
	}
	if c.History {
		parts = append(parts, "Before the fix, users did this:")
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

// reviewText is a review as plain text, as its feed item's text form
// tells it: the same parts as feed-item.html.
func reviewText(html *htmlCache, e *content.Entry, rv *Review) string {
	parts := []string{"What went wrong:\n\n" + html.text(e, e.Review.Cause)}
	if len(rv.CausedBy) > 0 {
		var causes []string
		for _, c := range rv.CausedBy {
			s := c.Update
			if c.Releases != "" {
				s += " (" + c.Releases + ")"
			}
			causes = append(causes, s)
		}
		parts = append(parts, "Caused by: "+strings.Join(causes, ", "))
	}
	if e.Review.Lessons != "" {
		parts = append(parts, "Lessons:\n\n"+html.text(e, e.Review.Lessons))
	}
	if len(rv.FollowUps) > 0 {
		lines := []string{"Follow-ups:"}
		for _, f := range rv.FollowUps {
			line := "- Open: " + f.Title
			if f.Done {
				line = "- Done: " + f.Title
			}
			if f.URL != "" {
				line += " (" + f.URL + ")"
			}
			lines = append(lines, line)
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	return strings.Join(parts, "\n\n")
}
