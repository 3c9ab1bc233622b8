package generator

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	yaml "go.yaml.in/yaml/v4"
)

// SiteFile is the name of the site description inside the content folder.
const SiteFile = "site.yaml"

// Defaults for the optional numbers in site.yaml.
const (
	DefaultFeedItems = 50
	DefaultPerPage   = 20
)

// Load reads the content folder: site.yaml and every other *.md file in it
// or below it, each one entry. It only parses; Validate checks what the
// entries say. root is how the folder is named in error messages
// ("content").
//
// Load returns every problem it finds, positioned, in one error. The site
// it returns alongside holds all that could be read, so that Validate can
// report further problems in the same run.
func Load(fsys fs.FS, root string) (*Site, error) {
	var probs problems
	site := loadSite(fsys, root, &probs)
	files, err := entryFiles(fsys)
	if err != nil {
		return site, JoinErrors(err, probs.join())
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	for _, p := range parseFiles(fsys, root, names) {
		if p.entry != nil {
			site.Entries = append(site.Entries, p.entry)
		}
		probs = append(probs, p.probs...)
	}
	sortEntries(site.Entries)
	return site, probs.join()
}

// sortEntries orders entries newest first; the slug breaks ties so that
// the order, and so the output, never depends on the file system.
func sortEntries(entries []*Entry) {
	slices.SortFunc(entries, func(a, b *Entry) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.Slug, b.Slug))
	})
}

// entryFile is an entry file found in the content folder.
type entryFile struct {
	name string // inside the content folder
	d    fs.DirEntry
}

// entryFiles lists every entry file in the content folder, sorted. Hidden
// files and folders (".git", editor backups) are not content.
func entryFiles(fsys fs.FS) ([]entryFile, error) {
	var files []entryFile
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && path.Ext(name) == ".md" {
			files = append(files, entryFile{name, d})
		}
		return nil
	})
	return files, err
}

// parsed is what one entry file gave: the entry (nil if the file is too
// broken to parse) and its problems.
type parsed struct {
	entry *Entry
	probs problems
}

// parseFiles reads and parses the files on every core, returning the
// results in the order of files.
func parseFiles(fsys fs.FS, root string, files []string) []parsed {
	results := make([]parsed, len(files))
	onEveryCore(len(files), func(n int) {
		name := files[n]
		display := path.Join(root, name)
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			results[n].probs.add(display, Pos{}, "%v", errors.Unwrap(err))
			return
		}
		results[n].entry, results[n].probs = parseEntry(name, display, src)
	})
	return results
}

// onEveryCore calls f(i) for every i from 0 to n-1, on as many goroutines
// as there are cores, and returns when all calls have. The calls must not
// depend on each other.
func onEveryCore(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				f(i)
			}
		})
	}
	wg.Wait()
}

