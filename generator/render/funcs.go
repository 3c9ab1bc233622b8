package render

import (
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/internal/english"
)

// funcs are the functions layouts may call, besides html/template's own;
// package generator documents each for theme authors.
func (r *Renderer) funcs() template.FuncMap {
	s := r.site
	return template.FuncMap{
		"url":    r.path,
		"absURL": r.absURL,
		"asset": func(name string) (string, error) {
			p, ok := r.theme.assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q in the theme's assets/", name)
			}
			return r.path(p), nil
		},
		"date":       date,
		"datetime":   content.FormatTime,
		"clock":      clock,
		"timeTag":    timeTag,
		"eta":        etaTag,
		"hour":       func(t time.Time) string { return t.UTC().Format("15:04 MST") },
		"body":       func(e *content.Entry) template.HTML { return r.html.of(e).body },
		"workaround": func(e *content.Entry) template.HTML { return r.html.of(e).workaround },
		"bodyTitled": func(e *content.Entry) bool {
			_, titled := r.html.summary(e)
			return titled
		},
		"updateHTML": func(e *content.Entry, i int) template.HTML { return r.html.of(e).updates[i] },
		"summary": func(e *content.Entry) string {
			summary, _ := r.html.summary(e)
			return summary
		},
		"timeline":      func(e *content.Entry) []TimelineEvent { return timeline(e, r.now, r.html.of(e)) },
		"fixes":         func(e *content.Entry) []FixLine { return fixLines(s, e.FixedIn, len(e.Releases)) },
		"review":        func(e *content.Entry) *Review { return review(s, e, r.now, r.html.of(e)) },
		"release":       s.Release,
		"service":       s.Service,
		"until":         func(t time.Time) string { return until(t, r.now) },
		"indicator":     func(id string) content.Indicator { return s.Indicator(id, r.now) },
		"window":        func(e *content.Entry) content.WindowState { return e.Window(r.now) },
		"overdue":       func(e *content.Entry) bool { return e.Overdue(r.now) },
		"partialCached": r.partial.execute,
		"plural":        english.Plural,
		"title":         english.UpperFirst,
	}
}

// TimelineEvent is one event of an entry's story as its page shows it.
type TimelineEvent struct {
	Anchor string // the element id, which feed items link to: "update-2026-11-19T16:05:00Z"
	Label  string // what happened: "Identified", "Started", "Published"
	Status string // for the first report, the status it gave: "Investigating"
	At     time.Time
	HTML   template.HTML // the update's text, if the event has one
	// Workaround is the new workaround the update gives, which replaces
	// the one before; "" if it gives none.
	Workaround template.HTML
}

// timeline returns the entry's events newest first, as status pages show
// them, or nil when there is nothing but the first report to tell. The
// review is not among them: the page shows it in a section of its own,
// which its feed item links to.
func timeline(e *content.Entry, now time.Time, h *rendered) []TimelineEvent {
	events := slices.DeleteFunc(e.Events(now), func(ev content.Event) bool { return ev.Kind == content.EventReview })
	if len(events) == 1 && events[0].Update < 0 {
		return nil
	}
	out := make([]TimelineEvent, len(events))
	for i, ev := range events {
		te := TimelineEvent{Anchor: ev.Anchor, Label: eventLabel(ev), At: ev.At}
		if ev.Kind == content.EventReport {
			te.Label = "Published"
			if ev.Status != "" {
				te.Status = ev.Status.Label()
			}
		}
		if ev.Update >= 0 {
			te.HTML = h.updates[ev.Update]
			if ev.Kind != content.EventReport {
				// The first report's workaround is the page's own.
				te.Workaround = h.updateWorkarounds[ev.Update]
			}
		}
		out[len(out)-1-i] = te
	}
	return out
}

// Review is an entry's post-incident review as its page and its feed item
// show it.
type Review struct {
	Published time.Time
	Cause     template.HTML
	Lessons   template.HTML // "" if the review says none
	// CausedBy are the updates that caused the incident, named and linked
	// as its fixes are (FixLine, without a command).
	CausedBy  []FixLine
	FollowUps []content.FollowUp
	Open      int // follow-ups not done
}

