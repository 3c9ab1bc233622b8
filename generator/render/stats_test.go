package render

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// statsSite is a site whose numbers are known: incidents on both edges of
// the period, times told and not told, told ahead of the build, packages
// named by NEVR for two releases, reviews in and out of the period and
// ahead of the build. statsNow puts the period at December 2025 to
// November 2026.
var statsSite = fstest.MapFS{
	"site.yaml": {Data: []byte(`title: Numbers
base_url: https://status.example.org/
id_authority: example.org,2026
releases:
  - {id: f43, name: Fedora 43}
  - {id: f42, name: Fedora 42}
  - {id: f41, name: Fedora 41, state: eol}
services:
  - {id: koji, name: Koji}
`)},
	// Before the period: only its review's follow-ups count.
	"news/old.md": {Data: []byte(`---
title: Old
date: 2025-11-30T23:00:00Z
releases: [f43]
severity: major
status: identified
workaround: Hold it.
packages: [mesa-1-1.fc43]
resolved: 2025-12-02T00:00:00Z
fixed_in: mesa-1-2.fc43
review:
  published: 2026-01-10T00:00:00Z
  cause: A bad build.
  caused_by: mesa-1-1.fc43
  follow_ups:
    - title: Old follow-up
---
`)},
	// Reviewed before the period: its open follow-up is counted, not listed.
	"news/ancient.md": {Data: []byte(`---
title: Ancient
date: 2025-10-01T00:00:00Z
releases: [f43]
severity: minor
status: identified
resolved: 2025-10-02T00:00:00Z
fixed_in: z-1-2.fc43
review:
  published: 2025-11-05T00:00:00Z
  cause: A bad build.
  follow_ups:
    - title: Ancient follow-up
---
`)},
	// On the period's first moment; identified and worked around at once.
	"news/edge.md": {Data: []byte(`---
title: Edge
date: 2025-12-01T00:00:00Z
releases: [f43, f42]
severity: major
status: identified
workaround: Hold it.
packages: [kernel-6.1-1.fc43, kernel-6.1-1.fc42, kernel-core-6.1-1.fc43]
resolved: 2025-12-03T00:00:00Z
fixed_in: kernel-6.1-2
review:
  published: 2025-12-10T00:00:00Z
  cause: A bad build.
  caused_by: {f43: kernel-6.1-1.fc43, f42: kernel-6.1-1.fc42}
  follow_ups:
    - {title: Done one, done: true}
    - {title: Open one, url: "https://pagure.io/qa/1"}
---
`)},
	// Each moment told by an update, at its own time; no review.
	"news/slow.md": {Data: []byte(`---
title: Slow
date: 2026-03-10T10:00:00Z
releases: [f43]
severity: critical
status: investigating
packages: [kernel-6.2-1.fc43]
fixed_in: kernel-6.2-2.fc43
updates:
  - at: 2026-03-10T14:00:00Z
    status: identified
    text: Found.
  - at: 2026-03-11T10:00:00Z
    status: identified
    text: Try this.
    workaround: Boot the old kernel.
  - at: 2026-03-20T10:00:00Z
    status: resolved
    text: Fixed.
---
`)},
	// Resolved without a word of the cause.
	"news/never.md": {Data: []byte(`---
title: Never identified
date: 2026-06-01T00:00:00Z
releases: [f42]
severity: minor
status: investigating
resolved: 2026-06-02T00:00:00Z
fixed_in: x-1-2.fc42
---
`)},
	// Published as resolved, without a time.
	"news/untold.md": {Data: []byte(`---
title: Untold
date: 2026-07-01T00:00:00Z
releases: [f42]
severity: minor
status: resolved
fixed_in: x-1-3.fc42
---
`)},
	"news/open.md": {Data: []byte(`---
title: Open
date: 2026-11-01T00:00:00Z
services: [koji]
severity: major
status: investigating
workaround: Wait.
---
`)},
	// What is dated after the build has not happened yet.
	"news/ahead.md": {Data: []byte(`---
title: Ahead
date: 2026-11-20T00:00:00Z
releases: [f43]
severity: minor
status: investigating
resolved: 2026-11-23T00:00:00Z
fixed_in: y-1-2.fc43
updates:
  - at: 2026-11-22T00:00:00Z
    status: identified
    text: Found.
review:
  published: 2026-11-25T00:00:00Z
  cause: Not yet.
  caused_by: y-1-1.fc43
---
`)},
	// After the period.
	"news/later.md": {Data: []byte(`---
title: Later
date: 2026-12-01T00:00:00Z
releases: [f43]
severity: critical
status: investigating
workaround: Wait.
---
`)},
	"news/note.md": {Data: []byte("---\ntitle: Note\ndate: 2026-05-01\nkind: announcement\n---\n")},
}

var statsNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// statsJSON is /stats.json as a client decodes it.
type statsJSON struct {
	NextChange time.Time `json:"next_change"`
	Period     struct {
		From, To time.Time
		Months   int
	}
	Incidents int
	Severity  map[string]int
	Open      int
	Months    []struct {
		Month                         string
		Critical, Major, Minor, Total int
	}
	All      statsSubjectJSON
	Releases []statsSubjectJSON
	Services []statsSubjectJSON
	Packages []struct {
		Name      string
		Incidents int
	}
	Causes []struct {
		Name      string
		Incidents int
		Updates   []string
	}
	Reviews []struct {
		ID       string
		CausedBy []struct {
			Release *string
			Update  string
		} `json:"caused_by"`
	}
	Unreviewed []struct{ ID string }
	FollowUps  struct {
		Total, Done int
		Earlier     int `json:"open_earlier"`
		Open        []struct {
			Title    string
			Incident struct{ ID string }
		}
	} `json:"follow_ups"`
}

type statsSubjectJSON struct {
	ID         *string
	Incidents  int
	Open       int
	Severity   map[string]int
	Identify   durationsJSON `json:"time_to_identify"`
	Workaround durationsJSON `json:"time_to_workaround"`
	Resolve    durationsJSON `json:"time_to_resolve"`
}

type durationsJSON struct {
	Count, Unknown           int
	Min, Q1, Median, Q3, Max *int64 // seconds
}

func (d *durationsJSON) UnmarshalJSON(data []byte) error {
	var v struct {
		Count   int    `json:"count"`
		Unknown int    `json:"unknown"`
		Min     *int64 `json:"min_seconds"`
		Q1      *int64 `json:"q1_seconds"`
		Median  *int64 `json:"median_seconds"`
		Q3      *int64 `json:"q3_seconds"`
		Max     *int64 `json:"max_seconds"`
	}
	err := json.Unmarshal(data, &v)
	*d = durationsJSON{v.Count, v.Unknown, v.Min, v.Q1, v.Median, v.Q3, v.Max}
	return err
}

