package content

import (
	"slices"
	"time"
)

// EventKind says what moment of an entry's story an event is.
type EventKind string

const (
	EventReport  EventKind = "report"  // the entry was first published
	EventUpdate  EventKind = "update"  // an update of its timeline
	EventStart   EventKind = "start"   // its maintenance window began
	EventEnd     EventKind = "end"     // its maintenance window ended
	EventResolve EventKind = "resolve" // it was resolved, by its resolved field
	EventReview  EventKind = "review"  // its post-incident review was published
)

// Event is one moment of an entry's story that readers are told of, each
// once: on its page's timeline, as an item of the feeds, as an update of
// the Statuspage views.
type Event struct {
	Kind EventKind
	At   time.Time
	// Status is the entry's status from then on: an incident's status, a
	// maintenance's window state; "" for an announcement.
	Status Status
	// Update is the index in the entry's Updates of the update that
	// tells the event, or -1: an update at the entry's own date is its
	// first report.
	Update int
	// Anchor names the event on the entry's page and in the ids of feed
	// items and API objects. It derives from the event's kind and time,
	// never from its position, so that inserting a forgotten update
	// renames nothing: "update-2026-11-19T16:05:00Z".
	Anchor string
}

// Text returns the Markdown of the update that tells the event, or "".
func (ev Event) Text(e *Entry) string {
	if ev.Update < 0 {
		return ""
	}
	return e.Updates[ev.Update].Text
}

// UpdateAnchor is the anchor of the update at the time: the fragment of
// its place on the entry's page and of its feed item's id.
func UpdateAnchor(at time.Time) string { return "update-" + FormatTime(at) }

// Events returns the entry's story as it stands at now, oldest first: its
// first report, every update, a maintenance window starting and ending
// (unless an update tells it), and its resolution (unless an update tells
// it). What is still to come at now is left out, but for the first
// report, which is there from the moment the entry is published.
func (e *Entry) Events(now time.Time) []Event {
	report := Event{Kind: EventReport, At: e.Date, Status: reportStatus(e), Update: -1, Anchor: "published"}
	events := []Event{report}
	started, completed, resolved := false, false, false
	for i, u := range e.Updates {
		st := u.Status
		switch {
		case e.Kind == Maintenance && st == "":
			st = Status(windowAt(e, i))
		case e.Kind == Announcement:
			st = ""
		}
		started = started || u.Status == InProgress || u.Status == Verifying
		completed = completed || u.Status == Completed
		resolved = resolved || u.Status == Resolved
		if u.At.Equal(e.Date) {
			events[0].Update = i // the first report itself
			if st != "" {
				events[0].Status = st
			}
			continue
		}
		if u.At.After(now) {
			continue
		}
		events = append(events, Event{Kind: EventUpdate, At: u.At, Status: st, Update: i, Anchor: UpdateAnchor(u.At)})
	}
	if e.Kind == Maintenance {
		if !started && !completed && !e.Starts.After(now) && e.Starts.After(e.Date) {
			events = append(events, Event{Kind: EventStart, At: e.Starts, Status: InProgress, Update: -1, Anchor: "started"})
		}
		if !completed && !e.Ends.After(now) && e.Ends.After(e.Date) {
			events = append(events, Event{Kind: EventEnd, At: e.Ends, Status: Completed, Update: -1, Anchor: "ended"})
		}
	}
	if e.Kind == Incident && !e.Resolved.IsZero() && !resolved && !e.Resolved.After(now) && e.Resolved.After(e.Date) {
		events = append(events, Event{Kind: EventResolve, At: e.Resolved, Status: Resolved, Update: -1, Anchor: "resolved"})
	}
	if e.Reviewed(now) {
		// After the resolution it follows, even at the same moment: the
		// sort below is stable.
		events = append(events, Event{Kind: EventReview, At: e.Review.Published, Status: Resolved, Update: -1, Anchor: "review"})
	}
	slices.SortStableFunc(events, func(a, b Event) int { return a.At.Compare(b.At) })
	// A resolution that tells nothing new (the incident was published as
	// resolved, say) is no event.
	return slices.DeleteFunc(events, func(ev Event) bool {
		i := slices.IndexFunc(events, func(x Event) bool { return x.Anchor == ev.Anchor })
		return ev.Kind == EventResolve && i > 0 && events[i-1].Status == Resolved
	})
}

// reportStatus is the entry's status when it was first published.
func reportStatus(e *Entry) Status {
	switch e.Kind {
	case Incident:
		return e.InitialStatus
	case Maintenance:
		return Status(windowAt(e, -1))
	}
	return ""
}

// Reviewed reports whether the entry's review has been published at now.
func (e *Entry) Reviewed(now time.Time) bool {
	return e.Review != nil && !e.Review.Published.After(now)
}

// WorkaroundAt returns the workaround (Markdown) in force once update i
// was written: that of the latest update up to i that gives one, else the
// workaround as first published; -1 is when the entry was published.
func (e *Entry) WorkaroundAt(i int) string {
	for ; i >= 0; i-- {
		if w := e.Updates[i].Workaround; w != "" {
			return w
		}
	}
	return e.InitialWorkaround
}

// Moments are the times the statistics measure from an incident's first
// report, as its content tells them at a time. Each is known only when the
// content says it: zero means it does not tell (yet), never "at once".
type Moments struct {
	// Identified is when the cause was known: the first report or update
	// whose status is identified or monitoring (a fix being watched was
	// identified before). A resolution alone says nothing of when the
	// cause was found.
	Identified time.Time
	// Workaround is when users were first given one: the first report if
	// it had one, else the first update that gave one.
	Workaround time.Time
	// Resolved is when the incident was resolved, if it is resolved and
	// its content says when (the resolved field, else its resolving
	// update).
	Resolved time.Time
}

// Moments returns the incident's moments as of now; an entry of another
// kind has none.
func (e *Entry) Moments(now time.Time) Moments {
	var m Moments
	if e.Kind != Incident {
		return m
	}
	for _, ev := range e.Events(now) {
		if ev.Status == Identified || ev.Status == Monitoring {
			m.Identified = ev.At
			break
		}
	}
	if e.InitialWorkaround != "" {
		m.Workaround = e.Date
	} else {
		for _, u := range e.Updates {
			if u.At.After(now) {
				break
			}
			if u.Workaround != "" {
				m.Workaround = u.At
				break
			}
		}
	}
	m.Resolved = resolvedFrom(e, now)
	return m
}

// resolvedFrom returns when the incident was resolved, if it is resolved
// at now and its content says when (see resolvedTime).
func resolvedFrom(e *Entry, now time.Time) time.Time {
	if e.Kind != Incident || e.Status != Resolved {
		return time.Time{}
	}
	if t := resolvedTime(e); !t.After(now) {
		return t
	}
	return time.Time{}
}
