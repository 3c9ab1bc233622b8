package content

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
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
	ec.updateWorkarounds()
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
	field := func(key, what, md string) {
		for _, p := range markdown.Check(md) {
			c.errorf(key, "%s: %s", what, onOneLine(p.Message))
		}
	}
	field("workaround", "workaround", e.InitialWorkaround)
	for i, u := range e.Updates {
		field(itemKey("updates", i)+".text", fmt.Sprintf("update %d", i+1), u.Text)
		field(itemKey("updates", i)+".workaround", fmt.Sprintf("the workaround of update %d", i+1), u.Workaround)
	}
	if rv := e.Review; rv != nil {
		field("review.cause", "review cause", rv.Cause)
		field("review.lessons", "review lessons", rv.Lessons)
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
		if i > 0 && u.At.Equal(e.Updates[i-1].At) {
			c.errorf(key+".at", "update %d has the time of update %d (%s); two updates never share a time: readers know each by it", i+1, i, FormatTime(u.At))
		}
	}
}

// updateWorkarounds checks the workarounds the timeline gives: each says
// something, and the first report gives its workaround once.
func (c *entryCheck) updateWorkarounds() {
	e := c.e
	for i, u := range e.Updates {
		key := itemKey("updates", i) + ".workaround"
		if !c.pos.has(key) {
			continue
		}
		if strings.TrimSpace(u.Workaround) == "" {
			c.errorf(key, "the workaround of update %d is empty: say what to do, or leave it out", i+1)
			continue
		}
		if u.At.Equal(e.Date) && !e.Date.IsZero() && c.pos.has("workaround") {
			c.errorf(key, "update %d is the first report (its time is the entry's date) and gives a workaround, and so does the workaround field; keep one", i+1)
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
			c.errorf(key+".url", "link %q %v", redacted(l.URL), err)
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
	}{{"severity", Incident}, {"status", Incident}, {"starts", Maintenance}, {"ends", Maintenance}, {"effective", Announcement}, {"review", Incident}} {
		if c.pos.has(f.name) && e.Kind != f.kind {
			c.errorf(f.name, "%s applies to %ss only, and this entry is %s (kind: %s)", f.name, f.kind, e.Kind.Noun(), e.Kind)
		}
	}

	c.releases()
	c.services()

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
	if !given && !c.pos.has("services") && e.Kind == Incident {
		if len(c.site.Services) > 0 {
			c.errorf("releases", "missing field \"releases\": name the affected releases (%s) or all, or the affected services under services", strings.Join(c.known, ", "))
		} else {
			c.errorf("releases", "missing field \"releases\": name the affected releases (%s) or all", strings.Join(c.known, ", "))
		}
	}
	var named []string
	for i, id := range e.Releases {
		key := itemKey("releases", i)
		switch {
		case id == "all":
		case c.site.releases[id] == nil && c.src.misnamed[strings.ToLower(id)]:
		case c.site.services[id] != nil:
			c.errorf(key, "%s is a service, not a release: list it under services", id)
		case c.site.releases[id] == nil:
			c.errorf(key, "unknown release %q; %s", id, suggestRelease(id, c.known))
		case slices.Contains(named, id):
			c.errorf(key, "release %q listed twice", id)
		default:
			named = append(named, id)
		}
	}
	affected, all := affected(c.site, e, given, c.pos.has("services"))
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

// services checks the services an entry names.
func (c *entryCheck) services() {
	e := c.e
	if c.pos.has("services") && len(e.Services) == 0 {
		c.errorf("services", "services is empty: name the affected services, or leave the field out")
	}
	var ids []string
	for _, sv := range c.site.Services {
		ids = append(ids, sv.ID)
	}
	var named []string
	for i, id := range e.Services {
		key := itemKey("services", i)
		switch {
		case c.site.services[id] == nil && c.src.misnamed[strings.ToLower(id)]:
		case c.site.releases[id] != nil:
			c.errorf(key, "%s is a release, not a service: list it under releases", id)
		case id == "all":
			c.errorf(key, `services names all, which only releases have: name the services`)
		case c.site.services[id] == nil && len(ids) == 0:
			c.errorf(key, "unknown service %q: site.yaml lists no services", id)
		case c.site.services[id] == nil:
			c.errorf(key, "unknown service %q; %s", id, suggest(id, ids, "known services"))
		case slices.Contains(named, id):
			c.errorf(key, "service %q listed twice", id)
		default:
			named = append(named, id)
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
	written := c.pos.has("status")
	if !written && e.Resolved.IsZero() && latestStatus(e) == "" {
		c.errorf("status", "missing field \"status\": investigating, identified, monitoring or resolved")
	}
	for i, u := range e.Updates {
		// An update at the entry's own time is its first report, which
		// the status field also tells.
		if written && e.Status != "" && u.At.Equal(e.Date) && u.Status != "" && u.Status != e.Status {
			c.errorf(itemKey("updates", i)+".status", "update %d is the first report (its time is the entry's date), and says %q where status says %q; make them agree", i+1, u.Status, e.Status)
		}
	}
	c.fixedIn()
	c.review()
	c.endOfLife()
	if e.ETAUnknown || e.ETA.IsZero() || e.Date.IsZero() {
		return
	}
	if e.ETA.Before(e.Date) {
		c.errorf("eta", "eta (%s) is before the entry was published (date: %s)", FormatTime(e.ETA), FormatTime(e.Date))
	}
}

// fixedIn checks the updates that fix the incident: each one update, for
// a release the incident affects, and safe to put in a command that users
// copy.
func (c *entryCheck) fixedIn() {
	for _, f := range c.e.FixedIn {
		c.updateFor("fixed_in", "fixed_in", f.Release, f.Update, "mesa-25.2.7-3.fc43")
	}
}

// updateFor checks one update that a field (name, written at key) gives
// for a release ("" for every release): one word, for a release the
// incident affects. example is a NEVR for the message.
func (c *entryCheck) updateFor(key, name, release, update, example string) {
	if release != "" {
		key += "." + release
	}
	if !updateName(update) {
		c.errorf(key, "%s %q must be one update: a Bodhi update id like FEDORA-2026-1a2b3c4d5e, or a NEVR like %s", name, update, example)
	}
	affected, _ := affected(c.site, c.e, c.pos.has("releases"), c.pos.has("services"))
	switch {
	case release == "", len(c.known) == 0, c.site.releases[release] == nil && c.src.misnamed[strings.ToLower(release)]:
	case c.site.releases[release] == nil:
		c.errorf(key, "%s for unknown release %q; %s", name, release, suggestRelease(release, c.known))
	case !slices.Contains(affected, release):
		c.errorf(key, "%s for %s, but the entry does not affect %s (releases: %s)", name, release, release, strings.Join(affected, ", "))
	}
}

// review checks the post-incident review: it comes after the incident is
// resolved, and says when it was published and what caused the incident.
// (Its follow-ups are checked as they are read.)
func (c *entryCheck) review() {
	e, rv := c.e, c.e.Review
	if rv == nil {
		return
	}
	if c.open() {
		status := e.Status
		if s := latestStatus(e); s != "" {
			status = s
		}
		c.errorf("review", "a review comes once the incident is resolved, and this one is not (status: %s): resolve it first, or leave the review for later", cmp.Or(status, Investigating))
	}
	if !c.pos.has("review.published") {
		c.errorf("review", "the review has no published time: add published: with when it was published")
	} else if !rv.Published.IsZero() {
		resolved := resolvedTime(e)
		switch {
		case !e.Date.IsZero() && rv.Published.Before(e.Date):
			c.errorf("review.published", "the review (published %s) is before the incident was published (date: %s)", FormatTime(rv.Published), FormatTime(e.Date))
		case !resolved.IsZero() && rv.Published.Before(resolved):
			c.errorf("review.published", "the review (published %s) is before the incident was resolved (%s)", FormatTime(rv.Published), FormatTime(resolved))
		}
	}
	if strings.TrimSpace(rv.Cause) == "" {
		at := "review"
		if c.pos.has("review.cause") {
			at = "review.cause"
		}
		c.errorf(at, "the review has no cause: say what went wrong")
	}
	if c.pos.has("review.lessons") && strings.TrimSpace(rv.Lessons) == "" {
		c.errorf("review.lessons", "the review's lessons are empty: say what to do differently, or leave them out")
	}
	for _, cb := range rv.CausedBy {
		c.updateFor("review.caused_by", "caused_by", cb.Release, cb.Update, "mesa-25.2.7-2.fc43")
	}
}

// open reports whether the incident is still open as written: no resolved
// time, no resolving update, and not published as resolved. (Its status
// is resolved only later, by resolve.)
func (c *entryCheck) open() bool {
	e := c.e
	return e.Resolved.IsZero() && latestStatus(e) != Resolved && !(c.pos.has("status") && e.Status == Resolved && latestStatus(e) == "")
}

// updateName reports whether s names one update: a Bodhi id, a NEVR, an
// image version. It goes into commands that users copy, so nothing a shell
// would read as more than one word.
func updateName(s string) bool {
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		case strings.ContainsRune("._-+~^:", r):
		default:
			return false
		}
	}
	return s != ""
}

// endOfLife refuses a new incident on a release that has reached its end
// of life: one published after the end of life, or, where site.yaml does
// not say when that was, one not resolved.
func (c *entryCheck) endOfLife() {
	e := c.e
	open := c.open()
	for i, id := range e.Releases {
		r := c.site.releases[id]
		if r == nil || r.State != EOL {
			continue
		}
		switch {
		case !r.EndOfLife.IsZero() && !e.Date.IsZero() && e.Date.After(r.EndOfLife):
			c.errorf(itemKey("releases", i), "release %s reached its end of life on %s, before this incident: it gets no new incidents", id, r.EndOfLife.Format(time.DateOnly))
		case r.EndOfLife.IsZero() && open:
			c.errorf(itemKey("releases", i), "release %s is eol: it gets no new incidents; remove it, or resolve the incident if it is history", id)
		}
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
