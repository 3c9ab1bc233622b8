package content

import (
	"slices"
	"time"
)

// This file answers what the site's state is at a given time: what is
// open, what is under way, how each release is doing. The time is always
// passed in, so that the same content and the same time give the same
// answers.

// Indicator is the state of a release, or of the whole site, at a glance.
type Indicator string

const (
	Operational      Indicator = "operational"
	MinorOutage      Indicator = "minor"
	MajorOutage      Indicator = "major"
	CriticalOutage   Indicator = "critical"
	UnderMaintenance Indicator = "maintenance"
)

// rank orders indicators from best to worst: any unresolved incident
// outranks a maintenance window in progress.
func (i Indicator) rank() int {
	switch i {
	case UnderMaintenance:
		return 1
	case MinorOutage:
		return 2
	case MajorOutage:
		return 3
	case CriticalOutage:
		return 4
	}
	return 0
}

// Label is the indicator as a short sentence for a banner.
func (i Indicator) Label() string {
	switch i {
	case MinorOutage:
		return "Minor problems"
	case MajorOutage:
		return "Major problems"
	case CriticalOutage:
		return "Critical problems"
	case UnderMaintenance:
		return "Under maintenance"
	}
	return "No known problems"
}

// WindowState is where a maintenance stands at a given time.
type WindowState string

const (
	WindowScheduled  WindowState = "scheduled"
	WindowInProgress WindowState = "in_progress"
	WindowVerifying  WindowState = "verifying"
	WindowCompleted  WindowState = "completed"
)

// Label is the state as a word for a badge.
func (w WindowState) Label() string { return Status(w).Label() }

// Open reports whether the window is in progress: started, and not yet
// completed.
func (w WindowState) Open() bool { return w == WindowInProgress || w == WindowVerifying }

// Active reports whether the entry is an incident that is not resolved.
func (e *Entry) Active() bool { return e.Kind == Incident && e.Status != Resolved }

// Overdue reports whether the entry is an unresolved incident whose ETA has
// passed at the time now: readers should not take a date gone by for a
// promise, and editors are warned to give a new one.
//
// A whole day passes only when it ends: "eta: 2026-12-04" is not overdue
// at 10:00 on the 4th.
func (e *Entry) Overdue(now time.Time) bool {
	if !e.Active() || e.ETA.IsZero() {
		return false
	}
	if e.ETADay {
		return !now.Before(e.ETA.AddDate(0, 0, 1))
	}
	return e.ETA.Before(now)
}

// Window returns the state of a maintenance at the time now, "" for an
// entry of another kind. The planned window decides, except that an update
// may start it early ("in_progress"), mark it as being checked
// ("verifying") or end it early ("completed").
func (e *Entry) Window(now time.Time) WindowState {
	if e.Kind != Maintenance {
		return ""
	}
	return window(e.Starts, e.Ends, e.Updates, now)
}

func window(starts, ends time.Time, updates []Update, now time.Time) WindowState {
	// The latest update as of now: rebuilding an old commit at its own
	// time must not see the updates written after it.
	var latest Status
	for _, u := range updates {
		if !u.At.After(now) {
			latest = u.Status
		}
	}
	switch {
	case latest == Completed || !now.Before(ends):
		return WindowCompleted
	case now.Before(starts) && latest != InProgress && latest != Verifying:
		return WindowScheduled
	case latest == Verifying:
		return WindowVerifying
	}
	return WindowInProgress
}

// windowAt returns the state of a maintenance when its update i was
// written, seen from the updates up to that one; -1 is when it was
// published.
func windowAt(e *Entry, i int) WindowState {
	at := e.Date
	if i >= 0 {
		at = e.Updates[i].At
	}
	return window(e.Starts, e.Ends, e.Updates[:i+1], at)
}

// LastChange returns when the entry last changed as seen at now: its
// newest update, or a maintenance window opening or closing. A window
// that an update opened or closed early does not change again at its
// planned time, as its timeline (Events) tells. It is never later than
// now, even for an entry dated in the future.
func (e *Entry) LastChange(now time.Time) time.Time {
	t := e.Updated()
	if e.Kind == Maintenance {
		started, completed := false, false
		for _, u := range e.Updates {
			started = started || u.Status == InProgress || u.Status == Verifying
			completed = completed || u.Status == Completed
		}
		if !started && !completed && !e.Starts.After(now) && e.Starts.After(t) {
			t = e.Starts
		}
		if !completed && !e.Ends.After(now) && e.Ends.After(t) {
			t = e.Ends
		}
	}
	if t.After(now) {
		return now
	}
	return t
}

// ResolvedAt returns when a resolved incident was resolved: the resolved
// field, else its resolving update, else its last change.
func (e *Entry) ResolvedAt() time.Time {
	if t := resolvedTime(e); !t.IsZero() {
		return t
	}
	return e.Updated()
}

// resolvedTime returns when the incident was resolved as far as its fields
// say: the resolved field, else its last resolving update; zero when
// neither says (an incident published as resolved, with no time).
func resolvedTime(e *Entry) time.Time {
	if !e.Resolved.IsZero() {
		return e.Resolved
	}
	for i := len(e.Updates) - 1; i >= 0; i-- {
		if e.Updates[i].Status == Resolved {
			return e.Updates[i].At
		}
	}
	return time.Time{}
}

