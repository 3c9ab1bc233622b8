package content

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bulletin-status/bulletin/generator/internal/markdown"

	yaml "go.yaml.in/yaml/v4"
)

// entryFields are the front matter fields of an entry, as SPEC.md lists them.
var entryFields = []string{
	"title", "date", "kind", "id", "releases", "services", "severity", "status", "packages",
	"workaround", "downgrade", "eta", "fixed_in", "resolved", "updates", "links",
	"starts", "ends", "effective", "action_required", "review",
}

// parsed is what one entry file gave: the entry (nil if the file is too
// broken to parse), where its fields are written, the files its Markdown
// links, and its problems.
type parsed struct {
	entry *Entry
	pos   positions
	refs  []fileRef
	probs problems
}

// fileRef is a file an entry's Markdown links by a relative path, and
// where the link is.
type fileRef struct {
	name string // as linked: "shot.png"
	at   position
}

// parseEntry parses one entry file. name is its path inside the content
// folder, display how the user knows it. Defaults are left to resolve.
func parseEntry(name, display string, src []byte) parsed {
	var p parsed
	src, ok := normalize(display, src, &p.probs)
	if !ok {
		return p
	}
	doc, body, open, ok := frontMatter(display, src, &p.probs)
	if !ok {
		return p
	}
	e := &Entry{
		File: name,
		Slug: SlugOf(name),
		Kind: Incident,
		// A copy: body points into frontmatter's buffer of the whole file,
		// with room to spare, which would otherwise stay alive with it.
		Body: bytes.Clone(body),
	}
	p.pos = positions{list: make([]keyPos, 0, 24)} // about what an entry with updates and links has
	p.pos.set("", position{open, 1})
	p.pos.set("body", position{bytes.Count(src[:len(src)-len(body)], []byte("\n")) + 1, 1})
	d := &decoder{file: display, offset: open, probs: &p.probs}
	if isNull(doc) {
		// "---\n---": no fields at all; the check names the missing ones.
		p.entry = e
		return p
	}
	if resolve(doc).Kind != yaml.MappingNode {
		d.errorf(doc, "the front matter must be a mapping of fields (key: value), not %s", describeTop(resolve(doc)))
		return p
	}
	ed := &entryDecoder{decoder: d, e: e, at: &p.pos}
	for _, f := range d.fields(doc, "the front matter", entryFields) {
		p.pos.set(f.name, d.pos(resolve(f.value)))
		ed.field(f)
	}
	p.pos.seal()
	p.entry = e
	p.refs = fileRefs(e, src, body, p.pos)
	return p
}

// fileRefs finds the files the entry's Markdown links by a relative path:
// in the body, at the line and column of each link; in the workaround and
// the updates, at their field.
func fileRefs(e *Entry, src, body []byte, pos positions) []fileRef {
	var refs []fileRef
	if n := len(src) - len(body); n >= 0 {
		first := bytes.Count(src[:n], []byte("\n")) + 1
		for _, r := range markdown.FileRefs(e.Body) {
			before := e.Body[:r.Offset]
			line := first + bytes.Count(before, []byte("\n"))
			col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
			refs = append(refs, fileRef{r.Name, position{line, col}})
		}
	}
	field := func(key, md string) {
		for _, r := range markdown.FileRefs([]byte(md)) {
			refs = append(refs, fileRef{r.Name, pos.at(key)})
		}
	}
	field("workaround", e.InitialWorkaround)
	for i, u := range e.Updates {
		field(itemKey("updates", i)+".text", u.Text)
		field(itemKey("updates", i)+".workaround", u.Workaround)
	}
	if e.Review != nil {
		field("review.cause", e.Review.Cause)
		field("review.lessons", e.Review.Lessons)
	}
	return refs
}

// entryDecoder decodes the fields of one entry, recording where each is.
type entryDecoder struct {
	*decoder
	e  *Entry
	at *positions // where each field of the entry is
}

