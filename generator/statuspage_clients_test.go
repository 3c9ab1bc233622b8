package generator_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// jsTime is a time as a client returned it: a Date (statuspage.js turns
// the strings it takes for times into Dates, which clients.cjs prints as
// {"$date": …}), a string (statuspage.io), or null.
type jsTime struct {
	T    time.Time
	Date bool // a JavaScript Date
	Null bool
}

func (j *jsTime) UnmarshalJSON(data []byte) error {
	var s string
	switch {
	case string(data) == "null":
		j.Null = true
		return nil
	case bytes.HasPrefix(data, []byte("{")):
		var d struct {
			Date string `json:"$date"`
		}
		if err := json.Unmarshal(data, &d); err != nil {
			return err
		}
		j.Date, s = true, d.Date
	default:
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("a time that is not one: %w", err)
	}
	j.T = t.UTC()
	return nil
}

func (j jsTime) String() string {
	switch {
	case j.Null:
		return "null"
	case j.T.IsZero():
		return "absent"
	}
	return j.T.Format(time.RFC3339)
}

// The documents, as the clients returned them.
type (
	jsPage struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		UpdatedAt jsTime `json:"updated_at"`
	}
	jsStatus struct {
		Indicator   string `json:"indicator"`
		Description string `json:"description"`
	}
	jsComponent struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		Status    string `json:"status"`
		CreatedAt jsTime `json:"created_at"`
		UpdatedAt jsTime `json:"updated_at"`
	}
	jsAffected struct {
		Code      string `json:"code"`
		Name      string `json:"name"`
		OldStatus string `json:"old_status"`
		NewStatus string `json:"new_status"`
	}
	jsUpdate struct {
		ID                 string       `json:"id"`
		Status             string       `json:"status"`
		Body               string       `json:"body"`
		IncidentID         string       `json:"incident_id"`
		CreatedAt          jsTime       `json:"created_at"`
		UpdatedAt          jsTime       `json:"updated_at"`
		DisplayAt          jsTime       `json:"display_at"`
		AffectedComponents []jsAffected `json:"affected_components"`
	}
	jsIncident struct {
		ID              string        `json:"id"`
		Name            string        `json:"name"`
		Status          string        `json:"status"`
		Impact          string        `json:"impact"`
		CreatedAt       jsTime        `json:"created_at"`
		UpdatedAt       jsTime        `json:"updated_at"`
		StartedAt       jsTime        `json:"started_at"`
		MonitoringAt    jsTime        `json:"monitoring_at"`
		ResolvedAt      jsTime        `json:"resolved_at"`
		ScheduledFor    jsTime        `json:"scheduled_for"`
		ScheduledUntil  jsTime        `json:"scheduled_until"`
		IncidentUpdates []jsUpdate    `json:"incident_updates"`
		Components      []jsComponent `json:"components"`
	}
	jsDoc struct {
		Page                  *jsPage       `json:"page"`
		Status                *jsStatus     `json:"status"`
		Components            []jsComponent `json:"components"`
		Incidents             []jsIncident  `json:"incidents"`
		ScheduledMaintenances []jsIncident  `json:"scheduled_maintenances"`
	}
)

// clientsReport is what clients.cjs prints.
type clientsReport struct {
	StatuspageJS map[string]map[string]jsDoc `json:"statuspage.js"`
	StatuspageIO map[string]map[string]jsDoc `json:"statuspage.io"`
	Updates      []struct {
		Step        int          `json:"step"`
		CheckUpdate bool         `json:"checkUpdate"`
		Emitted     []jsIncident `json:"emitted"`
	} `json:"updates"`
}

// The methods of each client, by the view each reads. statuspage.io 3.3.8
// reads upcoming.json for all three of its maintenance methods (its
// Endpoints.js names no other): it has no way to the active or the full
// list.
var (
	spjsMethods = map[string]string{
		"summary": "summary", "status": "status", "components": "components",
		"incidents": "allIncidents", "unresolved": "unresolvedIncidents",
		"maintenances": "allScheduledMaintenances", "active": "activeScheduledMaintenances",
		"upcoming": "upcomingScheduledMaintenances",
	}
	spioMethods = map[string]string{
		"summary": "getSummary", "status": "getStatus", "components": "getComponents",
		"incidents": "incidents.getAll", "unresolved": "incidents.getUnresolved",
		"maintenances": "scheduledMaintenances.getAll", "active": "scheduledMaintenances.getActive",
		"upcoming": "scheduledMaintenances.getUpcoming",
	}
)