// hours writes the durations as "count/unknown: min q1 median q3 max", in
// hours, "-" for null, which the tests read more easily than seconds.
func (d durationsJSON) hours() string {
	parts := []string{itoa(d.Count) + "/" + itoa(d.Unknown) + ":"}
	for _, s := range []*int64{d.Min, d.Q1, d.Median, d.Q3, d.Max} {
		if s == nil {
			parts = append(parts, "-")
		} else {
			parts = append(parts, strconv.FormatFloat(float64(*s)/3600, 'f', -1, 64))
		}
	}
	return strings.Join(parts, " ")
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestStatsHonest checks every number of a site whose numbers are known:
// what the period holds, each time from the first report where the
// content tells it and at once where it says so, the incidents without a
// time counted as such and never as zero, and what has not happened by
// the build left out.
func TestStatsHonest(t *testing.T) {
	out := renderFS(t, statsSite, Options{Now: statsNow})
	data, _ := out.Get("stats.json")
	var st statsJSON
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatal(err)
	}
	if !st.Period.From.Equal(time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)) || !st.Period.To.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) || st.Period.Months != 12 {
		t.Errorf("period %+v", st.Period)
	}
	// The next change is the update dated ahead, before the month ends.
	if !st.NextChange.Equal(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("next change %v", st.NextChange)
	}
	if st.Incidents != 6 || st.Open != 1 || st.Severity["critical"] != 1 || st.Severity["major"] != 2 || st.Severity["minor"] != 3 {
		t.Errorf("%d incidents, %d open, by severity %v; want 6, 1, 1 critical, 2 major, 3 minor", st.Incidents, st.Open, st.Severity)
	}
	var months []string
	for _, m := range st.Months {
		if m.Total > 0 {
			months = append(months, m.Month+" "+itoa(m.Critical)+"/"+itoa(m.Major)+"/"+itoa(m.Minor))
		}
	}
	if want := []string{"2025-12 0/1/0", "2026-03 1/0/0", "2026-06 0/0/1", "2026-07 0/0/1", "2026-11 0/1/1"}; len(st.Months) != 12 || !slices.Equal(months, want) {
		t.Errorf("%d months, those with incidents %q; want 12, %q", len(st.Months), months, want)
	}

	// Each time, as count/unknown: min q1 median q3 max, in hours.
	for _, tt := range []struct {
		name string
		got  durationsJSON
		want string
	}{
		// Edge at once, Slow after 4 hours; Never, Untold, Open and Ahead
		// (its update comes after the build) do not tell.
		{"all, to identify", st.All.Identify, "2/4: 0 1 2 3 4"},
		// Edge and Open at once, Slow a day later.
		{"all, to a workaround", st.All.Workaround, "3/3: 0 0 0 12 24"},
		// Never in a day, Edge in two, Slow in ten; Untold does not say
		// when, Open is open, and Ahead's resolution is after the build.
		{"all, to resolution", st.All.Resolve, "3/3: 24 36 48 144 240"},
		{"Fedora 43, to identify", subjectOf(t, st.Releases, "f43").Identify, "2/1: 0 1 2 3 4"},
		{"Fedora 42, to resolution", subjectOf(t, st.Releases, "f42").Resolve, "2/1: 24 30 36 42 48"},
		{"Koji, to identify", subjectOf(t, st.Services, "koji").Identify, "0/1: - - - - -"},
	} {
		if got := tt.got.hours(); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
	if f43 := subjectOf(t, st.Releases, "f43"); f43.Incidents != 3 || f43.Open != 0 || f43.Severity["critical"] != 1 {
		t.Errorf("Fedora 43: %+v", f43)
	}
	if koji := subjectOf(t, st.Services, "koji"); koji.Incidents != 1 || koji.Open != 1 {
		t.Errorf("Koji: %+v", koji)
	}
	// An EOL release without incidents in the period has no row.
	for _, s := range st.Releases {
		if *s.ID == "f41" {
			t.Error("Fedora 41, EOL and without incidents, has numbers")
		}
	}

	var packages []string
	for _, p := range st.Packages {
		packages = append(packages, p.Name+" "+itoa(p.Incidents))
	}
	// Edge names kernel for two releases: one incident.
	if want := []string{"kernel 2", "kernel-core 1"}; !slices.Equal(packages, want) {
		t.Errorf("packages %q, want %q", packages, want)
	}
	if len(st.Causes) != 1 || st.Causes[0].Name != "kernel" || st.Causes[0].Incidents != 1 || !slices.Equal(st.Causes[0].Updates, []string{"kernel-6.1-1.fc42", "kernel-6.1-1.fc43"}) {
		t.Errorf("causes %+v; want kernel, of Edge alone (Old is before the period, Ahead's review after the build)", st.Causes)
	}
	if len(st.Reviews) != 1 || st.Reviews[0].ID != "edge" || len(st.Reviews[0].CausedBy) != 2 {
		t.Errorf("reviews %+v", st.Reviews)
	}
	if len(st.Unreviewed) != 1 || st.Unreviewed[0].ID != "slow" {
		t.Errorf("unreviewed %+v, want slow", st.Unreviewed)
	}
	f := st.FollowUps
	if f.Total != 4 || f.Done != 1 || f.Earlier != 1 || len(f.Open) != 2 || f.Open[0].Title != "Open one" || f.Open[1].Incident.ID != "old" {
		t.Errorf("follow-ups %+v; want 4, 1 done, 1 of a review before the period, then Edge's open one and Old's (whose review came later)", f)
	}

	page, _ := out.Get("stats/index.html")
	for _, want := range []string{
		"Incidents first reported from December 2025 to November 2026",
		`<tr id="for-f43">`, `<tr id="for-koji">`,
		"Of 6 incidents, 2 tell this time: the median is 2 h, and the middle half took from 1 h to 3 h. 4 do not (never marked identified), and are not counted.",
		"6 incidents first reported from December 2025 to November 2026: 1 critical, 2 major and 3 minor. The most in one month: 2, in November 2026.",
		"kernel: named in 2 incidents, the most of the 2 packages named.",
		"Reviews name one cause, kernel, of 1 incident.",
		"1 of 4 follow-ups agreed in reviews are done. These, agreed in the period, are not, the oldest review first. 1 follow-up of earlier reviews is not done either;",
		`<a href="https://pagure.io/qa/1">Open one</a>`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the statistics page lacks %q", want)
		}
	}
	if n := strings.Count(string(page), `<svg `); n != 6 {
		t.Errorf("%d charts on the page; want 6: months, three times, packages, causes", n)
	}
	release, _ := out.Get("releases/f43/index.html")
	if want := `In the last 12 months, 3 incidents (1 critical, 1 major, 1 minor). Median time to a workaround: 12 h, over 2 incidents that had one. Median time to resolution: 6 d, over 2 incidents resolved. <a href="/stats/#for-f43">All statistics</a>`; !strings.Contains(string(release), want) {
		t.Errorf("the Fedora 43 page lacks its numbers:\n%s", want)
	}
}

