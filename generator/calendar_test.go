package generator_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bulletin-status/bulletin/generator"
)

// Debian's python3-icalendar is a real iCalendar (RFC 5545) parser, the
// library many calendar tools are built on. It lives in Debian's Python,
// /usr/bin/python3, whatever python3 comes first on PATH.
const debianPython = "/usr/bin/python3"

// icsReader parses each calendar given with icalendar and prints, as JSON,
// what a calendar app takes from it: the calendar's name, each event's
// properties as the library decodes them, and the problems the library
// noted while parsing (it keeps going past a property it cannot read, and
// lists it in the component's errors).
const icsReader = `
import json, sys
from icalendar import Calendar
out = {}
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        cal = Calendar.from_ical(f.read())
    errors = []
    for c in cal.walk():
        errors += ['%s: %s' % (c.name, e) for e in getattr(c, 'errors', [])]
    events = []
    for ev in cal.walk('VEVENT'):
        events.append({
            'uid': str(ev['UID']),
            'sequence': int(ev['SEQUENCE']),
            'dtstart': ev.decoded('DTSTART').isoformat(),
            'dtend': ev.decoded('DTEND').isoformat(),
            'dtstamp': ev.decoded('DTSTAMP').isoformat(),
            'summary': str(ev['SUMMARY']),
            'description': str(ev['DESCRIPTION']),
            'url': str(ev['URL']),
            'status': str(ev['STATUS']),
            'transp': str(ev['TRANSP']),
        })
    out[path] = {'component': cal.name, 'version': str(cal['VERSION']), 'name': str(cal['X-WR-CALNAME']),
                 'errors': errors, 'events': events}
print(json.dumps(out))
`

type parsedCalendar struct {
	Component, Version, Name string
	Errors                   []string
	Events                   []parsedEvent
}

type parsedEvent struct {
	UID, Summary, Description, URL, Status, Transp string
	Sequence                                       int
	DTStart, DTEnd, DTStamp                        string
}