// source is a content file made ready for parsing: valid UTF-8, no byte
// order mark, "\n" line ends. None of that changes line numbers.
func source(display string, src []byte, probs *problems) ([]byte, bool) {
	if !utf8.Valid(src) {
		bad := 0
		for bad < len(src) {
			r, size := utf8.DecodeRune(src[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		before := src[:bad]
		line := bytes.Count(before, []byte("\n")) + 1
		col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
		probs.add(display, Pos{line, col}, "the file is not valid UTF-8 (byte 0x%02x); save it as UTF-8", src[bad])
		return nil, false
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	return src, true
}

// yamlFormat is the one front matter format bulletin reads: YAML between
// two "---" lines. It decodes into a node tree, not into structs, so that
// every field keeps its line and column.
var yamlFormat = frontmatter.NewFormat("---", "---", func(data []byte, v any) error {
	return yaml.Unmarshal(data, v)
})

// readers lend frontmatter its line reader: it takes a *bufio.Reader as it
// is, where it would make one of its own, 4 KB, for every file of a site.
var readers = sync.Pool{New: func() any { return bufio.NewReader(nil) }}

// frontMatter splits a file into its YAML node tree and the Markdown body.
// It returns the line of the opening "---" (where a missing field is
// reported) and false if the front matter cannot be read.
func frontMatter(display string, src []byte, probs *problems) (doc *yaml.Node, body []byte, open int, ok bool) {
	// frontmatter skips blank lines before the opening "---"; count them
	// to know on which line of the file the YAML starts.
	open = 1
	for rest := src; ; open++ {
		line, after, found := bytes.Cut(rest, []byte("\n"))
		if len(bytes.TrimSpace(line)) > 0 || !found {
			if string(bytes.TrimSpace(line)) != "---" {
				probs.add(display, Pos{open, 1}, `missing front matter: start the file with a line "---", then the fields (title: …), then another "---"`)
				return nil, nil, open, false
			}
			break
		}
		rest = after
	}
	var node yaml.Node
	br := readers.Get().(*bufio.Reader)
	br.Reset(bytes.NewReader(src))
	body, err := frontmatter.MustParse(br, &node, yamlFormat)
	br.Reset(nil)
	readers.Put(br)
	var le *yaml.LoadError
	switch {
	case errors.As(err, &le):
		probs.add(display, Pos{le.Mark.Line + open, le.Mark.Column}, "front matter is not valid YAML: %s", yamlMessage(le, src, le.Mark.Line+open))
		return nil, nil, open, false
	case errors.Is(err, frontmatter.ErrNotFound):
		probs.add(display, Pos{open, 1}, `front matter is not closed: add a line "---" after the last field`)
		return nil, nil, open, false
	case err != nil:
		probs.add(display, Pos{open, 1}, "front matter is not valid YAML: %v", err)
		return nil, nil, open, false
	}
	doc = &node
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	return doc, body, open, true
}

// yamlMessage words a YAML syntax error for an editor: what was found, in
// what, and for the two most common mistakes what to do. line is the
// error's line in src.
func yamlMessage(le *yaml.LoadError, src []byte, line int) string {
	msg := le.Message
	if le.ContextMsg != "" {
		msg += " (" + le.ContextMsg + ")"
	}
	text := ""
	if lines := bytes.Split(src, []byte("\n")); line >= 1 && line <= len(lines) {
		text = string(lines[line-1])
	}
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		msg += `; a value containing ": " must be quoted`
	case strings.HasPrefix(strings.TrimLeft(text, " "), "\t"):
		msg += "; indent with spaces, not tabs"
	}
	return msg
}

// entryFields are the front matter fields of an entry, as SPEC.md lists them.
var entryFields = []string{
	"title", "date", "kind", "id", "releases", "severity", "status", "packages",
	"workaround", "downgrade", "eta", "fixed_in", "resolved", "updates", "links",
	"starts", "ends", "action_required",
}

// parseEntry parses one entry file. name is its path inside the content
// folder, display how the user knows it. It returns the entry (nil if the
// front matter cannot be read) and every problem found.
func parseEntry(name, display string, src []byte) (*Entry, problems) {
	var probs problems
	src, ok := source(display, src, &probs)
	if !ok {
		return nil, probs
	}
	doc, body, open, ok := frontMatter(display, src, &probs)
	if !ok {
		return nil, probs
	}
	e := &Entry{
		File: name,
		Slug: SlugOf(name),
		Kind: Incident,
		// A copy: body points into frontmatter's buffer of the whole file,
		// with room to spare, which would otherwise stay alive with it.
		Body:  bytes.Clone(body),
		file:  display,
		html:  &entryHTML{},
		check: &entryCheck{},
		pos:   make(positions, 0, 24), // about what an entry with updates and links has
	}
	e.pos.set("", Pos{open, 1})
	d := &decoder{file: display, offset: open, probs: &probs}
	if isNull(doc) {
		// "---\n---": no fields at all; Validate names the missing ones.
		return e, probs
	}
	if resolve(doc).Kind != yaml.MappingNode {
		d.errorf(doc, "the front matter must be a mapping of fields (key: value), not %s", describe(resolve(doc)))
		return nil, probs
	}
	for _, f := range d.fields(doc, "the front matter", entryFields) {
		e.pos.set(f.name, d.pos(resolve(f.value)))
		d.entryField(e, f)
	}
	return e, probs
}

// entryField decodes one front matter field into the entry.
func (d *decoder) entryField(e *Entry, f field) {
	if isNull(f.value) {
		// "eta:" with nothing after it: as if the field were absent,
		// which Validate reports where the field is required.
		e.pos.remove(f.name)
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
		e.Kind = Kind(s) // "" when not valid: Validate then skips what depends on the kind
	case "releases":
		for i, n := range d.items(f) {
			if id, ok := d.str(field{name: "a release", value: n}); ok {
				e.Releases = append(e.Releases, strings.TrimSpace(id))
				e.pos.set(itemKey("releases", i), d.pos(resolve(n)))
			}
		}
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
		e.Workaround, _ = d.str(f)
	case "fixed_in":
		e.FixedIn, _ = d.line(f)
	case "downgrade":
		d.downgrade(e, f)
	case "eta":
		if s, ok := d.str(f); ok && strings.EqualFold(strings.TrimSpace(s), "unknown") {
			e.ETAUnknown = true
		} else if ok {
			e.ETA, _ = d.time(f)
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
		d.updates(e, f)
	case "links":
		d.links(e, f)
	}
}

// downgrade reads one command for every release, or a map of release id
// to command.
func (d *decoder) downgrade(e *Entry, f field) {
	n := resolve(f.value)
	if n.Kind == yaml.ScalarNode {
		if cmd, ok := d.command(f); ok {
			e.Downgrade = []Downgrade{{Command: cmd}}
		}
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "downgrade must be a command, or a map of release id to command, not %s", describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if seen[k.Value] {
			d.errorf(k, "downgrade for %q given twice; keep one", k.Value)
			continue
		}
		seen[k.Value] = true
		if cmd, ok := d.command(field{name: "the downgrade command for " + k.Value, value: v}); ok {
			e.Downgrade = append(e.Downgrade, Downgrade{Release: k.Value, Command: cmd})
			e.pos.set("downgrade."+k.Value, d.pos(k))
		}
	}
}

// command returns a shell command: text, trimmed, not blank.
func (d *decoder) command(f field) (string, bool) {
	s, ok := d.str(f)
	if !ok {
		return "", false
	}
	s = strings.TrimSpace(s)
	if s == "" {
		d.errorf(f.value, "%s is empty", f.name)
		return "", false
	}
	return s, true
}

var updateFields = []string{"at", "status", "text"}

// updates reads the timeline.
func (d *decoder) updates(e *Entry, f field) {
	n := resolve(f.value)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "updates must be a list of {at, status, text}, not %s", describe(n))
		return
	}
	for i, item := range n.Content {
		var u Update
		key := itemKey("updates", i)
		e.pos.set(key, d.pos(resolve(item)))
		for _, uf := range d.fields(item, fmt.Sprintf("update %d", i+1), updateFields) {
			e.pos.set(key+"."+uf.name, d.pos(resolve(uf.value)))
			switch uf.name {
			case "at":
				u.At, _ = d.time(uf)
			case "status":
				if s, ok := d.line(uf); ok {
					u.Status = Status(s)
				}
			case "text":
				u.Text, _ = d.str(uf)
			}
		}
		e.Updates = append(e.Updates, u)
	}
}

var linkFields = []string{"title", "url"}

// links reads the list of links; a bare URL is a link titled by itself.
func (d *decoder) links(e *Entry, f field) {
	for i, item := range d.items(f) {
		key := itemKey("links", i)
		item = resolve(item)
		e.pos.set(key, d.pos(item))
		var l Link
		if item.Kind == yaml.ScalarNode {
			l.URL, _ = d.line(field{name: "a link", value: item})
			e.pos.set(key+".url", d.pos(item))
		} else {
			for _, lf := range d.fields(item, fmt.Sprintf("link %d", i+1), linkFields) {
				e.pos.set(key+"."+lf.name, d.pos(resolve(lf.value)))
				switch lf.name {
				case "title":
					l.Title, _ = d.line(lf)
				case "url":
					l.URL, _ = d.line(lf)
				}
			}
		}
		e.Links = append(e.Links, l)
	}
}

// The fields of site.yaml and of each release in it.
var (
	siteFields    = []string{"title", "base_url", "id_authority", "description", "language", "releases", "feed_items", "per_page"}
	releaseFields = []string{"id", "name", "state", "os_release", "description"}
)

var (
	tagAuthority = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|[^@\s,]+@[a-z0-9.-]+),\d{4}(-\d{2}(-\d{2})?)?$`)
	languageTag  = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)
	osReleaseKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// loadSite reads site.yaml. It always returns a site, with what could be read.
func loadSite(fsys fs.FS, root string, probs *problems) *Site {
	display := path.Join(root, SiteFile)
	s := &Site{
		Language:  "en",
		FeedItems: DefaultFeedItems,
		PerPage:   DefaultPerPage,
		file:      display,
		pos:       map[string]Pos{"": {1, 1}},
		releases:  map[string]*Release{},
	}
	src, err := fs.ReadFile(fsys, SiteFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			probs.add(display, Pos{}, "missing: every site needs one, with its title, base_url, id_authority and releases")
		} else {
			probs.add(display, Pos{}, "%v", errors.Unwrap(err))
		}
		return s
	}
	src, ok := source(display, src, probs)
	if !ok {
		return s
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		var le *yaml.LoadError
		if errors.As(err, &le) {
			probs.add(display, Pos{le.Mark.Line, le.Mark.Column}, "not valid YAML: %s", yamlMessage(le, src, le.Mark.Line))
		} else {
			probs.add(display, Pos{1, 1}, "not valid YAML: %v", err)
		}
		return s
	}
	d := &decoder{file: display, probs: probs}
	top := &doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		top = doc.Content[0]
	}
	if isNull(top) {
		probs.add(display, Pos{1, 1}, "empty: give the site's title, base_url, id_authority and releases")
		return s
	}
	for _, f := range d.fields(top, SiteFile, siteFields) {
		s.pos[f.name] = d.pos(resolve(f.value))
		switch f.name {
		case "title":
			s.Title, _ = d.line(f)
		case "description":
			s.Description, _ = d.line(f)
		case "language":
			if l, ok := d.line(f); ok && !languageTag.MatchString(l) {
				d.errorf(f.value, "language %q is not a language tag like en or pt-BR", l)
			} else if ok {
				s.Language = l
			}
		case "base_url":
			s.BaseURL = d.baseURL(f)
		case "id_authority":
			if a, ok := d.line(f); ok && !tagAuthority.MatchString(a) {
				d.errorf(f.value, "id_authority %q is not a tag URI authority; write a domain you own and a year you owned it, like \"fedoraproject.org,2026\"", a)
			} else if ok {
				s.IDAuthority = a
			}
		case "feed_items":
			s.FeedItems = d.count(f, 1, 1000)
		case "per_page":
			s.PerPage = d.count(f, 1, 1000)
		case "releases":
			d.releases(s, f)
		}
	}
	for _, name := range []string{"title", "base_url", "id_authority", "releases"} {
		if _, ok := s.pos[name]; !ok {
			probs.add(display, Pos{1, 1}, "missing field %q", name)
		}
	}
	return s
}

// baseURL reads the site's address; its path always ends in "/".
func (d *decoder) baseURL(f field) *url.URL {
	s, ok := d.line(f)
	if !ok {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		d.errorf(f.value, "base_url %q is not an absolute http(s) URL like https://status.example.org/", s)
		return nil
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	return u
}

// count reads a whole number within bounds; on a problem it returns lo.
func (d *decoder) count(f field, lo, hi int) int {
	n := resolve(f.value)
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || v < lo || v > hi {
		d.errorf(n, "%s must be a whole number from %d to %d, not %s", f.name, lo, hi, describe(n))
		return lo
	}
	return v
}

// releases reads the list of releases in site.yaml.
func (d *decoder) releases(s *Site, f field) {
	n := resolve(f.value)
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.errorf(n, "releases must be a list of releases, each with an id and a name")
		return
	}
	for i, item := range n.Content {
		r := &Release{State: Current, pos: d.pos(resolve(item))}
		what := fmt.Sprintf("release %d", i+1)
		has := map[string]bool{}
		for _, rf := range d.fields(item, what, releaseFields) {
			has[rf.name] = true
			switch rf.name {
			case "id":
				id, ok := d.line(rf)
				switch {
				case !ok:
				case id == "all":
					d.errorf(rf.value, `release id "all" is reserved: in an entry it means every release`)
				case !validName(id) || strings.ContainsAny(id, "._"):
					d.errorf(rf.value, "release id %q must be lowercase letters, digits and hyphens, like f43 or fcos-stable", id)
					if s.misnamed == nil {
						s.misnamed = map[string]bool{}
					}
					s.misnamed[strings.ToLower(id)] = true
				case s.releases[id] != nil:
					d.errorf(rf.value, "release id %q given twice (first at line %d)", id, s.releases[id].pos.Line)
				default:
					r.ID = id
				}
			case "name":
				r.Name, _ = d.line(rf)
			case "description":
				r.Description, _ = d.line(rf)
			case "state":
				if st, ok := d.oneOf(rf, string(Current), string(Prerelease), string(EOL)); ok {
					r.State = ReleaseState(st)
				}
			case "os_release":
				r.OSRelease = d.osRelease(rf)
			}
		}
		for _, name := range []string{"id", "name"} {
			if !has[name] {
				d.probs.add(d.file, r.pos, "missing field %q in %s", name, what)
			}
		}
		if r.ID != "" {
			s.releases[r.ID] = r
			s.Releases = append(s.Releases, r)
		}
	}
}

// osRelease reads the os-release fields of a release.
func (d *decoder) osRelease(f field) map[string]string {
	n := resolve(f.value)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "os_release must be a mapping of os-release fields, like {id: fedora, version_id: \"43\"}")
		return nil
	}
	m := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		key := strings.ToLower(k.Value)
		switch {
		case !osReleaseKey.MatchString(key):
			d.errorf(k, "os_release field %q must be a lowercase os-release name like version_id", k.Value)
		case v.Kind != yaml.ScalarNode || v.Tag == "!!null":
			d.errorf(v, "os_release %s must be text, not %s", key, describe(v))
		default:
			m[key] = v.Value
		}
	}
	return m
}

// itemKeys holds the position keys of the first items of each list, made
// once rather than formatted anew for every entry of a large site.
var itemKeys = func() map[string][]string {
	m := map[string][]string{}
	for _, list := range []string{"releases", "updates", "links"} {
		for i := range 16 {
			m[list] = append(m[list], fmt.Sprintf("%s[%d]", list, i))
		}
	}
	return m
}()

// itemKey is the position key of item i of a list: "updates[2]".
func itemKey(list string, i int) string {
	if keys := itemKeys[list]; i < len(keys) {
		return keys[i]
	}
	return fmt.Sprintf("%s[%d]", list, i)
}
