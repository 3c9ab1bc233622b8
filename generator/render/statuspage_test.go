package render

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/internal/golden"
	sp "github.com/bulletin-status/bulletin/generator/internal/statuspage"
)

// The types below decode the Statuspage v2 views as Statuspage's Go
// clients do (atc0005/check-statuspage, the structs behind Grafana's data
// source): times as time.Time, which fails on anything but RFC 3339 or
// null, and nullable fields as pointers. The tests decode with unknown
// fields disallowed, so every field bulletin writes is one of Statuspage's.

type spClientPage struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	URL       string    `json:"url"`
	TimeZone  string    `json:"time_zone"`
	UpdatedAt time.Time `json:"updated_at"`
}

type spClientStatus struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

type spClientComponent struct {
	ID                 string    `json:"id"`
	Name               string    `json:"name"`
	Status             string    `json:"status"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
	Position           int       `json:"position"`
	Description        *string   `json:"description"`
	Showcase           bool      `json:"showcase"`
	StartDate          *string   `json:"start_date"`
	GroupID            *string   `json:"group_id"`
	PageID             string    `json:"page_id"`
	Group              bool      `json:"group"`
	OnlyShowIfDegraded bool      `json:"only_show_if_degraded"`
	Components         []string  `json:"components"` // a group's members
}

type spClientUpdate struct {
	ID                 string    `json:"id"`
	Status             string    `json:"status"`
	Body               string    `json:"body"`
	IncidentID         string    `json:"incident_id"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
	DisplayAt          time.Time `json:"display_at"`
	AffectedComponents []struct {
		Code      string `json:"code"`
		Name      string `json:"name"`
		OldStatus string `json:"old_status"`
		NewStatus string `json:"new_status"`
	} `json:"affected_components"`
}

type spClientIncident struct {
	ID              string              `json:"id"`
	Name            string              `json:"name"`
	Status          string              `json:"status"`
	CreatedAt       time.Time           `json:"created_at"`
	UpdatedAt       time.Time           `json:"updated_at"`
	MonitoringAt    *time.Time          `json:"monitoring_at"`
	ResolvedAt      *time.Time          `json:"resolved_at"`
	Impact          string              `json:"impact"`
	Shortlink       string              `json:"shortlink"`
	StartedAt       time.Time           `json:"started_at"`
	PageID          string              `json:"page_id"`
	IncidentUpdates []spClientUpdate    `json:"incident_updates"`
	Components      []spClientComponent `json:"components"`
	ScheduledFor    *time.Time          `json:"scheduled_for"`
	ScheduledUntil  *time.Time          `json:"scheduled_until"`
}

type spClientSummary struct {
	Page                  spClientPage        `json:"page"`
	Components            []spClientComponent `json:"components"`
	Incidents             []spClientIncident  `json:"incidents"`
	ScheduledMaintenances []spClientIncident  `json:"scheduled_maintenances"`
	Status                spClientStatus      `json:"status"`
}

// spClientIncidents decodes every view but summary.json: each holds the
// page and one of the lists.
type spClientIncidents struct {
	Page                  spClientPage        `json:"page"`
	Status                *spClientStatus     `json:"status"`
	Components            []spClientComponent `json:"components"`
	Incidents             []spClientIncident  `json:"incidents"`
	ScheduledMaintenances []spClientIncident  `json:"scheduled_maintenances"`
}

// Statuspage's enums, as documented for the v2 API.
var (
	spIndicators        = []string{"none", "minor", "major", "critical", "maintenance"}
	spComponentStatuses = []string{"operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"}
	spIncidentStatuses  = []string{"investigating", "identified", "monitoring", "resolved", "postmortem"}
	spImpacts           = []string{"none", "minor", "major", "critical", "maintenance"}
	spMaintStatuses     = []string{"scheduled", "in_progress", "verifying", "completed"}
	spID                = regexp.MustCompile(`^[a-z0-9]{12}$`)
)

