package content

import (
	"bytes"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bulletin-status/bulletin/generator/internal/markdown"
)

// This file checks what the site and its entries say against each other
// and against the rules of SPEC.md. Checking only reports: what follows
// from the fields (defaults, "all", the current status) is filled in by
// resolve, afterwards.

// checker checks the entries of one site. What it finds about an entry
// follows from the entry and site.yaml alone: an entry whose file and
// site.yaml stay as they were need not be checked again (see Loader).
type checker struct {
	site  *Site
	src   *Source
	known []string // the release ids, in site.yaml order
}

func newChecker(s *Site, src *Source) *checker {
	known := make([]string, len(s.Releases))
	for i, r := range s.Releases {
		known[i] = r.ID
	}
	return &checker{site: s, src: src, known: known}
}

// entryCheck is the check of one entry: where it reports, what it reads.
type entryCheck struct {
	*checker
	e     *Entry
	pos   positions
	file  string
	probs *problems
}

func (c *entryCheck) errorf(field, format string, args ...any) {
	c.probs.add(c.file, c.pos.at(field), format, args...)
}

func (c *entryCheck) require(field string) {
	if !c.pos.has(field) {
		c.errorf(field, "missing field %q", field)
	}
}

// entry checks one entry, adding what it finds to probs.
func (c *checker) entry(e *Entry, pos positions, probs *problems) {
	ec := &entryCheck{checker: c, e: e, pos: pos, file: c.src.File(e), probs: probs}
	ec.require("title")
	ec.require("date")

	if !validName(e.Slug) {
		ec.errorf("", "file name %q does not give a usable slug: use lowercase letters, digits and hyphens, like %s.md", e.File, Slugify(e.Slug))
	}
	if pos.has("id") && e.ID != "" && !validName(e.ID) {
		ec.errorf("id", "id %q must be lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, without \"..\"", e.ID)
	}
	if e.Kind != "" { // else the kind is not valid, and its own error says so
		ec.kind()
	}
	if !e.Resolved.IsZero() && !e.Date.IsZero() && e.Resolved.Before(e.Date) {
		ec.errorf("resolved", "resolved (%s) is before the entry was published (date: %s)", FormatTime(e.Resolved), FormatTime(e.Date))
	}
	ec.updates()
	ec.links()
	ec.markdown()
}

// markdown checks the entry's Markdown against the limits of what
// converts in good time. A problem in the body is told at its line; one
// in a field, at the field.
func (c *entryCheck) markdown() {
	e := c.e
	body := c.pos.at("body")
	for _, p := range markdown.Check(e.Body) {
		before := e.Body[:p.Offset]
		start := bytes.LastIndexByte(before, '\n') + 1
		at := position{body.Line + bytes.Count(before, []byte("\n")), utf8.RuneCount(before[start:]) + 1}
		c.probs.add(c.file, at, "%s", p.Message)
	}
	if e.Workaround != "" {
		for _, p := range markdown.Check(e.Workaround) {
			c.errorf("workaround", "workaround: %s", onOneLine(p.Message))
		}
	}
	for i, u := range e.Updates {
		for _, p := range markdown.Check(u.Text) {
			c.errorf(itemKey("updates", i)+".text", "update %d: %s", i+1, onOneLine(p.Message))
		}
	}
}

// onOneLine words a problem of Markdown text for a field, where it cannot
// point at the line.
func onOneLine(msg string) string { return strings.Replace(msg, "on this line", "on one line", 1) }

// updates checks the timeline.
func (c *entryCheck) updates() {
	e := c.e
	allowed := updateStatuses[e.Kind]
	for i, u := range e.Updates {
		key := itemKey("updates", i)
		if !c.pos.has(key + ".at") {
			c.errorf(key, "update %d has no \"at\" time", i+1)
		}
		if !c.pos.has(key+".text") || blank(u.Text) {
			c.errorf(key, "update %d has no text", i+1)
		}
		switch {
		case e.Kind == "":
		case u.Status == "" && e.Kind == Incident:
			c.errorf(key, "update %d has no status; one of %s", i+1, joinStatuses(allowed))
		case u.Status != "" && len(allowed) == 0:
			c.errorf(key+".status", "updates of an %s have no status; remove it", e.Kind)
		case u.Status != "" && !slices.Contains(allowed, u.Status):
			c.errorf(key+".status", "status %q is not one of %s", u.Status, joinStatuses(allowed))
		}
		if u.At.IsZero() {
			continue
		}
		if !e.Date.IsZero() && u.At.Before(e.Date) {
			c.errorf(key+".at", "update %d (%s) is before the entry was published (date: %s)", i+1, FormatTime(u.At), FormatTime(e.Date))
		}
		if i > 0 && !e.Updates[i-1].At.IsZero() && u.At.Before(e.Updates[i-1].At) {
			c.errorf(key+".at", "update %d (%s) is older than update %d (%s); list updates oldest first, newest last", i+1, FormatTime(u.At), i, FormatTime(e.Updates[i-1].At))
		}
	}
}

// links checks that every link goes to a web page.
func (c *entryCheck) links() {
	for i, l := range c.e.Links {
		key := itemKey("links", i)
		if l.URL == "" {
			if !c.pos.has(key + ".url") {
				c.errorf(key, "link %d has no url", i+1)
			}
			continue
		}
		if _, err := webURL(l.URL); err != nil {
			c.errorf(key+".url", "%v", err)
		}
	}
}