// review returns the entry's review, or nil when it has none published
// at now.
func review(s *content.Site, e *content.Entry, now time.Time, h *rendered) *Review {
	if !e.Reviewed(now) {
		return nil
	}
	rv := &Review{Published: e.Review.Published, Cause: h.cause, Lessons: h.lessons, FollowUps: e.Review.FollowUps}
	causes := make([]content.Fix, len(e.Review.CausedBy))
	for i, c := range e.Review.CausedBy {
		causes[i] = content.Fix{Release: c.Release, Update: c.Update, URL: c.URL}
	}
	rv.CausedBy = fixLines(s, causes, len(e.Releases))
	for _, f := range rv.FollowUps {
		if !f.Done {
			rv.Open++
		}
	}
	return rv
}

// FixLine is one update that fixes an entry, as its page shows it: the
// releases it fixes, named ("" when it fixes all the entry affects), the
// update, its link and the command that installs it.
type FixLine struct {
	Releases string
	content.Fix
}

// fixLines groups fixes into lines, one for each run of releases that the
// same update fixes the same way; affected is how many releases the entry
// affects, so that one update for all of them names none.
func fixLines(s *content.Site, fixes []content.Fix, affected int) []FixLine {
	var out []FixLine
	var names [][]string
	for _, f := range fixes {
		name := f.Release
		if rel := s.Release(f.Release); rel != nil {
			name = rel.Name
		}
		if n := len(out); n > 0 && out[n-1].Update == f.Update && out[n-1].URL == f.URL && out[n-1].Command == f.Command {
			names[n-1] = append(names[n-1], name)
			continue
		}
		out = append(out, FixLine{Fix: f})
		names = append(names, []string{name})
	}
	if len(out) == 1 && len(names[0]) == affected {
		return out // one update for all it affects: no need to name them
	}
	for i := range out {
		out[i].Releases = strings.Join(names[i], ", ")
	}
	return out
}

// date formats a day for people: "2 November 2026".
func date(t time.Time) string { return t.UTC().Format("2 January 2006") }

// fullClock formats a time for people: "2 November 2026, 14:30 UTC".
func fullClock(t time.Time) string { return t.UTC().Format("2 January 2006, 15:04 MST") }

// clock is fullClock, except that a time at midnight UTC, almost always a
// date written without a time ("eta: 2026-11-24"), shows as a date.
func clock(t time.Time) string {
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return date(t)
	}
	return fullClock(t)
}

// timeTag is a <time> element showing clock t, the most common pair in
// layouts, made in one call instead of four (two functions and their
// escapers), which matters on every page of a large site.
func timeTag(t time.Time) template.HTML {
	return template.HTML(`<time datetime="` + content.FormatTime(t) + `">` + clock(t) + `</time>`)
}

// until says how long until t from the build time, for a countdown: "in
// 44 days", "in 5 hours", "in 20 minutes"; "" once t has come. Days are
// whole days from now, so a page changes at most hourly near the moment.
func until(t, now time.Time) string {
	d := t.Sub(now)
	switch {
	case d <= 0:
		return ""
	case d >= 48*time.Hour:
		return "in " + english.Plural(int(d/(24*time.Hour)), "day")
	case d >= 2*time.Hour:
		return "in " + english.Plural(int(d/time.Hour), "hour")
	}
	return "in " + english.Plural(max(1, int(d/time.Minute)), "minute")
}

// shortClock formats a time within a story: "20 November, 09:00 UTC".
func shortClock(t time.Time) string { return t.UTC().Format("2 January, 15:04 MST") }

// etaText is when a fix is expected, in words: a day, a time, or not known.
func etaText(e *content.Entry) string {
	switch {
	case e.ETAUnknown || e.ETA.IsZero():
		return "Not known yet"
	case e.ETADay:
		return date(e.ETA)
	}
	return fullClock(e.ETA)
}

// etaTag is etaText as HTML, in a <time> element where there is a time.
func etaTag(e *content.Entry) template.HTML {
	switch {
	case e.ETAUnknown || e.ETA.IsZero():
		return "Not known yet"
	case e.ETADay:
		return template.HTML(`<time datetime="` + e.ETA.UTC().Format(time.DateOnly) + `">` + date(e.ETA) + `</time>`)
	}
	return template.HTML(`<time datetime="` + content.FormatTime(e.ETA) + `">` + fullClock(e.ETA) + `</time>`)
}

// windowText is a maintenance window: "2 November 2026, 14:00 to 16:00
// UTC" within a day, both times in full otherwise.
func windowText(starts, ends time.Time) string {
	starts, ends = starts.UTC(), ends.UTC()
	if starts.Format(time.DateOnly) == ends.Format(time.DateOnly) {
		return starts.Format("2 January 2006, 15:04") + " to " + ends.Format("15:04 MST")
	}
	return fullClock(starts) + " to " + fullClock(ends)
}
