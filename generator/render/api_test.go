package render

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/internal/golden"
	"github.com/bulletin-status/bulletin/themes"
)

// realWorld is a copy of the sample site as it was when the status API was
// written: Fedora and CoreOS releases, one EOL, incidents of every severity
// and status, a completed and an upcoming maintenance. It is a copy so that
// edits to the sample do not move these tests.
const realWorld = "../testdata/realworld/content"

// apiSites are the sites every document of the status API is checked on,
// each at build times that put its maintenance before, in and after its
// window.
var apiSites = []struct {
	name  string
	fsys  fs.FS
	times []time.Time
}{
	{"golden", os.DirFS("../testdata/golden/content"), []time.Time{goldenNow, time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC), time.Date(2026, 12, 3, 11, 0, 0, 0, time.UTC)}},
	{"real world", os.DirFS(realWorld), []time.Time{goldenNow, time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC), time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)}},
	{"sample", os.DirFS("../../content"), []time.Time{goldenNow}},
	{"hostile", hostileSite, []time.Time{goldenNow}},
	{"fields", fieldsSite, []time.Time{goldenNow, time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)}},
	{"calm", calmSite, []time.Time{goldenNow, time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 22, 11, 0, 0, 0, time.UTC)}},
	{"all EOL", fstest.MapFS{
		"site.yaml":      {Data: []byte("title: Old\nbase_url: https://example.org/\nid_authority: example.org,2026\nreleases:\n  - {id: one, name: One, state: eol}\n")},
		"news/window.md": {Data: []byte("---\ntitle: Window\nkind: maintenance\ndate: 2026-11-01\nstarts: 2026-12-01\nends: 2026-12-02\n---\n")},
	}, []time.Time{goldenNow}},
	{"empty", fstest.MapFS{"site.yaml": {Data: []byte("title: Empty\nbase_url: https://example.org/status/\nid_authority: example.org,2026\nreleases:\n  - {id: one, name: One}\n")}}, []time.Time{goldenNow}},
}

// TestStatusDocumentsValidate validates every status document of every
// site against the schema the site publishes, and against the same schema
// with its objects closed, which fails on any field the schema does not
// describe.
func TestStatusDocumentsValidate(t *testing.T) {
	for _, site := range apiSites {
		for _, now := range site.times {
			for _, minify := range []bool{false, true} {
				out := renderFS(t, site.fsys, Options{Now: now, Minify: minify})
				published, ok := out.Get("schema/status-v1.json")
				if !ok {
					t.Fatalf("%s: the schema is not published", site.name)
				}
				open, closed := compileSchema(t, "status-v1.json", published, false), compileSchema(t, "status-v1.json", published, true)
				n := 0
				for _, name := range out.Names() {
					if name != "status.json" && !(strings.HasPrefix(name, "releases/") && strings.HasSuffix(name, "/status.json")) {
						continue
					}
					n++
					data, _ := out.Get(name)
					doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
					if err != nil {
						t.Fatalf("%s at %s: %s: %v", site.name, now, name, err)
					}
					for _, sch := range []*jsonschema.Schema{open, closed} {
						if err := sch.Validate(doc); err != nil {
							t.Errorf("%s at %s, minify %v: %s does not validate: %v", site.name, now.Format(time.RFC3339), minify, name, err)
						}
					}
				}
				if n < 2 {
					t.Errorf("%s: %d status documents; want the site's and one per release", site.name, n)
				}
			}
		}
	}
}

// compileSchema compiles a schema the site publishes as name, with every
// object closed to fields it does not list when closed is set. Formats
// (date-time, uri) are asserted, not just noted.
func compileSchema(t *testing.T, name string, data []byte, closed bool) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	if closed {
		closeObjects(doc)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(name)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return sch
}

