package content

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
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
	siteFields        = []string{"title", "base_url", "id_authority", "description", "language", "releases", "services", "feed_items", "per_page", "fixed_in", "collections", "announce"}
	serviceFields     = []string{"id", "name", "group", "description", "url"}
	releaseFields     = []string{"id", "name", "state", "os_release", "description", "end_of_life", "upgrade_to", "fixed_in", "collection"}
	fixedInFields     = []string{"url", "command"}
	collectionsFields = []string{"path", "name"}
	collectionFields  = []string{"version", "name", "branch", "koji_name", "dist_tag"}
)

var (
	tagAuthority = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|[^@\s,]+@[a-z0-9.-]+),\d{4}(-\d{2}(-\d{2})?)?$`)
	languageTag  = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)
	osReleaseKey = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	// collectionWord is a version, branch, tag or dist tag of a collection:
	// "43", "devel", "epel9", ".fc43".
	collectionWord = regexp.MustCompile(`^[A-Za-z0-9._+~-]+$`)
	// sitePath is a file of the site by its path: "/api/pkgdb/collections.json".
	sitePath = regexp.MustCompile(`^(/[a-z0-9_-][a-z0-9._-]*)+$`)
)

// readSite reads site.yaml, recording where its fields are in src. It
// always returns a site, with what could be read; data is the file as
// read, nil if it could not be.
func readSite(fsys fs.FS, src *Source, probs *problems) (s *Site, data []byte) {
	display := src.siteFile()
	s = &Site{
		Language:    "en",
		FeedItems:   defaultFeedItems,
		PerPage:     defaultPerPage,
		Collections: Collections{Path: DefaultCollectionsPath},
		releases:    map[string]*Release{},
		services:    map[string]*Service{},
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
			at, msg := yamlProblem(le, text, 0)
			probs.add(display, inside(text, at), "not valid YAML: %s", msg)
		} else {
			probs.add(display, position{1, 1}, "not valid YAML: %v", err)
		}
		return s, data
	}
	d := &siteDecoder{decoder: &decoder{file: display, probs: probs}, s: s, src: src}
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
	var siteFix FixLinks
	var servicesField field // read after the releases, whose ids services must not take
	var collectionName string
	var announceField field // read after both, which channels name
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
			d.releases(f)
		case "services":
			servicesField = f
		case "fixed_in":
			siteFix = d.fixLinks(f)
		case "collections":
			collectionName = d.collections(f)
		case "announce":
			announceField = f
		}
	}
	if servicesField.value != nil {
		d.services(servicesField)
	}
	if announceField.value != nil {
		s.Announce = d.announce(announceField)
	}
	resolveReleases(s, siteFix, src, d.decoder)
	resolveCollections(s, collectionName, src, d.decoder)
	for _, name := range []string{"title", "base_url", "id_authority", "releases"} {
		if _, ok := src.site[name]; !ok {
			probs.add(display, position{1, 1}, "missing field %q", name)
		}
	}
	return s, data
}

// siteDecoder decodes the fields of site.yaml into the site, recording
// where each release's and service's fields are in the source.
type siteDecoder struct {
	*decoder
	s   *Site
	src *Source
}

// baseURL reads the site's address; its path always ends in "/".
func (d *siteDecoder) baseURL(f field) *url.URL {
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
func (d *siteDecoder) count(f field, lo, hi int) int {
	n := resolve(f.value)
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || v < lo || v > hi {
		d.errorf(n, "%s must be a whole number from %d to %d, not %s", f.name, lo, hi, describe(n))
		return lo
	}
	return v
}

// releases reads the list of releases in site.yaml.
func (d *siteDecoder) releases(f field) {
	s, src := d.s, d.src
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
				r.OSRelease, src.osRelease[r] = d.osRelease(rf)
			case "end_of_life":
				r.EndOfLife, _ = d.time(rf)
			case "upgrade_to":
				r.UpgradeTo, _ = d.line(rf)
				src.upgradeTo[r] = d.pos(resolve(rf.value))
			case "fixed_in":
				r.FixedIn = d.fixLinks(rf)
				src.releaseFix[r] = true
			case "collection":
				r.Collection = d.collection(rf)
				src.collection[r] = d.pos(resolve(rf.value))
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

// services reads the list of services in site.yaml. Their ids share one
// namespace with the releases': an entry, a URL or a feed names either by
// its id alone.
func (d *siteDecoder) services(f field) {
	s, src := d.s, d.src
	n := resolve(f.value)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "services must be a list of services, each with an id and a name")
		return
	}
	for i, item := range n.Content {
		sv := &Service{}
		at := d.pos(resolve(item))
		what := fmt.Sprintf("service %d", i+1)
		has := map[string]bool{}
		for _, sf := range d.fields(item, what, serviceFields) {
			has[sf.name] = true
			switch sf.name {
			case "id":
				id, ok := d.line(sf)
				switch {
				case !ok:
				case id == "all":
					d.errorf(sf.value, `service id "all" is reserved: in an entry it means every release`)
				case !validName(id) || strings.ContainsAny(id, "._"):
					d.errorf(sf.value, "service id %q must be lowercase letters, digits and hyphens, like koji or pkgdb-api", id)
					if src.misnamed == nil {
						src.misnamed = map[string]bool{}
					}
					src.misnamed[strings.ToLower(id)] = true
				case s.releases[id] != nil:
					d.errorf(sf.value, "service id %q is the id of a release (line %d); releases and services need ids of their own", id, src.releases[id].Line)
				case s.services[id] != nil:
					d.errorf(sf.value, "service id %q given twice (first at line %d)", id, src.releases[id].Line)
				default:
					sv.ID = id
				}
			case "name":
				sv.Name, _ = d.line(sf)
			case "group":
				sv.Group, _ = d.line(sf)
			case "description":
				sv.Description, _ = d.line(sf)
			case "url":
				sv.URL = d.url(sf, "service url", "https://packages.example.org/")
			}
		}
		for _, name := range []string{"id", "name"} {
			if !has[name] {
				d.probs.add(d.file, at, "missing field %q in %s", name, what)
			}
		}
		if sv.ID != "" {
			s.services[sv.ID] = sv
			src.releases[sv.ID] = at // ids share one namespace, and one table of where each is
			s.Services = append(s.Services, sv)
		}
	}
}

// fixLinks reads how the updates that fix incidents are linked and
// installed: {url, command}, each a template with "{fixed_in}".
func (d *siteDecoder) fixLinks(f field) FixLinks {
	var l FixLinks
	for _, lf := range d.fields(f.value, "fixed_in", fixedInFields) {
		s, ok := d.line(lf)
		if !ok {
			continue
		}
		if !strings.Contains(s, "{fixed_in}") && lf.name == "url" {
			d.errorf(lf.value, "fixed_in url %q does not say where the update goes: write {fixed_in}, as in https://bodhi.fedoraproject.org/updates/{fixed_in}", s)
			continue
		}
		switch lf.name {
		case "url":
			// Checked with a stand-in for the update, kept as written:
			// normalising would escape the braces.
			if _, err := webURL(strings.ReplaceAll(s, "{fixed_in}", "x")); err != nil {
				d.errorf(lf.value, "fixed_in url %q %v", redacted(s), err)
				continue
			}
			l.URL = s
		case "command":
			l.Command = s
		}
	}
	return l
}

// resolveReleases fills in what site.yaml leaves to defaults: each
// release's fixed_in links (the site's, unless its own), and what an EOL
// release upgrades to (the first current release of the same distribution
// and variant, unless it says). It reports an upgrade_to that is not a
// release users can upgrade to.
func resolveReleases(s *Site, siteFix FixLinks, src *Source, d *decoder) {
	s.order = releaseOrder(s)
	for _, r := range s.Releases {
		if !src.releaseFix[r] {
			r.FixedIn = siteFix
		}
		if at, ok := src.upgradeTo[r]; ok {
			to := s.releases[r.UpgradeTo]
			switch {
			case to == nil:
				d.probs.add(d.file, at, "upgrade_to names unknown release %q; %s", r.UpgradeTo, s.SuggestRelease(r.UpgradeTo))
				r.UpgradeTo = ""
			case to == r || to.State == EOL:
				d.probs.add(d.file, at, "upgrade_to %q must be a release that is not eol", r.UpgradeTo)
				r.UpgradeTo = ""
			}
			continue
		}
		if r.State != EOL {
			continue
		}
		for _, to := range s.Releases {
			if to.State == Current && to.OSRelease["id"] == r.OSRelease["id"] && to.OSRelease["variant_id"] == r.OSRelease["variant_id"] {
				r.UpgradeTo = to.ID
				break
			}
		}
	}
}

// osRelease reads the os-release fields of a release, and where each is.
func (d *siteDecoder) osRelease(f field) (map[string]string, map[string]position) {
	n := resolve(f.value)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "os_release must be a mapping of os-release fields, like {id: fedora, version_id: \"43\"}")
		return nil, nil
	}
	m := map[string]string{}
	at := map[string]position{}
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
			at[key] = d.pos(v)
		}
	}
	return m, at
}

// reservedPaths are the folders and files of the site that bulletin makes
// itself: no file set in site.yaml may go there.
var reservedPaths = []string{"/news/", "/page/", "/releases/", "/services/", "/assets/", "/schema/", "/badges/", "/api/v2/",
	"/index.html", "/404.html", "/status.json", "/feed.json", "/sitemap.xml", "/robots.txt", "/maintenance.ics"}

// collections reads where the collections document goes, and returns the
// name of every release's collection that does not give its own.
func (d *siteDecoder) collections(f field) (name string) {
	s := d.s
	for _, cf := range d.fields(f.value, "collections", collectionsFields) {
		v, ok := d.line(cf)
		if !ok {
			continue
		}
		switch cf.name {
		case "name":
			name = v
		case "path":
			switch {
			case !sitePath.MatchString(v) || !strings.HasSuffix(v, ".json"):
				d.errorf(cf.value, "collections path %q must be a path from the site's root to a .json file, like %s", v, DefaultCollectionsPath)
			case slices.ContainsFunc(reservedPaths, func(p string) bool { return v == p || strings.HasSuffix(p, "/") && strings.HasPrefix(v, p) }):
				d.errorf(cf.value, "collections path %q is among the files bulletin makes itself; choose another, like %s", v, DefaultCollectionsPath)
			default:
				s.Collections.Path = v
			}
		}
	}
	return name
}

// collection reads a release as a collection of the package database.
func (d *siteDecoder) collection(f field) *Collection {
	c := &Collection{}
	given := false
	for _, cf := range d.fields(f.value, "collection", collectionFields) {
		given = given || cf.name == "version"
		v, ok := d.line(cf)
		if !ok {
			continue
		}
		if cf.name != "name" && !collectionWord.MatchString(v) {
			d.errorf(cf.value, "collection %s %q must be one word, like %s", cf.name, v, map[string]string{
				"version": `"43", or "devel" for a branch with no number`, "branch": "f43", "koji_name": "f43", "dist_tag": ".fc43"}[cf.name])
			continue
		}
		switch cf.name {
		case "version":
			c.Version = v
		case "name":
			c.Name = v
		case "branch":
			c.Branch = v
		case "koji_name":
			c.KojiName = v
		case "dist_tag":
			c.DistTag = v
		}
	}
	if c.Version == "" {
		if n := resolve(f.value); !given && n.Kind == yaml.MappingNode {
			d.errorf(n, `missing field "version" in collection: the number GNOME Software compares with os-release VERSION_ID, like "43"`)
		}
		return nil
	}
	return c
}

// resolveCollections fills in each collection's defaults: the site's
// name, the release id as branch, the branch as build tag. It reports a
// collection with no name, and two that GNOME Software would take for
// the same release.
func resolveCollections(s *Site, name string, src *Source, d *decoder) {
	seen := map[[2]string]*Release{}
	for _, r := range s.Releases {
		c := r.Collection
		if c == nil {
			continue
		}
		at := src.collection[r]
		if c.Name == "" {
			c.Name = name
		}
		if c.Name == "" {
			d.probs.add(d.file, at, `collection of %s has no name: give the os-release NAME of its machines ("Fedora Linux") as its name, or as collections' name for every release`, r.ID)
			continue
		}
		if c.Branch == "" {
			c.Branch = r.ID
		}
		if c.KojiName == "" {
			c.KojiName = c.Branch
		}
		key := [2]string{c.Name, c.Version}
		if other := seen[key]; other != nil {
			d.probs.add(d.file, at, "collection %q version %q is given by release %s too (line %d): GNOME Software could not tell them apart", c.Name, c.Version, other.ID, src.collection[other].Line)
			continue
		}
		seen[key] = r
	}
}
