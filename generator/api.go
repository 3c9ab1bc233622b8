package generator

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"strings"
	"time"
)

// StatusSchemaVersion is the schema_version of the status documents,
// /status.json and /releases/<id>/status.json. Within a version fields are
// only ever added; a breaking change would need version 2 at a new path,
// served beside version 1 for the clients that cannot update in lockstep.
const StatusSchemaVersion = 1

// statusSchema is the JSON Schema of the status document, published at
// /schema/status-v1.json. testdata/status-v1.golden.json is the schema as
// first published, and TestSchemaCompatible keeps this one compatible with
// it.
//
//go:embed schema/status-v1.json
var statusSchema []byte

// statusDocument is the status API: what a software center polls, from
// millions of machines, to learn whether the release it runs has a problem
// right now. It holds only what is active or still to come, so that it stays
// small; history lives in the feeds. The schema describes every field.
type statusDocument struct {
	SchemaVersion int             `json:"schema_version"`
	GeneratedAt   timestamp       `json:"generated_at"`
	Site          statusSite      `json:"site"`
	Indicator     Indicator       `json:"indicator"`
	Releases      []statusRelease `json:"releases"`
	Incidents     []statusEntry   `json:"incidents"`
	Maintenance   []statusEntry   `json:"maintenance"`
}

type statusSite struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

type statusRelease struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	State     ReleaseState      `json:"state"`
	OSRelease map[string]string `json:"os_release"`
	Indicator Indicator         `json:"indicator"`
	URL       string            `json:"url"`
	StatusURL string            `json:"status_url"`
}

// statusEntry is an unresolved incident or a maintenance window that is in
// progress or to come. Both kinds have the same fields, so that a client
// shows them with the same code; what does not apply to a kind is null.
type statusEntry struct {
	ID             string            `json:"id"`
	URL            string            `json:"url"`
	Title          string            `json:"title"`
	Kind           Kind              `json:"kind"`
	Severity       *Severity         `json:"severity"`
	Status         string            `json:"status"`
	Releases       []string          `json:"releases"`
	Packages       []string          `json:"packages"`
	Workaround     *statusText       `json:"workaround"`
	Downgrade      map[string]string `json:"downgrade"`
	ETA            timestamp         `json:"eta"`
	FixedIn        *string           `json:"fixed_in"`
	ActionRequired bool              `json:"action_required"`
	Starts         timestamp         `json:"starts,omitzero"` // maintenance only
	Ends           timestamp         `json:"ends,omitzero"`   // maintenance only
	Started        timestamp         `json:"started"`
	Updated        timestamp         `json:"updated"`
	Resolved       timestamp         `json:"resolved"`
	Links          []statusLink      `json:"links"`
}

// statusText is Markdown from the content as plain text, for notifications
// and terminals, and as HTML, for clients that show rich text.
type statusText struct {
	Text string `json:"text"`
	HTML string `json:"html"`
}

type statusLink struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// timestamp is a time in JSON: RFC 3339 in UTC, whole seconds, or null for
// the zero time.
type timestamp time.Time

// IsZero reports whether the time is unset; omitzero fields use it.
func (t timestamp) IsZero() bool { return time.Time(t).IsZero() }

func (t timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(formatTime(time.Time(t)))
}

// apiTargets lists the machine-readable files: the status documents, their
// schema and the Statuspage views.
func (r *Renderer) apiTargets() []target {
	ts := []target{
		{name: "status.json", render: func(buf *bytes.Buffer) error {
			return r.writeJSON(buf, r.statusDocument(nil))
		}},
		{name: "schema/status-v1.json", render: func(buf *bytes.Buffer) error {
			if r.opts.Minify {
				return json.Compact(buf, statusSchema)
			}
			buf.Write(statusSchema)
			return nil
		}},
	}
	for _, rel := range r.site.Releases {
		ts = append(ts, target{name: rel.Path()[1:] + "status.json", render: func(buf *bytes.Buffer) error {
			return r.writeJSON(buf, r.statusDocument(rel))
		}})
	}
	return append(ts, r.statuspageTargets()...)
}

