package generator

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Validate checks what the site and its entries say against each other and
// against the rules of SPEC.md, and resolves release references ("all").
// It reports every problem at once, sorted by file and position, and must
// have succeeded before the site is rendered.
func (s *Site) Validate() error {
	var probs problems
	known := make([]string, len(s.Releases))
	for i, r := range s.Releases {
		known[i] = r.ID
	}
	// Each entry is checked on its own, once, on every core. An entry the
	// Loader hands to the next site unchanged keeps what its check found:
	// serve builds a large site again after each save. The problems are
	// sorted in the end, so the order they are found in does not show.
	for _, e := range s.Entries {
		if e.check == nil { // an entry made by hand, not parsed
			e.check = &entryCheck{}
		}
	}
	onEveryCore(len(s.Entries), func(i int) {
		e := s.Entries[i]
		e.check.once.Do(func() { s.validateEntry(e, known, &e.check.probs) })
	})
	for _, e := range s.Entries {
		probs = append(probs, e.check.probs...)
	}
	slugs := make(map[string]*Entry, len(s.Entries))
	ids := make(map[string]*Entry, len(s.Entries))
	// Entries are sorted newest first; walk them oldest first so that the
	// entry that came later is the one told to change.
	for i := len(s.Entries) - 1; i >= 0; i-- {
		e := s.Entries[i]
		if prev, ok := slugs[e.Slug]; ok {
			probs.add(e.file, e.at(""), "slug %q is also the slug of %s; rename one of the files", e.Slug, prev.file)
		} else {
			slugs[e.Slug] = e
		}
		if e.ID == "" {
			continue
		}
		if prev, ok := ids[e.ID]; ok {
			probs.add(e.file, e.at("id"), "id %q is also the id of %s; ids are permanent, so give this entry a new one", e.ID, prev.file)
		} else {
			ids[e.ID] = e
		}
	}
	if err := probs.join(); err != nil {
		return err
	}
	s.index = newIndex(s)
	return nil
}

// at returns the position of a field, or of the front matter's first line
// when the field is absent (where a missing field is reported).
func (e *Entry) at(field string) Pos {
	if p, ok := e.pos.get(field); ok {
		return p
	}
	p, _ := e.pos.get("")
	return p
}

// entryCheck is what checking an entry found, kept with the entry.
type entryCheck struct {
	once  sync.Once
	probs problems
}

// validateEntry checks one entry and fills in what follows from its fields.
// What it finds and fills in must follow from the entry and site.yaml
// alone: an entry whose file and site.yaml stay as they were is not
// checked again (see Loader).
func (s *Site) validateEntry(e *Entry, known []string, probs *problems) {
	errorf := func(field, format string, args ...any) {
		probs.add(e.file, e.at(field), format, args...)
	}
	require := func(field string) {
		if !e.pos.has(field) {
			errorf(field, "missing field %q", field)
		}
	}
	require("title")
	require("date")

	if !validName(e.Slug) {
		errorf("", "file name %q does not give a usable slug: use lowercase letters, digits and hyphens, like %s.md", e.File, Slugify(e.Slug))
	}
	if e.pos.has("id") && e.ID != "" && !validName(e.ID) {
		errorf("id", "id %q must be lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, without \"..\"", e.ID)
	}
	if e.ID == "" {
		e.ID = e.Slug
	}

	if e.Kind != "" { // else the kind is not valid, and its own error says so
		s.validateKind(e, known, errorf, require)
	}
	if !e.Resolved.IsZero() && !e.Date.IsZero() && e.Resolved.Before(e.Date) {
		errorf("resolved", "resolved (%s) is before the entry was published (date: %s)", formatTime(e.Resolved), formatTime(e.Date))
	}

	allowed := updateStatuses[e.Kind]
	for i, u := range e.Updates {
		key := fmt.Sprintf("updates[%d]", i)
		if !e.pos.has(key + ".at") {
			errorf(key, "update %d has no \"at\" time", i+1)
		}
		if !e.pos.has(key+".text") || strings.TrimSpace(u.Text) == "" {
			errorf(key, "update %d has no text", i+1)
		}
		switch {
		case e.Kind == "":
		case u.Status == "" && e.Kind == Incident:
			errorf(key, "update %d has no status; one of %s", i+1, joinStatuses(allowed))
		case u.Status != "" && len(allowed) == 0:
			errorf(key+".status", "updates of an %s have no status; remove it", e.Kind)
		case u.Status != "" && !slices.Contains(allowed, u.Status):
			errorf(key+".status", "status %q is not one of %s", u.Status, joinStatuses(allowed))
		}
		if u.At.IsZero() {
			continue
		}
		if !e.Date.IsZero() && u.At.Before(e.Date) {
			errorf(key+".at", "update %d (%s) is before the entry was published (date: %s)", i+1, formatTime(u.At), formatTime(e.Date))
		}
		if i > 0 && !e.Updates[i-1].At.IsZero() && u.At.Before(e.Updates[i-1].At) {
			errorf(key+".at", "update %d (%s) is older than update %d (%s); list updates oldest first, newest last", i+1, formatTime(u.At), i, formatTime(e.Updates[i-1].At))
		}
	}

	for i, l := range e.Links {
		key := fmt.Sprintf("links[%d]", i)
		if l.URL == "" {
			if !e.pos.has(key + ".url") {
				errorf(key, "link %d has no url", i+1)
			}
			continue
		}
		if u, err := url.Parse(l.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errorf(key+".url", "link %q must be an absolute http:// or https:// URL", l.URL)
		}
	}
}