// closeObjects sets additionalProperties to false on every schema that
// lists properties and says nothing of others.
func closeObjects(v any) {
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["properties"]; ok {
			if _, ok := v["additionalProperties"]; !ok {
				v["additionalProperties"] = false
			}
		}
		for _, x := range v {
			closeObjects(x)
		}
	case []any:
		for _, x := range v {
			closeObjects(x)
		}
	}
}

// TestPublishedSchema wants each schema served as embedded, so that what
// the tests check is what clients get, named by the address it is
// published at ($id), which validators resolve it by.
func TestPublishedSchema(t *testing.T) {
	out := renderFS(t, os.DirFS("../testdata/golden/content"), Options{Now: goldenNow})
	for _, ps := range publishedSchemas {
		got, _ := out.Get("schema/" + ps.name)
		var published, embedded map[string]any
		if err := json.Unmarshal(got, &published); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(ps.schema, &embedded); err != nil {
			t.Fatal(err)
		}
		if id := "https://status.example.org/schema/" + ps.name; published["$id"] != id {
			t.Errorf("$id %v, want %s", published["$id"], id)
		}
		delete(published, "$id")
		if !reflect.DeepEqual(published, embedded) {
			t.Errorf("schema/%s differs from the embedded schema", ps.name)
		}
	}
}

// v1Document is the status document as a client decodes it.
type v1Document struct {
	SchemaVersion int       `json:"schema_version"`
	GeneratedAt   time.Time `json:"generated_at"`
	Indicator     string    `json:"indicator"`
	Releases      []struct {
		ID        string            `json:"id"`
		Name      string            `json:"name"`
		State     string            `json:"state"`
		OSRelease map[string]string `json:"os_release"`
		Indicator string            `json:"indicator"`
		StatusURL string            `json:"status_url"`
		EndOfLife *string           `json:"end_of_life"`
		UpgradeTo *struct {
			ID        string `json:"id"`
			Name      string `json:"name"`
			URL       string `json:"url"`
			StatusURL string `json:"status_url"`
		} `json:"upgrade_to"`
	} `json:"releases"`
	Incidents   []v1Entry `json:"incidents"`
	Maintenance []v1Entry `json:"maintenance"`
}

type v1Entry struct {
	ID         string   `json:"id"`
	URL        string   `json:"url"`
	Kind       string   `json:"kind"`
	Severity   *string  `json:"severity"`
	Status     string   `json:"status"`
	Releases   []string `json:"releases"`
	Packages   []string `json:"packages"`
	Workaround *struct{ Text, HTML string }
	Downgrade  map[string]string `json:"downgrade"`
	ETA        *time.Time        `json:"eta"`
	FixedIn    *string           `json:"fixed_in"`
	Action     bool              `json:"action_required"`
	Starts     *time.Time        `json:"starts"`
	Started    *time.Time        `json:"started"`
	Updated    time.Time         `json:"updated"`
	Resolved   *time.Time        `json:"resolved"`
	Links      []struct{ Title, URL string }
}

func decodeV1(t *testing.T, out *golden.Files, name string) v1Document {
	t.Helper()
	data, ok := out.Get(name)
	if !ok {
		t.Fatalf("no %s", name)
	}
	var doc v1Document
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

func ids(es []v1Entry) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.ID+" "+e.Status)
	}
	return out
}

