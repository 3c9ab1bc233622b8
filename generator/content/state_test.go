package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// stateSiteYAML is the site of the state tests: two current releases and
// one at its end of life.
const stateSiteYAML = `title: Test
base_url: https://status.example.org/
id_authority: example.org,2026
releases:
  - id: f43
    name: Fedora 43
  - id: f42
    name: Fedora 42
  - id: f41
    name: Fedora 41
    state: eol
    end_of_life: 2026-11-05
`

// loadEntries loads a site of stateSiteYAML and the entries, given by
// file name, each a front matter; it fails the test on any problem.
func loadEntries(t *testing.T, entries map[string]string) *Site {
	t.Helper()
	fsys := fstest.MapFS{"site.yaml": {Data: []byte(stateSiteYAML)}}
	for name, front := range entries {
		fsys["news/"+name+".md"] = &fstest.MapFile{Data: []byte("---\n" + front + "---\n")}
	}
	site, _, err := Load(t.Context(), fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// stamp is how a time is written in the front matter.
func stamp(t time.Time) string { return t.Format(time.RFC3339) }

// updatesYAML is the updates field of a front matter.
func updatesYAML(updates ...Update) string {
	if len(updates) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("updates:\n")
	for _, u := range updates {
		fmt.Fprintf(&b, "  - at: %s\n    status: %s\n    text: %s\n", stamp(u.At), u.Status, "Update.")
	}
	return b.String()
}

func TestIndicator(t *testing.T) {
	at := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC) }
	inc := func(sev Severity, st Status, releases ...string) string {
		return fmt.Sprintf("title: Incident\ndate: %s\nkind: incident\nseverity: %s\nstatus: %s\nreleases: [%s]\n",
			stamp(at(1, 0)), sev, st, strings.Join(releases, ", "))
	}
	maint := func(starts, ends time.Time, releases ...string) string {
		return fmt.Sprintf("title: Maintenance\ndate: %s\nkind: maintenance\nstarts: %s\nends: %s\nreleases: [%s]\n",
			stamp(at(1, 0)), stamp(starts), stamp(ends), strings.Join(releases, ", "))
	}
	now := at(10, 12)
	tests := []struct {
		name    string
		entries []string
		f43     Indicator // Fedora 43 at now
		overall Indicator // every release that is not EOL
	}{
		{"nothing", nil, Operational, Operational},
		{"a minor incident", []string{inc(Minor, Investigating, "f43")}, MinorOutage, MinorOutage},
		{"the highest severity wins", []string{inc(Minor, Identified, "f43"), inc(Critical, Monitoring, "f43"), inc(Major, Investigating, "f43")}, CriticalOutage, CriticalOutage},
		{"resolved incidents do not count", []string{inc(Critical, Resolved, "f43"), inc(Minor, Monitoring, "f43")}, MinorOutage, MinorOutage},
		{"another release's incident", []string{inc(Major, Identified, "f42")}, Operational, MajorOutage},
		{"an EOL release does not count overall", []string{inc(Critical, Identified, "f41")}, Operational, Operational},
		{"maintenance in progress", []string{maint(at(10, 10), at(10, 14), "f43")}, UnderMaintenance, UnderMaintenance},
		{"an incident outranks maintenance", []string{maint(at(10, 10), at(10, 14), "f43"), inc(Minor, Identified, "f43")}, MinorOutage, MinorOutage},
		{"maintenance to come does not count", []string{maint(at(11, 10), at(11, 14), "f43")}, Operational, Operational},
		{"maintenance over does not count", []string{maint(at(9, 10), at(9, 14), "f43")}, Operational, Operational},
		{"maintenance of another release", []string{maint(at(10, 10), at(10, 14), "f42")}, Operational, UnderMaintenance},
		{"the worst release decides overall", []string{maint(at(10, 10), at(10, 14), "f43"), inc(Major, Identified, "f42")}, UnderMaintenance, MajorOutage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := map[string]string{}
			for i, front := range tt.entries {
				entries[fmt.Sprintf("e%d", i)] = front
			}
			s := loadEntries(t, entries)
			if got := s.Indicator("f43", now); got != tt.f43 {
				t.Errorf("Indicator(f43) = %s, want %s", got, tt.f43)
			}
			if got := s.Overall(now); got != tt.overall {
				t.Errorf("Overall = %s, want %s", got, tt.overall)
			}
		})
	}
}

