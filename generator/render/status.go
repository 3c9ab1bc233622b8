package render

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
)

// statusSchemaVersion is the schema_version of the status documents,
// /status.json and /releases/<id>/status.json. Within a version fields are
// only ever added; a breaking change would need version 2 at a new path,
// served beside version 1 for the clients that cannot update in lockstep.
const statusSchemaVersion = 1

// statusSchema is the JSON Schema of the status document, published at
// /schema/status-v1.json. testdata/status-v1.golden.json is the schema as
// first published, and TestSchemaCompatible keeps this one compatible with
// it.
//
//go:embed schema/status-v1.json
var statusSchema []byte

// statusAPI is the view that software centers poll, from millions of
// machines, to learn whether the release they run has a problem right
// now: the status documents and their schema.
type statusAPI struct{ r *Renderer }

// statusDocument holds only what is active or still to come, so that it
// stays small; history lives in the feeds. The schema describes every
// field.
type statusDocument struct {
	SchemaVersion int               `json:"schema_version"`
	GeneratedAt   *time.Time        `json:"generated_at"`
	NextChange    *time.Time        `json:"next_change"`
	Site          statusSite        `json:"site"`
	Indicator     content.Indicator `json:"indicator"`
	Releases      []statusRelease   `json:"releases"`
	Services      []statusService   `json:"services"`
	Incidents     []statusEntry     `json:"incidents"`
	Maintenance   []statusEntry     `json:"maintenance"`
	Changes       []statusChange    `json:"changes"`
}

type statusService struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	Group     *string           `json:"group"`
	Indicator content.Indicator `json:"indicator"`
	URL       string            `json:"url"`
	StatusURL string            `json:"status_url"`
	Service   *string           `json:"service_url"`
}

// statusChange is an announced change that has not taken effect yet, such
// as an API break: a client or a monitor can warn its own users ahead of
// the date.
type statusChange struct {
	ID             string     `json:"id"`
	URL            string     `json:"url"`
	Title          string     `json:"title"`
	Effective      *time.Time `json:"effective"`
	Releases       []string   `json:"releases"`
	Services       []string   `json:"services"`
	ActionRequired bool       `json:"action_required"`
	Summary        string     `json:"summary"`
}

type statusSite struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

type statusRelease struct {
	ID        string               `json:"id"`
	Name      string               `json:"name"`
	State     content.ReleaseState `json:"state"`
	OSRelease map[string]string    `json:"os_release"`
	Indicator content.Indicator    `json:"indicator"`
	URL       string               `json:"url"`
	StatusURL string               `json:"status_url"`
	EndOfLife *string              `json:"end_of_life"`
	UpgradeTo *statusUpgrade       `json:"upgrade_to"`
}

// statusUpgrade is the release to move to from an EOL one, with its name
// and addresses: a release's own document lists no other release, and a
// client tells its users where to go without a second request.
type statusUpgrade struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	StatusURL string `json:"status_url"`
}

// statusEntry is an unresolved incident or a maintenance window that is in
// progress or to come. Both kinds have the same fields, so that a client
// shows them with the same code; what does not apply to a kind is null.
type statusEntry struct {
	ID             string            `json:"id"`
	URL            string            `json:"url"`
	Title          string            `json:"title"`
	Kind           content.Kind      `json:"kind"`
	Severity       *content.Severity `json:"severity"`
	Status         string            `json:"status"`
	Releases       []string          `json:"releases"`
	Services       []string          `json:"services"`
	Packages       []string          `json:"packages"`
	Workaround     *statusText       `json:"workaround"`
	Downgrade      commands          `json:"downgrade"`
	ETA            *time.Time        `json:"eta"`
	ETADate        *string           `json:"eta_date"`
	ETAUnknown     bool              `json:"eta_unknown"`
	FixedIn        *string           `json:"fixed_in"`
	Fixes          []statusFix       `json:"fixes"`
	ActionRequired bool              `json:"action_required"`
	Starts         *time.Time        `json:"starts,omitempty"` // maintenance only
	Ends           *time.Time        `json:"ends,omitempty"`   // maintenance only
	Started        *time.Time        `json:"started"`
	Updated        *time.Time        `json:"updated"`
	Resolved       *time.Time        `json:"resolved"`
	Links          []statusLink      `json:"links"`
}

