package render

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/internal/chart"
	"github.com/bulletin-status/bulletin/generator/internal/english"
)

// statsView is what a distribution learns from its incidents: /stats/, a
// page of charts with the numbers behind each in a table, and /stats.json,
// the same numbers for programs, with its schema at
// /schema/stats-v1.json. Release and service pages show their own line of
// it (Page.Numbers).
//
// The numbers are honest about what they count. They cover the incidents
// first reported in the last statsMonths whole months (this one
// included), and say so. A time counts only where the content tells it,
// as of the build: an incident whose cause was never marked identified
// has no time to identify, not a time of zero, and the incidents without
// one are counted as such beside every median.
type statsView struct{ r *Renderer }

// statsMonths is how many months the statistics cover, the month of the
// build included: a year, about the life of a Fedora release.
const statsMonths = 12

// statsSchemaVersion is the schema_version of /stats.json: fields are only
// added within a version, as for the status document.
const statsSchemaVersion = 1

// statsSchema is the JSON Schema of /stats.json, published at
// /schema/stats-v1.json; testdata/stats-v1.golden.json is the schema as
// first published, and TestSchemaCompatible keeps this one compatible.
//
//go:embed schema/stats-v1.json
var statsSchema []byte

// topRows is how many packages and causes the page charts; stats.json
// lists them all.
const topRows = 10

// Stats is what the statistics page shows (Page.Stats) and /stats.json
// holds.
type Stats struct {
	// From and To bound the period: the incidents first reported from
	// From (the first of a month, UTC) until To (the first of the month
	// after the build's).
	From, To time.Time
	Period   string // "December 2025 to November 2026"

	Incidents int // first reported in the period
	Counts        // of them, by severity
	Open      int // of them, not resolved at the build

	Months      []MonthStats
	MonthsChart template.HTML
	MonthsDesc  string

	All      *SubjectStats   // every incident of the period
	Releases []*SubjectStats // in site.yaml order: those not EOL, and EOL ones with incidents
	Services []*SubjectStats // in site.yaml order

	Times []*TimeStats // to identify the cause, to a workaround, to resolution

	Packages      []Count // named in the incidents of the period, the most first
	PackagesChart template.HTML
	PackagesDesc  string

	Causes      []CauseCount // the updates reviews name as the cause, by package
	CausesChart template.HTML
	CausesDesc  string

	Reviews    []ReviewRow      // of the incidents of the period, newest first
	Unreviewed []*content.Entry // major or critical, resolved over 14 days ago, without a review
	FollowUps  FollowUpStats    // of every review published so far
}

// Counts are incidents by severity.
type Counts struct{ Critical, Major, Minor int }

// Total is the number of incidents of every severity.
func (c Counts) Total() int { return c.Critical + c.Major + c.Minor }

func (c *Counts) add(s content.Severity) {
	switch s {
	case content.Critical:
		c.Critical++
	case content.Major:
		c.Major++
	default:
		c.Minor++
	}
}

// MonthStats are the incidents first reported in one month.
type MonthStats struct {
	Month time.Time // its first moment, UTC
	Counts
}

// SubjectStats are the numbers of one release or service, or of the whole
// site (ID "").
type SubjectStats struct {
	ID, Name string
	Path     string // its page; "" for the whole site
	Service  bool
	Counts
	Incidents int // first reported in the period
	Open      int // of them, not resolved at the build
	// The times from each incident's first report, where it is known.
	Identify, Workaround, Resolve Durations
}

// Anchor is the id of the subject's row on the statistics page, which
// its own page links to.
func (s *SubjectStats) Anchor() string {
	if s.ID == "" {
		return "for-all"
	}
	return "for-" + s.ID
}

// Durations are times from the first report of incidents, as quartiles.
type Durations struct {
	Count                    int // incidents whose time is known
	Unknown                  int // incidents of the period whose content does not tell it, or not yet
	Min, Q1, Median, Q3, Max Duration
}

// Duration is a time as the statistics show it: "4 h 10 min", "2 d 3 h".
type Duration time.Duration