// TestStatusRealWorld reads the real-world site at fixed build times and
// checks, in both APIs, what a client acts on: the indicator of each
// release and of the site, the unresolved incidents and the maintenance.
// The expectations come from reading the entries in testdata/realworld.
func TestStatusRealWorld(t *testing.T) {
	unresolved := []string{ // most severe first, then newest
		"mesa-25-2-7-steam-hangs-radv identified",   // major, f43 f42, 19 Nov
		"plasma-6-5-nvidia-login-crash monitoring",  // major, f43, 17 Nov
		"fcos-next-netavark-restart monitoring",     // major, fcos-next, 8 Nov
		"rawhide-dnf5-system-upgrade investigating", // minor, rawhide, 20 Nov
		"fprintd-selinux-denials investigating",     // minor, f43, 18 Nov
	}
	// Statuspage lists them newest first.
	unresolvedByDate := []string{"rawhide-dnf5-system-upgrade", "mesa-25-2-7-steam-hangs-radv", "fprintd-selinux-denials", "plasma-6-5-nvidia-login-crash", "fcos-next-netavark-restart"}
	const bodhi = "bodhi-koji-database-migration-2026-12" // all releases, 3 Dec 08:00-12:00
	tests := []struct {
		name     string
		now      time.Time
		overall  string
		releases map[string]string // release id → indicator
		maint    []string          // v1 maintenance, with status
		upcoming []string          // Statuspage upcoming, by slug
		active   []string          // Statuspage active, by slug
	}{
		{
			name: "the sample's own time", now: goldenNow, overall: "major",
			releases: map[string]string{"f43": "major", "f42": "major", "rawhide": "minor", "fcos-stable": "operational", "fcos-testing": "operational", "fcos-next": "major", "f41": "operational"},
			maint:    []string{bodhi + " scheduled"},
			upcoming: []string{"bodhi-koji-database-migration"},
		},
		{
			name: "during the database migration", now: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC), overall: "major",
			releases: map[string]string{"f43": "major", "f42": "major", "rawhide": "minor", "fcos-stable": "maintenance", "fcos-testing": "maintenance", "fcos-next": "major", "f41": "operational"},
			maint:    []string{bodhi + " in_progress"},
			active:   []string{"bodhi-koji-database-migration"},
		},
		{
			name: "after it", now: time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC), overall: "major",
			releases: map[string]string{"f43": "major", "f42": "major", "rawhide": "minor", "fcos-stable": "operational", "fcos-testing": "operational", "fcos-next": "major", "f41": "operational"},
		},
	}
	componentStatus := map[string]string{"operational": "operational", "maintenance": "under_maintenance", "minor": "degraded_performance", "major": "partial_outage", "critical": "major_outage"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := renderFS(t, os.DirFS(realWorld), Options{Now: tt.now, Minify: true})

			doc := decodeV1(t, out, "status.json")
			if doc.Indicator != tt.overall {
				t.Errorf("status.json: indicator %s, want %s", doc.Indicator, tt.overall)
			}
			if !doc.GeneratedAt.Equal(tt.now) {
				t.Errorf("status.json: generated_at %s, want %s", doc.GeneratedAt, tt.now)
			}
			if got := ids(doc.Incidents); !slices.Equal(got, unresolved) {
				t.Errorf("status.json: incidents\n\t%q\nwant\n\t%q", got, unresolved)
			}
			if got := ids(doc.Maintenance); !slices.Equal(got, nonNil(tt.maint)) {
				t.Errorf("status.json: maintenance %q, want %q", got, tt.maint)
			}
			for _, rel := range doc.Releases {
				if want := tt.releases[rel.ID]; rel.Indicator != want {
					t.Errorf("status.json: %s is %s, want %s", rel.ID, rel.Indicator, want)
				}
				own := decodeV1(t, out, "releases/"+rel.ID+"/status.json")
				if own.Indicator != tt.releases[rel.ID] || len(own.Releases) != 1 || own.Releases[0].ID != rel.ID {
					t.Errorf("releases/%s/status.json: indicator %s for %d releases, want %s for %s alone", rel.ID, own.Indicator, len(own.Releases), tt.releases[rel.ID], rel.ID)
				}
				// A release's document holds what the site's holds for it,
				// in the same order.
				var want []string
				for _, e := range append(doc.Incidents, doc.Maintenance...) {
					if slices.Contains(e.Releases, rel.ID) {
						want = append(want, e.ID)
					}
				}
				var got []string
				for _, e := range append(own.Incidents, own.Maintenance...) {
					got = append(got, e.ID)
				}
				if !slices.Equal(got, want) {
					t.Errorf("releases/%s/status.json holds %q, want %q", rel.ID, got, want)
				}
			}
			if f43 := decodeV1(t, out, "releases/f43/status.json"); !slices.Equal(ids(f43.Incidents), []string{unresolved[0], unresolved[1], unresolved[4]}) {
				t.Errorf("releases/f43/status.json: incidents %q", ids(f43.Incidents))
			}

			var sum spClientSummary
			decodeStrict(t, out, "api/v2/summary.json", &sum)
			wantIndicator := map[string]string{"major": "major", "minor": "minor", "critical": "critical", "operational": "none", "maintenance": "none"}[tt.overall]
			if !sum.Page.UpdatedAt.Equal(tt.now) {
				t.Errorf("summary.json: page updated_at %s, want the build time", sum.Page.UpdatedAt)
			}
			if sum.Status.Indicator != wantIndicator {
				t.Errorf("summary.json: indicator %s, want %s", sum.Status.Indicator, wantIndicator)
			}
			idOf := map[string]string{}
			for _, rel := range doc.Releases {
				idOf[rel.Name] = rel.ID
			}
			for _, c := range sum.Components {
				id := idOf[c.Name]
				if want := componentStatus[tt.releases[id]]; c.Status != want {
					t.Errorf("summary.json: component %s is %s, want %s", c.Name, c.Status, want)
				}
			}
			if got := slugs(sum.Incidents); !slices.Equal(got, unresolvedByDate) {
				t.Errorf("summary.json: incidents %q, want %q", got, unresolvedByDate)
			}
			var unres, upcoming, active spClientIncidents
			decodeStrict(t, out, "api/v2/incidents/unresolved.json", &unres)
			decodeStrict(t, out, "api/v2/scheduled-maintenances/upcoming.json", &upcoming)
			decodeStrict(t, out, "api/v2/scheduled-maintenances/active.json", &active)
			if got := slugs(unres.Incidents); !slices.Equal(got, unresolvedByDate) {
				t.Errorf("unresolved.json: %q, want %q", got, unresolvedByDate)
			}
			if got := slugs(upcoming.ScheduledMaintenances); !slices.Equal(got, nonNil(tt.upcoming)) {
				t.Errorf("upcoming.json: %q, want %q", got, tt.upcoming)
			}
			if got := slugs(active.ScheduledMaintenances); !slices.Equal(got, nonNil(tt.active)) {
				t.Errorf("active.json: %q, want %q", got, tt.active)
			}
			if got, want := slugs(sum.ScheduledMaintenances), append(nonNil(tt.upcoming), tt.active...); !slices.Equal(got, want) {
				t.Errorf("summary.json: scheduled_maintenances %q, want %q", got, want)
			}
		})
	}
}