func TestWindow(t *testing.T) {
	at := func(hour int) time.Time { return time.Date(2026, 12, 3, hour, 0, 0, 0, time.UTC) }
	// maint loads a maintenance from 8:00 to 12:00 with the updates.
	maint := func(updates ...Update) *Entry {
		t.Helper()
		front := fmt.Sprintf("title: Maintenance\ndate: 2026-12-01\nkind: maintenance\nstarts: %s\nends: %s\n", stamp(at(8)), stamp(at(12))) +
			updatesYAML(updates...)
		return loadEntries(t, map[string]string{"m": front}).Entries[0]
	}
	tests := []struct {
		name   string
		now    time.Time
		latest Status // the latest update's status, "" for none
		want   WindowState
	}{
		{"before the window", at(7), "", WindowScheduled},
		{"at the start", at(8), "", WindowInProgress},
		{"inside", at(10), "", WindowInProgress},
		{"at the end", at(12), "", WindowCompleted},
		{"after", at(13), "", WindowCompleted},
		{"started early", at(7), InProgress, WindowInProgress},
		{"being verified", at(11), Verifying, WindowVerifying},
		{"completed early", at(10), Completed, WindowCompleted},
		{"an update saying scheduled does not hold it back", at(10), Scheduled, WindowInProgress},
	}
	// An update written after the build time does not count yet.
	late := maint(Update{At: at(11), Status: Completed})
	if got := late.Window(at(10)); got != WindowInProgress {
		t.Errorf("with a completed update after now: Window = %s, want in_progress", got)
	}
	for _, tt := range tests {
		var e *Entry
		if tt.latest != "" {
			e = maint(Update{At: at(6), Status: tt.latest})
		} else {
			e = maint()
		}
		if got := e.Window(tt.now); got != tt.want {
			t.Errorf("%s: Window = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestActiveMostSevereFirst(t *testing.T) {
	inc := func(sev Severity, st Status, day int) string {
		return fmt.Sprintf("title: Incident\ndate: 2026-11-%02d\nseverity: %s\nstatus: %s\nreleases: [f43]\n", day, sev, st)
	}
	s := loadEntries(t, map[string]string{
		"new-minor": inc(Minor, Identified, 9),
		"new-major": inc(Major, Identified, 8),
		"old-major": inc(Major, Identified, 2),
		"critical":  inc(Critical, Monitoring, 1),
	})
	var got []string
	for _, e := range s.ActiveIncidents("f43") {
		got = append(got, e.Slug)
	}
	want := "critical new-major old-major new-minor"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("ActiveIncidents = %s, want %s", g, want)
	}
}

func TestMaintenances(t *testing.T) {
	at := func(day, hour int) time.Time { return time.Date(2026, 12, day, hour, 0, 0, 0, time.UTC) }
	maint := func(starts, ends time.Time, releases string, updates ...Update) string {
		return fmt.Sprintf("title: Maintenance\ndate: %s\nkind: maintenance\nstarts: %s\nends: %s\nreleases: %s\n",
			stamp(at(1, 0)), stamp(starts), stamp(ends), releases) + updatesYAML(updates...)
	}
	both, f43 := "[f43, f42]", "[f43]"
	s := loadEntries(t, map[string]string{
		"later":       maint(at(20, 8), at(20, 12), both),
		"soon":        maint(at(5, 8), at(5, 12), f43),
		"running":     maint(at(3, 8), at(3, 20), both),
		"done-early":  maint(at(3, 6), at(3, 22), f43, Update{At: at(3, 9), Status: Completed}),
		"over":        maint(at(2, 8), at(2, 12), both),
		"an-incident": fmt.Sprintf("title: Incident\ndate: %s\nkind: incident\nseverity: major\nstatus: identified\nreleases: %s\n", stamp(at(1, 0)), f43),
	})
	now := at(3, 10)
	tests := []struct {
		release string
		want    string // slugs, soonest first
	}{
		{"", "running soon later"},
		{"f43", "running soon later"},
		{"f42", "running later"},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range s.Maintenances(tt.release, now) {
			got = append(got, e.Slug)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("Maintenances(%q) = %s, want %s", tt.release, g, tt.want)
		}
	}
	for slug, want := range map[string][2]bool{ // ongoing, upcoming
		"running": {true, false}, "soon": {false, true}, "done-early": {false, false}, "over": {false, false}, "an-incident": {false, false},
	} {
		found := false
		for _, e := range s.Entries {
			if e.Slug != slug {
				continue
			}
			found = true
			w := e.Window(now)
			if w.Open() != want[0] || (w == WindowScheduled) != want[1] {
				t.Errorf("%s: window %q: ongoing %v, upcoming %v; want %v", slug, w, w.Open(), w == WindowScheduled, want)
			}
		}
		if !found {
			t.Errorf("%s: no such entry", slug)
		}
	}
}