// statusText is Markdown from the content as plain text, for notifications
// and terminals, and as HTML, for clients that show rich text.
type statusText struct {
	Text string `json:"text"`
	HTML string `json:"html"`
}

// statusFix is an update that fixes an entry on a release, and how to get
// it.
type statusFix struct {
	Release string  `json:"release"`
	Update  string  `json:"update"`
	URL     *string `json:"url"`
	Command *string `json:"command"`
}

// commands are downgrade commands by release id, written as a JSON object
// in their order: a release's own document gives its own first.
type commands []content.Downgrade

func (cs commands) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range cs {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(c.Release)
		v, _ := json.Marshal(c.Command)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type statusLink struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

func (v statusAPI) targets() []target {
	r := v.r
	ts := []target{
		{name: "status.json", final: true, render: func(buf *bytes.Buffer) error {
			return r.writeJSON(buf, v.document(""))
		}},
		{name: "schema/status-v1.json", final: true, render: func(buf *bytes.Buffer) error {
			return r.writeSchema(buf, statusSchema, "/schema/status-v1.json")
		}},
	}
	for _, sub := range subjectPaths(r.site) {
		ts = append(ts, target{name: sub.path[1:] + "status.json", final: true, render: func(buf *bytes.Buffer) error {
			return r.writeJSON(buf, v.document(sub.id))
		}})
	}
	return ts
}

// document returns the status of the whole site, or of one release or
// service when id is not "".
func (v statusAPI) document(id string) *statusDocument {
	r := v.r
	s, now := r.site, r.now
	doc := &statusDocument{
		SchemaVersion: statusSchemaVersion,
		GeneratedAt:   jsonTime(now),
		NextChange:    jsonTime(s.NextChange(now)),
		Site:          statusSite{Title: s.Title, URL: r.absURL("/")},
		Releases:      []statusRelease{},
		Services:      []statusService{},
		Incidents:     []statusEntry{},
		Maintenance:   []statusEntry{},
		Changes:       []statusChange{},
	}
	releases, services := s.Releases, s.Services
	if id != "" {
		// A release's or service's own document is the indicator of that
		// one, EOL or not: whoever polls it runs or uses it.
		releases, services = nil, nil
		if rel := s.Release(id); rel != nil {
			releases = []*content.Release{rel}
		} else {
			services = []*content.Service{s.Service(id)}
		}
		doc.Indicator = s.Indicator(id, now)
	} else {
		doc.Indicator = s.Overall(now)
	}
	for _, sv := range services {
		doc.Services = append(doc.Services, statusService{
			ID:        sv.ID,
			Name:      sv.Name,
			Group:     optional(sv.Group),
			Indicator: s.Indicator(sv.ID, now),
			URL:       r.absURL(sv.Path()),
			StatusURL: r.absURL(sv.Path() + "status.json"),
			Service:   optional(uri(sv.URL)),
		})
	}
	for _, e := range s.UpcomingChanges(id, now) {
		summary, _ := r.html.summary(e)
		doc.Changes = append(doc.Changes, statusChange{
			ID:             e.ID,
			URL:            r.absURL(e.Path()),
			Title:          e.Title,
			Effective:      jsonTime(e.Effective),
			Releases:       nonNil(e.Releases),
			Services:       nonNil(e.Services),
			ActionRequired: e.ActionRequired,
			Summary:        summary,
		})
	}
	for _, rel := range releases {
		fields := rel.OSRelease
		if fields == nil {
			fields = map[string]string{}
		}
		out := statusRelease{
			ID:        rel.ID,
			Name:      rel.Name,
			State:     rel.State,
			OSRelease: fields,
			Indicator: s.Indicator(rel.ID, now),
			URL:       r.absURL(rel.Path()),
			StatusURL: r.absURL(rel.Path() + "status.json"),
		}
		if !rel.EndOfLife.IsZero() {
			day := rel.EndOfLife.UTC().Format(time.DateOnly)
			out.EndOfLife = &day
		}
		if to := s.Release(rel.UpgradeTo); to != nil {
			out.UpgradeTo = &statusUpgrade{ID: to.ID, Name: to.Name, URL: r.absURL(to.Path()), StatusURL: r.absURL(to.Path() + "status.json")}
		}
		doc.Releases = append(doc.Releases, out)
	}
	for _, e := range s.ActiveIncidents(id) {
		doc.Incidents = append(doc.Incidents, v.entry(e, id))
	}
	for _, e := range s.Maintenances(id, now) {
		doc.Maintenance = append(doc.Maintenance, v.entry(e, id))
	}
	return doc
}

// nonNil is a list that is [] in JSON when empty, never null.
func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// optional is a string that is null in JSON when empty.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// entry describes an incident or a maintenance for the status API, in the
// document of the release (or "" for the site's).
func (v statusAPI) entry(e *content.Entry, release string) statusEntry {
	r := v.r
	now := r.now
	out := statusEntry{
		ID:             e.ID,
		URL:            r.absURL(e.Path()),
		Title:          e.Title,
		Kind:           e.Kind,
		Status:         string(e.Status),
		Releases:       e.Releases,
		Packages:       e.Packages,
		Downgrade:      commands{},
		Fixes:          []statusFix{},
		ActionRequired: e.ActionRequired,
		Started:        jsonTime(e.Date),
		Updated:        jsonTime(e.LastChange(now)),
		Links:          make([]statusLink, len(e.Links)),
	}
	// Lists are never null: clients iterate them without a check. A
	// maintenance for "all" on a site whose releases are all EOL has none.
	out.Releases, out.Services, out.Packages = nonNil(out.Releases), nonNil(e.Services), nonNil(out.Packages)
	if e.Kind == content.Incident {
		sev := e.Severity
		out.Severity = &sev
		if e.Status == content.Resolved {
			out.Resolved = jsonTime(e.ResolvedAt())
		}
	}
	if e.Kind == content.Maintenance {
		out.Status = string(e.Window(now))
		out.Starts, out.Ends = jsonTime(e.Starts), jsonTime(e.Ends)
		out.Started = jsonTime(e.WindowStarted(now))
	}
	if e.Workaround != "" {
		out.Workaround = &statusText{
			Text: r.html.text(e, e.Workaround),
			HTML: strings.TrimSpace(string(r.html.of(e).workaround)),
		}
	}
	// One command for every release becomes that command for each, so that
	// a client looks up its own release and needs no second rule.
	for _, d := range e.Downgrade {
		if d.Release != "" {
			out.Downgrade = append(out.Downgrade, d)
			continue
		}
		for _, id := range e.Releases {
			out.Downgrade = append(out.Downgrade, content.Downgrade{Release: id, Command: d.Command})
		}
	}
	out.Downgrade = scoped(out.Downgrade, release, func(d content.Downgrade) string { return d.Release })
	if !e.ETAUnknown {
		out.ETA = jsonTime(e.ETA)
	}
	if e.ETADay && !e.ETA.IsZero() {
		day := e.ETA.UTC().Format(time.DateOnly)
		out.ETADate = &day
	}
	out.ETAUnknown = e.ETAUnknown
	for _, f := range scoped(e.FixedIn, release, func(f content.Fix) string { return f.Release }) {
		out.Fixes = append(out.Fixes, statusFix{Release: f.Release, Update: f.Update, URL: optional(f.URL), Command: optional(f.Command)})
	}
	if len(out.Fixes) > 0 {
		out.FixedIn = &out.Fixes[0].Update
	}
	for i, l := range e.Links {
		title := l.Title
		if title == "" {
			title = l.URL // a bare URL in the content is a link titled by itself
		}
		out.Links[i] = statusLink{Title: title, URL: uri(l.URL)}
	}
	return out
}
