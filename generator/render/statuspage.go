package render

import (
	"bytes"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	sp "github.com/bulletin-status/bulletin/generator/internal/statuspage"
)

// statuspageView is the Atlassian Statuspage v2 views under /api/v2/, in
// Statuspage's own shapes, so that the clients that already read
// Statuspage (Atlassian's status widget, client libraries, exporters,
// Grafana's data source) read bulletin unchanged. Releases are the
// components; incidents and maintenance are entries, each with an update
// for every change of its status, at its own time, as Statuspage posts
// them. While a window is in progress the page's indicator is
// "maintenance", as on Statuspage, and a maintenance's impact is
// "maintenance".
type statuspageView struct{ r *Renderer }

// statuspageLimit is how many incidents, or maintenances, incidents.json and
// scheduled-maintenances.json hold besides the unresolved ones, as on
// Statuspage.
const statuspageLimit = 50

func (v statuspageView) targets() []target {
	r := v.r
	s, now := r.site, r.now
	view := func(name string, doc func(d *spDocs) any) target {
		return target{name: "api/v2/" + name, final: true, render: func(buf *bytes.Buffer) error {
			return r.writeJSON(buf, doc(v.docs()))
		}}
	}
	upcoming := func(e *content.Entry) bool { return e.Window(now) == content.WindowScheduled }
	ongoing := func(e *content.Entry) bool { return e.Window(now).Open() }
	return []target{
		view("summary.json", func(d *spDocs) any {
			return sp.Summary{
				Page:                  d.page,
				Components:            d.components,
				Incidents:             d.incidents(v.unresolved()),
				ScheduledMaintenances: d.incidents(s.Maintenances("", now)),
				Status:                sp.PageStatusOf(s.Overall(now)),
			}
		}),
		view("status.json", func(d *spDocs) any {
			return sp.StatusDocument{Page: d.page, Status: sp.PageStatusOf(s.Overall(now))}
		}),
		view("components.json", func(d *spDocs) any {
			return sp.Components{Page: d.page, Components: d.components}
		}),
		view("incidents.json", func(d *spDocs) any {
			return sp.Incidents{Page: d.page, Incidents: d.incidents(v.recent(content.Incident))}
		}),
		view("incidents/unresolved.json", func(d *spDocs) any {
			return sp.Incidents{Page: d.page, Incidents: d.incidents(v.unresolved())}
		}),
		view("scheduled-maintenances.json", func(d *spDocs) any {
			return sp.Maintenances{Page: d.page, ScheduledMaintenances: d.incidents(v.recent(content.Maintenance))}
		}),
		view("scheduled-maintenances/upcoming.json", func(d *spDocs) any {
			return sp.Maintenances{Page: d.page, ScheduledMaintenances: d.incidents(selectEntries(s.Maintenances("", now), upcoming))}
		}),
		view("scheduled-maintenances/active.json", func(d *spDocs) any {
			return sp.Maintenances{Page: d.page, ScheduledMaintenances: d.incidents(selectEntries(s.Maintenances("", now), ongoing))}
		}),
	}
}

// spDocs is what every Statuspage document is made of, computed once per
// document: the page, and the releases and services as components.
type spDocs struct {
	r          *Renderer
	page       sp.Page
	components []sp.Component
	bySubject  map[string]sp.Component // by release or service id
}

// docs makes the page and its components: the releases, then the services.
// On a site with services both are shown in groups, as Statuspage's clients
// show component groups (a group component with group: true and its
// members' ids; each member with its group_id): the releases in one, each
// group of services in its own, a service of no group on its own.
func (v statuspageView) docs() *spDocs {
	r := v.r
	s := r.site
	d := &spDocs{r: r, page: v.page(), bySubject: make(map[string]sp.Component, len(s.Releases)+len(s.Services))}
	groups := map[string]int{} // group name → its index in d.components
	add := func(id string, c sp.Component, group string) {
		if group != "" {
			gi, ok := groups[group]
			if !ok {
				gi = len(d.components)
				groups[group] = gi
				d.components = append(d.components, sp.Component{
					ID: sp.ID(r.site.IDAuthority, "group/"+group), Name: group, Status: "operational",
					Showcase: true, PageID: d.page.ID, Group: true, Position: len(d.components) + 1,
					CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
				})
			}
			g := &d.components[gi]
			c.GroupID = &g.ID
			g.Components = append(g.Components, c.ID)
			g.Status = worseStatus(g.Status, c.Status)
			if c.CreatedAt.Before(*g.CreatedAt) {
				g.CreatedAt = c.CreatedAt
			}
			if c.UpdatedAt.After(*g.UpdatedAt) {
				g.UpdatedAt = c.UpdatedAt
			}
		}
		c.Position = len(d.components) + 1
		d.components = append(d.components, c)
		d.bySubject[id] = c
	}
	releaseGroup := ""
	if len(s.Services) > 0 {
		releaseGroup = "Releases"
	}
	for _, rel := range s.Releases {
		add(rel.ID, v.component("release/"+rel.ID, rel.ID, rel.Name, rel.Description, rel.State == content.EOL, d.page), releaseGroup)
	}
	for _, sv := range s.Services {
		add(sv.ID, v.component("service/"+sv.ID, sv.ID, sv.Name, sv.Description, false, d.page), sv.Group)
	}
	return d
}

