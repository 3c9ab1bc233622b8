package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// TestICalendarFolding checks that content lines are folded as RFC 5545
// (3.1) asks: no line longer than 75 octets, CRLF after each, a space
// before each continuation, never in the middle of a character, and
// unfolding gives back the line.
func TestICalendarFolding(t *testing.T) {
	for _, line := range []string{
		"SUMMARY:short",
		"DESCRIPTION:" + strings.Repeat("x", 63), // 75 octets: no fold
		"DESCRIPTION:" + strings.Repeat("x", 64), // 76
		"DESCRIPTION:" + strings.Repeat("é", 100),
		"DESCRIPTION:" + strings.Repeat("a", 62) + "日本語のテキスト" + strings.Repeat("🛠️", 40),
		"DESCRIPTION:" + strings.Repeat("abc\\, ", 80),
	} {
		var buf bytes.Buffer
		icalendar{&buf}.line(line)
		out := buf.String()
		if !strings.HasSuffix(out, "\r\n") {
			t.Errorf("%.20q…: does not end in CRLF", line)
		}
		physical := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		for i, p := range physical {
			if len(p) > 75 || !utf8.ValidString(p) || (i > 0) != strings.HasPrefix(p, " ") || strings.ContainsAny(p, "\r\n") {
				t.Errorf("%.20q…: line %d is %q (%d octets)", line, i, p, len(p))
			}
		}
		if got := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""); got != line {
			t.Errorf("unfolded, %q is %q", line, got)
		}
		if len(line) > 75 && len(physical) == 1 || len(line) <= 75 && len(physical) > 1 {
			t.Errorf("%.20q… (%d octets) is %d lines", line, len(line), len(physical))
		}
	}
}

// TestICalendarEscape checks TEXT escaping (RFC 5545, 3.3.11).
func TestICalendarEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                           "plain",
		`a\b; c, d`:                       `a\\b\; c\, d`,
		"two\nlines\r\nand\ttab":          `two\nlines\nand` + "\ttab",
		"bell\a and del\x7f and nul\x00 ": "bell and del and nul ",
	} {
		if got := icsEscape(in); got != want {
			t.Errorf("%q escapes as %q, want %q", in, got, want)
		}
	}
}

// TestCalendars checks which windows each calendar holds: those of its
// release or service (all, for the site's), by start, the latest
// feed_items of them; and that a calendar with none is still a calendar.
func TestCalendars(t *testing.T) {
	fsys := contentFS(t)
	for i := range 4 {
		fsys[fmt.Sprintf("news/window-%d.md", i+1)] = mapFile(fmt.Sprintf(
			"---\ntitle: Window %d\ndate: 2026-11-10\nkind: maintenance\nreleases: [f42]\nstarts: 2026-12-0%dT08:00:00Z\nends: 2026-12-0%dT09:00:00Z\n---\n", i+1, 4-i, 4-i))
	}
	edit(t, fsys, "site.yaml", "releases:", "feed_items: 3\nreleases:")
	out := renderFS(t, fsys, Options{Now: feedNow})
	uids := func(name string) []string {
		data, ok := out.Get(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		if !bytes.HasPrefix(data, []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")) || !bytes.HasSuffix(data, []byte("END:VCALENDAR\r\n")) {
			t.Errorf("%s is not a calendar:\n%s", name, data)
		}
		var got []string
		for _, line := range strings.Split(string(data), "\r\n") {
			if uid, ok := strings.CutPrefix(line, "UID:tag:fedoraproject.org\\,2026:"); ok {
				got = append(got, uid)
			}
		}
		return got
	}
	for name, want := range map[string]string{
		"maintenance.ics":              "window-3 window-2 window-1", // by start; window-4, the earliest, is one too many
		"releases/f42/maintenance.ics": "window-3 window-2 window-1",
		"releases/f43/maintenance.ics": "koji-outage", // for all releases
		"releases/f40/maintenance.ics": "",            // EOL, so not among all
	} {
		if got := strings.Join(uids(name), " "); got != want {
			t.Errorf("%s holds %q, want %q", name, got, want)
		}
	}
}

func mapFile(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