// validateKind checks what depends on the kind of the entry.
func (s *Site) validateKind(e *Entry, known []string, errorf func(string, string, ...any), require func(string)) {
	// Fields that belong to one kind only: a stray one is most likely the
	// wrong kind, and silently ignoring it would hide that.
	for _, f := range []struct {
		name string
		kind Kind
	}{{"severity", Incident}, {"status", Incident}, {"starts", Maintenance}, {"ends", Maintenance}} {
		if e.pos.has(f.name) && e.Kind != f.kind {
			errorf(f.name, "%s applies to %ss only, and this entry is %s (kind: %s)", f.name, f.kind, article(e.Kind), e.Kind)
		}
	}

	s.validateReleases(e, known, errorf)

	switch e.Kind {
	case Incident:
		s.validateIncident(e, errorf)
	case Maintenance:
		require("starts")
		require("ends")
		if !e.Starts.IsZero() && !e.Ends.IsZero() && !e.Ends.After(e.Starts) {
			errorf("ends", "ends (%s) must be after starts (%s)", formatTime(e.Ends), formatTime(e.Starts))
		}
	}

	if e.Kind != Incident {
		if e.pos.has("resolved") {
			errorf("resolved", "resolved applies to incidents only; a %s ends by its updates or its window", e.Kind)
		}
	}
}

// validateReleases checks the releases an entry names and its downgrade
// commands, and resolves "all".
func (s *Site) validateReleases(e *Entry, known []string, errorf func(string, string, ...any)) {
	if len(known) == 0 {
		return // site.yaml names no releases; its own error says so
	}
	given := e.pos.has("releases")
	if !given && e.Kind == Incident {
		errorf("releases", "missing field \"releases\": name the affected releases (%s) or all", strings.Join(known, ", "))
	}
	var ids []string
	all := !given // a site-wide announcement or maintenance concerns every release
	for i, id := range e.Releases {
		key := fmt.Sprintf("releases[%d]", i)
		switch {
		case id == "all":
			all = true
		case s.releases[id] == nil && s.misnamed[strings.ToLower(id)]:
		case s.releases[id] == nil:
			errorf(key, "unknown release %q; %s", id, suggestRelease(id, known))
		case slices.Contains(ids, id):
			errorf(key, "release %q listed twice", id)
		default:
			ids = append(ids, id)
			if e.releaseAt == nil {
				e.releaseAt = map[string]Pos{}
			}
			e.releaseAt[id] = e.at(key)
		}
	}
	if all && len(ids) > 0 {
		errorf("releases", "releases names all and %s too; all already covers every release", strings.Join(ids, ", "))
	}
	if given && len(e.Releases) == 0 {
		errorf("releases", "releases is empty: name the affected releases (%s) or all", strings.Join(known, ", "))
	}
	e.AllReleases = all
	e.Releases = e.Releases[:0]
	for _, r := range s.Releases {
		if (all && r.State != EOL) || slices.Contains(ids, r.ID) {
			e.Releases = append(e.Releases, r.ID)
		}
	}
	for _, d := range e.Downgrade {
		switch {
		case d.Release == "", s.releases[d.Release] == nil && s.misnamed[strings.ToLower(d.Release)]:
		case s.releases[d.Release] == nil:
			errorf("downgrade."+d.Release, "downgrade for unknown release %q; %s", d.Release, suggestRelease(d.Release, known))
		case !e.Affects(d.Release):
			errorf("downgrade."+d.Release, "downgrade for %s, but the entry does not affect %s (releases: %s)", d.Release, d.Release, strings.Join(e.Releases, ", "))
		}
	}
}

// SuggestRelease returns the hint for a release id that site.yaml does not
// name, as check gives it: the closest known id if the id looks like a
// typo of it, and the ids an entry may name.
func (s *Site) SuggestRelease(id string) string {
	known := make([]string, len(s.Releases))
	for i, r := range s.Releases {
		known[i] = r.ID
	}
	return suggestRelease(id, known)
}