// TestStatusEndOfLife checks what an EOL release's own document tells a
// machine that still runs it: since when, and where to go, with the name
// and the document of that release, which the document does not list.
func TestStatusEndOfLife(t *testing.T) {
	site := fstest.MapFS{"site.yaml": {Data: []byte(`title: T
base_url: https://status.example.org/
id_authority: example.org,2026
releases:
  - {id: f43, name: Fedora 43, os_release: {id: fedora, version_id: "43"}}
  - {id: f41, name: Fedora 41, state: eol, end_of_life: 2025-12-15, os_release: {id: fedora, version_id: "41"}}
`)}}
	out := renderFS(t, site, Options{Now: goldenNow, Minify: true})
	f41 := decodeV1(t, out, "releases/f41/status.json").Releases[0]
	if f41.EndOfLife == nil || *f41.EndOfLife != "2025-12-15" {
		t.Errorf("f41: end_of_life %v, want 2025-12-15", f41.EndOfLife)
	}
	if to := f41.UpgradeTo; to == nil || to.ID != "f43" || to.Name != "Fedora 43" || to.StatusURL != "https://status.example.org/releases/f43/status.json" || to.URL != "https://status.example.org/releases/f43/" {
		t.Errorf("f41: upgrade_to %+v, want Fedora 43", to)
	}
	f43 := decodeV1(t, out, "releases/f43/status.json").Releases[0]
	if f43.EndOfLife != nil || f43.UpgradeTo != nil {
		t.Errorf("f43: end_of_life %v, upgrade_to %v, want null", f43.EndOfLife, f43.UpgradeTo)
	}
}