// TestStatuspageClients runs statuspage.js and statuspage.io, two npm
// clients of Statuspage's v2 API, against each site, calling every method
// they have for the public views, and checks what each returned: the page
// indicator (maintenance while a window runs and nothing is open), each
// release's component status, the incidents and maintenances each list
// holds, in order, and of each its impact (maintenance for a
// maintenance), its status, and its updates, never empty, newest first,
// one for each change of status at its own time with the component
// changes it made, the first at the time it was published, its times
// (created, updated, resolved, monitoring) agreeing with them; and that
// statuspage.js turned every time into a Date. Then statuspage.js's
// StatuspageUpdates follows a site that an editor updates: it must tell
// each new update once, and nothing on a rebuild that brings none.
func TestStatuspageClients(t *testing.T) {
	node, _ := statuspageTools(t, "clients.cjs", false)

	// Besides the test's sites, the sample site, as deployed and during
	// the Bodhi and Koji migration (3 December, 08:00 to 12:00): every kind
	// of entry, written as editors do.
	const bodhi = "Planned maintenance: Bodhi and Koji database migration"
	cases := append(slices.Clone(spCases),
		spCase{name: "sample", content: "../content", now: deployNow, upcoming: []string{bodhi}},
		spCase{name: "sample-window", content: "../content", now: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC), active: []string{bodhi}})
	sites := map[string]string{}
	logs := map[string]*requestLog{}
	for _, c := range cases {
		srv, log := serveSite(t, buildCase(t, c), false)
		sites[c.name], logs[c.name] = srv.URL, log
	}
	updatesURL, steps := followedSite(t)
	sites["followed"] = updatesURL.site

	cfg, _ := json.Marshal(map[string]any{
		"sites":   sites,
		"updates": map[string]any{"site": "followed", "rebuild": updatesURL.rebuild, "steps": len(steps)},
	})
	var rep clientsReport
	runNode(t, node, "clients.cjs", cfg, time.Minute, &rep)

	for _, c := range cases {
		for client, methods := range map[string]map[string]string{"statuspage.js": spjsMethods, "statuspage.io": spioMethods} {
			got := rep.StatuspageJS[c.name]
			if client == "statuspage.io" {
				got = rep.StatuspageIO[c.name]
			}
			view := func(v string) jsDoc {
				d, ok := got[methods[v]]
				if !ok {
					t.Fatalf("%s: %s: no result for %s", c.name, client, methods[v])
				}
				return d
			}
			checkClientView(t, c, client, view)
		}
		// statuspage.io asked for upcoming.json three times, and never for
		// active.json or scheduled-maintenances.json.
		var maint []string
		for _, p := range logs[c.name].get() {
			if strings.Contains(p, "/scheduled-maintenances") {
				maint = append(maint, p)
			}
		}
		slices.Sort(maint)
		want := []string{
			"GET /api/v2/scheduled-maintenances.json", "GET /api/v2/scheduled-maintenances/active.json",
			"GET /api/v2/scheduled-maintenances/upcoming.json", "GET /api/v2/scheduled-maintenances/upcoming.json",
			"GET /api/v2/scheduled-maintenances/upcoming.json", "GET /api/v2/scheduled-maintenances/upcoming.json",
		}
		if !slices.Equal(maint, want) {
			t.Errorf("%s: the clients asked for %q, want %q", c.name, maint, want)
		}
	}

	// StatuspageUpdates, step by step.
	if len(rep.Updates) != len(steps) {
		t.Fatalf("StatuspageUpdates: %d steps reported, want %d", len(rep.Updates), len(steps))
	}
	for i, s := range steps {
		got := rep.Updates[i]
		var emitted, want []string
		if s.emits != "" {
			want = []string{s.emits}
		}
		for _, inc := range got.Emitted {
			if len(inc.IncidentUpdates) == 0 {
				t.Errorf("step %d (%s): emitted %s without updates", i+1, s.what, inc.Name)
				continue
			}
			u := inc.IncidentUpdates[0]
			emitted = append(emitted, inc.Name+": "+u.Status+" at "+u.CreatedAt.String())
		}
		if got.CheckUpdate != (want != nil) || !slices.Equal(emitted, want) {
			t.Errorf("step %d (%s): checkUpdate %v, emitted %q; want %q", i+1, s.what, got.CheckUpdate, emitted, s.emits)
		}
	}
}