// kind checks what depends on the kind of the entry.
func (c *entryCheck) kind() {
	e := c.e
	// Fields that belong to one kind only: a stray one is most likely the
	// wrong kind, and silently ignoring it would hide that.
	for _, f := range []struct {
		name string
		kind Kind
	}{{"severity", Incident}, {"status", Incident}, {"starts", Maintenance}, {"ends", Maintenance}} {
		if c.pos.has(f.name) && e.Kind != f.kind {
			c.errorf(f.name, "%s applies to %ss only, and this entry is %s (kind: %s)", f.name, f.kind, e.Kind.Noun(), e.Kind)
		}
	}

	c.releases()

	switch e.Kind {
	case Incident:
		c.incident()
	case Maintenance:
		c.require("starts")
		c.require("ends")
		if !e.Starts.IsZero() && !e.Ends.IsZero() && !e.Ends.After(e.Starts) {
			c.errorf("ends", "ends (%s) must be after starts (%s)", FormatTime(e.Ends), FormatTime(e.Starts))
		}
	}

	if e.Kind != Incident && c.pos.has("resolved") {
		c.errorf("resolved", "resolved applies to incidents only; a %s ends by its updates or its window", e.Kind)
	}
}

// releases checks the releases an entry names and its downgrade commands.
func (c *entryCheck) releases() {
	e := c.e
	if len(c.known) == 0 {
		return // site.yaml names no releases; its own error says so
	}
	given := c.pos.has("releases")
	if !given && e.Kind == Incident {
		c.errorf("releases", "missing field \"releases\": name the affected releases (%s) or all", strings.Join(c.known, ", "))
	}
	var named []string
	for i, id := range e.Releases {
		key := itemKey("releases", i)
		switch {
		case id == "all":
		case c.site.releases[id] == nil && c.src.misnamed[strings.ToLower(id)]:
		case c.site.releases[id] == nil:
			c.errorf(key, "unknown release %q; %s", id, suggestRelease(id, c.known))
		case slices.Contains(named, id):
			c.errorf(key, "release %q listed twice", id)
		default:
			named = append(named, id)
		}
	}
	affected, all := c.site.affected(e, given)
	if all && len(named) > 0 {
		c.errorf("releases", "releases names all and %s too; all already covers every release", strings.Join(named, ", "))
	}
	if given && len(e.Releases) == 0 {
		c.errorf("releases", "releases is empty: name the affected releases (%s) or all", strings.Join(c.known, ", "))
	}
	for _, d := range e.Downgrade {
		switch {
		case d.Release == "", c.site.releases[d.Release] == nil && c.src.misnamed[strings.ToLower(d.Release)]:
		case c.site.releases[d.Release] == nil:
			c.errorf("downgrade."+d.Release, "downgrade for unknown release %q; %s", d.Release, suggestRelease(d.Release, c.known))
		case !slices.Contains(affected, d.Release):
			c.errorf("downgrade."+d.Release, "downgrade for %s, but the entry does not affect %s (releases: %s)", d.Release, d.Release, strings.Join(affected, ", "))
		}
	}
}

// incident checks what an incident must say, and that its status fields
// agree.
func (c *entryCheck) incident() {
	e := c.e
	if !c.pos.has("severity") {
		c.errorf("severity", "missing field \"severity\": minor, major or critical")
	}
	latest := latestStatus(e)
	written := c.pos.has("status")
	switch {
	case written && !e.Resolved.IsZero() && e.Status != Resolved:
		c.errorf("status", "status is %q, but resolved is set; make it resolved, or remove resolved", e.Status)
	case written && latest != "" && latest != e.Status:
		c.errorf("status", "status is %q, but the latest update says %q; make them agree", e.Status, latest)
	case written, !e.Resolved.IsZero(), latest != "":
	default:
		c.errorf("status", "missing field \"status\": investigating, identified, monitoring or resolved")
	}
	if e.ETAUnknown || e.ETA.IsZero() || e.Date.IsZero() {
		return
	}
	if e.ETA.Before(e.Date) {
		c.errorf("eta", "eta (%s) is before the entry was published (date: %s)", FormatTime(e.ETA), FormatTime(e.Date))
	}
}

// sameNames reports entries that share a slug or an id, telling the one
// that came later to change.
func (c *checker) sameNames(entries []*Entry, probs *problems) {
	slugs := make(map[string]*Entry, len(entries))
	ids := make(map[string]*Entry, len(entries))
	// Entries are sorted newest first; walk them oldest first so that the
	// entry that came later is the one told to change.
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		pos := c.src.entries[e]
		if prev, ok := slugs[e.Slug]; ok {
			probs.add(c.src.File(e), pos.at(""), "slug %q is also the slug of %s; rename one of the files", e.Slug, QuoteName(c.src.File(prev)))
		} else {
			slugs[e.Slug] = e
		}
		if e.ID == "" {
			continue
		}
		if prev, ok := ids[e.ID]; ok {
			probs.add(c.src.File(e), pos.at("id"), "id %q is also the id of %s; ids are permanent, so give this entry a new one", e.ID, QuoteName(c.src.File(prev)))
		} else {
			ids[e.ID] = e
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