// slugs returns the entries' slugs, from their links.
func slugs(incs []spClientIncident) []string {
	out := []string{}
	for _, inc := range incs {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(inc.Shortlink, "https://status.example.org/news/"), "/"))
	}
	return out
}

// TestStatusSize keeps the document of the sample site, which every
// machine polls, small.
func TestStatusSize(t *testing.T) {
	out := renderDir(t, "../../content", themes.Default, Options{Now: goldenNow, Minify: true})
	for _, name := range out.Names() {
		if !strings.HasSuffix(name, "status.json") || strings.HasPrefix(name, "api/") {
			continue
		}
		data, _ := out.Get(name)
		if len(data) > 20<<10 {
			t.Errorf("%s is %d bytes; keep it under 20 KB", name, len(data))
		}
	}
	if data, _ := out.Get("status.json"); len(data) < 1<<10 {
		t.Errorf("status.json is %d bytes: the sample's incidents are missing", len(data))
	}
}

// fieldsSite has an entry for each way a field can be written.
var fieldsSite = fstest.MapFS{
	"site.yaml": {Data: []byte(`title: Fields
base_url: https://example.org/status/
id_authority: example.org,2026
releases:
  - {id: a, name: A, os_release: {id: ex, version_id: "1"}}
  - {id: b, name: B}
  - {id: old, name: Old, state: eol}
`)},
	"news/one-command.md": {Data: []byte(`---
title: One command for every release
date: 2026-11-20T10:00:00Z
releases: all
severity: minor
status: identified
packages: [mesa]
workaround: Run **this** and read [the bug](/bugs/1).
downgrade: sudo dnf downgrade mesa
eta: unknown
fixed_in: FEDORA-2026-1
action_required: true
links:
  - https://bugs.example.org/1
  - {title: Update, url: "https://updates.example.org/1"}
---
Text.
`)},
	"news/by-release.md": {Data: []byte(`---
title: A command per release
date: 2026-11-19T10:00:00Z
releases: [a, b]
severity: critical
downgrade: {b: sudo dnf downgrade --releasever=b x}
eta: 2026-11-25
updates:
  - {at: 2026-11-19T12:00:00Z, status: identified, text: Found it.}
---
`)},
	"news/early.md": {Data: []byte(`---
title: Started early
kind: maintenance
date: 2026-11-18T10:00:00Z
releases: [b]
starts: 2026-11-22T08:00:00Z
ends: 2026-11-22T12:00:00Z
updates:
  - {at: 2026-11-21T11:00:00Z, status: in_progress, text: We started early.}
---
`)},
	"news/later.md": {Data: []byte(`---
title: Later
kind: maintenance
date: 2026-11-18T10:00:00Z
starts: 2026-12-22T08:00:00Z
ends: 2026-12-22T12:00:00Z
---
The window.
`)},
}

// calmSite has nothing wrong, only a maintenance window, which is in
// progress on 22 November at 9:00 and being verified at 11:00.
var calmSite = fstest.MapFS{
	"site.yaml": {Data: []byte("title: Calm\nbase_url: https://example.org/\nid_authority: example.org,2026\nreleases:\n  - {id: one, name: One}\n  - {id: two, name: Two}\n")},
	"news/window.md": {Data: []byte(`---
title: A window
kind: maintenance
date: 2026-11-18T10:00:00Z
releases: [one]
starts: 2026-11-22T08:00:00Z
ends: 2026-11-22T12:00:00Z
updates:
  - {at: 2026-11-22T10:30:00Z, status: verifying, text: Checking.}
---
`)},
}

