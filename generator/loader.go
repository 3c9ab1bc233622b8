package generator

import (
	"bytes"
	"io/fs"
	"maps"
	"slices"
	"sync"
	"time"
)

// Loader loads the same content folder again and again, reparsing only the
// entry files that changed since its last load. It is how serve shows an
// edit to one entry of a site of thousands without reading them all again.
//
// While site.yaml stays as it was, an unchanged entry file gives the very
// entry that the last load gave, already validated and its Markdown
// perhaps already rendered, and Validate does not check it again: what it
// checks depends on the entry and site.yaml alone. Entries are not changed
// once validated, so sites from successive loads may share them.
//
// A file counts as changed when its size or modification time differs.
// Like git, a loader does not trust a time too close to the load that
// recorded it: a second write within the file system's clock tick would
// leave both unchanged, so such a file is parsed again on the next load.
type Loader struct {
	fsys fs.FS
	root string

	mu       sync.Mutex // one load at a time
	files    map[string]cached
	siteYAML []byte // as last read
}

// cached is an entry file as last parsed. The entry is kept as the parser
// made it, never validated; loads hand out a copy, which Validate changes.
type cached struct {
	size  int64
	mod   time.Time
	racy  bool // mod was too recent to be trusted when it was read
	entry *Entry
	probs problems
	given *Entry // the copy the last load gave
}

// racyWindow is how recent a modification time must be for a loader not to
// trust it. File system clocks tick in steps of a few milliseconds; a
// second is far more than enough and costs only the reparse of the files
// an editor just saved.
const racyWindow = time.Second

// NewLoader returns a loader of the content folder fsys; root is how errors
// name it, as for Load.
func NewLoader(fsys fs.FS, root string) *Loader {
	return &Loader{fsys: fsys, root: root, files: map[string]cached{}}
}

// Load reads the content folder as Load does, and gives the same result.
func (l *Loader) Load() (*Site, error) { return l.load(nil, true) }

// LoadChanged is Load for a caller that knows, from a file watcher, which
// files may have changed since the last load: only those, the files it has
// not seen before and those whose stamp it distrusts are looked at again,
// which spares a look at every file of a large site. changed holds
// slash-separated paths inside the content folder. A change the caller
// cannot name file by file (a folder moved in, events lost) needs Load.
func (l *Loader) LoadChanged(changed []string) (*Site, error) { return l.load(changed, false) }

func (l *Loader) load(changed []string, all bool) (*Site, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var probs problems
	site := loadSite(l.fsys, l.root, &probs) // small: always read again
	siteYAML, err := fs.ReadFile(l.fsys, SiteFile)
	sameSite := err == nil && l.siteYAML != nil && bytes.Equal(siteYAML, l.siteYAML)
	l.siteYAML = siteYAML
	files, err := entryFiles(l.fsys)
	if err != nil {
		return site, JoinErrors(err, probs.join())
	}
	start := time.Now()
	stamps := make(map[string]cached, len(files))
	var stale []string
	marked := make(map[string]bool, len(changed))
	for _, name := range changed {
		marked[name] = true
	}
	for _, f := range files {
		if old, ok := l.files[f.name]; ok && !all && !old.racy && !marked[f.name] {
			stamps[f.name] = old
			continue
		}
		// The stamp is taken before the file is read, so a write after
		// this point shows as a change next time.
		var c cached
		if info, err := f.d.Info(); err == nil {
			c = cached{size: info.Size(), mod: info.ModTime()}
			c.racy = start.Sub(c.mod) < racyWindow
		} else {
			c.racy = true // parseFiles reports why, and so will the next load
		}
		stamps[f.name] = c
		old, ok := l.files[f.name]
		if !ok || old.racy || c.racy || old.size != c.size || !old.mod.Equal(c.mod) {
			stale = append(stale, f.name)
		}
	}
	for i, p := range parseFiles(l.fsys, l.root, stale) {
		c := stamps[stale[i]]
		c.entry, c.probs = p.entry, p.probs
		l.files[stale[i]] = c
	}
	maps.DeleteFunc(l.files, func(name string, _ cached) bool {
		_, ok := stamps[name]
		return !ok
	})
	site.Entries = make([]*Entry, 0, len(files))
	for _, f := range files {
		c := l.files[f.name]
		if c.entry != nil {
			if c.given == nil || !sameSite {
				c.given = c.entry.clone()
				l.files[f.name] = c
			}
			site.Entries = append(site.Entries, c.given)
		}
		probs = append(probs, c.probs...)
	}
	sortEntries(site.Entries)
	return site, probs.join()
}

// clone returns a copy of a parsed entry that Validate and rendering may
// change without touching the original: everything they write is copied
// or made anew. (pos, the largest part, is only read once parsed.)
func (e *Entry) clone() *Entry {
	c := *e
	c.Releases = slices.Clone(e.Releases)
	c.releaseAt = nil
	c.html = &entryHTML{}
	c.check = &entryCheck{}
	return &c
}