// componentRank orders component statuses from best to worst.
var componentRank = map[string]int{"operational": 0, "under_maintenance": 1, "degraded_performance": 2, "partial_outage": 3, "major_outage": 4}

// worseStatus returns the worse of two component statuses: a group is as
// bad as its worst member.
func worseStatus(a, b string) string {
	if componentRank[b] > componentRank[a] {
		return b
	}
	return a
}

func (d *spDocs) incidents(es []*content.Entry) []sp.Incident {
	out := make([]sp.Incident, len(es))
	for i, e := range es {
		out[i] = d.incident(e)
	}
	return out
}

// selectEntries returns the entries that keep accepts, in their order.
func selectEntries(es []*content.Entry, keep func(*content.Entry) bool) []*content.Entry {
	var out []*content.Entry
	for _, e := range es {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

// unresolved returns the unresolved incidents newest first, Statuspage's
// order (the site's own lists put the most severe first).
func (v statuspageView) unresolved() []*content.Entry {
	return selectEntries(v.r.site.Entries, (*content.Entry).Active)
}

// recent returns the entries of a kind newest first, as Statuspage's lists
// hold them: all that are unresolved (or not completed), and the newest
// others up to statuspageLimit in all.
func (v statuspageView) recent(kind content.Kind) []*content.Entry {
	now := v.r.now
	var out []*content.Entry
	for _, e := range v.r.site.Entries {
		if e.Kind != kind {
			continue
		}
		open := e.Active() || (kind == content.Maintenance && e.Window(now) != content.WindowCompleted)
		if open || len(out) < statuspageLimit {
			out = append(out, e)
		}
	}
	return out
}

// id returns the Statuspage id of the object with the permanent name.

// page describes the site. Its updated_at is the build time: every JSON
// document says when it was generated (SPEC.md), and on Statuspage too it
// moves whenever anything on the page is refreshed.
func (v statuspageView) page() sp.Page {
	r := v.r
	return sp.Page{
		ID:        sp.ID(r.site.IDAuthority, "page"),
		Name:      r.site.Title,
		URL:       r.absURL("/"),
		TimeZone:  "Etc/UTC",
		UpdatedAt: jsonTime(r.now),
	}
}

// impactStatus is the component status an incident of the severity causes.
func impactStatus(sev content.Severity) string { return sp.ComponentStatus(content.Indicator(sev)) }

// component describes a release or a service, by its permanent name
// ("release/f43") and id. It was created with the oldest entry about it,
// or else the site's oldest (the site has no other date for it, and the
// build time would move it on every build), and last changed with the
// newest. EOL releases are listed, as they still have a status, but only
// when degraded: they are not part of the page's indicator.
func (v statuspageView) component(name, id, title, description string, eol bool, page sp.Page) sp.Component {
	r := v.r
	s, now := r.site, r.now
	var created, updated time.Time
	for _, e := range s.EntriesOf(id) {
		if e.Kind == content.Announcement {
			continue
		}
		if created.IsZero() || e.Date.Before(created) {
			created = e.Date
		}
		if t := e.LastChange(now); t.After(updated) {
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
	return sp.Component{
		ID:                 sp.ID(r.site.IDAuthority, name),
		Name:               title,
		Status:             sp.ComponentStatus(s.Indicator(id, now)),
		CreatedAt:          jsonTime(created),
		UpdatedAt:          jsonTime(updated),
		Description:        optional(description),
		Showcase:           !eol,
		PageID:             page.ID,
		OnlyShowIfDegraded: eol,
	}
}

// incident describes an incident, or a maintenance, in Statuspage terms.
func (d *spDocs) incident(e *content.Entry) sp.Incident {
	r := d.r
	now := r.now
	id := sp.ID(r.site.IDAuthority, "entry/"+e.ID)
	inc := sp.Incident{
		ID:         id,
		Name:       e.Title,
		Status:     string(e.Status),
		CreatedAt:  jsonTime(e.Date),
		UpdatedAt:  jsonTime(e.LastChange(now)),
		StartedAt:  jsonTime(e.Date),
		Shortlink:  r.absURL(e.Path()),
		PageID:     d.page.ID,
		Components: make([]sp.Component, 0, len(e.Releases)+len(e.Services)),
	}
	for _, id := range e.Subjects() {
		inc.Components = append(inc.Components, d.bySubject[id])
	}
	events := e.Events(now)
	switch e.Kind {
	case content.Incident:
		inc.Impact = string(e.Severity)
		for _, ev := range events {
			if ev.Status == content.Monitoring {
				inc.MonitoringAt = jsonTime(ev.At)
				break
			}
		}
		if e.Status == content.Resolved {
			inc.ResolvedAt = jsonTime(e.ResolvedAt())
		}
	case content.Maintenance:
		inc.Impact = "maintenance"
		inc.Status = string(e.Window(now))
		inc.ScheduledFor, inc.ScheduledUntil = jsonTime(e.Starts), jsonTime(e.Ends)
		if last := events[len(events)-1]; last.Status == content.Completed {
			inc.ResolvedAt = jsonTime(last.At)
		}
	}
	inc.IncidentUpdates = d.updates(e, events, id, inc.Components)
	return inc
}

// updates returns the entry's events newest first, as Statuspage lists
// its updates. Each lists the components whose status it changed: an
// incident's from operational to its impact when it opens and back when
// it is resolved, a maintenance's to under_maintenance when it starts and
// back when it completes.
func (d *spDocs) updates(e *content.Entry, events []content.Event, incidentID string, components []sp.Component) []sp.Update {
	r := d.r
	effect := "operational"
	out := make([]sp.Update, len(events))
	for i, ev := range events {
		next := componentEffect(e, ev.Status)
		status := string(ev.Status)
		if ev.Kind == content.EventReview {
			// Statuspage's word for the update that publishes what an
			// incident taught; the incident itself stays resolved.
			status = "postmortem"
		}
		u := sp.Update{
			ID:         sp.ID(r.site.IDAuthority, "entry/"+e.ID+"#"+ev.Anchor),
			Status:     status,
			Body:       d.body(e, ev),
			IncidentID: incidentID,
			CreatedAt:  jsonTime(ev.At),
			UpdatedAt:  jsonTime(ev.At),
			DisplayAt:  jsonTime(ev.At),
		}
		if next != effect {
			for _, c := range components {
				u.AffectedComponents = append(u.AffectedComponents, sp.Affected{Code: c.ID, Name: c.Name, OldStatus: effect, NewStatus: next})
			}
			effect = next
		}
		out[len(events)-1-i] = u
	}
	return out
}

// body is the text of an update: the update's own, else for the first
// report the entry's summary, else what Statuspage says of such a step.
func (d *spDocs) body(e *content.Entry, ev content.Event) string {
	r := d.r
	if text := ev.Text(e); text != "" {
		return r.html.text(e, text)
	}
	switch ev.Kind {
	case content.EventReport:
		if summary, _ := r.html.summary(e); summary != "" {
			return summary
		}
		return e.Title
	case content.EventStart:
		return "The scheduled maintenance is now in progress."
	case content.EventEnd:
		return "The scheduled maintenance has been completed."
	case content.EventReview:
		text := r.html.text(e, e.Review.Cause)
		if e.Review.Lessons != "" {
			text += "\n\n" + r.html.text(e, e.Review.Lessons)
		}
		return text
	}
	return "This incident has been resolved."
}

// componentEffect is the component status the entry causes while it has
// the status.
func componentEffect(e *content.Entry, st content.Status) string {
	switch {
	case e.Kind == content.Incident && st != content.Resolved:
		return impactStatus(e.Severity)
	case e.Kind == content.Maintenance && (st == content.InProgress || st == content.Verifying):
		return sp.ComponentStatus(content.UnderMaintenance)
	}
	return "operational"
}
