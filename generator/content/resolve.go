package content

import (
	"slices"
)

// This file fills in what follows from an entry's fields once they are
// checked: its id, the releases "all" stands for, its current status. It
// runs once per entry and load, after the check and whatever the check
// found, so that a site with problems can still be told about (warnings,
// counts); only a site without problems is rendered.

// resolve fills in the entry's defaults. pos tells which fields are written.
func (s *Site) resolve(e *Entry, pos positions) {
	if e.ID == "" {
		e.ID = e.Slug
	}
	if e.Kind == "" {
		return // not a valid kind: nothing that depends on it is known
	}
	if len(s.Releases) > 0 {
		e.Releases, e.AllReleases = s.affected(e, pos.has("releases"))
	}
	if e.Kind == Incident && !pos.has("status") {
		switch latest := latestStatus(e); {
		case !e.Resolved.IsZero():
			e.Status = Resolved
		case latest != "":
			e.Status = latest
		}
	}
}

// affected returns the releases the entry affects, in site.yaml order, and
// whether it names all of them: "all", or no releases at all (given is
// false), which for an announcement or a maintenance means the whole site.
// Ids that site.yaml does not know are left out.
func (s *Site) affected(e *Entry, given bool) (ids []string, all bool) {
	all = !given
	for _, id := range e.Releases {
		if id == "all" {
			all = true
		}
	}
	for _, r := range s.Releases {
		if (all && r.State != EOL) || slices.Contains(e.Releases, r.ID) {
			ids = append(ids, r.ID)
		}
	}
	return ids, all
}

// latestStatus returns the status of the entry's latest update, if it is a
// valid status of an incident (a status that is not valid has its own
// problem).
func latestStatus(e *Entry) Status {
	if n := len(e.Updates); n > 0 && slices.Contains(updateStatuses[Incident], e.Updates[n-1].Status) {
		return e.Updates[n-1].Status
	}
	return ""
}