func subjectOf(t *testing.T, list []statsSubjectJSON, id string) statsSubjectJSON {
	t.Helper()
	for _, s := range list {
		if s.ID != nil && *s.ID == id {
			return s
		}
	}
	t.Fatalf("no numbers for %s", id)
	return statsSubjectJSON{}
}

// TestStatsValidate validates /stats.json of every site of the status
// API's tests and of statsSite against the schema the site publishes, and
// against the same schema with its objects closed.
func TestStatsValidate(t *testing.T) {
	sites := append(apiSites[:len(apiSites):len(apiSites)], struct {
		name  string
		fsys  fs.FS
		times []time.Time
	}{"numbers", statsSite, []time.Time{statsNow}})
	for _, site := range sites {
		for _, now := range site.times {
			for _, minify := range []bool{false, true} {
				out := renderFS(t, site.fsys, Options{Now: now, Minify: minify})
				published, _ := out.Get("schema/stats-v1.json")
				data, _ := out.Get("stats.json")
				doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
				if err != nil {
					t.Fatalf("%s: %v", site.name, err)
				}
				for _, closed := range []bool{false, true} {
					if err := compileSchema(t, "stats-v1.json", published, closed).Validate(doc); err != nil {
						t.Errorf("%s at %s, minify %v, closed %v: stats.json does not validate: %v", site.name, now.Format(time.RFC3339), minify, closed, err)
					}
				}
			}
		}
	}
}

// TestStatsLinks checks that every link to a row of the statistics page,
// from the pages of releases and services, finds its row: an EOL release
// the statistics leave out links to none.
func TestStatsLinks(t *testing.T) {
	link := regexp.MustCompile(`href="[^"]*/stats/#([^"]+)"`)
	for _, site := range apiSites {
		out := renderFS(t, site.fsys, Options{Now: site.times[0]})
		stats, _ := out.Get("stats/index.html")
		n := 0
		for _, name := range out.Names() {
			page, _ := out.Get(name)
			for _, m := range link.FindAllStringSubmatch(string(page), -1) {
				n++
				if !strings.Contains(string(stats), ` id="`+m[1]+`"`) {
					t.Errorf("%s: %s links /stats/#%s, which is not on the statistics page", site.name, name, m[1])
				}
			}
		}
		if n == 0 && site.name != "all EOL" {
			t.Errorf("%s: no page links to its row of the statistics", site.name)
		}
	}
}
