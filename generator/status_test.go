package generator

import (
	"strings"
	"testing"
	"time"
)

func TestIndicator(t *testing.T) {
	at := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC) }
	inc := func(sev Severity, st Status, releases ...string) *Entry {
		return &Entry{Kind: Incident, Severity: sev, Status: st, Releases: releases, Date: at(1, 0)}
	}
	maint := func(starts, ends time.Time, releases ...string) *Entry {
		return &Entry{Kind: Maintenance, Starts: starts, Ends: ends, Releases: releases, Date: at(1, 0)}
	}
	now := at(10, 12)
	tests := []struct {
		name    string
		entries []*Entry
		f43     Indicator // Fedora 43 at now
		overall Indicator // every release that is not EOL
	}{
		{"nothing", nil, Operational, Operational},
		{"a minor incident", []*Entry{inc(Minor, Investigating, "f43")}, MinorOutage, MinorOutage},
		{"the highest severity wins", []*Entry{inc(Minor, Identified, "f43"), inc(Critical, Monitoring, "f43"), inc(Major, Investigating, "f43")}, CriticalOutage, CriticalOutage},
		{"resolved incidents do not count", []*Entry{inc(Critical, Resolved, "f43"), inc(Minor, Monitoring, "f43")}, MinorOutage, MinorOutage},
		{"another release's incident", []*Entry{inc(Major, Identified, "f42")}, Operational, MajorOutage},
		{"an EOL release does not count overall", []*Entry{inc(Critical, Identified, "f41")}, Operational, Operational},
		{"maintenance in progress", []*Entry{maint(at(10, 10), at(10, 14), "f43")}, UnderMaintenance, UnderMaintenance},
		{"an incident outranks maintenance", []*Entry{maint(at(10, 10), at(10, 14), "f43"), inc(Minor, Identified, "f43")}, MinorOutage, MinorOutage},
		{"maintenance to come does not count", []*Entry{maint(at(11, 10), at(11, 14), "f43")}, Operational, Operational},
		{"maintenance over does not count", []*Entry{maint(at(9, 10), at(9, 14), "f43")}, Operational, Operational},
		{"maintenance of another release", []*Entry{maint(at(10, 10), at(10, 14), "f42")}, Operational, UnderMaintenance},
		{"the worst release decides overall", []*Entry{maint(at(10, 10), at(10, 14), "f43"), inc(Major, Identified, "f42")}, UnderMaintenance, MajorOutage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Site{Releases: []*Release{{ID: "f43", State: Current}, {ID: "f42", State: Current}, {ID: "f41", State: EOL}}, Entries: tt.entries}
			s.index = newIndex(s)
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
	late := &Entry{Kind: Maintenance, Starts: at(8), Ends: at(12), Updates: []Update{{At: at(11), Status: Completed}}}
	if got := late.Window(at(10)); got != WindowInProgress {
		t.Errorf("with a completed update after now: Window = %s, want in_progress", got)
	}
	for _, tt := range tests {
		e := &Entry{Kind: Maintenance, Starts: at(8), Ends: at(12)}
		if tt.latest != "" {
			e.Updates = []Update{{At: at(6), Status: tt.latest}}
		}
		if got := e.Window(tt.now); got != tt.want {
			t.Errorf("%s: Window = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestActiveMostSevereFirst(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	s := &Site{Releases: []*Release{{ID: "f43"}}, Entries: []*Entry{
		{Slug: "new-minor", Kind: Incident, Severity: Minor, Status: Identified, Releases: []string{"f43"}, Date: day(9)},
		{Slug: "new-major", Kind: Incident, Severity: Major, Status: Identified, Releases: []string{"f43"}, Date: day(8)},
		{Slug: "old-major", Kind: Incident, Severity: Major, Status: Identified, Releases: []string{"f43"}, Date: day(2)},
		{Slug: "critical", Kind: Incident, Severity: Critical, Status: Monitoring, Releases: []string{"f43"}, Date: day(1)},
	}}
	s.index = newIndex(s)
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
	maint := func(slug string, starts, ends time.Time, releases []string, updates ...Update) *Entry {
		return &Entry{Slug: slug, Kind: Maintenance, Starts: starts, Ends: ends, Releases: releases, Updates: updates, Date: at(1, 0)}
	}
	both, f43 := []string{"f43", "f42"}, []string{"f43"}
	s := &Site{Releases: []*Release{{ID: "f43"}, {ID: "f42"}}, Entries: []*Entry{
		maint("later", at(20, 8), at(20, 12), both),
		maint("soon", at(5, 8), at(5, 12), f43),
		maint("running", at(3, 8), at(3, 20), both),
		maint("done-early", at(3, 6), at(3, 22), f43, Update{At: at(3, 9), Status: Completed}),
		maint("over", at(2, 8), at(2, 12), both),
		{Slug: "an-incident", Kind: Incident, Severity: Major, Status: Identified, Releases: f43, Date: at(1, 0)},
	}}
	s.index = newIndex(s)
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
		for _, e := range s.Entries {
			if e.Slug == slug && (e.Ongoing(now) != want[0] || e.Upcoming(now) != want[1]) {
				t.Errorf("%s: ongoing %v, upcoming %v; want %v", slug, e.Ongoing(now), e.Upcoming(now), want)
			}
		}
	}
}