func decodeStrict(t *testing.T, out *golden.Files, name string, v any) {
	t.Helper()
	data, ok := out.Get(name)
	if !ok {
		t.Fatalf("no %s", name)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// spViews are the Statuspage views and the list each holds: incidents,
// scheduled_maintenances, components, or neither (status.json).
var spViews = map[string]string{
	"summary.json":                         "",
	"status.json":                          "",
	"components.json":                      "components",
	"incidents.json":                       "incidents",
	"incidents/unresolved.json":            "incidents",
	"scheduled-maintenances.json":          "scheduled_maintenances",
	"scheduled-maintenances/upcoming.json": "scheduled_maintenances",
	"scheduled-maintenances/active.json":   "scheduled_maintenances",
}

// TestStatuspageViews decodes every view of every test site as a client
// would and checks each enum against Statuspage's, each id against its
// shape, and that the views agree with one another.
func TestStatuspageViews(t *testing.T) {
	for _, site := range apiSites {
		for _, now := range site.times {
			out := renderFS(t, site.fsys, Options{Now: now, Minify: true})
			where := site.name + " at " + now.Format(time.RFC3339)
			var sum spClientSummary
			decodeStrict(t, out, "api/v2/summary.json", &sum)
			checkPage(t, where+": summary.json", sum.Page, sum.Page)
			checkEnum(t, where+": summary.json: indicator", sum.Status.Indicator, spIndicators)
			checkComponents(t, where+": summary.json", sum.Components, sum.Page.ID)
			views := map[string]spClientIncidents{}
			for name, list := range spViews {
				var v spClientIncidents
				decodeStrict(t, out, "api/v2/"+name, &v)
				views[name] = v
				checkPage(t, where+": "+name, v.Page, sum.Page)
				if name == "status.json" && (v.Status == nil || *v.Status != sum.Status) {
					t.Errorf("%s: status.json says %+v, summary.json %+v", where, v.Status, sum.Status)
				}
				if list == "components" && !slices.EqualFunc(v.Components, sum.Components, sameComponent) {
					t.Errorf("%s: components.json differs from summary.json", where)
				}
				if name != "summary.json" && (list != "incidents" && v.Incidents != nil || list != "scheduled_maintenances" && v.ScheduledMaintenances != nil) {
					t.Errorf("%s: %s holds a list it should not", where, name)
				}
				for _, inc := range v.Incidents {
					checkIncident(t, where+": "+name, inc, sum, false)
				}
				for _, inc := range v.ScheduledMaintenances {
					checkIncident(t, where+": "+name, inc, sum, true)
				}
			}
			unresolved := views["incidents/unresolved.json"].Incidents
			if !slices.EqualFunc(sum.Incidents, unresolved, sameIncident) {
				t.Errorf("%s: summary.json's incidents are not the unresolved ones", where)
			}
			for _, inc := range unresolved {
				if inc.Status == "resolved" || inc.ResolvedAt != nil {
					t.Errorf("%s: unresolved.json lists %s, resolved", where, inc.Name)
				}
				if !slices.ContainsFunc(views["incidents.json"].Incidents, func(i spClientIncident) bool { return i.ID == inc.ID }) {
					t.Errorf("%s: incidents.json lacks the unresolved %s", where, inc.Name)
				}
			}
			upcoming, active := views["scheduled-maintenances/upcoming.json"].ScheduledMaintenances, views["scheduled-maintenances/active.json"].ScheduledMaintenances
			for _, m := range upcoming {
				if m.Status != "scheduled" || !m.ScheduledFor.After(now) {
					t.Errorf("%s: upcoming.json lists %s, %s from %s", where, m.Name, m.Status, m.ScheduledFor)
				}
			}
			for _, m := range active {
				if m.Status != "in_progress" && m.Status != "verifying" {
					t.Errorf("%s: active.json lists %s, %s", where, m.Name, m.Status)
				}
			}
			var open []spClientIncident
			for _, m := range sum.ScheduledMaintenances {
				if m.Status != "completed" {
					open = append(open, m)
				}
			}
			if len(open) != len(sum.ScheduledMaintenances) || len(open) != len(upcoming)+len(active) {
				t.Errorf("%s: summary.json holds %d maintenances, want the %d upcoming and %d active", where, len(sum.ScheduledMaintenances), len(upcoming), len(active))
			}
		}
	}
}

func sameComponent(a, b spClientComponent) bool {
	return a.ID == b.ID && a.Status == b.Status && a.UpdatedAt.Equal(b.UpdatedAt)
}

func sameIncident(a, b spClientIncident) bool {
	return a.ID == b.ID && a.Status == b.Status && a.UpdatedAt.Equal(b.UpdatedAt)
}

func checkEnum(t *testing.T, where, v string, allowed []string) {
	t.Helper()
	if !slices.Contains(allowed, v) {
		t.Errorf("%s: %q is not one of %s", where, v, strings.Join(allowed, ", "))
	}
}

func checkPage(t *testing.T, where string, p, summary spClientPage) {
	t.Helper()
	if !spID.MatchString(p.ID) || p.Name == "" || !strings.HasPrefix(p.URL, "https://") || p.TimeZone != "Etc/UTC" || p.UpdatedAt.IsZero() {
		t.Errorf("%s: page %+v", where, p)
	}
	if p != summary {
		t.Errorf("%s: page %+v, summary.json's %+v", where, p, summary)
	}
}

// checkComponents checks the components as Statuspage gives them: in
// order of position, each group (group: true) with the ids of its members,
// each member with its group_id, after its group.
func checkComponents(t *testing.T, where string, cs []spClientComponent, pageID string) {
	t.Helper()
	groups := map[string]spClientComponent{}
	for i, c := range cs {
		checkEnum(t, where+": component "+c.Name, c.Status, spComponentStatuses)
		if !spID.MatchString(c.ID) || c.PageID != pageID || c.Position != i+1 {
			t.Errorf("%s: component %+v", where, c)
		}
		switch {
		case c.Group:
			if c.GroupID != nil || len(c.Components) == 0 {
				t.Errorf("%s: group %s: group_id %v, members %v", where, c.Name, c.GroupID, c.Components)
			}
			groups[c.ID] = c
		case c.GroupID != nil:
			g, ok := groups[*c.GroupID]
			if !ok || !slices.Contains(g.Components, c.ID) {
				t.Errorf("%s: component %s is of group %s, which does not list it before it", where, c.Name, *c.GroupID)
			}
			if spComponentRank(c.Status) > spComponentRank(g.Status) {
				t.Errorf("%s: group %s is %s, better than its member %s (%s)", where, g.Name, g.Status, c.Name, c.Status)
			}
		}
		if c.CreatedAt.IsZero() || c.UpdatedAt.Before(c.CreatedAt) {
			t.Errorf("%s: component %s created %s, updated %s", where, c.Name, c.CreatedAt, c.UpdatedAt)
		}
	}
}

// spComponentRank orders component statuses, best first: under
// maintenance is better than any outage.
func spComponentRank(status string) int {
	return slices.Index([]string{"operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"}, status)
}

// TestStatuspageGroups checks the components of a site with services: the
// releases in a group, each group of services in its own, a service of no
// group alone; an incident of a service affects that service's component.
func TestStatuspageGroups(t *testing.T) {
	out := renderFS(t, os.DirFS("../testdata/golden/content"), Options{Now: goldenNow})
	var c struct {
		Page       spClientPage        `json:"page"`
		Components []spClientComponent `json:"components"`
	}
	decodeStrict(t, out, "api/v2/components.json", &c)
	var got []string
	names := map[string]string{}
	for _, comp := range c.Components {
		names[comp.ID] = comp.Name
	}
	for _, comp := range c.Components {
		line := comp.Name + " " + comp.Status
		if comp.Group {
			var members []string
			for _, id := range comp.Components {
				members = append(members, names[id])
			}
			line = "[" + line + ": " + strings.Join(members, ", ") + "]"
		}
		got = append(got, line)
	}
	want := []string{
		"[Releases partial_outage: Example 2, Example 3, Example 1]",
		"Example 2 partial_outage", "Example 3 partial_outage", "Example 1 operational",
		"[Infrastructure degraded_performance: Build system]", "Build system degraded_performance",
		"[Public APIs operational: Package API]", "Package API operational",
		"Chat operational",
	}
	if !slices.Equal(got, want) {
		t.Errorf("components:\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	var inc spClientIncidents
	decodeStrict(t, out, "api/v2/incidents/unresolved.json", &inc)
	for _, i := range inc.Incidents {
		if i.Name == "Builds wait in the queue for hours" && (len(i.Components) != 1 || i.Components[0].Name != "Build system") {
			t.Errorf("the build queue incident affects %+v", i.Components)
		}
	}
}

func checkIncident(t *testing.T, where string, inc spClientIncident, sum spClientSummary, maintenance bool) {
	t.Helper()
	where += ": " + inc.Name
	statuses := spIncidentStatuses
	if maintenance {
		statuses = spMaintStatuses
		if inc.ScheduledFor == nil || inc.ScheduledUntil == nil || !inc.ScheduledUntil.After(*inc.ScheduledFor) {
			t.Errorf("%s: scheduled %v to %v", where, inc.ScheduledFor, inc.ScheduledUntil)
		}
	} else if inc.ScheduledFor != nil || inc.ScheduledUntil != nil {
		t.Errorf("%s: an incident with scheduled times", where)
	}
	checkEnum(t, where+": status", inc.Status, statuses)
	checkEnum(t, where+": impact", inc.Impact, spImpacts)
	if !spID.MatchString(inc.ID) || inc.PageID != sum.Page.ID || !strings.HasPrefix(inc.Shortlink, sum.Page.URL) {
		t.Errorf("%s: id %q, page %q, shortlink %q", where, inc.ID, inc.PageID, inc.Shortlink)
	}
	if (inc.Status == "resolved" || inc.Status == "completed") != (inc.ResolvedAt != nil) {
		t.Errorf("%s: %s, resolved at %v", where, inc.Status, inc.ResolvedAt)
	}
	if inc.UpdatedAt.Before(inc.CreatedAt) && inc.UpdatedAt.Before(sum.Page.UpdatedAt) {
		t.Errorf("%s: updated %s before created %s", where, inc.UpdatedAt, inc.CreatedAt)
	}
	if len(inc.IncidentUpdates) == 0 {
		t.Errorf("%s: no incident_updates", where)
	} else if u := inc.IncidentUpdates[0]; !inc.UpdatedAt.Equal(u.CreatedAt) && !inc.UpdatedAt.Equal(sum.Page.UpdatedAt) {
		// As on Statuspage, an incident was last updated by its newest
		// update (or at the build, for one dated in the future).
		t.Errorf("%s: updated %s, its newest update at %s", where, inc.UpdatedAt, u.CreatedAt)
	}
	for i, u := range inc.IncidentUpdates {
		checkEnum(t, where+": update status", u.Status, statuses)
		if !spID.MatchString(u.ID) || u.IncidentID != inc.ID || u.Body == "" {
			t.Errorf("%s: update %+v", where, u)
		}
		if i > 0 && u.CreatedAt.After(inc.IncidentUpdates[i-1].CreatedAt) {
			t.Errorf("%s: updates are not newest first", where)
		}
		for _, a := range u.AffectedComponents {
			checkEnum(t, where+": old_status", a.OldStatus, spComponentStatuses)
			checkEnum(t, where+": new_status", a.NewStatus, spComponentStatuses)
			if !slices.ContainsFunc(inc.Components, func(c spClientComponent) bool { return c.ID == a.Code && c.Name == a.Name }) {
				t.Errorf("%s: update affects %s, not one of the incident's components", where, a.Name)
			}
		}
	}
	for _, c := range inc.Components {
		if !slices.ContainsFunc(sum.Components, func(s spClientComponent) bool { return sameComponent(s, c) }) {
			t.Errorf("%s: component %s is not the page's", where, c.Name)
		}
	}
}

// TestStatuspageIDs wants ids that survive rebuilds at other times, a new
// title and a new base URL, and that differ between sites with different
// id authorities.
func TestStatuspageIDs(t *testing.T) {
	idsOf := func(fsys fstest.MapFS, now time.Time) []string {
		out := renderFS(t, fsys, Options{Now: now})
		var v spClientIncidents
		decodeStrict(t, out, "api/v2/incidents.json", &v)
		var sum spClientSummary
		decodeStrict(t, out, "api/v2/summary.json", &sum)
		ids := []string{sum.Page.ID}
		for _, c := range sum.Components {
			ids = append(ids, c.ID)
		}
		for _, inc := range v.Incidents {
			ids = append(ids, inc.ID)
			for _, u := range inc.IncidentUpdates {
				ids = append(ids, u.ID)
			}
		}
		return ids
	}
	site := func(siteYAML string) fstest.MapFS {
		fsys := fstest.MapFS{"site.yaml": {Data: []byte(siteYAML)}}
		for name, f := range fieldsSite {
			if name != "site.yaml" {
				fsys[name] = f
			}
		}
		return fsys
	}
	base := string(fieldsSite["site.yaml"].Data)
	want := idsOf(site(base), goldenNow)
	if len(want) < 8 {
		t.Fatalf("only %d ids: %q", len(want), want)
	}
	seen := map[string]bool{}
	for _, id := range want {
		if seen[id] {
			t.Errorf("id %s given twice", id)
		}
		seen[id] = true
	}
	for name, fsys := range map[string]fstest.MapFS{
		"a week later":     site(base),
		"a new title":      site(strings.Replace(base, "title: Fields", "title: Other", 1)),
		"a new base URL":   site(strings.Replace(base, "https://example.org/status/", "https://status.example.net/", 1)),
		"an entry renamed": renamed(site(base), "news/one-command.md", "news/2026-11-20-renamed.md"),
	} {
		now := goldenNow
		if name == "a week later" {
			now = now.AddDate(0, 0, 7)
		}
		if got := idsOf(fsys, now); !slices.Equal(got, want) && name != "an entry renamed" {
			t.Errorf("%s: ids %q, want %q", name, got, want)
		} else if name == "an entry renamed" && !slices.Equal(sorted(got), sorted(want)) {
			t.Errorf("%s (its id: field keeps it): ids %q, want %q", name, got, want)
		}
	}
	other := idsOf(site(strings.Replace(base, "example.org,2026", "example.net,2026", 1)), goldenNow)
	for _, id := range other {
		if seen[id] {
			t.Errorf("id %s is the same under another id authority", id)
		}
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// renamed moves an entry's file, giving it an id: field with its old slug,
// as an editor renaming a published entry must.
func renamed(fsys fstest.MapFS, from, to string) fstest.MapFS {
	f := fsys[from]
	delete(fsys, from)
	slug := strings.TrimSuffix(strings.TrimPrefix(from, "news/"), ".md")
	fsys[to] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte("---\n"), []byte("---\nid: "+slug+"\n"), 1)}
	return fsys
}

// TestStatuspageTimeline checks the updates of an incident and of a
// maintenance: newest first, with the component changes each made.
func TestStatuspageTimeline(t *testing.T) {
	out := renderFS(t, os.DirFS(realWorld), Options{Now: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)})
	var v spClientIncidents
	decodeStrict(t, out, "api/v2/incidents.json", &v)
	decodeStrict(t, out, "api/v2/scheduled-maintenances.json", &v)
	find := func(list []spClientIncident, slug string) spClientIncident {
		for _, inc := range list {
			if strings.HasSuffix(inc.Shortlink, "/"+slug+"/") {
				return inc
			}
		}
		t.Fatalf("no %s", slug)
		return spClientIncident{}
	}
	type step struct{ status, change string }
	timeline := func(inc spClientIncident) []step {
		var out []step
		for _, u := range inc.IncidentUpdates {
			var changes []string
			for _, a := range u.AffectedComponents {
				changes = append(changes, a.Name+": "+a.OldStatus+" → "+a.NewStatus)
			}
			out = append(out, step{u.Status, strings.Join(changes, ", ")})
		}
		return out
	}
	ice := find(v.Incidents, "fcos-kernel-6-17-7-ice-network")
	if got, want := timeline(ice), []step{
		{"resolved", "Fedora CoreOS stable: major_outage → operational, Fedora CoreOS testing: major_outage → operational"},
		{"monitoring", ""}, {"identified", ""},
		// Its first report opened it: the components went down then.
		{"investigating", "Fedora CoreOS stable: operational → major_outage, Fedora CoreOS testing: operational → major_outage"},
	}; !slices.Equal(got, want) {
		t.Errorf("a critical incident, resolved:\n\t%q\nwant\n\t%q", got, want)
	}
	if ice.Impact != "critical" || ice.ResolvedAt == nil || !ice.ResolvedAt.Equal(time.Date(2026, 11, 16, 21, 10, 0, 0, time.UTC)) ||
		ice.MonitoringAt == nil || !ice.MonitoringAt.Equal(time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("impact %s, resolved %v, monitoring %v", ice.Impact, ice.ResolvedAt, ice.MonitoringAt)
	}
	fprintd := find(v.Incidents, "fprintd-selinux-denials")
	if got, want := timeline(fprintd), []step{{"investigating", "Fedora 43: operational → degraded_performance"}}; !slices.Equal(got, want) {
		t.Errorf("an incident without updates gets one from its text: %q, want %q", got, want)
	}
	mirror := find(v.ScheduledMaintenances, "mirrormanager-datacentre-move")
	completed := "Fedora 43: under_maintenance → operational"
	// Every change of status is an update, at its own time: the window
	// scheduled when published, started, completed.
	if got := timeline(mirror); len(got) != 3 || got[0].status != "completed" || !strings.HasPrefix(got[0].change, completed) ||
		got[1].status != "in_progress" || !strings.HasPrefix(got[1].change, "Fedora 43: operational → under_maintenance") ||
		got[2] != (step{"scheduled", ""}) {
		t.Errorf("a maintenance started and completed by updates: %q", got)
	}
	if early := time.Date(2026, 11, 4, 15, 40, 0, 0, time.UTC); mirror.ResolvedAt == nil || !mirror.ResolvedAt.Equal(early) || !mirror.UpdatedAt.Equal(early) || mirror.Impact != "maintenance" {
		// Nothing happened at the planned end, 17:00.
		t.Errorf("a maintenance completed early: resolved %v, updated %v, impact %s", mirror.ResolvedAt, mirror.UpdatedAt, mirror.Impact)
	}
	// Resolved by its resolved field alone: the resolution is an update at
	// that time, after the first report at the entry's own.
	office := find(v.Incidents, "f41-libreoffice-calc-crash")
	if got, want := timeline(office), []step{{"resolved", "Fedora 41: degraded_performance → operational"}, {"investigating", "Fedora 41: operational → degraded_performance"}}; !slices.Equal(got, want) {
		t.Errorf("an incident resolved by its field: %q, want %q", got, want)
	} else if at := office.IncidentUpdates[0].CreatedAt; !at.Equal(time.Date(2025, 9, 25, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("its resolution is dated %v, want the resolved time", at)
	}
	bodhi := find(v.ScheduledMaintenances, "bodhi-koji-database-migration")
	if bodhi.Status != "in_progress" || bodhi.ResolvedAt != nil || len(bodhi.Components) != 6 {
		t.Errorf("a maintenance in progress for every current release: %s, resolved %v, %d components", bodhi.Status, bodhi.ResolvedAt, len(bodhi.Components))
	}
	// No update of the editors' started it: the planned start is one.
	if got := timeline(bodhi); len(got) != 2 || got[0].status != "in_progress" || got[1].status != "scheduled" {
		t.Errorf("a maintenance started by its window: %q", got)
	}
}

// TestStatuspagePostmortem checks that a review is published as
// Statuspage publishes a postmortem: an update of status "postmortem",
// with the review's text, that changes no component; the incident itself
// stays resolved, which is what clients key on.
func TestStatuspagePostmortem(t *testing.T) {
	out := renderFS(t, contentFS(t), Options{Now: feedNow})
	var v spClientIncidents
	decodeStrict(t, out, "api/v2/incidents.json", &v)
	for _, inc := range v.Incidents {
		if !strings.HasSuffix(inc.Shortlink, "/mesa-steam/") {
			continue
		}
		pm := inc.IncidentUpdates[0]
		if inc.Status != "resolved" || pm.Status != "postmortem" || !pm.CreatedAt.Equal(time.Date(2026, 11, 12, 10, 0, 0, 0, time.UTC)) ||
			len(pm.AffectedComponents) != 0 || !strings.HasPrefix(pm.Body, "An upstream change to how RADV validates its shader cache") ||
			!strings.HasSuffix(pm.Body, "\n\nGating tests never start a Vulkan game: add one.") {
			t.Errorf("incident %s, newest update %+v", inc.Status, pm)
		}
		if inc.IncidentUpdates[1].Status != "resolved" {
			t.Errorf("the update before the postmortem is %s, want the resolution", inc.IncidentUpdates[1].Status)
		}
		return
	}
	t.Fatal("no mesa-steam incident")
}

// TestStatuspageMaintenanceIndicator checks the page during a window with
// no incident open: its indicator is maintenance, as on Statuspage, where
// Atlassian's widget paints it blue; and before and after, none.
func TestStatuspageMaintenanceIndicator(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml": {Data: []byte("title: T\nbase_url: https://status.example.org/\nid_authority: example.org,2026\nreleases:\n  - id: f43\n    name: Fedora 43\n")},
		"news/m.md": {Data: []byte("---\ntitle: Mirror move\ndate: 2026-11-01\nkind: maintenance\nstarts: 2026-11-04T13:00:00Z\nends: 2026-11-04T17:00:00Z\n---\n")},
	}
	for _, tt := range []struct {
		now       time.Time
		indicator string
	}{
		{time.Date(2026, 11, 4, 12, 59, 0, 0, time.UTC), "none"},
		{time.Date(2026, 11, 4, 13, 0, 0, 0, time.UTC), "maintenance"},
		{time.Date(2026, 11, 4, 17, 0, 0, 0, time.UTC), "none"},
	} {
		out := renderFS(t, fsys, Options{Now: tt.now})
		for _, name := range []string{"api/v2/summary.json", "api/v2/status.json"} {
			var doc struct {
				Status struct{ Indicator, Description string } `json:"status"`
			}
			data, _ := out.Get(name)
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Status.Indicator != tt.indicator {
				t.Errorf("at %v, %s: indicator %q, want %q", tt.now, name, doc.Status.Indicator, tt.indicator)
			}
		}
	}
}

// TestStatuspageRollUp maps each indicator of the roll-up to Statuspage's
// page indicator and component status.
func TestStatuspageRollUp(t *testing.T) {
	tests := []struct {
		in                   content.Indicator
		indicator, component string
	}{
		{content.Operational, "none", "operational"},
		// As Statuspage says it, so that Atlassian's widget paints it blue,
		// not green.
		{content.UnderMaintenance, "maintenance", "under_maintenance"},
		{content.MinorOutage, "minor", "degraded_performance"},
		{content.MajorOutage, "major", "partial_outage"},
		{content.CriticalOutage, "critical", "major_outage"},
	}
	for _, tt := range tests {
		if got := sp.PageStatusOf(tt.in); got.Indicator != tt.indicator || got.Description == "" {
			t.Errorf("%s: page status %+v, want indicator %s", tt.in, got, tt.indicator)
		}
		if got := sp.ComponentStatus(tt.in); got != tt.component {
			t.Errorf("%s: component status %s, want %s", tt.in, got, tt.component)
		}
	}
	for _, sev := range []content.Severity{content.Minor, content.Major, content.Critical} {
		checkEnum(t, "impact of "+string(sev), string(sev), spImpacts)
	}
}