// TestStatusEntry checks how each field of an entry reaches the document.
func TestStatusEntry(t *testing.T) {
	out := renderFS(t, fieldsSite, Options{Now: goldenNow})
	doc := decodeV1(t, out, "status.json")
	byID := map[string]v1Entry{}
	for _, e := range append(doc.Incidents, doc.Maintenance...) {
		byID[e.ID] = e
	}
	one, per, early, later := byID["one-command"], byID["by-release"], byID["early"], byID["later"]

	if got := ids(doc.Incidents); !slices.Equal(got, []string{"by-release identified", "one-command identified"}) {
		t.Errorf("incidents %q: want the critical one first", got)
	}
	if !maps.Equal(one.Downgrade, map[string]string{"a": "sudo dnf downgrade mesa", "b": "sudo dnf downgrade mesa"}) {
		t.Errorf("one command for all releases: downgrade %v, want it for a and b (not the EOL release)", one.Downgrade)
	}
	if !maps.Equal(per.Downgrade, map[string]string{"b": "sudo dnf downgrade --releasever=b x"}) {
		t.Errorf("a command per release: downgrade %v", per.Downgrade)
	}
	if w := one.Workaround; w == nil || w.Text != "Run this and read the bug (https://example.org/bugs/1)." ||
		w.HTML != `<p>Run <strong>this</strong> and read <a href="https://example.org/bugs/1">the bug</a>.</p>` {
		t.Errorf("workaround %+v", one.Workaround)
	}
	if per.Workaround != nil || per.FixedIn != nil || len(per.Links) != 0 || len(per.Packages) != 0 {
		t.Errorf("absent fields are not null or empty: %+v", per)
	}
	if one.ETA != nil || per.ETA == nil || !per.ETA.Equal(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("eta unknown gave %v, a date gave %v", one.ETA, per.ETA)
	}
	if one.FixedIn == nil || *one.FixedIn != "FEDORA-2026-1" || !one.Action || *one.Severity != "minor" {
		t.Errorf("fixed_in %v, action_required %v, severity %v", one.FixedIn, one.Action, one.Severity)
	}
	if len(one.Links) != 2 || one.Links[0].Title != "https://bugs.example.org/1" || one.Links[1].Title != "Update" {
		t.Errorf("links %+v: a bare URL is titled by itself", one.Links)
	}
	if one.URL != "https://example.org/status/news/one-command/" || one.Kind != "incident" {
		t.Errorf("url %s, kind %s", one.URL, one.Kind)
	}
	if !per.Updated.Equal(time.Date(2026, 11, 19, 12, 0, 0, 0, time.UTC)) || !one.Started.Equal(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("updated %s, started %s", per.Updated, one.Started)
	}
	if early.Status != "in_progress" || early.Severity != nil || early.Started == nil || !early.Started.Equal(time.Date(2026, 11, 21, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("a maintenance started early by an update: status %s, started %v", early.Status, early.Started)
	}
	if later.Status != "scheduled" || later.Started != nil || !slices.Equal(later.Releases, []string{"a", "b"}) {
		t.Errorf("a maintenance to come, for every release: status %s, started %v, releases %v", later.Status, later.Started, later.Releases)
	}
	if got := doc.Releases[0]; got.ID != "a" || !maps.Equal(got.OSRelease, map[string]string{"id": "ex", "version_id": "1"}) || got.StatusURL != "https://example.org/status/releases/a/status.json" {
		t.Errorf("release a: %+v", got)
	}
	if got := doc.Releases[1].OSRelease; got == nil || len(got) != 0 {
		t.Errorf("a release without os_release fields: %v, want {}", got)
	}
}

// TestEntryTimes pins the times the APIs derive from an entry.
func TestEntryTimes(t *testing.T) {
	at := func(day, hour int) time.Time { return time.Date(2026, 11, day, hour, 0, 0, 0, time.UTC) }
	var zero time.Time
	now := at(10, 12)
	tests := []struct {
		name     string
		e        content.Entry
		changed  time.Time // as seen at now
		started  time.Time // maintenance: when the window opened
		resolved time.Time // resolved incident: when
	}{
		{"published only", content.Entry{Kind: content.Incident, Date: at(1, 0)}, at(1, 0), zero, at(1, 0)},
		{"the newest update", content.Entry{Kind: content.Incident, Date: at(1, 0), Updates: []content.Update{{At: at(2, 0)}, {At: at(3, 0), Status: content.Resolved}}}, at(3, 0), zero, at(3, 0)},
		{"the resolved field", content.Entry{Kind: content.Incident, Date: at(1, 0), Resolved: at(4, 0), Updates: []content.Update{{At: at(3, 0), Status: content.Resolved}}}, at(4, 0), zero, at(4, 0)},
		{"dated in the future", content.Entry{Kind: content.Incident, Date: at(20, 0)}, now, zero, at(20, 0)},
		{"a window to come", content.Entry{Kind: content.Maintenance, Date: at(1, 0), Starts: at(11, 0), Ends: at(11, 4)}, at(1, 0), zero, zero},
		{"a window open", content.Entry{Kind: content.Maintenance, Date: at(1, 0), Starts: at(10, 8), Ends: at(10, 16)}, at(10, 8), at(10, 8), zero},
		{"a window closed", content.Entry{Kind: content.Maintenance, Date: at(1, 0), Starts: at(9, 8), Ends: at(9, 16)}, at(9, 16), at(9, 8), zero},
		{"a window opened early", content.Entry{Kind: content.Maintenance, Date: at(1, 0), Starts: at(10, 14), Ends: at(10, 16), Updates: []content.Update{{At: at(10, 11), Status: content.InProgress}}}, at(10, 11), at(10, 11), zero},
		// Opened or closed early by an update, a window does not change
		// again at its planned start or end.
		{"a window opened early, its planned start passed", content.Entry{Kind: content.Maintenance, Date: at(1, 0), Starts: at(10, 8), Ends: at(10, 16), Updates: []content.Update{{At: at(10, 7), Status: content.InProgress}}}, at(10, 7), at(10, 7), zero},
		{"a window closed early", content.Entry{Kind: content.Maintenance, Date: at(1, 0), Starts: at(9, 8), Ends: at(9, 16), Updates: []content.Update{{At: at(9, 8), Status: content.InProgress}, {At: at(9, 13), Status: content.Completed}}}, at(9, 13), at(9, 8), zero},
	}
	for _, tt := range tests {
		if got := tt.e.LastChange(now); !got.Equal(tt.changed) {
			t.Errorf("%s: changed %s, want %s", tt.name, got, tt.changed)
		}
		if tt.e.Kind == content.Maintenance {
			if got := tt.e.WindowStarted(now); !got.Equal(tt.started) {
				t.Errorf("%s: started %s, want %s", tt.name, got, tt.started)
			}
		} else if got := tt.e.ResolvedAt(); !got.Equal(tt.resolved) {
			t.Errorf("%s: resolved %s, want %s", tt.name, got, tt.resolved)
		}
	}
}

// TestDocumentURIs checks that URLs from the content reach the JSON
// documents as URIs, what their schemas promise (format uri): a link an
// editor wrote with a quote or an angle bracket in it is percent-encoded,
// as validators stricter than Go's (Ajv, in TestSchemasAjv) insist.
func TestDocumentURIs(t *testing.T) {
	out := renderFS(t, hostileSite, Options{Now: goldenNow})
	for name, want := range map[string]string{
		"status.json": `"url": "https://example.org/%22%3E%3Cscript%3Ealert%28%27url%27%29%3C/script%3E"`,
		"stats.json":  `"url": "https://example.org/%22%3E%3Cscript%3Ealert%28%27follow-up%20url%27%29%3C/script%3E"`,
	} {
		if data, _ := out.Get(name); !strings.Contains(string(data), want) {
			t.Errorf("%s lacks %s", name, want)
		}
	}
}