// writeJSON encodes v: compact when the build minifies, else indented for
// people who read it with curl.
func (r *Renderer) writeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	if !r.opts.Minify {
		enc.SetIndent("", "  ")
	}
	// Content is served as application/json with nosniff, so "<" needs no
	// escaping as \u003c, which would only make the HTML fields unreadable.
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// statusDocument returns the status of the whole site, or of one release
// when rel is not nil.
func (r *Renderer) statusDocument(rel *Release) *statusDocument {
	s, now := r.site, r.opts.Now
	doc := &statusDocument{
		SchemaVersion: StatusSchemaVersion,
		GeneratedAt:   timestamp(now),
		Site:          statusSite{Title: s.Title, URL: s.AbsURL("/")},
		Releases:      []statusRelease{},
		Incidents:     []statusEntry{},
		Maintenance:   []statusEntry{},
	}
	releases, id := s.Releases, ""
	if rel != nil {
		// A release's own document is the indicator of that release, EOL or
		// not: whoever polls it runs that release.
		releases, id = []*Release{rel}, rel.ID
		doc.Indicator = s.Indicator(rel.ID, now)
	} else {
		doc.Indicator = s.Overall(now)
	}
	for _, rel := range releases {
		fields := rel.OSRelease
		if fields == nil {
			fields = map[string]string{}
		}
		doc.Releases = append(doc.Releases, statusRelease{
			ID:        rel.ID,
			Name:      rel.Name,
			State:     rel.State,
			OSRelease: fields,
			Indicator: s.Indicator(rel.ID, now),
			URL:       s.AbsURL(rel.Path()),
			StatusURL: s.AbsURL(rel.Path() + "status.json"),
		})
	}
	for _, e := range s.ActiveIncidents(id) {
		doc.Incidents = append(doc.Incidents, r.statusEntry(e))
	}
	for _, e := range s.Maintenances(id, now) {
		doc.Maintenance = append(doc.Maintenance, r.statusEntry(e))
	}
	return doc
}

// statusEntry describes an incident or a maintenance for the status API.
func (r *Renderer) statusEntry(e *Entry) statusEntry {
	s, now := r.site, r.opts.Now
	out := statusEntry{
		ID:             e.ID,
		URL:            s.AbsURL(e.Path()),
		Title:          e.Title,
		Kind:           e.Kind,
		Status:         string(e.Status),
		Releases:       e.Releases,
		Packages:       e.Packages,
		Downgrade:      make(map[string]string, len(e.Releases)),
		ActionRequired: e.ActionRequired,
		Started:        timestamp(e.Date),
		Updated:        timestamp(e.changed(now)),
		Links:          make([]statusLink, len(e.Links)),
	}
	// Lists are never null: clients iterate them without a check. A
	// maintenance for "all" on a site whose releases are all EOL has none.
	if out.Releases == nil {
		out.Releases = []string{}
	}
	if out.Packages == nil {
		out.Packages = []string{}
	}
	if e.Kind == Incident {
		sev := e.Severity
		out.Severity = &sev
		if e.Status == Resolved {
			out.Resolved = timestamp(e.resolvedAt())
		}
	}
	if e.Kind == Maintenance {
		out.Status = string(e.Window(now))
		out.Starts, out.Ends = timestamp(e.Starts), timestamp(e.Ends)
		out.Started = timestamp(e.windowStarted(now))
	}
	if e.Workaround != "" {
		out.Workaround = &statusText{
			Text: MarkdownText(e.Workaround, s.URL(e.Path())),
			HTML: strings.TrimSpace(string(s.html(e).workaround)),
		}
	}
	// One command for every release becomes that command for each, so that
	// a client looks up its own release and needs no second rule.
	for _, d := range e.Downgrade {
		if d.Release != "" {
			out.Downgrade[d.Release] = d.Command
			continue
		}
		for _, id := range e.Releases {
			out.Downgrade[id] = d.Command
		}
	}
	if !e.ETAUnknown {
		out.ETA = timestamp(e.ETA)
	}
	if e.FixedIn != "" {
		fixed := e.FixedIn
		out.FixedIn = &fixed
	}
	for i, l := range e.Links {
		title := l.Title
		if title == "" {
			title = l.URL // a bare URL in the content is a link titled by itself
		}
		out.Links[i] = statusLink{Title: title, URL: l.URL}
	}
	return out
}

// changed returns when the entry last changed as seen at now: its newest
// update, or a maintenance window opening or closing. It is never later than
// now, even for an entry dated in the future.
func (e *Entry) changed(now time.Time) time.Time {
	t := e.Updated()
	if e.Kind == Maintenance {
		for _, edge := range []time.Time{e.Starts, e.Ends} {
			if !edge.After(now) && edge.After(t) {
				t = edge
			}
		}
	}
	if t.After(now) {
		return now
	}
	return t
}

// resolvedAt returns when a resolved incident was resolved: the resolved
// field, else its resolving update, else its last change.
func (e *Entry) resolvedAt() time.Time {
	if !e.Resolved.IsZero() {
		return e.Resolved
	}
	for i := len(e.Updates) - 1; i >= 0; i-- {
		if e.Updates[i].Status == Resolved {
			return e.Updates[i].At
		}
	}
	return e.Updated()
}

// windowStarted returns when a maintenance began, seen at now: the planned
// start, or an earlier update that started it; zero while it is scheduled.
func (e *Entry) windowStarted(now time.Time) time.Time {
	if e.Window(now) == WindowScheduled {
		return time.Time{}
	}
	t := e.Starts
	for _, u := range e.Updates {
		if (u.Status == InProgress || u.Status == Verifying) && u.At.Before(t) {
			t = u.At
		}
	}
	return t
}