// checkClientView checks what one client returned for one site.
func checkClientView(t *testing.T, c spCase, client string, view func(string) jsDoc) {
	t.Helper()
	where := c.name + ": " + client
	stories := map[string]spEntry{}
	for _, e := range c.entries {
		stories[e.title] = e
	}
	var page jsPage
	var status jsStatus
	for _, v := range []string{"summary", "status", "components", "incidents", "unresolved", "maintenances", "active", "upcoming"} {
		d := view(v)
		w := where + ": " + v
		if d.Page == nil || len(d.Page.ID) != 12 || d.Page.Name == "" || !d.Page.UpdatedAt.T.Equal(c.now) {
			t.Errorf("%s: page %+v, want the build time %s as updated_at", w, d.Page, c.now.Format(time.RFC3339))
		} else {
			checkJSTime(t, w+": page updated_at", client, d.Page.UpdatedAt)
			if page.ID == "" {
				page = *d.Page
			} else if d.Page.ID != page.ID {
				t.Errorf("%s: page id %s, another view's %s", w, d.Page.ID, page.ID)
			}
		}
		if v == "summary" || v == "status" {
			switch {
			case d.Status == nil:
				t.Errorf("%s: no status", w)
			case c.content == "" && (d.Status.Indicator != c.indicator || d.Status.Description != c.description):
				t.Errorf("%s: status %+v, want %s, %q", w, *d.Status, c.indicator, c.description)
			case !slices.Contains([]string{"none", "minor", "major", "critical", "maintenance"}, d.Status.Indicator):
				t.Errorf("%s: indicator %q", w, d.Status.Indicator)
			case status.Indicator != "" && *d.Status != status:
				t.Errorf("%s: status %+v, summary's %+v", w, *d.Status, status)
			default:
				status = *d.Status
			}
		}
		if v == "summary" || v == "components" {
			got := map[string]string{}
			for _, comp := range d.Components {
				got[comp.Name] = comp.Status
				checkJSTime(t, w+": "+comp.Name+" created_at", client, comp.CreatedAt)
				checkJSTime(t, w+": "+comp.Name+" updated_at", client, comp.UpdatedAt)
				if !slices.Contains([]string{"operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"}, comp.Status) {
					t.Errorf("%s: %s is %q", w, comp.Name, comp.Status)
				}
			}
			if c.content == "" && !maps.Equal(got, c.components) {
				t.Errorf("%s: components %v, want %v", w, got, c.components)
			}
		}
		var list []jsIncident
		var want []string
		maintenance := false
		switch v {
		case "summary":
			list, want = d.Incidents, c.unresolved
			// summary.json has the maintenance to come and under way.
			checkIncidents(t, w+": scheduled_maintenances", client, c, stories, d.ScheduledMaintenances, append(slices.Clone(c.upcoming), c.active...), true)
		case "incidents":
			list, want = d.Incidents, c.incidents
		case "unresolved":
			list, want = d.Incidents, c.unresolved
		case "maintenances":
			list, want, maintenance = d.ScheduledMaintenances, c.maintenances, true
		case "active":
			list, want, maintenance = d.ScheduledMaintenances, c.active, true
		case "upcoming":
			list, want, maintenance = d.ScheduledMaintenances, c.upcoming, true
		default:
			continue
		}
		if client == "statuspage.io" && (v == "maintenances" || v == "active") {
			want = c.upcoming // it reads upcoming.json for these too
		}
		checkIncidents(t, w, client, c, stories, list, want, maintenance)
	}
}

// checkIncidents checks a list of incidents or maintenances as a client
// returned it: the titles in order, and each one: its story, when it is
// one of the test's entries, and what holds for any.
func checkIncidents(t *testing.T, where, client string, c spCase, stories map[string]spEntry, list []jsIncident, want []string, maintenance bool) {
	t.Helper()
	var names []string
	for _, inc := range list {
		names = append(names, inc.Name)
	}
	// Of the sample site only the lists the test names.
	if (c.content == "" || want != nil) && !slices.Equal(names, want) {
		t.Errorf("%s: %q, want %q", where, names, want)
	}
	for _, inc := range list {
		w := where + ": " + inc.Name
		if len(inc.IncidentUpdates) == 0 {
			// statuspage.js's StatuspageUpdates fails on such an incident.
			t.Errorf("%s: no incident_updates", w)
			continue
		}
		if e, ok := stories[inc.Name]; ok {
			checkStory(t, w, c.now, e, inc)
		}
		checkIncident(t, w, client, inc, maintenance)
	}
}

