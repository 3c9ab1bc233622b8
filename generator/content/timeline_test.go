package content

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestEvents pins each entry's story: what is an event, with which status,
// at which time, named by which anchor, and when it has happened.
func TestEvents(t *testing.T) {
	at := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC) }
	s := loadEntries(t, map[string]string{
		"report-by-update": "title: A\ndate: 2026-11-02T10:00:00Z\nreleases: [f43]\nseverity: minor\n" +
			"updates:\n  - at: 2026-11-02T10:00:00Z\n    status: identified\n    text: First.\n  - at: 2026-11-03T10:00:00Z\n    status: monitoring\n    text: Then.\n",
		"resolved-by-field":  "title: B\ndate: 2026-11-02\nreleases: [f43]\nseverity: minor\nstatus: investigating\nresolved: 2026-11-04T08:00:00Z\n",
		"published-resolved": "title: C\ndate: 2026-11-02\nreleases: [f43]\nseverity: minor\nstatus: resolved\nresolved: 2026-11-04T08:00:00Z\n",
		"window":             "title: D\ndate: 2026-11-01\nkind: maintenance\nstarts: 2026-11-05T10:00:00Z\nends: 2026-11-05T12:00:00Z\n",
		"window-told": "title: E\ndate: 2026-11-01\nkind: maintenance\nstarts: 2026-11-05T10:00:00Z\nends: 2026-11-05T12:00:00Z\n" +
			"updates:\n  - at: 2026-11-05T09:50:00Z\n    status: in_progress\n    text: Early.\n  - at: 2026-11-05T11:00:00Z\n    status: completed\n    text: Done.\n",
		"news": "title: F\ndate: 2026-11-01\nkind: announcement\nupdates:\n  - at: 2026-11-06T10:00:00Z\n    text: More.\n",
		"reviewed": "title: G\ndate: 2026-11-02\nreleases: [f43]\nseverity: major\nstatus: investigating\nresolved: 2026-11-04T08:00:00Z\n" +
			"review:\n  published: 2026-11-09T10:00:00Z\n  cause: A bad build.\n",
	})
	story := func(slug string, now time.Time) string {
		for _, e := range s.Entries {
			if e.Slug != slug {
				continue
			}
			var steps []string
			for _, ev := range e.Events(now) {
				steps = append(steps, fmt.Sprintf("%s %s %s #%s u%d", ev.Kind, ev.At.Format("02T15"), ev.Status, ev.Anchor, ev.Update))
			}
			return strings.Join(steps, "; ")
		}
		t.Fatalf("no %s", slug)
		return ""
	}
	for _, tt := range []struct {
		slug string
		now  time.Time
		want string
	}{
		// An update at the entry's date is its first report.
		{"report-by-update", at(10, 0), "report 02T10 identified #published u0; update 03T10 monitoring #update-2026-11-03T10:00:00Z u1"},
		// What has not happened is not told.
		{"report-by-update", at(3, 9), "report 02T10 identified #published u0"},
		{"resolved-by-field", at(10, 0), "report 02T00 investigating #published u-1; resolve 04T08 resolved #resolved u-1"},
		// Published as resolved: the resolution is not news.
		{"published-resolved", at(10, 0), "report 02T00 resolved #published u-1"},
		{"window", at(5, 9), "report 01T00 scheduled #published u-1"},
		{"window", at(5, 10), "report 01T00 scheduled #published u-1; start 05T10 in_progress #started u-1"},
		{"window", at(5, 12), "report 01T00 scheduled #published u-1; start 05T10 in_progress #started u-1; end 05T12 completed #ended u-1"},
		// Updates that tell the start and the end stand for them.
		{"window-told", at(5, 12), "report 01T00 scheduled #published u-1; update 05T09 in_progress #update-2026-11-05T09:50:00Z u0; update 05T11 completed #update-2026-11-05T11:00:00Z u1"},
		{"news", at(10, 0), "report 01T00  #published u-1; update 06T10  #update-2026-11-06T10:00:00Z u0"},
		// A review is an event of its own, once it is published.
		{"reviewed", at(9, 9), "report 02T00 investigating #published u-1; resolve 04T08 resolved #resolved u-1"},
		{"reviewed", at(9, 10), "report 02T00 investigating #published u-1; resolve 04T08 resolved #resolved u-1; review 09T10 resolved #review u-1"},
	} {
		if got := story(tt.slug, tt.now); got != tt.want {
			t.Errorf("%s at %v:\n got %s\nwant %s", tt.slug, tt.now, got, tt.want)
		}
	}
	// A review dated ahead is a change the clock brings.
	if got := s.NextChange(at(9, 9)); !got.Equal(at(9, 10)) {
		t.Errorf("next change at the 9th, 09:00: %v, want the review at 10:00", got)
	}
}

// TestMoments pins what the statistics measure of each incident: when its
// cause was identified, when users first had a workaround, when it was
// resolved; and that a moment the content does not tell, or that has not
// come at now, is unknown (zero), never the first report's.
func TestMoments(t *testing.T) {
	s := loadEntries(t, map[string]string{
		// Published as identified, with a workaround: both at once.
		"at-once": "title: A\ndate: 2026-11-02T10:00:00Z\nreleases: [f43]\nseverity: minor\nstatus: identified\nworkaround: Hold it.\n" +
			"updates:\n  - at: 2026-11-03T10:00:00Z\n    status: resolved\n    text: Fixed.\n",
		// The cause found by an update, the workaround given by a later one,
		// resolved by the resolved field.
		"later": "title: B\ndate: 2026-11-02T10:00:00Z\nreleases: [f43]\nseverity: major\nstatus: investigating\nresolved: 2026-11-06T10:00:00Z\n" +
			"updates:\n  - at: 2026-11-03T10:00:00Z\n    status: identified\n    text: Found.\n" +
			"  - at: 2026-11-04T10:00:00Z\n    status: identified\n    text: Try this.\n    workaround: Downgrade.\n",
		// Straight to monitoring: identified then too.
		"monitoring": "title: C\ndate: 2026-11-02T10:00:00Z\nreleases: [f43]\nseverity: minor\nstatus: investigating\n" +
			"updates:\n  - at: 2026-11-05T10:00:00Z\n    status: monitoring\n    text: Watching a fix.\n",
		// Resolved without a word of the cause, or of when.
		"untold":       "title: D\ndate: 2026-11-02T10:00:00Z\nreleases: [f43]\nseverity: minor\nstatus: resolved\n",
		"announcement": "title: E\ndate: 2026-11-02T10:00:00Z\nkind: announcement\nworkaround: Read it.\n",
	})
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) }
	show := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Format("02")
	}
	for _, tt := range []struct {
		slug string
		now  time.Time
		want string // identified, workaround, resolved: day of November, or -
	}{
		{"at-once", day(10), "02 02 03"},
		{"later", day(10), "03 04 06"},
		{"later", day(3), "03 - -"}, // what has not come at now is not known yet
		{"monitoring", day(10), "05 - -"},
		{"untold", day(10), "- - -"},
		{"announcement", day(10), "- - -"}, // only an incident has moments
	} {
		var e *Entry
		for _, x := range s.Entries {
			if x.Slug == tt.slug {
				e = x
			}
		}
		m := e.Moments(tt.now)
		got := show(m.Identified) + " " + show(m.Workaround) + " " + show(m.Resolved)
		if got != tt.want {
			t.Errorf("%s at %s: %s, want %s", tt.slug, tt.now.Format(time.RFC3339), got, tt.want)
		}
	}
}