// String writes the duration to the minute below a day and to the hour
// above; "under 1 min" for less than a minute, but more than none.
func (d Duration) String() string {
	t := time.Duration(d)
	switch {
	case t <= 0:
		return "0 min"
	case t < time.Minute:
		return "under 1 min"
	case t < time.Hour:
		return strconv.Itoa(int(t.Round(time.Minute)/time.Minute)) + " min"
	case t < 24*time.Hour:
		t = t.Round(time.Minute)
		h, m := int(t/time.Hour), int(t%time.Hour/time.Minute)
		if m == 0 {
			return strconv.Itoa(h) + " h"
		}
		return strconv.Itoa(h) + " h " + strconv.Itoa(m) + " min"
	}
	t = t.Round(time.Hour)
	d2, h := int(t/(24*time.Hour)), int(t%(24*time.Hour)/time.Hour)
	if h == 0 {
		return strconv.Itoa(d2) + " d"
	}
	return strconv.Itoa(d2) + " d " + strconv.Itoa(h) + " h"
}

// TimeStats is one measure of time, for every release and service: a
// chart and its table.
type TimeStats struct {
	ID      string // the id of its section and chart: "identify", "workaround", "resolve"
	Title   string // "Time to identify the cause"
	Measure string // what is measured, for the page: "from the first report to …"
	Unknown string // what an incident without the time is: "not marked identified"
	Rows    []TimeRow
	Chart   template.HTML // nil when no incident has the time
	Desc    string        // the chart's text summary
}

// TimeRow is a measure of one release or service, or of the whole site.
type TimeRow struct {
	*SubjectStats
	Durations
}

// Count is how many incidents of the period name a package.
type Count struct {
	Name      string
	Incidents int
}

// CauseCount is how many incidents of the period were caused, by their
// reviews, by updates of a package (named by their NEVR) or by one
// update (a Bodhi update id, an image version).
type CauseCount struct {
	Name      string
	Incidents int
	Updates   []string // the updates named, sorted
}

// ReviewRow is a review of an incident of the period.
type ReviewRow struct {
	Entry     *content.Entry
	Published time.Time
	FollowUps int
	Done      int
}

// FollowUpStats are the follow-ups of every review published so far.
// Those still open are listed for the reviews published in the period,
// and counted for the earlier ones: a site's whole history would make a
// list no one reads.
type FollowUpStats struct {
	Total, Done int
	Open        []OpenFollowUp // of the reviews of the period, the oldest review first
	Earlier     int            // open, of reviews published before the period
}

// OpenFollowUp is a follow-up not done yet, with its incident.
type OpenFollowUp struct {
	content.FollowUp
	Entry     *content.Entry
	Published time.Time // of the review that agreed it
}

func (v statsView) targets() []target {
	r := v.r
	return []target{
		{name: "stats/index.html", final: true, render: func(buf *bytes.Buffer) error {
			return r.pages.render(buf, Page{Kind: "stats", Title: "Statistics", Path: "/stats/", Stats: r.stats()})
		}},
		{name: "stats.json", final: true, render: func(buf *bytes.Buffer) error {
			return r.writeJSON(buf, v.document())
		}},
		{name: "schema/stats-v1.json", final: true, render: func(buf *bytes.Buffer) error {
			return r.writeSchema(buf, statsSchema, "/schema/stats-v1.json")
		}},
	}
}

