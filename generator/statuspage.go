package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/base32"
	"strconv"
	"strings"
	"time"
)

// The Atlassian Statuspage v2 views under /api/v2/, in Statuspage's own
// shapes, so that the clients that already read Statuspage (Grafana's data
// source, exporters, aggregators, client libraries) read bulletin unchanged.
// Releases are the components; incidents and maintenance are entries. Only
// documented values are used: Statuspage's page indicator has no
// "maintenance", so a window in progress shows as a component
// under_maintenance and an active maintenance, with the indicator none.

// statuspageLimit is how many incidents, or maintenances, incidents.json and
// scheduled-maintenances.json hold besides the unresolved ones, as on
// Statuspage.
const statuspageLimit = 50

type spPage struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	URL       string    `json:"url"`
	TimeZone  string    `json:"time_zone"`
	UpdatedAt timestamp `json:"updated_at"`
}

type spStatus struct {
	Indicator   string `json:"indicator"` // none, minor, major or critical
	Description string `json:"description"`
}

type spComponent struct {
	ID                 string    `json:"id"`
	Name               string    `json:"name"`
	Status             string    `json:"status"`
	CreatedAt          timestamp `json:"created_at"`
	UpdatedAt          timestamp `json:"updated_at"`
	Position           int       `json:"position"`
	Description        *string   `json:"description"`
	Showcase           bool      `json:"showcase"`
	StartDate          *string   `json:"start_date"`
	GroupID            *string   `json:"group_id"` // releases are not grouped
	PageID             string    `json:"page_id"`
	Group              bool      `json:"group"`
	OnlyShowIfDegraded bool      `json:"only_show_if_degraded"`
}

// spIncident is an incident, or with the scheduled times a maintenance.
type spIncident struct {
	ID              string        `json:"id"`
	Name            string        `json:"name"`
	Status          string        `json:"status"`
	CreatedAt       timestamp     `json:"created_at"`
	UpdatedAt       timestamp     `json:"updated_at"`
	MonitoringAt    timestamp     `json:"monitoring_at"`
	ResolvedAt      timestamp     `json:"resolved_at"`
	Impact          string        `json:"impact"`
	Shortlink       string        `json:"shortlink"`
	StartedAt       timestamp     `json:"started_at"`
	PageID          string        `json:"page_id"`
	IncidentUpdates []spUpdate    `json:"incident_updates"`
	Components      []spComponent `json:"components"`
	ScheduledFor    timestamp     `json:"scheduled_for,omitzero"`
	ScheduledUntil  timestamp     `json:"scheduled_until,omitzero"`
}

type spUpdate struct {
	ID                 string       `json:"id"`
	Status             string       `json:"status"`
	Body               string       `json:"body"`
	IncidentID         string       `json:"incident_id"`
	CreatedAt          timestamp    `json:"created_at"`
	UpdatedAt          timestamp    `json:"updated_at"`
	DisplayAt          timestamp    `json:"display_at"`
	AffectedComponents []spAffected `json:"affected_components"` // null when the update changed none
}