// field decodes one front matter field into the entry.
func (d *entryDecoder) field(f field) {
	e, pos := d.e, d.at
	if isNull(f.value) {
		// "eta:" with nothing after it: as if the field were absent,
		// which the check reports where the field is required.
		pos.remove(f.name)
		return
	}
	switch f.name {
	case "title":
		e.Title, _ = d.line(f)
	case "id":
		e.ID, _ = d.line(f)
	case "date":
		e.Date, _ = d.time(f)
	case "kind":
		s, _ := d.oneOf(f, string(Incident), string(Announcement), string(Maintenance))
		e.Kind = Kind(s) // "" when not valid: the check then skips what depends on the kind
	case "releases":
		for i, n := range d.items(f) {
			if id, ok := d.str(field{name: "a release", value: n}); ok {
				id = strings.TrimSpace(id)
				e.Releases = append(e.Releases, id)
				at := d.pos(resolve(n))
				pos.set(itemKey("releases", i), at)
				if !pos.has(releaseKey(id)) {
					pos.set(releaseKey(id), at)
				}
			}
		}
	case "services":
		for i, n := range d.items(f) {
			if id, ok := d.str(field{name: "a service", value: n}); ok {
				id = strings.TrimSpace(id)
				e.Services = append(e.Services, id)
				at := d.pos(resolve(n))
				pos.set(itemKey("services", i), at)
			}
		}
	case "effective":
		e.Effective, _ = d.time(f)
	case "severity":
		if s, ok := d.oneOf(f, string(Minor), string(Major), string(Critical)); ok {
			e.Severity = Severity(s)
		}
	case "status":
		if s, ok := d.oneOf(f, string(Investigating), string(Identified), string(Monitoring), string(Resolved)); ok {
			e.Status = Status(s)
		}
	case "packages":
		for _, n := range d.items(f) {
			if p, ok := d.line(field{name: "a package", value: n}); ok {
				e.Packages = append(e.Packages, p)
			}
		}
	case "workaround":
		e.InitialWorkaround, _ = d.str(f)
	case "fixed_in":
		d.fixedIn(f)
	case "downgrade":
		d.downgrade(f)
	case "eta":
		if s, ok := d.str(f); ok && strings.EqualFold(strings.TrimSpace(s), "unknown") {
			e.ETAUnknown = true
		} else if ok {
			e.ETA, _ = d.time(f)
			e.ETADay = isDate(s)
		}
	case "resolved":
		e.Resolved, _ = d.time(f)
	case "starts":
		e.Starts, _ = d.time(f)
	case "ends":
		e.Ends, _ = d.time(f)
	case "action_required":
		e.ActionRequired, _ = d.bool(f)
	case "updates":
		d.updates(f)
	case "links":
		d.links(f)
	case "review":
		d.review(f)
	}
}

// downgrade reads one command for every release, or a map of release id
// to command.
func (d *entryDecoder) downgrade(f field) {
	d.perRelease(f, "a command", "command", d.command, func(release, cmd string) {
		d.e.Downgrade = append(d.e.Downgrade, Downgrade{Release: release, Command: cmd})
	})
}

// fixedIn reads the update that fixes the entry on every release, or a
// map of release id to update.
func (d *entryDecoder) fixedIn(f field) {
	d.perRelease(f, "an update (a Bodhi update id, a NEVR)", "update", d.line, func(release, update string) {
		d.e.FixedIn = append(d.e.FixedIn, Fix{Release: release, Update: update})
	})
}

// perRelease reads a field that gives one value for every release ("" as
// the release), or a map of release id to value. what is a value for
// messages ("a command"), noun what it is in a map ("command"), read how a
// value is read. The position of each release's value is kept under the
// field's key and the release id: "fixed_in.f43".
func (d *entryDecoder) perRelease(f field, what, noun string, read func(field) (string, bool), add func(release, value string)) {
	d.perReleaseAt(f.name, f, what, noun, read, add)
}

// perReleaseAt is perRelease for a field whose position key is not its
// name: "review.caused_by".
func (d *entryDecoder) perReleaseAt(key string, f field, what, noun string, read func(field) (string, bool), add func(release, value string)) {
	n := resolve(f.value)
	if n.Kind == yaml.ScalarNode {
		if v, ok := read(f); ok {
			add("", v)
		}
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be %s, or a map of release id to %s, not %s", f.name, what, noun, describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if seen[k.Value] {
			d.errorf(k, "%s for %q given twice; keep one", f.name, k.Value)
			continue
		}
		seen[k.Value] = true
		if value, ok := read(field{name: "the " + f.name + " " + noun + " for " + k.Value, value: v}); ok {
			add(k.Value, value)
			d.at.set(key+"."+k.Value, d.pos(k))
		}
	}
}

// command returns a shell command: text, trimmed, not blank.
func (d *entryDecoder) command(f field) (string, bool) {
	s, ok := d.str(f)
	if !ok {
		return "", false
	}
	s = strings.TrimSpace(s)
	if blank(s) {
		d.errorf(f.value, "%s is empty", f.name)
		return "", false
	}
	return s, true
}

var updateFields = []string{"at", "status", "text", "workaround"}