// gatherStats gathers the numbers of the site as of now, once per build
// (Renderer.stats).
func gatherStats(s *content.Site, now time.Time) *Stats {
	from, to := statsPeriod(now)
	st := &Stats{From: from, To: to, Period: month(from) + " to " + month(to.AddDate(0, -1, 0))}
	st.All = &SubjectStats{Name: "All releases and services"}
	bySubject := map[string]*SubjectStats{}
	for _, rel := range s.Releases {
		bySubject[rel.ID] = &SubjectStats{ID: rel.ID, Name: rel.Name, Path: rel.Path()}
	}
	for _, sv := range s.Services {
		bySubject[sv.ID] = &SubjectStats{ID: sv.ID, Name: sv.Name, Path: sv.Path(), Service: true}
	}
	for m := from; m.Before(to); m = m.AddDate(0, 1, 0) {
		st.Months = append(st.Months, MonthStats{Month: m})
	}

	// The times of each subject, gathered to be summed up at the end.
	type times struct{ identify, workaround, resolve []time.Duration }
	gathered := map[*SubjectStats]*times{}
	packages := map[string]int{}
	causes := map[string]*CauseCount{}
	for _, e := range s.Entries {
		if e.Kind != content.Incident {
			continue
		}
		if e.Reviewed(now) {
			st.FollowUps.add(e, from)
		}
		if e.Date.Before(from) || !e.Date.Before(to) {
			continue
		}
		st.Months[monthsBetween(from, e.Date)].add(e.Severity)
		since := func(t time.Time) (time.Duration, bool) { return t.Sub(e.Date), !t.IsZero() }
		m := e.Moments(now)
		identify, okI := since(m.Identified)
		workaround, okW := since(m.Workaround)
		resolve, okR := since(m.Resolved)
		subjects := []*SubjectStats{st.All}
		for _, id := range e.Subjects() {
			subjects = append(subjects, bySubject[id])
		}
		for _, sub := range subjects {
			sub.Incidents++
			sub.add(e.Severity)
			if e.Active() {
				sub.Open++
			}
			g := gathered[sub]
			if g == nil {
				g = &times{}
				gathered[sub] = g
			}
			count := func(list *[]time.Duration, d time.Duration, ok bool, into *Durations) {
				if ok {
					*list = append(*list, d)
				} else {
					into.Unknown++
				}
			}
			count(&g.identify, identify, okI, &sub.Identify)
			count(&g.workaround, workaround, okW, &sub.Workaround)
			count(&g.resolve, resolve, okR, &sub.Resolve)
		}
		for _, name := range packageNames(e.Packages) {
			packages[name]++
		}
		if e.Reviewed(now) {
			for name, updates := range causeNames(e.Review.CausedBy) {
				c := causes[name]
				if c == nil {
					c = &CauseCount{Name: name}
					causes[name] = c
				}
				c.Incidents++
				for _, u := range updates {
					if !slices.Contains(c.Updates, u) {
						c.Updates = append(c.Updates, u)
					}
				}
			}
			st.Reviews = append(st.Reviews, reviewRow(e))
		}
		if e.ReviewOverdue(now) {
			st.Unreviewed = append(st.Unreviewed, e)
		}
	}
	for sub, g := range gathered {
		sub.Identify.set(g.identify)
		sub.Workaround.set(g.workaround)
		sub.Resolve.set(g.resolve)
	}
	st.Incidents, st.Counts, st.Open = st.All.Incidents, st.All.Counts, st.All.Open
	for _, rel := range s.Releases {
		if sub := bySubject[rel.ID]; rel.State != content.EOL || sub.Incidents > 0 {
			st.Releases = append(st.Releases, sub)
		}
	}
	for _, sv := range s.Services {
		st.Services = append(st.Services, bySubject[sv.ID])
	}
	for name, n := range packages {
		st.Packages = append(st.Packages, Count{Name: name, Incidents: n})
	}
	slices.SortFunc(st.Packages, func(a, b Count) int { return cmp.Or(b.Incidents-a.Incidents, strings.Compare(a.Name, b.Name)) })
	for _, c := range causes {
		slices.Sort(c.Updates)
		st.Causes = append(st.Causes, *c)
	}
	slices.SortFunc(st.Causes, func(a, b CauseCount) int { return cmp.Or(b.Incidents-a.Incidents, strings.Compare(a.Name, b.Name)) })
	slices.SortStableFunc(st.FollowUps.Open, func(a, b OpenFollowUp) int { return a.Published.Compare(b.Published) })
	st.describe()
	return st
}

// The charts are SVG that Go draws (package chart) and the theme places,
// rather than geometry for the theme to draw: scales, ticks and fitting
// text to the width are code, tested once, not template logic every
// theme would repeat. A theme keeps what it owns: the page, the figure
// around each chart with its title, summary and table, and every colour,
// which the charts leave to its style sheet through their classes.