// spAffected is a component whose status an update changed.
type spAffected struct {
	Code      string `json:"code"` // the component's id
	Name      string `json:"name"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

// The documents, each with the page first as on Statuspage.
type (
	spSummary struct {
		Page                  spPage        `json:"page"`
		Components            []spComponent `json:"components"`
		Incidents             []spIncident  `json:"incidents"`
		ScheduledMaintenances []spIncident  `json:"scheduled_maintenances"`
		Status                spStatus      `json:"status"`
	}
	spStatusDoc struct {
		Page   spPage   `json:"page"`
		Status spStatus `json:"status"`
	}
	spComponents struct {
		Page       spPage        `json:"page"`
		Components []spComponent `json:"components"`
	}
	spIncidents struct {
		Page      spPage       `json:"page"`
		Incidents []spIncident `json:"incidents"`
	}
	spMaintenances struct {
		Page                  spPage       `json:"page"`
		ScheduledMaintenances []spIncident `json:"scheduled_maintenances"`
	}
)

// statuspageTargets lists the Statuspage views.
func (r *Renderer) statuspageTargets() []target {
	s, now := r.site, r.opts.Now
	view := func(name string, doc func(v *spView) any) target {
		return target{name: "api/v2/" + name, render: func(buf *bytes.Buffer) error {
			return r.writeJSON(buf, doc(r.spView()))
		}}
	}
	upcoming := func(e *Entry) bool { return e.Upcoming(now) }
	ongoing := func(e *Entry) bool { return e.Ongoing(now) }
	return []target{
		view("summary.json", func(v *spView) any {
			return spSummary{
				Page:                  v.page,
				Components:            v.components,
				Incidents:             v.incidents(r.unresolved()),
				ScheduledMaintenances: v.incidents(s.Maintenances("", now)),
				Status:                spPageStatus(s.Overall(now)),
			}
		}),
		view("status.json", func(v *spView) any {
			return spStatusDoc{Page: v.page, Status: spPageStatus(s.Overall(now))}
		}),
		view("components.json", func(v *spView) any {
			return spComponents{Page: v.page, Components: v.components}
		}),
		view("incidents.json", func(v *spView) any {
			return spIncidents{Page: v.page, Incidents: v.incidents(r.recent(Incident))}
		}),
		view("incidents/unresolved.json", func(v *spView) any {
			return spIncidents{Page: v.page, Incidents: v.incidents(r.unresolved())}
		}),
		view("scheduled-maintenances.json", func(v *spView) any {
			return spMaintenances{Page: v.page, ScheduledMaintenances: v.incidents(r.recent(Maintenance))}
		}),
		view("scheduled-maintenances/upcoming.json", func(v *spView) any {
			return spMaintenances{Page: v.page, ScheduledMaintenances: v.incidents(selectEntries(s.Maintenances("", now), upcoming))}
		}),
		view("scheduled-maintenances/active.json", func(v *spView) any {
			return spMaintenances{Page: v.page, ScheduledMaintenances: v.incidents(selectEntries(s.Maintenances("", now), ongoing))}
		}),
	}
}

// spView is what every Statuspage document is made of, computed once per
// document: the page, and the releases as components.
type spView struct {
	r          *Renderer
	page       spPage
	components []spComponent
	byRelease  map[string]spComponent
}

func (r *Renderer) spView() *spView {
	v := &spView{r: r, page: r.spPage(), byRelease: make(map[string]spComponent, len(r.site.Releases))}
	v.components = make([]spComponent, len(r.site.Releases))
	for i, rel := range r.site.Releases {
		v.components[i] = r.spComponent(rel, i+1, v.page)
		v.byRelease[rel.ID] = v.components[i]
	}
	return v
}

func (v *spView) incidents(es []*Entry) []spIncident {
	out := make([]spIncident, len(es))
	for i, e := range es {
		out[i] = v.incident(e)
	}
	return out
}

// selectEntries returns the entries that keep accepts, in their order.
func selectEntries(es []*Entry, keep func(*Entry) bool) []*Entry {
	var out []*Entry
	for _, e := range es {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// unresolved returns the unresolved incidents newest first, Statuspage's
// order (the site's own lists put the most severe first).
func (r *Renderer) unresolved() []*Entry {
	return selectEntries(r.site.Entries, (*Entry).Active)
}

// recent returns the entries of a kind newest first, as Statuspage's lists
// hold them: all that are unresolved (or not completed), and the newest
// others up to statuspageLimit in all.
func (r *Renderer) recent(kind Kind) []*Entry {
	now := r.opts.Now
	var out []*Entry
	for _, e := range r.site.Entries {
		if e.Kind != kind {
			continue
		}
		open := e.Active() || (kind == Maintenance && e.Window(now) != WindowCompleted)
		if open || len(out) < statuspageLimit {
			out = append(out, e)
		}
	}
	return out
}

// statuspageID returns the id of a Statuspage object, shaped like
// Statuspage's own (12 lowercase letters and digits), from a hash of the
// site's id authority and the object's permanent name: it never changes
// from one build to the next, and never depends on the title, the file name
// or the base URL.
func (s *Site) statuspageID(name string) string {
	sum := sha256.Sum256([]byte("tag:" + s.IDAuthority + ":" + name))
	return strings.ToLower(base32.StdEncoding.EncodeToString(sum[:]))[:12]
}

// spPage describes the site. Its updated_at is the build time: every JSON
// document says when it was generated (SPEC.md), and on Statuspage too it
// moves whenever anything on the page is refreshed.
func (r *Renderer) spPage() spPage {
	s := r.site
	return spPage{
		ID:        s.statuspageID("page"),
		Name:      s.Title,
		URL:       s.AbsURL("/"),
		TimeZone:  "Etc/UTC",
		UpdatedAt: timestamp(r.opts.Now),
	}
}

// spPageStatus words the overall indicator as Statuspage does.
func spPageStatus(i Indicator) spStatus {
	switch i {
	case MinorOutage:
		return spStatus{"minor", "Minor Service Outage"}
	case MajorOutage:
		return spStatus{"major", "Partial System Outage"}
	case CriticalOutage:
		return spStatus{"critical", "Major System Outage"}
	case UnderMaintenance:
		return spStatus{"none", "Service Under Maintenance"}
	}
	return spStatus{"none", "All Systems Operational"}
}

// componentStatus is the Statuspage status of a release with the indicator.
func componentStatus(i Indicator) string {
	switch i {
	case MinorOutage:
		return "degraded_performance"
	case MajorOutage:
		return "partial_outage"
	case CriticalOutage:
		return "major_outage"
	case UnderMaintenance:
		return "under_maintenance"
	}
	return "operational"
}

// impactStatus is the component status an incident of the severity causes.
func impactStatus(sev Severity) string { return componentStatus(Indicator(sev)) }

// spComponent describes a release. It was created with the oldest entry
// about it, or else the site's oldest (the site has no other date for a
// release, and the build time would move it on every build), and last
// changed with the newest. EOL releases are listed, as they still have a status, but
// only when degraded: they are not part of the page's indicator.
func (r *Renderer) spComponent(rel *Release, position int, page spPage) spComponent {
	s, now := r.site, r.opts.Now
	var created, updated time.Time
	for _, e := range s.EntriesOf(rel.ID) {
		if e.Kind == Announcement {
			continue
		}
		if created.IsZero() || e.Date.Before(created) {
			created = e.Date
		}
		if t := e.changed(now); t.After(updated) {
			updated = t
		}
	}
	if created.IsZero() {
		created = now
		if n := len(s.Entries); n > 0 {
			created = s.Entries[n-1].Date
		}
		updated = created
	}
	if created.After(updated) { // an entry dated in the future
		created = updated
	}
	var desc *string
	if rel.Description != "" {
		desc = &rel.Description
	}
	return spComponent{
		ID:                 s.statuspageID("release/" + rel.ID),
		Name:               rel.Name,
		Status:             componentStatus(s.Indicator(rel.ID, now)),
		CreatedAt:          timestamp(created),
		UpdatedAt:          timestamp(updated),
		Position:           position,
		Description:        desc,
		Showcase:           rel.State != EOL,
		PageID:             page.ID,
		OnlyShowIfDegraded: rel.State == EOL,
	}
}

// spIncident describes an incident, or a maintenance, in Statuspage terms.
func (v *spView) incident(e *Entry) spIncident {
	r := v.r
	s, now := r.site, r.opts.Now
	id := s.statuspageID("entry/" + e.ID)
	inc := spIncident{
		ID:         id,
		Name:       e.Title,
		Status:     string(e.Status),
		CreatedAt:  timestamp(e.Date),
		UpdatedAt:  timestamp(e.changed(now)),
		StartedAt:  timestamp(e.Date),
		Shortlink:  s.AbsURL(e.Path()),
		PageID:     v.page.ID,
		Components: make([]spComponent, len(e.Releases)),
	}
	for i, rel := range e.Releases {
		inc.Components[i] = v.byRelease[rel]
	}
	switch e.Kind {
	case Incident:
		inc.Impact = string(e.Severity)
		for _, u := range e.Updates {
			if u.Status == Monitoring {
				inc.MonitoringAt = timestamp(u.At)
				break
			}
		}
		if inc.MonitoringAt.IsZero() && e.Status == Monitoring {
			inc.MonitoringAt = timestamp(e.Updated())
		}
		if e.Status == Resolved {
			inc.ResolvedAt = timestamp(e.resolvedAt())
		}
	case Maintenance:
		// A maintenance has no impact of its own on Statuspage's scale;
		// its components show under_maintenance while it runs.
		inc.Impact = "none"
		inc.Status = string(e.Window(now))
		inc.ScheduledFor, inc.ScheduledUntil = timestamp(e.Starts), timestamp(e.Ends)
		if e.Window(now) == WindowCompleted {
			end := e.Ends
			if n := len(e.Updates); n > 0 && e.Updates[n-1].Status == Completed {
				end = e.Updates[n-1].At
			}
			inc.ResolvedAt = timestamp(end)
		}
	}
	inc.IncidentUpdates = r.spUpdates(e, id, inc.Components)
	return inc
}

// spUpdates returns the timeline newest first, as Statuspage lists it. An
// entry without updates gets one, from the entry itself, so that clients
// that show the latest update have something to show. Each update lists the
// components whose status it changed: an incident's from operational to its
// impact when it opens and back when it is resolved, a maintenance's to
// under_maintenance when it starts and back when it completes.
func (r *Renderer) spUpdates(e *Entry, incidentID string, components []spComponent) []spUpdate {
	s := r.site
	base := s.URL(e.Path())
	type step struct {
		id, body string
		status   string
		at       time.Time
	}
	var steps []step
	for i, u := range e.Updates {
		st := string(u.Status)
		if e.Kind == Maintenance && st == "" {
			st = string(e.windowAt(i))
		}
		steps = append(steps, step{
			id:     "entry/" + e.ID + "#update-" + strconv.Itoa(i+1),
			body:   MarkdownText(u.Text, base),
			status: st,
			at:     u.At,
		})
	}
	// The effect of the entry on its components before the first step: an
	// incident with updates was open before them; anything else starts
	// from nothing.
	effect := "operational"
	if len(steps) == 0 {
		st := string(e.Status)
		if e.Kind == Maintenance {
			st = string(e.windowAt(-1))
		}
		body, _ := s.summary(e)
		if body == "" {
			body = e.Title
		}
		steps = append(steps, step{id: "entry/" + e.ID + "#published", body: body, status: st, at: e.Date})
	} else if e.Kind == Incident {
		effect = impactStatus(e.Severity)
	}
	out := make([]spUpdate, len(steps))
	for i, st := range steps {
		next := e.effect(Status(st.status))
		u := spUpdate{
			ID:         s.statuspageID(st.id),
			Status:     st.status,
			Body:       st.body,
			IncidentID: incidentID,
			CreatedAt:  timestamp(st.at),
			UpdatedAt:  timestamp(st.at),
			DisplayAt:  timestamp(st.at),
		}
		if next != effect {
			for _, c := range components {
				u.AffectedComponents = append(u.AffectedComponents, spAffected{Code: c.ID, Name: c.Name, OldStatus: effect, NewStatus: next})
			}
			effect = next
		}
		out[len(steps)-1-i] = u
	}
	return out
}

// effect is the component status the entry causes while it has the status.
func (e *Entry) effect(st Status) string {
	switch {
	case e.Kind == Incident && st != Resolved:
		return impactStatus(e.Severity)
	case e.Kind == Maintenance && (st == InProgress || st == Verifying):
		return componentStatus(UnderMaintenance)
	}
	return "operational"
}

// windowAt returns the state of a maintenance when its update i was
// written, seen from the updates up to that one; -1 is when it was
// published.
func (e *Entry) windowAt(i int) WindowState {
	at := e.Date
	if i >= 0 {
		at = e.Updates[i].At
	}
	then := &Entry{Starts: e.Starts, Ends: e.Ends, Updates: e.Updates[:i+1]}
	return then.Window(at)
}