// updates reads the timeline.
func (d *entryDecoder) updates(f field) {
	e, pos := d.e, d.at
	n := resolve(f.value)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "updates must be a list of {at, status, text}, not %s", describe(n))
		return
	}
	items := n.Content
	if len(items) > MaxUpdates {
		// The first ones still count, so that the status they give
		// raises no problem of its own.
		d.errorf(n, "%d updates, more than the %d an entry may have: start a new entry, and link to it from this one", len(items), MaxUpdates)
		items = items[:MaxUpdates]
	}
	for i, item := range items {
		var u Update
		key := itemKey("updates", i)
		pos.set(key, d.pos(resolve(item)))
		for _, uf := range d.fields(item, fmt.Sprintf("update %d", i+1), updateFields) {
			pos.set(key+"."+uf.name, d.pos(resolve(uf.value)))
			switch uf.name {
			case "at":
				u.At, _ = d.time(uf)
			case "status":
				if s, ok := d.line(uf); ok {
					u.Status = Status(s)
				}
			case "text":
				u.Text, _ = d.str(uf)
			case "workaround":
				u.Workaround, _ = d.str(uf)
			}
		}
		e.Updates = append(e.Updates, u)
	}
}

var linkFields = []string{"title", "url"}

// links reads the list of links; a bare URL is a link titled by itself.
func (d *entryDecoder) links(f field) {
	e, pos := d.e, d.at
	for i, item := range d.items(f) {
		key := itemKey("links", i)
		item = resolve(item)
		pos.set(key, d.pos(item))
		var l Link
		if item.Kind == yaml.ScalarNode {
			l.URL, _ = d.line(field{name: "a link", value: item})
			pos.set(key+".url", d.pos(item))
		} else {
			for _, lf := range d.fields(item, fmt.Sprintf("link %d", i+1), linkFields) {
				pos.set(key+"."+lf.name, d.pos(resolve(lf.value)))
				switch lf.name {
				case "title":
					l.Title, _ = d.line(lf)
				case "url":
					l.URL, _ = d.line(lf)
				}
			}
		}
		if u, err := webURL(l.URL); err == nil {
			l.URL = u // else check says what is wrong with it
		}
		e.Links = append(e.Links, l)
	}
}

var (
	reviewFields   = []string{"published", "cause", "lessons", "caused_by", "follow_ups"}
	followUpFields = []string{"title", "url", "done"}
)

// review reads the post-incident review. What it must hold, and whether
// the incident may have one, is the check's to say.
func (d *entryDecoder) review(f field) {
	pos := d.at
	if resolve(f.value).Kind != yaml.MappingNode {
		d.fields(f.value, "the review", reviewFields) // tells what a review is
		return
	}
	rv := &Review{}
	for _, rf := range d.fields(f.value, "the review", reviewFields) {
		key := "review." + rf.name
		pos.set(key, d.pos(resolve(rf.value)))
		if isNull(rf.value) {
			pos.remove(key) // as if absent, as for the entry's own fields
			continue
		}
		switch rf.name {
		case "published":
			rv.Published, _ = d.time(rf)
		case "cause":
			rv.Cause, _ = d.str(rf)
		case "lessons":
			rv.Lessons, _ = d.str(rf)
		case "caused_by":
			d.perReleaseAt(key, rf, "an update (a Bodhi update id, a NEVR)", "update", d.line, func(release, update string) {
				rv.CausedBy = append(rv.CausedBy, Cause{Release: release, Update: update})
			})
		case "follow_ups":
			rv.FollowUps = d.followUps(rf)
		}
	}
	d.e.Review = rv
}

// followUps reads the work a review agreed on: each names it, and links
// where it is tracked, if anywhere, on the web.
func (d *entryDecoder) followUps(f field) []FollowUp {
	var out []FollowUp
	for i, item := range d.items(f) {
		what := fmt.Sprintf("follow-up %d", i+1)
		if resolve(item).Kind != yaml.MappingNode {
			d.fields(item, what, followUpFields) // tells what a follow-up is
			continue
		}
		var fu FollowUp
		titled := false
		for _, ff := range d.fields(item, what, followUpFields) {
			switch ff.name {
			case "title":
				fu.Title, _ = d.line(ff)
				titled = true
			case "url":
				fu.URL = d.url(ff, what+"'s url", "https://bugzilla.redhat.com/show_bug.cgi?id=2412345")
			case "done":
				fu.Done, _ = d.bool(ff)
			}
		}
		if !titled {
			d.errorf(resolve(item), "%s has no title: name the work", what)
		}
		out = append(out, fu)
	}
	return out
}
