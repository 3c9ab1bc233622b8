package content

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
)

// This file fills in what follows from an entry's fields once they are
// checked: its id, the releases "all" stands for, its statuses, its fixes
// and downgrade commands in site.yaml's order. It runs once per entry and
// load, after the check and whatever the check found, so that a site with
// problems can still be told about (warnings, counts); only a site without
// problems is rendered.

// resolveEntry fills in the entry's defaults from the site. pos tells
// which fields are written.
func resolveEntry(s *Site, e *Entry, pos positions) {
	if e.ID == "" {
		e.ID = e.Slug
	}
	if e.Kind == "" {
		return // not a valid kind: nothing that depends on it is known
	}
	if len(s.Releases) > 0 {
		e.Releases, e.AllReleases = affected(s, e, pos.has("releases"), pos.has("services"))
	}
	e.Services = namedServices(s, e)
	if e.Kind == Incident {
		e.InitialStatus = initialStatus(e, pos.has("status"))
		e.Status = e.InitialStatus
		if latest := latestStatus(e); latest != "" {
			e.Status = latest
		}
		if !e.Resolved.IsZero() {
			e.Status = Resolved
		}
	}
	e.Workaround = e.WorkaroundAt(len(e.Updates) - 1)
	order := s.order
	slices.SortStableFunc(e.Downgrade, func(a, b Downgrade) int { return cmp.Compare(order[a.Release], order[b.Release]) })
	e.FixedIn = fixes(s, e, order)
	if e.Review != nil {
		// A copy: the parsed entry is shared between loads (see Loader).
		rv := *e.Review
		rv.CausedBy = causes(s, e, rv.CausedBy, order)
		e.Review = &rv
	}
}

// causes returns the updates that caused an incident in site.yaml order of
// their releases, each linked as site.yaml links fixes: the page of the
// update that broke a release is where its testers left their karma. One
// update for every release is linked when all of them link updates alike.
func causes(s *Site, e *Entry, list []Cause, order map[string]int) []Cause {
	out := make([]Cause, 0, len(list))
	for _, c := range list {
		var templates []string
		if r := s.releases[c.Release]; r != nil {
			templates = []string{r.FixedIn.URL}
		} else if c.Release == "" {
			for _, id := range e.Releases {
				if r := s.releases[id]; r != nil { // else told: no such release
					templates = append(templates, r.FixedIn.URL)
				}
			}
		}
		if len(templates) > 0 && len(slices.Compact(templates)) == 1 {
			c.URL = fixLink(templates[0], url.PathEscape(c.Update))
		}
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Cause) int { return cmp.Compare(order[a.Release], order[b.Release]) })
	return out
}

// initialStatus is an incident's status when first published: as its
// status field says, else as the update at its date says, else
// investigating.
func initialStatus(e *Entry, written bool) Status {
	if written && e.Status != "" {
		return e.Status
	}
	for _, u := range e.Updates {
		if u.At.Equal(e.Date) && slices.Contains(updateStatuses[Incident], u.Status) {
			return u.Status
		}
	}
	return Investigating
}

// releaseOrder numbers the releases in site.yaml order, from 1; "" (every
// release) comes first.
func releaseOrder(s *Site) map[string]int {
	order := make(map[string]int, len(s.Releases))
	for i, r := range s.Releases {
		order[r.ID] = i + 1
	}
	return order
}

// fixes returns the updates that fix the entry, one for each release it
// names, in site.yaml order, with the links of each release filled in: an
// update given for every release is the fix of each release affected.
func fixes(s *Site, e *Entry, order map[string]int) []Fix {
	var out []Fix
	add := func(id, update string) {
		f := Fix{Release: id, Update: update}
		if r := s.releases[id]; r != nil {
			f.URL = fixLink(r.FixedIn.URL, url.PathEscape(update))
			f.Command = fixLink(r.FixedIn.Command, update)
		}
		out = append(out, f)
	}
	for _, f := range e.FixedIn {
		switch {
		case f.Release != "":
			if s.releases[f.Release] != nil {
				add(f.Release, f.Update)
			}
		case len(e.Releases) == 0:
			out = append(out, f)
		default:
			for _, id := range e.Releases {
				add(id, f.Update)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Fix) int { return cmp.Compare(order[a.Release], order[b.Release]) })
	return out
}

// fixLink fills an update into a template of site.yaml's fixed_in.
func fixLink(template, update string) string {
	if template == "" {
		return ""
	}
	return strings.ReplaceAll(template, "{fixed_in}", update)
}

// affected returns the releases the entry affects, in site.yaml order, and
// whether it names all of them: "all", or neither releases nor services
// (given and services false), which for an announcement or a maintenance
// means the whole site. Ids that site.yaml does not know are left out.
func affected(s *Site, e *Entry, given, services bool) (ids []string, all bool) {
	all = !given && !services
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

// namedServices returns the services the entry names that site.yaml
// knows, in site.yaml order.
func namedServices(s *Site, e *Entry) []string {
	var ids []string
	for _, sv := range s.Services {
		if slices.Contains(e.Services, sv.ID) {
			ids = append(ids, sv.ID)
		}
	}
	return ids
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