func suggestRelease(id string, known []string) string {
	hint := "known: " + strings.Join(known, ", ") + ", all"
	if s := suggest(id, known, ""); strings.HasPrefix(s, "did you mean") {
		return s + " " + hint
	}
	return hint
}

// validateIncident checks what an incident must say and settles its status
// from the status field, the resolved time and the timeline.
func (s *Site) validateIncident(e *Entry, errorf func(string, string, ...any)) {
	if !e.pos.has("severity") {
		errorf("severity", "missing field \"severity\": minor, major or critical")
	}
	var latest Status
	if n := len(e.Updates); n > 0 && slices.Contains(updateStatuses[Incident], e.Updates[n-1].Status) {
		latest = e.Updates[n-1].Status // a status that is not valid has its own error
	}
	written := e.pos.has("status")
	switch {
	case written && !e.Resolved.IsZero() && e.Status != Resolved:
		errorf("status", "status is %q, but resolved is set; make it resolved, or remove resolved", e.Status)
	case written && latest != "" && latest != e.Status:
		errorf("status", "status is %q, but the latest update says %q; make them agree", e.Status, latest)
	case written:
	case !e.Resolved.IsZero():
		e.Status = Resolved
	case latest != "":
		e.Status = latest
	default:
		errorf("status", "missing field \"status\": investigating, identified, monitoring or resolved")
	}
	if e.ETAUnknown || e.ETA.IsZero() || e.Date.IsZero() {
		return
	}
	if e.ETA.Before(e.Date) {
		errorf("eta", "eta (%s) is before the entry was published (date: %s)", formatTime(e.ETA), formatTime(e.Date))
	}
}

// updateStatuses are the statuses an update may carry, by kind.
var updateStatuses = map[Kind][]Status{
	Incident:    {Investigating, Identified, Monitoring, Resolved},
	Maintenance: {Scheduled, InProgress, Verifying, Completed},
}

func joinStatuses(ss []Status) string {
	var b strings.Builder
	for i, s := range ss {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(s))
	}
	return b.String()
}

func article(k Kind) string {
	if strings.ContainsRune("aeiou", rune(k[0])) {
		return "an " + string(k)
	}
	return "a " + string(k)
}

// staleAfter is how long an unresolved incident may go without news
// before check asks whether it is still going on: a forgotten incident
// keeps a release's banner red.
const staleAfter = 30 * 24 * time.Hour

// Warnings returns what is allowed but probably wrong, given the time now:
// problems that should not stop a publish under pressure, but that
// `bulletin check -strict` turns into failures. It needs a validated
// site, though it tells what it can of one that is not.
func (s *Site) Warnings(now time.Time) error {
	var probs problems
	for _, e := range s.Entries {
		s.warn(e, now, &probs)
	}
	return probs.join()
}

// EntryWarnings returns the warnings about one entry of the site: those
// Warnings gives for it.
func (s *Site) EntryWarnings(e *Entry, now time.Time) error {
	var probs problems
	s.warn(e, now, &probs)
	return probs.join()
}

// warn adds the warnings about one entry.
func (s *Site) warn(e *Entry, now time.Time, probs *problems) {
	if e.Active() {
		if e.Overdue(now) {
			probs.add(e.file, e.at("eta"), "the eta (%s) has passed and the incident is not resolved; give a new eta, or unknown", formatTime(e.ETA))
		}
		if (e.Severity == Major || e.Severity == Critical) && strings.TrimSpace(e.Workaround) == "" {
			probs.add(e.file, e.at("severity"), "a %s incident without a workaround: tell users what to do until the fix lands", e.Severity)
		}
		for _, id := range e.Releases {
			if r := s.releases[id]; r != nil && r.State == EOL {
				probs.add(e.file, e.releaseAt[id], "release %s is eol: the incident does not count in the overall status", id)
			}
		}
		if u := e.Updated(); !u.IsZero() && now.Sub(u) > staleAfter && !e.ETA.After(now) {
			probs.add(e.file, e.at("status"), "no news for %d days and not resolved: add an update, or resolve it", int(now.Sub(u)/(24*time.Hour)))
		}
	}
	if e.Kind == Incident && e.Status == Resolved {
		// Point at the field that made it resolved.
		at := e.at("status")
		if e.pos.has("resolved") {
			at = e.at("resolved")
		}
		if e.FixedIn == "" {
			probs.add(e.file, at, "a resolved incident without fixed_in: name the update that fixed it")
		}
		if e.Resolved.IsZero() && !resolvedByUpdate(e) {
			probs.add(e.file, at, "resolved, but not when: add resolved: with the time, or an update with status resolved")
		}
	}
	if e.Date.After(now) {
		probs.add(e.file, e.at("date"), "date %s is in the future; the entry is published now all the same", formatTime(e.Date))
	}
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
