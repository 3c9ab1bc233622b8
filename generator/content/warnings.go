package content

import (
	"strings"
	"time"
)

// staleAfter is how long an unresolved incident may go without news
// before check asks whether it is still going on: a forgotten incident
// keeps a release's banner red.
const staleAfter = 30 * 24 * time.Hour

// reviewWithin is how long after its resolution a major or critical
// incident may go without a review before check asks for one: long enough
// to find the cause, short enough that people still remember.
const reviewWithin = 14 * 24 * time.Hour

// Warnings returns what is allowed but probably wrong at the time now:
// problems that should not stop a publish under pressure, but that
// `bulletin check -strict` turns into failures. They are sorted by file
// and position, each marked as a Warning. src is where the site was
// loaded from; a site loaded with problems is told what can be told.
func Warnings(s *Site, src *Source, now time.Time) []*Error {
	var probs problems
	siteWarnings(s, src, &probs)
	for _, e := range s.Entries {
		warn(s, e, src.File(e), src.entries[e], now, &probs)
	}
	probs.sort()
	for _, p := range probs {
		p.Warning = true
	}
	return probs
}

// siteWarnings adds the warnings about site.yaml.
func siteWarnings(s *Site, src *Source, probs *problems) {
	if s.BaseURL != nil && s.BaseURL.Path != "/" {
		probs.add(src.siteFile(), src.site["base_url"], "base_url has a path (%s): Statuspage clients read /api/v2/ at the root of the host and will not find this site's; publish it at the root of a host to serve them", s.BaseURL.Path)
	}
	osReleaseWarnings(s, src, probs)
}

// warn adds the warnings about one entry.
func warn(s *Site, e *Entry, file string, pos positions, now time.Time, probs *problems) {
	if e.Active() {
		if e.Overdue(now) {
			probs.add(file, pos.at("eta"), "the eta (%s) has passed and the incident is not resolved; give a new eta, or unknown", FormatTime(e.ETA))
		}
		if (e.Severity == Major || e.Severity == Critical) && strings.TrimSpace(e.Workaround) == "" {
			probs.add(file, pos.at("severity"), "a %s incident without a workaround: tell users what to do until the fix lands", e.Severity)
		}
		if u := e.Updated(); !u.IsZero() && now.Sub(u) > staleAfter && !e.ETA.After(now) {
			probs.add(file, pos.at("status"), "no news for %d days and not resolved: add an update, or resolve it", int(now.Sub(u)/(24*time.Hour)))
		}
	}
	if e.Kind == Incident && e.Status == Resolved {
		// Point at the field that made it resolved.
		at := pos.at("status")
		if pos.has("resolved") {
			at = pos.at("resolved")
		}
		if len(e.FixedIn) == 0 && len(e.Releases) > 0 { // a service is fixed where it runs, not by an update

			probs.add(file, at, "a resolved incident without fixed_in: name the update that fixed it")
		}
		if e.Resolved.IsZero() && !resolvedByUpdate(e) {
			probs.add(file, at, "resolved, but not when: add resolved: with the time, or an update with status resolved")
		}
		if e.ReviewOverdue(now) {
			days := int(now.Sub(resolvedTime(e)) / (24 * time.Hour))
			probs.add(file, at, "a %s incident resolved %d days ago without a review: add review: with its cause, lessons and follow-ups", e.Severity, days)
		}
	}
	if e.Review != nil && e.Review.Published.After(now) {
		probs.add(file, pos.at("review.published"), "the review's published time %s is in the future; it shows from then on", FormatTime(e.Review.Published))
	}
	if e.Resolved.After(now) {
		probs.add(file, pos.at("resolved"), "resolved %s is in the future; the incident shows as resolved now all the same", FormatTime(e.Resolved))
	}
	for i, u := range e.Updates {
		key := itemKey("updates", i)
		switch {
		case u.At.After(now):
			probs.add(file, pos.at(key+".at"), "update %d is dated %s, in the future: readers see it only from then on, though its status counts now", i+1, FormatTime(u.At))
		case u.Status == Resolved && !e.Resolved.IsZero() && !e.Resolved.Equal(u.At):
			probs.add(file, pos.at("resolved"), "resolved (%s) and update %d, which resolves it (%s), disagree; keep one", FormatTime(e.Resolved), i+1, FormatTime(u.At))
		}
	}
	if e.Date.After(now) {
		probs.add(file, pos.at("date"), "date %s is in the future; the entry is published now all the same", FormatTime(e.Date))
	}
}

// ReviewOverdue reports whether the entry is a major or critical incident
// resolved more than 14 days before now that has no review: what check
// warns of, and the statistics list.
func (e *Entry) ReviewOverdue(now time.Time) bool {
	resolved := resolvedFrom(e, now)
	return (e.Severity == Major || e.Severity == Critical) && e.Review == nil && !resolved.IsZero() && now.Sub(resolved) > reviewWithin
}

// resolvedByUpdate reports whether the timeline says when the incident was
// resolved.
func resolvedByUpdate(e *Entry) bool {
	for _, u := range e.Updates {
		if u.Status == Resolved && !u.At.IsZero() {
			return true
		}
	}
	return false
}