// describe draws the charts and writes the text that sums each up.
func (st *Stats) describe() {
	var labels []chart.Label
	var values [][]int
	busiest := MonthStats{}
	for _, m := range st.Months {
		labels = append(labels, chart.Label{Text: m.Month.Format("Jan"), Sub: m.Month.Format("2006")})
		values = append(values, []int{m.Critical, m.Major, m.Minor})
		if m.Total() > busiest.Total() {
			busiest = m
		}
	}
	st.MonthsDesc = fmt.Sprintf("No incidents were first reported from %s.", st.Period)
	if st.Incidents > 0 {
		st.MonthsDesc = fmt.Sprintf("%s first reported from %s: %s. The most in one month: %d, in %s.",
			english.UpperFirst(english.Plural(st.Incidents, "incident")), st.Period, st.Counts.words(), busiest.Total(), month(busiest.Month))
	}
	st.MonthsChart = template.HTML(chart.Columns{
		ID: "months-chart", Title: "Incidents per month, by severity", Desc: st.MonthsDesc,
		Labels: labels, Values: values,
		Series: []chart.Series{{Name: "Critical", Class: "s-critical"}, {Name: "Major", Class: "s-major"}, {Name: "Minor", Class: "s-minor"}},
	}.SVG())

	subjects := slices.Concat([]*SubjectStats{st.All}, st.Releases, st.Services)
	for _, m := range []struct {
		id, title, measure, unknown string
		of                          func(*SubjectStats) Durations
	}{
		{"identify", "Time to identify the cause", "from the first report to the first report or update that says the cause is identified (status identified or monitoring)", "never marked identified",
			func(s *SubjectStats) Durations { return s.Identify }},
		{"workaround", "Time to a workaround", "from the first report to the first workaround: the entry's own, which counts from the first report, or one an update gave", "no workaround given",
			func(s *SubjectStats) Durations { return s.Workaround }},
		{"resolve", "Time to resolution", "from the first report to the resolution, where the entry says when it was resolved", "not resolved, or not said when",
			func(s *SubjectStats) Durations { return s.Resolve }},
	} {
		ts := &TimeStats{ID: m.id, Title: m.title, Measure: m.measure, Unknown: m.unknown}
		var spreads []chart.Spread
		for _, sub := range subjects {
			d := m.of(sub)
			if sub.Incidents == 0 {
				continue
			}
			ts.Rows = append(ts.Rows, TimeRow{SubjectStats: sub, Durations: d})
			if d.Count > 0 {
				spreads = append(spreads, chart.Spread{
					Label: sub.Name, Note: "median " + d.Median.String() + ", " + english.Plural(d.Count, "incident"),
					Min: time.Duration(d.Min), Q1: time.Duration(d.Q1), Median: time.Duration(d.Median), Q3: time.Duration(d.Q3), Max: time.Duration(d.Max),
				})
			}
		}
		all := m.of(st.All)
		switch {
		case st.Incidents == 0:
			ts.Desc = "No incidents in the period."
		case all.Count == 0:
			ts.Desc = fmt.Sprintf("None of the %s tells this time: %s.", english.Plural(st.Incidents, "incident"), m.unknown)
		default:
			spread := fmt.Sprintf("the median is %s, and the middle half took from %s to %s", all.Median, all.Q1, all.Q3)
			switch {
			case all.Count == 1:
				spread = all.Median.String()
			case all.Q1 == all.Q3:
				spread = fmt.Sprintf("the median is %s, and so is the middle half", all.Median)
			}
			ts.Desc = fmt.Sprintf("Of %s, %d %s this time: %s.", english.Plural(st.Incidents, "incident"), all.Count, agree(all.Count, "tells", "tell"), spread)
			if all.Unknown > 0 {
				ts.Desc += fmt.Sprintf(" %d %s not (%s), and %s not counted.", all.Unknown, agree(all.Unknown, "does", "do"), m.unknown, agree(all.Unknown, "is", "are"))
			}
		}
		if len(spreads) > 0 {
			ts.Chart = template.HTML(chart.Spreads{ID: m.id + "-chart", Title: m.title, Desc: ts.Desc, Rows: spreads}.SVG())
		}
		st.Times = append(st.Times, ts)
	}

	var bars []chart.Bar
	for _, p := range st.Packages[:min(topRows, len(st.Packages))] {
		bars = append(bars, chart.Bar{Label: p.Name, Value: p.Incidents})
	}
	st.PackagesDesc = "No incident of the period names a package."
	if len(st.Packages) > 0 {
		names := make([]string, len(st.Packages))
		for i, p := range st.Packages {
			names[i] = p.Name
		}
		top, each := leaders(names, func(i int) int { return st.Packages[i].Incidents })
		st.PackagesDesc = fmt.Sprintf("%s: named in %s%s, the most of the %s named.", top, english.Plural(st.Packages[0].Incidents, "incident"), each, english.Plural(len(names), "package"))
		switch {
		case len(names) == 1:
			st.PackagesDesc = fmt.Sprintf("Only %s is named, in %s.", top, english.Plural(st.Packages[0].Incidents, "incident"))
		case st.Packages[0].Incidents == 1:
			st.PackagesDesc = fmt.Sprintf("Each of the %s named is named in one incident.", english.Plural(len(names), "package"))
		}
		st.PackagesChart = template.HTML(chart.Bars{ID: "packages-chart", Title: "Packages named in the most incidents", Desc: st.PackagesDesc, Class: "s-package", Rows: bars}.SVG())
	}
	bars = nil
	for _, c := range st.Causes[:min(topRows, len(st.Causes))] {
		bars = append(bars, chart.Bar{Label: c.Name, Note: english.Plural(len(c.Updates), "update"), Value: c.Incidents})
	}
	st.CausesDesc = "No review of an incident of the period names the update that caused it."
	if len(st.Causes) > 0 {
		names := make([]string, len(st.Causes))
		for i, c := range st.Causes {
			names[i] = c.Name
		}
		top, each := leaders(names, func(i int) int { return st.Causes[i].Incidents })
		st.CausesDesc = fmt.Sprintf("%s: the cause of %s%s, the most of the %s that reviews name.", top, english.Plural(st.Causes[0].Incidents, "incident"), each, english.Plural(len(names), "cause"))
		switch {
		case len(names) == 1:
			st.CausesDesc = fmt.Sprintf("Reviews name one cause, %s, of %s.", top, english.Plural(st.Causes[0].Incidents, "incident"))
		case st.Causes[0].Incidents == 1:
			st.CausesDesc = fmt.Sprintf("Each of the %s that reviews name caused one incident.", english.Plural(len(names), "cause"))
		}
		st.CausesChart = template.HTML(chart.Bars{ID: "causes-chart", Title: "What caused the most incidents", Desc: st.CausesDesc, Class: "s-cause", Rows: bars}.SVG())
	}
}