// checkStory checks an incident's updates against the story of its entry
// up to the build clock, and its impact and status.
func checkStory(t *testing.T, where string, now time.Time, e spEntry, inc jsIncident) {
	t.Helper()
	var got, want []string
	for _, u := range inc.IncidentUpdates {
		var changes []string
		for _, a := range u.AffectedComponents {
			changes = append(changes, a.Name+": "+a.OldStatus+" → "+a.NewStatus)
		}
		got = append(got, u.Status+" at "+u.CreatedAt.String()+" "+strings.Join(changes, ", "))
	}
	var last spStep
	for _, s := range slices.Backward(e.steps) { // newest first
		if !s.at.After(now) {
			want = append(want, s.status+" at "+s.at.Format(time.RFC3339)+" "+s.changes)
			if last.status == "" {
				last = s
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: incident_updates\n\t%q\nwant\n\t%q", where, got, want)
	}
	if inc.Impact != e.impact || inc.Status != last.status {
		t.Errorf("%s: impact %s, status %s; want %s, %s", where, inc.Impact, inc.Status, e.impact, last.status)
	}
}

// checkIncident checks what holds for any incident or maintenance: its
// impact and statuses are Statuspage's; its updates are newest first, the
// first at the time it was published, the last with its status; its
// times agree with them; and each time is a Date from statuspage.js, a
// string from statuspage.io. A review comes after the incident was
// resolved, as a postmortem update: the incident stays resolved, since
// clients read any other status as still open, so its status and
// resolved_at are those of the update before the review.
func checkIncident(t *testing.T, where, client string, inc jsIncident, maintenance bool) {
	t.Helper()
	impacts, statuses := []string{"minor", "major", "critical"}, []string{"investigating", "identified", "monitoring", "resolved"}
	if maintenance {
		impacts, statuses = []string{"maintenance"}, []string{"scheduled", "in_progress", "verifying", "completed"}
	}
	if !slices.Contains(impacts, inc.Impact) || !slices.Contains(statuses, inc.Status) {
		t.Errorf("%s: impact %q, status %q", where, inc.Impact, inc.Status)
	}
	newest, oldest := inc.IncidentUpdates[0], inc.IncidentUpdates[len(inc.IncidentUpdates)-1]
	last := newest
	if !maintenance && newest.Status == "postmortem" && len(inc.IncidentUpdates) > 1 {
		last = inc.IncidentUpdates[1]
	}
	if !maintenance {
		statuses = append(statuses, "postmortem") // an update's, never the incident's
	}
	if last.Status != inc.Status {
		t.Errorf("%s: %s, its newest update %s", where, inc.Status, last.Status)
	}
	if !inc.CreatedAt.T.Equal(oldest.CreatedAt.T) || !inc.StartedAt.T.Equal(inc.CreatedAt.T) || !inc.UpdatedAt.T.Equal(newest.CreatedAt.T) {
		t.Errorf("%s: created %s, started %s, updated %s; its first update at %s, its last at %s",
			where, inc.CreatedAt, inc.StartedAt, inc.UpdatedAt, oldest.CreatedAt, newest.CreatedAt)
	}
	done := inc.Status == "resolved" || inc.Status == "completed"
	if done == inc.ResolvedAt.Null || done && !inc.ResolvedAt.T.Equal(last.CreatedAt.T) {
		t.Errorf("%s: %s, resolved_at %s; its %s update at %s", where, inc.Status, inc.ResolvedAt, last.Status, last.CreatedAt)
	}
	monitoring := "null"
	for i, u := range slices.Backward(inc.IncidentUpdates) {
		if i > 0 && !u.CreatedAt.T.Before(inc.IncidentUpdates[i-1].CreatedAt.T) {
			t.Errorf("%s: its updates are not newest first", where)
		}
		if u.Status == "monitoring" && monitoring == "null" {
			monitoring = u.CreatedAt.String()
		}
		if !slices.Contains(statuses, u.Status) || u.IncidentID != inc.ID || u.Body == "" ||
			!u.DisplayAt.T.Equal(u.CreatedAt.T) || !u.UpdatedAt.T.Equal(u.CreatedAt.T) {
			t.Errorf("%s: update %+v", where, u)
		}
		for _, tm := range []jsTime{u.CreatedAt, u.UpdatedAt, u.DisplayAt} {
			checkJSTime(t, where+": update "+u.Status, client, tm)
		}
	}
	if !maintenance && inc.MonitoringAt.String() != monitoring {
		t.Errorf("%s: monitoring_at %s, want %s", where, inc.MonitoringAt, monitoring)
	}
	if maintenance == inc.ScheduledFor.T.IsZero() || maintenance && !inc.ScheduledUntil.T.After(inc.ScheduledFor.T) {
		t.Errorf("%s: scheduled from %s to %s", where, inc.ScheduledFor, inc.ScheduledUntil)
	}
	for name, tm := range map[string]jsTime{"created_at": inc.CreatedAt, "updated_at": inc.UpdatedAt, "started_at": inc.StartedAt,
		"monitoring_at": inc.MonitoringAt, "resolved_at": inc.ResolvedAt, "scheduled_for": inc.ScheduledFor, "scheduled_until": inc.ScheduledUntil} {
		if !tm.Null && !tm.T.IsZero() {
			checkJSTime(t, where+": "+name, client, tm)
		}
	}
}

// checkJSTime checks that statuspage.js made a Date of a time, and that
// statuspage.io left it the string it was.
func checkJSTime(t *testing.T, where, client string, tm jsTime) {
	t.Helper()
	if tm.T.IsZero() || tm.Date != (client == "statuspage.js") {
		t.Errorf("%s: %s returned %s (a Date: %v)", where, client, tm, tm.Date)
	}
}

// spFollowStep is one rebuild of the site StatuspageUpdates follows: what
// the editor did, the entries then, the build clock, and the update
// StatuspageUpdates must then tell ("" for none).
type spFollowStep struct {
	what    string
	entries []spEntry
	now     time.Time
	emits   string
}

type followedURLs struct{ site, rebuild string }

// followedSite serves a site that changes as an editor works on the
// major incident, step by step: before step n (counted from 1) the test
// script asks rebuild?step=n, and the site is built anew.
func followedSite(t *testing.T) (followedURLs, []spFollowStep) {
	t.Helper()
	// The major incident as first published, then with its updates.
	major := func(updates string) spEntry {
		e := spMajor
		i := strings.Index(e.text, "updates:\n")
		j := strings.Index(e.text, "\n---\n")
		e.text = e.text[:i] + updates + e.text[j+1:]
		return e
	}
	const (
		monitoring = "updates:\n  - at: 2026-11-10T12:00:00Z\n    status: monitoring\n    text: A fixed dnf5 is in stable.\n"
		resolved   = monitoring + "  - at: 2026-11-10T16:00:00Z\n    status: resolved\n    text: No new reports since the fix.\nfixed_in: FEDORA-2026-0f1e2d3c4b\n"
	)
	newer := spEntry{file: "news/2026-11-10-gdm.md", text: `---
title: GDM shows no users after the update
date: 2026-11-10T17:00:00Z
releases: [f43]
severity: minor
status: investigating
---
The login screen lists no user; typing the name still works.
`}
	first := []spEntry{spResolved, major("")}
	steps := []spFollowStep{
		{"an update to the newest incident", []spEntry{spResolved, major(monitoring)}, spAt(1110, 12, 30),
			spMajor.title + ": monitoring at 2026-11-10T12:00:00Z"},
		{"a rebuild by the clock, nothing new", []spEntry{spResolved, major(monitoring)}, spAt(1110, 13, 30), ""},
		{"the incident resolved", []spEntry{spResolved, major(resolved)}, spAt(1110, 16, 30),
			spMajor.title + ": resolved at 2026-11-10T16:00:00Z"},
		{"a new incident", []spEntry{spResolved, major(resolved), newer}, spAt(1110, 17, 30),
			"GDM shows no users after the update: investigating at 2026-11-10T17:00:00Z"},
	}

	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	build := func(n int, entries []spEntry, now time.Time) error {
		return buildEntries(filepath.Join(dir, "content-"+strconv.Itoa(n)), out, now, entries...)
	}
	if err := build(0, first, spAt(1110, 7, 30)); err != nil {
		t.Fatal(err)
	}
	srv, _ := serveSite(t, out, false)
	var mu sync.Mutex
	ctl := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		n, err := strconv.Atoi(r.URL.Query().Get("step"))
		if r.Method != http.MethodPost || err != nil || n < 1 || n > len(steps) {
			http.Error(w, "POST /rebuild?step=n, n from 1 to "+strconv.Itoa(len(steps)), http.StatusBadRequest)
			return
		}
		if err := build(n, steps[n-1].entries, steps[n-1].now); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(ctl.Close)
	return followedURLs{site: srv.URL, rebuild: ctl.URL + "/rebuild"}, steps
}
