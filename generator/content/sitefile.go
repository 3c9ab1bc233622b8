package content

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// Defaults for the optional numbers in site.yaml.
const (
	defaultFeedItems = 50
	defaultPerPage   = 20
)

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

// readSite reads site.yaml, recording where its fields are in src. It
// always returns a site, with what could be read; data is the file as
// read, nil if it could not be.
func readSite(fsys fs.FS, src *Source, probs *problems) (s *Site, data []byte) {
	display := src.siteFile()
	s = &Site{
		Language:  "en",
		FeedItems: defaultFeedItems,
		PerPage:   defaultPerPage,
		releases:  map[string]*Release{},
	}
	data, err := readFile(fsys, SiteFile)
	if err == nil && tooLarge(display, SiteFile, data, probs) {
		return s, nil
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			probs.add(display, position{}, "missing: every site needs one, with its title, base_url, id_authority and releases")
		} else {
			probs.add(display, position{}, "%s", readError(err))
		}
		return s, nil
	}
	text, ok := normalize(display, data, probs)
	if !ok {
		return s, data
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		var le *yaml.LoadError
		if errors.As(err, &le) && unprintable(le) {
			at, what := findUnprintable(text)
			probs.add(display, at, "%s is not allowed in %s: remove it", what, SiteFile)
		} else if errors.As(err, &le) {
			probs.add(display, inside(text, position{le.Mark.Line, le.Mark.Column}), "not valid YAML: %s", yamlMessage(le, text, le.Mark.Line))
		} else {
			probs.add(display, position{1, 1}, "not valid YAML: %v", err)
		}
		return s, data
	}
	d := &decoder{file: display, probs: probs}
	top := &doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		top = doc.Content[0]
	}
	if isNull(top) {
		probs.add(display, position{1, 1}, "empty: give the site's title, base_url, id_authority and releases")
		return s, data
	}
	if t := resolve(top); t.Kind != yaml.MappingNode {
		d.errorf(t, "%s must be a mapping of fields (key: value), not %s", SiteFile, describeTop(t))
		return s, data
	}
	for _, f := range d.fields(top, SiteFile, siteFields) {
		src.site[f.name] = d.pos(resolve(f.value))
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
			d.releases(s, src, f)
		}
	}
	for _, name := range []string{"title", "base_url", "id_authority", "releases"} {
		if _, ok := src.site[name]; !ok {
			probs.add(display, position{1, 1}, "missing field %q", name)
		}
	}
	return s, data
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
func (d *decoder) releases(s *Site, src *Source, f field) {
	n := resolve(f.value)
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		d.errorf(n, "releases must be a list of releases, each with an id and a name")
		return
	}
	for i, item := range n.Content {
		r := &Release{State: Current}
		at := d.pos(resolve(item))
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
					if src.misnamed == nil {
						src.misnamed = map[string]bool{}
					}
					src.misnamed[strings.ToLower(id)] = true
				case s.releases[id] != nil:
					d.errorf(rf.value, "release id %q given twice (first at line %d)", id, src.releases[id].Line)
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
				d.probs.add(d.file, at, "missing field %q in %s", name, what)
			}
		}
		if r.ID != "" {
			s.releases[r.ID] = r
			src.releases[r.ID] = at
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
	first := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		key := strings.ToLower(k.Value)
		prev, twice := first[key]
		if !twice {
			first[key] = k
		}
		switch {
		case twice:
			// The last would win, silently: the release would match
			// machines it is not.
			d.errorf(k, "os_release field %q given twice (first at line %d); keep one", key, d.pos(prev).Line)
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
