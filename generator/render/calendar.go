package render

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bulletin-status/bulletin/generator/content"
)

// calendarView is the planned maintenance as iCalendar (RFC 5545), for
// those who follow it in their calendar: /maintenance.ics for the whole
// site and one beside each release's and service's feeds. Every calendar
// is written, with no event in it if need be, so that a subscription
// never breaks.
//
// An event is known to calendars by its UID, the entry's permanent id
// (the id of its feed items), so that a window whose time or text changes
// is replaced, never shown twice. Its SEQUENCE, which tells a calendar
// that an event it holds is out of date, is the number of updates the
// entry has had: editors tell of every change, a moved window included,
// with an update, so a moved window always has a higher SEQUENCE than
// before, computed from the content alone with no state kept between
// builds. DTSTAMP is the time of that latest update (or of the first
// report): the last revision of the event, as RFC 5545 has it for a
// calendar without a METHOD, and never the time of the build.
type calendarView struct{ r *Renderer }

// calendarFile is the name of each calendar in its folder.
const calendarFile = "maintenance.ics"

func (v calendarView) targets() []target {
	r := v.r
	ts := []target{{name: calendarFile, final: true, render: func(buf *bytes.Buffer) error {
		v.write(buf, subject{name: r.site.Title, path: "/"})
		return nil
	}}}
	for _, sub := range subjectPaths(r.site) {
		ts = append(ts, target{name: sub.path[1:] + calendarFile, final: true, render: func(buf *bytes.Buffer) error {
			v.write(buf, sub)
			return nil
		}})
	}
	return ts
}

// write writes the calendar of a release or service, or of the whole site
// for the subject with no id.
func (v calendarView) write(buf *bytes.Buffer, sub subject) {
	r := v.r
	c := icalendar{buf}
	name := sub.name + ": planned maintenance"
	about := "Planned maintenance of " + sub.name + ", from " + r.site.Title + "."
	if sub.id == "" {
		about = "Planned maintenance, from " + r.site.Title + "."
	}
	c.line("BEGIN:VCALENDAR")
	c.line("VERSION:2.0")
	c.line("PRODID:-//bulletin//bulletin//EN")
	c.line("CALSCALE:GREGORIAN")
	// The calendar's own name, description, page, address and how often to
	// look again (RFC 7986), and the same in the older words that Apple's
	// and Google's calendars and Outlook read.
	c.text("NAME", name)
	c.text("X-WR-CALNAME", name)
	c.text("DESCRIPTION", about)
	c.text("X-WR-CALDESC", about)
	c.line("URL:" + r.absURL(sub.path))
	c.line("SOURCE;VALUE=URI:" + r.absURL(sub.path+calendarFile))
	c.line("REFRESH-INTERVAL;VALUE=DURATION:PT1H")
	c.line("X-PUBLISHED-TTL:PT1H")
	for _, e := range v.windows(sub.id) {
		v.event(&c, e)
	}
	c.line("END:VCALENDAR")
}

// windows returns the maintenance of the release or service (or of the
// whole site, for ""), by start: as many as a feed holds items, the
// latest ones, so that a calendar polled by many stays small while every
// window to come is in it.
func (v calendarView) windows(id string) []*content.Entry {
	s := v.r.site
	entries := s.Entries
	if id != "" {
		entries = s.EntriesOf(id)
	}
	var out []*content.Entry
	for _, e := range entries {
		if e.Kind == content.Maintenance {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b *content.Entry) int {
		if c := a.Starts.Compare(b.Starts); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out[max(0, len(out)-s.FeedItems):]
}

// event writes one window. Its status is CONFIRMED: bulletin publishes
// planned windows only and has no word for a cancelled one, and a
// completed window stays in the calendar, where it happened.
func (v calendarView) event(c *icalendar, e *content.Entry) {
	r := v.r
	sequence, revised := revisions(e, r.now)
	c.line("BEGIN:VEVENT")
	c.text("UID", tagURI(r.site, e))
	c.line("DTSTAMP:" + icsTime(revised))
	c.line("LAST-MODIFIED:" + icsTime(revised))
	c.line("SEQUENCE:" + strconv.Itoa(sequence))
	c.line("DTSTART:" + icsTime(e.Starts))
	c.line("DTEND:" + icsTime(e.Ends))
	c.text("SUMMARY", e.Title)
	c.text("DESCRIPTION", v.description(e))
	c.line("URL:" + r.absURL(e.Path()))
	c.line("STATUS:CONFIRMED")
	// A window is not the subscriber's own time: it must not show them busy.
	c.line("TRANSP:TRANSPARENT")
	c.line("END:VEVENT")
}

// revisions returns how many updates the entry has had as of now, after
// its first report, and when the latest of them was (the first report's
// time if none).
func revisions(e *content.Entry, now time.Time) (n int, latest time.Time) {
	latest = e.Date
	for _, ev := range e.Events(now) {
		if ev.Kind == content.EventUpdate {
			n++
			if ev.At.After(latest) {
				latest = ev.At
			}
		}
	}
	return n, latest
}

// description is an event's text: what the entry says first, what it
// affects, its latest update, and where to read more.
func (v calendarView) description(e *content.Entry) string {
	r := v.r
	s := r.site
	var b strings.Builder
	if summary, _ := r.html.summary(e); summary != "" {
		b.WriteString(summary + "\n\n")
	}
	var names []string
	for _, id := range e.Subjects() {
		if rel := s.Release(id); rel != nil {
			names = append(names, rel.Name)
		} else if sv := s.Service(id); sv != nil {
			names = append(names, sv.Name)
		}
	}
	if len(names) > 0 {
		b.WriteString("Affects: " + strings.Join(names, ", ") + ".\n\n")
	}
	events := e.Events(r.now)
	for i := len(events) - 1; i >= 0; i-- {
		if ev := events[i]; ev.Kind == content.EventUpdate && ev.Text(e) != "" {
			b.WriteString(ev.Status.Label() + ", " + fullClock(ev.At) + ": " + r.html.text(e, ev.Text(e)) + "\n\n")
			break
		}
	}
	b.WriteString("Details: " + r.absURL(e.Path()))
	return b.String()
}

// icsTime is a time as iCalendar writes one in UTC: "20261124T130000Z".
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icalendar writes content lines as RFC 5545 asks: ended by CRLF, and
// folded to at most 75 octets, never inside a character.
type icalendar struct{ buf *bytes.Buffer }

func (c icalendar) line(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
		c.buf.WriteString(s[:cut])
		c.buf.WriteString("\r\n ") // the space that continues a line counts in the next one's 75
		s = s[cut:]
		limit = 74
	}
	c.buf.WriteString(s)
	c.buf.WriteString("\r\n")
}

// text writes a property whose value is TEXT, escaped.
func (c icalendar) text(name, value string) { c.line(name + ":" + icsEscape(value)) }

// icsEscape escapes TEXT (RFC 5545, 3.3.11): backslashes, semicolons,
// commas and line breaks; other control characters, which TEXT may not
// hold, are dropped.
func icsEscape(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || (r >= 0x20 && r != 0x7f) {
			return r
		}
		return -1
	}, s)
	return icsEscaper.Replace(s)
}

var icsEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`)