// requireICalendar skips the test, or fails it on CI, unless Debian's
// Python has the icalendar module.
func requireICalendar(t *testing.T) {
	t.Helper()
	requireTool(t, debianPython, "python3")
	if err := exec.Command(debianPython, "-c", "import icalendar").Run(); err != nil {
		msg := "Debian's Python has no icalendar module, and this test reads the calendars with it: sudo apt-get install python3-icalendar"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

// parseCalendars reads every calendar of a built site with icalendar, by
// its path in the site ("releases/ex2/maintenance.ics"). It checks first
// what the library forgives: lines of at most 75 octets, each ended by
// CRLF, in UTF-8.
func parseCalendars(t *testing.T, public string) map[string]parsedCalendar {
	t.Helper()
	var paths []string
	filepath.WalkDir(public, func(p string, d os.DirEntry, err error) error {
		if err == nil && filepath.Ext(p) == ".ics" {
			paths = append(paths, p)
		}
		return err
	})
	if len(paths) == 0 {
		t.Fatalf("%s has no calendar", public)
	}
	for _, p := range paths {
		data, _ := os.ReadFile(p)
		if !bytes.HasSuffix(data, []byte("\r\n")) || !utf8.Valid(data) {
			t.Errorf("%s: not UTF-8 lines ended by CRLF", p)
		}
		for i, line := range strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n") {
			if len(line) > 75 || strings.ContainsAny(line, "\r\n") {
				t.Errorf("%s:%d: %d octets or a bare line break: %q", p, i+1, len(line), line)
			}
		}
	}
	cmd := exec.CommandContext(t.Context(), debianPython, append([]string{"-c", icsReader}, paths...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("icalendar: %v\n%s", err, stderr.Bytes())
	}
	var byPath map[string]parsedCalendar
	if err := json.Unmarshal(stdout, &byPath); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	out := map[string]parsedCalendar{}
	for p, c := range byPath {
		rel, _ := filepath.Rel(public, p)
		if c.Component != "VCALENDAR" || c.Version != "2.0" || len(c.Errors) > 0 {
			t.Errorf("%s: a %s of version %s, with problems %q", rel, c.Component, c.Version, c.Errors)
		}
		out[filepath.ToSlash(rel)] = c
	}
	return out
}

// TestCalendars builds the golden site and reads its calendars with
// icalendar: each window is an event of the calendars of the site and of
// what it affects, with its permanent id, its times, its text and its
// page; a release with no window has a calendar with no event. Then the
// window is moved, as an editor does it (new times and an update saying
// so): the event keeps its id, and its SEQUENCE and DTSTAMP grow, so that
// a calendar replaces what it holds.
func TestCalendars(t *testing.T) {
	requireICalendar(t)
	tmp := t.TempDir()
	content, public := filepath.Join(tmp, "content"), filepath.Join(tmp, "public")
	if err := os.CopyFS(content, os.DirFS("testdata/golden/content")); err != nil {
		t.Fatal(err)
	}
	build := func() map[string]parsedCalendar {
		t.Helper()
		if _, err := generator.Build(t.Context(), generator.Config{Content: content, Out: public, Now: goldenNow, Minify: true}); err != nil {
			t.Fatal(err)
		}
		return parseCalendars(t, public)
	}
	cals := build()

	mirror := parsedEvent{
		UID: "tag:example.org,2026:mirror-move", Sequence: 1, Status: "CONFIRMED", Transp: "TRANSPARENT",
		DTStart: "2026-10-04T13:00:00+00:00", DTEnd: "2026-10-04T17:00:00+00:00", DTStamp: "2026-10-04T15:40:00+00:00",
		Summary: "Mirror service moved", URL: "https://status.example.org/news/mirror-move/",
		Description: "Mirror lists may be slower.\n\nAffects: Example 2.\n\nCompleted, 4 October 2026, 15:40 UTC: Done early.\n\nDetails: https://status.example.org/news/mirror-move/",
	}
	migration := parsedEvent{
		UID: "tag:example.org,2026:db-migration", Sequence: 1, Status: "CONFIRMED", Transp: "TRANSPARENT",
		DTStart: "2026-12-03T08:00:00+00:00", DTEnd: "2026-12-03T12:00:00+00:00", DTStamp: "2026-11-21T09:00:00+00:00",
		Summary: "Planned maintenance of the build system", URL: "https://status.example.org/news/db-migration/",
		Description: "The build system is read-only during the window.\n\nAffects: Build system.\n\n" +
			"Scheduled, 21 November 2026, 09:00 UTC: Moved from 2 December to 3 December; builds queue, and nothing is lost.\n\n" +
			"Details: https://status.example.org/news/db-migration/",
	}
	want := map[string][]parsedEvent{
		"maintenance.ics":                 {mirror, migration},
		"releases/ex2/maintenance.ics":    {mirror},
		"services/builds/maintenance.ics": {migration},
		"releases/ex1/maintenance.ics":    nil,
		"releases/ex3/maintenance.ics":    nil,
		"services/api/maintenance.ics":    nil,
		"services/chat/maintenance.ics":   nil,
	}
	if len(cals) != len(want) {
		t.Errorf("%d calendars, want %d", len(cals), len(want))
	}
	for name, events := range want {
		c, ok := cals[name]
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		if len(c.Events) != len(events) {
			t.Errorf("%s: %d events, want %d", name, len(c.Events), len(events))
			continue
		}
		for i, ev := range c.Events {
			if ev != events[i] {
				t.Errorf("%s: event %d is\n%+v, want\n%+v", name, i, ev, events[i])
			}
		}
	}
	if got := cals["releases/ex2/maintenance.ics"].Name; got != "Example 2: planned maintenance" {
		t.Errorf("ex2's calendar is named %q", got)
	}

	// The window moves by a day, and an update says so.
	file := filepath.Join(content, "news", "2026-11-20-db-migration.md")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	moved := strings.NewReplacer("starts: 2026-12-03T08:00:00Z", "starts: 2026-12-04T08:00:00Z", "ends: 2026-12-03T12:00:00Z", "ends: 2026-12-04T12:00:00Z",
		"---\n\n", "  - at: 2026-11-21T11:30:00Z\n    text: Moved again, to 4 December.\n---\n\n").Replace(string(data))
	if strings.Count(moved, "2026-12-04T") != 2 || !strings.Contains(moved, "Moved again") {
		t.Fatalf("the test no longer moves the window:\n%s", moved)
	}
	writeFile(t, file, []byte(moved))
	got := build()["services/builds/maintenance.ics"].Events
	if len(got) != 1 {
		t.Fatalf("after the move, %d events", len(got))
	}
	ev := got[0]
	if ev.UID != migration.UID || ev.Sequence <= migration.Sequence || ev.DTStamp != "2026-11-21T11:30:00+00:00" ||
		ev.DTStart != "2026-12-04T08:00:00+00:00" || ev.DTEnd != "2026-12-04T12:00:00+00:00" {
		t.Errorf("after the move, the event is\n%+v; want the same UID, a SEQUENCE above %d, and the new times", ev, migration.Sequence)
	}
	if c := build()["services/builds/maintenance.ics"]; c.Events[0] != ev {
		t.Errorf("a second build of the same content and clock changed the event:\n%+v\n%+v", c.Events[0], ev)
	}
}

// TestCalendarText checks that what an editor writes reaches the calendar
// app as written, however long and whatever it holds: the characters
// iCalendar escapes, other scripts and emoji across the folds.
func TestCalendarText(t *testing.T) {
	requireICalendar(t)
	tmp := t.TempDir()
	content, public := filepath.Join(tmp, "content"), filepath.Join(tmp, "public")
	if err := os.CopyFS(content, os.DirFS("testdata/golden/content")); err != nil {
		t.Fatal(err)
	}
	title := `Koji; Bodhi, and \the mirrors/ — «maintenance» 🛠️ of 日本語 mirrors, with a title long enough to fold twice over`
	body := "Part one, with a comma; a semicolon and a backslash \\ here.\n\nNot in the summary."
	writeFile(t, filepath.Join(content, "news", "2026-11-19-text.md"), []byte("---\ntitle: \""+strings.ReplaceAll(title, `\`, `\\`)+
		"\"\ndate: 2026-11-19T08:00:00Z\nkind: maintenance\nservices: [builds, api]\nstarts: 2026-11-25T08:00:00Z\nends: 2026-11-25T09:30:00Z\n---\n\n"+body+"\n"))
	if _, err := generator.Build(t.Context(), generator.Config{Content: content, Out: public, Now: goldenNow, Minify: true}); err != nil {
		t.Fatal(err)
	}
	cals := parseCalendars(t, public)
	for _, name := range []string{"maintenance.ics", "services/builds/maintenance.ics", "services/api/maintenance.ics"} {
		var found bool
		for _, ev := range cals[name].Events {
			if ev.UID != "tag:example.org,2026:text" {
				continue
			}
			found = true
			want := "Part one, with a comma; a semicolon and a backslash \\ here.\n\nAffects: Build system, Package API.\n\nDetails: https://status.example.org/news/text/"
			if ev.Summary != title || ev.Description != want || ev.Sequence != 0 || ev.DTStamp != "2026-11-19T08:00:00+00:00" {
				t.Errorf("%s: the event is\n%+v\nwant the summary %q and the description %q", name, ev, title, want)
			}
		}
		if !found {
			t.Errorf("%s: no event for the new window", name)
		}
	}
}
