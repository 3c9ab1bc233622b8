package content

import (
	"fmt"
	"path"
	"slices"
)

// position is a 1-based line and column in a content file.
type position struct{ Line, Col int }

// Source is where a loaded site was written: the files as the user knows
// them and the position of every field, for problems and warnings. It is
// kept beside the model, as go/token's FileSet is beside a syntax tree, so
// that what renders a site carries none of it, and a build lets it go as
// soon as the site is checked.
type Source struct {
	root string // the content folder as errors name it: "content"

	site     map[string]position // the fields of site.yaml, by name; "" is its first line
	releases map[string]position // where each release of site.yaml is written, by id
	// misnamed holds, lowercased, the release ids site.yaml gives in a
	// form it rejects: entries that name them are not told of an unknown
	// release, since the site's own problem is the one to fix.
	misnamed map[string]bool
	// Where each release's os_release fields and upgrade_to are written,
	// and whether it gives fixed_in links of its own.
	osRelease  map[*Release]map[string]position
	upgradeTo  map[*Release]position
	releaseFix map[*Release]bool
	collection map[*Release]position

	entries map[*Entry]positions
}

func newSource(root string) *Source {
	return &Source{
		root:       root,
		site:       map[string]position{"": {1, 1}},
		releases:   map[string]position{},
		osRelease:  map[*Release]map[string]position{},
		upgradeTo:  map[*Release]position{},
		releaseFix: map[*Release]bool{},
		collection: map[*Release]position{},
	}
}

// SiteFile is the name of the site description inside the content folder.
const SiteFile = "site.yaml"

// siteFile is site.yaml as the user knows it.
func (src *Source) siteFile() string { return path.Join(src.root, SiteFile) }

// Root returns the content folder as problems name it: "content".
func (src *Source) Root() string { return src.root }

// File returns the name of the entry's file as the user knows it:
// "content/news/mesa.md".
func (src *Source) File(e *Entry) string { return path.Join(src.root, e.File) }

// positions is where each field of an entry is written, by key ("title",
// "releases[1]", "updates[0].status"; "" for the front matter's first
// line). A short list rather than a map: an entry has a few dozen keys,
// looked up only while it is checked, and a map of them weighed 2.5 KB an
// entry, a quarter of the memory of loading a site of 100,000 entries.
// An entry of many updates or links has hundreds of keys, and a lookup
// for each of them made its check cost their square: seal gives such an
// entry an index.
type positions struct {
	list  []keyPos
	index map[string]position // by key, the last position set; nil for a short list
}

type keyPos struct {
	key string
	pos position
}

// indexFrom is how many keys make a list worth an index.
const indexFrom = 64

// set records where key is written; a later set of the same key wins.
func (ps *positions) set(key string, p position) {
	ps.list = append(ps.list, keyPos{key, p})
	if ps.index != nil {
		ps.index[key] = p
	}
}

// seal is called once the entry is parsed: it indexes a long list.
func (ps *positions) seal() {
	if len(ps.list) < indexFrom {
		return
	}
	ps.index = make(map[string]position, len(ps.list))
	for _, kp := range ps.list {
		ps.index[kp.key] = kp.pos
	}
}

func (ps positions) get(key string) (position, bool) {
	if ps.index != nil {
		p, ok := ps.index[key]
		return p, ok
	}
	for i := len(ps.list) - 1; i >= 0; i-- {
		if ps.list[i].key == key {
			return ps.list[i].pos, true
		}
	}
	return position{}, false
}

// has reports whether the field is written.
func (ps positions) has(key string) bool {
	_, ok := ps.get(key)
	return ok
}

// at returns the position of a field, or of the front matter's first line
// when the field is absent (where a missing field is reported).
func (ps positions) at(key string) position {
	if p, ok := ps.get(key); ok {
		return p
	}
	p, _ := ps.get("")
	return p
}

// remove forgets key, as if it were never written.
func (ps *positions) remove(key string) {
	ps.list = slices.DeleteFunc(ps.list, func(kp keyPos) bool { return kp.key == key })
	if ps.index != nil {
		delete(ps.index, key)
	}
}

// itemKeys holds the position keys of the first items of each list, made
// once rather than formatted anew for every entry of a large site.
var itemKeys = func() map[string][]string {
	m := map[string][]string{}
	for _, list := range []string{"releases", "services", "updates", "links"} {
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

// releaseKey is the position key of where a release id is first named in
// an entry's releases, for warnings about that one release.
func releaseKey(id string) string { return "release " + id }