// leaders names those that share the first place of a list sorted by
// count, the most first: "kernel", "kernel and mesa", "dnf5, kernel, mesa
// and 2 more"; each says whether they are several.
func leaders(names []string, count func(int) int) (top, each string) {
	n := 1
	for n < len(names) && count(n) == count(0) {
		n++
	}
	switch {
	case n == 1:
		return names[0], ""
	case n == 2:
		return names[0] + " and " + names[1], " each"
	case n == 3:
		return names[0] + ", " + names[1] + " and " + names[2], " each"
	}
	return fmt.Sprintf("%s, %s, %s and %d more", names[0], names[1], names[2], n-3), " each"
}

// agree returns the verb that agrees with a count: one, else many.
func agree(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// words tells the counts: "1 critical, 2 major and 3 minor".
func (c Counts) words() string {
	return fmt.Sprintf("%d critical, %d major and %d minor", c.Critical, c.Major, c.Minor)
}

// set sums up the durations: their quartiles, by linear interpolation
// between the closest ranks, as spreadsheets' QUARTILE.INC does.
func (d *Durations) set(list []time.Duration) {
	d.Count = len(list)
	if len(list) == 0 {
		return
	}
	slices.Sort(list)
	q := func(p float64) Duration {
		x := p * float64(len(list)-1)
		i := int(x)
		if i+1 >= len(list) {
			return Duration(list[i])
		}
		return Duration(list[i] + time.Duration((x-float64(i))*float64(list[i+1]-list[i])))
	}
	d.Min, d.Q1, d.Median, d.Q3, d.Max = Duration(list[0]), q(0.25), q(0.5), q(0.75), Duration(list[len(list)-1])
}

// add counts the follow-ups of a published review, listing those still
// open if it was published from the start of the period, from.
func (f *FollowUpStats) add(e *content.Entry, from time.Time) {
	for _, fu := range e.Review.FollowUps {
		f.Total++
		switch {
		case fu.Done:
			f.Done++
		case e.Review.Published.Before(from):
			f.Earlier++
		default:
			f.Open = append(f.Open, OpenFollowUp{FollowUp: fu, Entry: e, Published: e.Review.Published})
		}
	}
}

func reviewRow(e *content.Entry) ReviewRow {
	row := ReviewRow{Entry: e, Published: e.Review.Published, FollowUps: len(e.Review.FollowUps)}
	for _, f := range e.Review.FollowUps {
		if f.Done {
			row.Done++
		}
	}
	return row
}

// packageNames returns the names of the packages an incident names, each
// once: its NEVRs for two releases are one package.
func packageNames(packages []string) []string {
	var names []string
	for _, p := range packages {
		if n := content.PackageName(p); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// causeNames groups the updates a review names as the cause by what the
// statistics count: the package of a NEVR, else the update itself.
func causeNames(causes []content.Cause) map[string][]string {
	out := map[string][]string{}
	for _, c := range causes {
		name := content.PackageName(c.Update)
		out[name] = append(out[name], c.Update)
	}
	return out
}

// statsPeriod returns the period the statistics cover at now: the
// statsMonths whole months (UTC) that end with now's.
func statsPeriod(now time.Time) (from, to time.Time) {
	now = now.UTC()
	to = time.Date(now.Year(), now.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	return to.AddDate(0, -statsMonths, 0), to
}

// monthsBetween is how many whole months t is after from, the first of
// a month.
func monthsBetween(from, t time.Time) int {
	t = t.UTC()
	return (t.Year()-from.Year())*12 + int(t.Month()-from.Month())
}

// month names a month for people: "November 2026".
func month(t time.Time) string { return t.UTC().Format("January 2006") }

// numbers returns the statistics of one release or service, or nil for
// an EOL release with no incident in the period, which the statistics
// leave out.
func (st *Stats) numbers(id string) *SubjectStats {
	for _, s := range slices.Concat(st.Releases, st.Services) {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// nextChange is when the numbers may next change by the clock alone: the
// site's next change, or the period moving on a month.
func (st *Stats) nextChange(site time.Time) time.Time {
	if site.IsZero() || st.To.Before(site) {
		return st.To
	}
	return site
}

// The stats document, /stats.json: the same numbers as the page, for
// programs. Its schema describes every field.
type statsDocument struct {
	SchemaVersion int             `json:"schema_version"`
	GeneratedAt   *time.Time      `json:"generated_at"`
	NextChange    *time.Time      `json:"next_change"`
	Site          statusSite      `json:"site"`
	Period        statsPeriodJSON `json:"period"`
	Incidents     int             `json:"incidents"`
	Severity      statsCounts     `json:"severity"`
	Open          int             `json:"open"`
	Months        []statsMonth    `json:"months"`
	All           statsSubject    `json:"all"`
	Releases      []statsSubject  `json:"releases"`
	Services      []statsSubject  `json:"services"`
	Packages      []statsPackage  `json:"packages"`
	Causes        []statsCause    `json:"causes"`
	Reviews       []statsReview   `json:"reviews"`
	Unreviewed    []statsIncident `json:"unreviewed"`
	FollowUps     statsFollowUps  `json:"follow_ups"`
}

type statsPeriodJSON struct {
	From   *time.Time `json:"from"`
	To     *time.Time `json:"to"`
	Months int        `json:"months"`
}

type statsCounts struct {
	Critical int `json:"critical"`
	Major    int `json:"major"`
	Minor    int `json:"minor"`
}

type statsMonth struct {
	Month string `json:"month"`
	statsCounts
	Total int `json:"total"`
}

type statsSubject struct {
	ID         *string        `json:"id"`
	Name       string         `json:"name"`
	URL        *string        `json:"url"`
	Incidents  int            `json:"incidents"`
	Severity   statsCounts    `json:"severity"`
	Open       int            `json:"open"`
	Identify   statsDurations `json:"time_to_identify"`
	Workaround statsDurations `json:"time_to_workaround"`
	Resolve    statsDurations `json:"time_to_resolve"`
}

type statsDurations struct {
	Count   int    `json:"count"`
	Unknown int    `json:"unknown"`
	Min     *int64 `json:"min_seconds"`
	Q1      *int64 `json:"q1_seconds"`
	Median  *int64 `json:"median_seconds"`
	Q3      *int64 `json:"q3_seconds"`
	Max     *int64 `json:"max_seconds"`
}

type statsPackage struct {
	Name      string `json:"name"`
	Incidents int    `json:"incidents"`
}

type statsCause struct {
	Name      string   `json:"name"`
	Incidents int      `json:"incidents"`
	Updates   []string `json:"updates"`
}

type statsIncident struct {
	ID       string           `json:"id"`
	URL      string           `json:"url"`
	Title    string           `json:"title"`
	Severity content.Severity `json:"severity"`
}

type statsReview struct {
	statsIncident
	Published *time.Time      `json:"published"`
	CausedBy  []statsCausedBy `json:"caused_by"`
	Cause     statusText      `json:"cause"`
	Lessons   *statusText     `json:"lessons"`
	FollowUps []statsFollowUp `json:"follow_ups"`
	Releases  []string        `json:"releases"`
	Services  []string        `json:"services"`
	Resolved  *time.Time      `json:"resolved"`
	Started   *time.Time      `json:"started"`
	Packages  []string        `json:"packages"`
}

type statsCausedBy struct {
	Release *string `json:"release"`
	Update  string  `json:"update"`
	URL     *string `json:"url"`
}

type statsFollowUp struct {
	Title string  `json:"title"`
	URL   *string `json:"url"`
	Done  bool    `json:"done"`
}

type statsFollowUps struct {
	Total   int             `json:"total"`
	Done    int             `json:"done"`
	Open    []statsOpenItem `json:"open"`
	Earlier int             `json:"open_earlier"`
}

type statsOpenItem struct {
	statsFollowUp
	Incident        statsIncident `json:"incident"`
	ReviewPublished *time.Time    `json:"review_published"`
}

// document returns /stats.json.
func (v statsView) document() *statsDocument {
	r := v.r
	st := r.stats()
	doc := &statsDocument{
		SchemaVersion: statsSchemaVersion,
		GeneratedAt:   jsonTime(r.now),
		NextChange:    jsonTime(st.nextChange(r.site.NextChange(r.now))),
		Site:          statusSite{Title: r.site.Title, URL: r.absURL("/")},
		Period:        statsPeriodJSON{From: jsonTime(st.From), To: jsonTime(st.To), Months: statsMonths},
		Incidents:     st.Incidents,
		Severity:      jsonCounts(st.Counts),
		Open:          st.Open,
		All:           v.subject(st.All),
		Releases:      []statsSubject{},
		Services:      []statsSubject{},
		Packages:      []statsPackage{},
		Causes:        []statsCause{},
		Reviews:       []statsReview{},
		Unreviewed:    []statsIncident{},
		FollowUps:     statsFollowUps{Total: st.FollowUps.Total, Done: st.FollowUps.Done, Open: []statsOpenItem{}, Earlier: st.FollowUps.Earlier},
	}
	for _, m := range st.Months {
		doc.Months = append(doc.Months, statsMonth{Month: m.Month.Format("2006-01"), statsCounts: jsonCounts(m.Counts), Total: m.Total()})
	}
	for _, s := range st.Releases {
		doc.Releases = append(doc.Releases, v.subject(s))
	}
	for _, s := range st.Services {
		doc.Services = append(doc.Services, v.subject(s))
	}
	for _, p := range st.Packages {
		doc.Packages = append(doc.Packages, statsPackage(p))
	}
	for _, c := range st.Causes {
		doc.Causes = append(doc.Causes, statsCause(c))
	}
	for _, rv := range st.Reviews {
		doc.Reviews = append(doc.Reviews, v.review(rv.Entry))
	}
	for _, e := range st.Unreviewed {
		doc.Unreviewed = append(doc.Unreviewed, v.incident(e))
	}
	for _, f := range st.FollowUps.Open {
		doc.FollowUps.Open = append(doc.FollowUps.Open, statsOpenItem{statsFollowUp: followUp(f.FollowUp), Incident: v.incident(f.Entry), ReviewPublished: jsonTime(f.Published)})
	}
	return doc
}

func (v statsView) subject(s *SubjectStats) statsSubject {
	out := statsSubject{
		ID: optional(s.ID), Name: s.Name, Incidents: s.Incidents, Severity: jsonCounts(s.Counts), Open: s.Open,
		Identify: jsonDurations(s.Identify), Workaround: jsonDurations(s.Workaround), Resolve: jsonDurations(s.Resolve),
	}
	if s.Path != "" {
		out.URL = optional(v.r.absURL(s.Path))
	}
	return out
}

func (v statsView) incident(e *content.Entry) statsIncident {
	return statsIncident{ID: e.ID, URL: v.r.absURL(e.Path()), Title: e.Title, Severity: e.Severity}
}

func (v statsView) review(e *content.Entry) statsReview {
	r := v.r
	h := r.html.of(e)
	out := statsReview{
		statsIncident: v.incident(e),
		Published:     jsonTime(e.Review.Published),
		CausedBy:      []statsCausedBy{},
		Cause:         statusText{Text: r.html.text(e, e.Review.Cause), HTML: strings.TrimSpace(string(h.cause))},
		FollowUps:     []statsFollowUp{},
		Releases:      nonNil(e.Releases),
		Services:      nonNil(e.Services),
		Packages:      nonNil(e.Packages),
		Started:       jsonTime(e.Date),
		Resolved:      jsonTime(e.Moments(r.now).Resolved),
	}
	if e.Review.Lessons != "" {
		out.Lessons = &statusText{Text: r.html.text(e, e.Review.Lessons), HTML: strings.TrimSpace(string(h.lessons))}
	}
	for _, c := range e.Review.CausedBy {
		out.CausedBy = append(out.CausedBy, statsCausedBy{Release: optional(c.Release), Update: c.Update, URL: optional(c.URL)})
	}
	for _, f := range e.Review.FollowUps {
		out.FollowUps = append(out.FollowUps, followUp(f))
	}
	return out
}

func followUp(f content.FollowUp) statsFollowUp {
	return statsFollowUp{Title: f.Title, URL: optional(uri(f.URL)), Done: f.Done}
}

func jsonCounts(c Counts) statsCounts {
	return statsCounts{Critical: c.Critical, Major: c.Major, Minor: c.Minor}
}

// jsonDurations gives times in whole seconds, null where no incident
// tells the time.
func jsonDurations(d Durations) statsDurations {
	out := statsDurations{Count: d.Count, Unknown: d.Unknown}
	if d.Count == 0 {
		return out
	}
	secs := func(d Duration) *int64 {
		s := int64(time.Duration(d) / time.Second)
		return &s
	}
	out.Min, out.Q1, out.Median, out.Q3, out.Max = secs(d.Min), secs(d.Q1), secs(d.Median), secs(d.Q3), secs(d.Max)
	return out
}

// writeSchema publishes a schema named by where it is published ($id), so
// that a validator resolves it, and documents, by that address.
func (r *Renderer) writeSchema(buf *bytes.Buffer, schema []byte, at string) error {
	id, _ := json.Marshal(r.absURL(at))
	schema = bytes.Replace(schema, []byte("{\n"), []byte("{\n  \"$id\": "+string(id)+",\n"), 1)
	if r.minify {
		return json.Compact(buf, schema)
	}
	buf.Write(schema)
	return nil
}
