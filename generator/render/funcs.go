package render

import (
	"fmt"
	"html/template"
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
		"timeline":      timeline,
		"release":       s.Release,
		"indicator":     func(id string) content.Indicator { return s.Indicator(id, r.now) },
		"window":        func(e *content.Entry) content.WindowState { return e.Window(r.now) },
		"overdue":       func(e *content.Entry) bool { return e.Overdue(r.now) },
		"partialCached": r.partial.execute,
		"plural":        english.Plural,
		"title":         english.UpperFirst,
	}
}

// TimelineItem is one update of an entry as a page shows it.
type TimelineItem struct {
	Index  int // in the entry's Updates, oldest first
	Number int // Index + 1: "#update-2" is the second update, here and in feeds
	content.Update
}

// timeline returns the updates newest first, as status pages show them.
func timeline(e *content.Entry) []TimelineItem {
	out := make([]TimelineItem, len(e.Updates))
	for i, u := range e.Updates {
		out[len(out)-1-i] = TimelineItem{Index: i, Number: i + 1, Update: u}
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

// windowText is a maintenance window: "2 November 2026, 14:00 to 16:00
// UTC" within a day, both times in full otherwise.
func windowText(starts, ends time.Time) string {
	starts, ends = starts.UTC(), ends.UTC()
	if starts.Format(time.DateOnly) == ends.Format(time.DateOnly) {
		return starts.Format("2 January 2006, 15:04") + " to " + ends.Format("15:04 MST")
	}
	return fullClock(starts) + " to " + fullClock(ends)
}