// WindowStarted returns when a maintenance began, seen at now: the planned
// start, or an earlier update that started it; zero while it is scheduled.
func (e *Entry) WindowStarted(now time.Time) time.Time {
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

// index holds what pages and feeds look up by release or service (ids
// share one namespace), made once per load in one pass over the entries.
type index struct {
	bySubject   map[string][]*Entry // every entry affecting the release or service, newest first
	active      map[string][]*Entry // unresolved incidents, most severe first
	maintenance map[string][]*Entry // maintenance, newest first
	activeAll   []*Entry            // unresolved incidents of any release
	maintAll    []*Entry            // maintenance of any release
}

func newIndex(s *Site) *index {
	ix := &index{
		bySubject:   make(map[string][]*Entry, len(s.Releases)+len(s.Services)),
		active:      make(map[string][]*Entry, len(s.Releases)),
		maintenance: make(map[string][]*Entry, len(s.Releases)),
	}
	for _, e := range s.Entries {
		if e.Active() {
			ix.activeAll = append(ix.activeAll, e)
		}
		if e.Kind == Maintenance {
			ix.maintAll = append(ix.maintAll, e)
		}
		for _, id := range e.Subjects() {
			ix.bySubject[id] = append(ix.bySubject[id], e)
			if e.Active() {
				ix.active[id] = append(ix.active[id], e)
			}
			if e.Kind == Maintenance {
				ix.maintenance[id] = append(ix.maintenance[id], e)
			}
		}
	}
	// Most severe first, so that a glance at the top of the list is enough;
	// the stable sort keeps the newest first within a severity.
	bySeverity := func(a, b *Entry) int { return Indicator(b.Severity).rank() - Indicator(a.Severity).rank() }
	slices.SortStableFunc(ix.activeAll, bySeverity)
	for _, es := range ix.active {
		slices.SortStableFunc(es, bySeverity)
	}
	return ix
}

// EntriesOf returns every entry affecting the release or service, newest
// first.
func (s *Site) EntriesOf(id string) []*Entry { return s.index.bySubject[id] }

// ActiveIncidents returns the unresolved incidents affecting the release
// or service, or of the whole site for "", the most severe first, then the
// newest.
func (s *Site) ActiveIncidents(id string) []*Entry {
	if id == "" {
		return s.index.activeAll
	}
	return s.index.active[id]
}

// Maintenances returns the maintenance windows affecting the release or
// service (or the whole site for "") that are in progress or still to come
// at now, soonest first.
func (s *Site) Maintenances(id string, now time.Time) []*Entry {
	all := s.index.maintAll
	if id != "" {
		all = s.index.maintenance[id]
	}
	var out []*Entry
	for i := len(all) - 1; i >= 0; i-- { // oldest first, then sorted by start
		if e := all[i]; e.Window(now) != WindowCompleted {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b *Entry) int { return a.Starts.Compare(b.Starts) })
	return out
}

// Indicator returns the state of one release or service at now: the
// highest severity among its unresolved incidents, else maintenance while a
// window is in progress, else operational.
func (s *Site) Indicator(id string, now time.Time) Indicator {
	worst := Operational
	for _, e := range s.index.active[id] {
		if i := Indicator(e.Severity); i.rank() > worst.rank() {
			worst = i
		}
	}
	if worst != Operational {
		return worst
	}
	for _, e := range s.index.maintenance[id] {
		if e.Window(now).Open() {
			return UnderMaintenance
		}
	}
	return Operational
}

// LastChange returns when what the site says of the release or service
// (or of everything, for "") last changed as of now: the latest event of its
// entries that has happened. Pages show it rather than the build time, so
// that a rebuild with nothing new changes none of them.
func (s *Site) LastChange(id string, now time.Time) time.Time {
	entries := s.Entries
	if id != "" {
		entries = s.EntriesOf(id)
	}
	var t time.Time
	for _, e := range entries {
		if c := e.LastChange(now); c.After(t) {
			t = c
		}
	}
	return t
}

// UpcomingChanges returns the announcements of changes that affect the
// release or service (or any, for "") and have not taken effect at now,
// soonest first: an API break a client must be ready for.
func (s *Site) UpcomingChanges(id string, now time.Time) []*Entry {
	entries := s.Entries
	if id != "" {
		entries = s.EntriesOf(id)
	}
	var out []*Entry
	for _, e := range entries {
		if e.Kind == Announcement && e.Effective.After(now) {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b *Entry) int { return a.Effective.Compare(b.Effective) })
	return out
}

// NextChange returns the first moment after now at which the site changes
// by the clock alone, or zero if none is known: a window starting or
// ending, an update, a resolution or a review dated ahead, an ETA passing,
// an announced change taking effect. A scheduler rebuilds then, rather
// than on a coarse timer that misses a short window.
func (s *Site) NextChange(now time.Time) time.Time {
	var next time.Time
	consider := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, e := range s.Entries {
		for _, u := range e.Updates {
			consider(u.At)
		}
		consider(e.Resolved)
		consider(e.Effective)
		if e.Review != nil {
			consider(e.Review.Published)
		}
		if e.Kind == Maintenance {
			consider(e.Starts)
			consider(e.Ends)
		}
		if e.Active() && !e.ETA.IsZero() {
			if e.ETADay {
				consider(e.ETA.AddDate(0, 0, 1))
			} else {
				consider(e.ETA.Add(time.Second)) // overdue once past it
			}
		}
	}
	return next
}

// Overall returns the worst indicator over the releases that are not EOL
// and the services.
func (s *Site) Overall(now time.Time) Indicator {
	worst := Operational
	for _, r := range s.Releases {
		if r.State == EOL {
			continue
		}
		if i := s.Indicator(r.ID, now); i.rank() > worst.rank() {
			worst = i
		}
	}
	for _, sv := range s.Services {
		if i := s.Indicator(sv.ID, now); i.rank() > worst.rank() {
			worst = i
		}
	}
	return worst
}
