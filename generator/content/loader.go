package content

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sync"
	"time"
)

// Load reads the content folder fsys: site.yaml and every other *.md file
// in it or below it, each one entry. It parses each file, checks what the
// entries say, and resolves their defaults; root is how the folder is
// named in problems ("content").
//
// The error holds every problem found, positioned and sorted. The site
// and its source are returned either way, holding all that could be read,
// so that a caller can tell more of a broken site (its warnings, how many
// entries it has); only a site loaded without error may be rendered.
//
// When ctx is done, Load stops reading and returns ctx's error.
func Load(ctx context.Context, fsys fs.FS, root string) (*Site, *Source, error) {
	l := &Loader{fsys: fsys, root: root}
	return l.load(ctx, nil, true)
}

// Loader loads the same content folder again and again, reparsing only the
// entry files that changed since its last load. It is how serve shows an
// edit to one entry of a site of thousands without reading them all again.
//
// While site.yaml stays as it was, an unchanged entry file gives the very
// entry that the last load gave, already checked and resolved, and it is
// not checked again: what the check finds depends on the entry and
// site.yaml alone. Entries are not changed once loaded, so sites from
// successive loads may share them.
//
// A file counts as changed when its size or modification time differs.
// Like git, a loader does not trust a time too close to the load that
// recorded it: a second write within the file system's clock tick would
// leave both unchanged, so such a file is parsed again on the next load.
type Loader struct {
	fsys fs.FS
	root string

	mu          sync.Mutex // one load at a time
	incremental bool       // keep what each load found for the next
	files       map[string]*cached
	siteYAML    []byte          // as last read
	marked      map[string]bool // files changed since the last load
	all         bool            // anything may have changed since the last load
}

// cached is an entry file as last loaded.
type cached struct {
	size int64
	mod  time.Time
	racy bool // mod was too recent to be trusted when it was read

	parsed          // the entry as parsed, never changed
	checked    bool // checkProbs holds the check against the last site.yaml
	checkProbs problems
	given      *Entry // the entry resolved against the last site.yaml, as last given
}

// racyWindow is how recent a modification time must be for a loader not to
// trust it. File system clocks tick in steps of a few milliseconds; a
// second is far more than enough and costs only the reparse of the files
// an editor just saved.
const racyWindow = time.Second

// NewLoader returns a loader of the content folder fsys; root is how
// problems name it, as for Load.
func NewLoader(fsys fs.FS, root string) *Loader {
	return &Loader{fsys: fsys, root: root, incremental: true, files: map[string]*cached{}, marked: map[string]bool{}}
}

// Changed tells the loader which files may have changed since its last
// load, as a file watcher sees them: slash-separated paths inside the
// content folder. Changed with no names says that anything may have
// changed (a folder moved in, events lost).
func (l *Loader) Changed(names ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(names) == 0 {
		l.all = true
	}
	for _, name := range names {
		l.marked[name] = true
	}
}

// Load reads the content folder as Load does, and gives the same result.
// It reads the files it has not seen before, those named by Changed since
// the last load (every file after Changed with no names), and those whose
// stamp it distrusts; the others it takes as they were, which spares a
// look at every file of a large site.
func (l *Loader) Load(ctx context.Context) (*Site, *Source, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	all := l.all
	marked := l.marked
	l.all, l.marked = false, map[string]bool{}
	site, src, err := l.load(ctx, marked, all)
	if ctx.Err() != nil {
		// What this load did not look at, the next must.
		l.all = true
	}
	return site, src, err
}

// load loads the folder; an incremental loader looks again at the marked
// files, or with all at every file. The caller holds l.mu, if it matters.
func (l *Loader) load(ctx context.Context, marked map[string]bool, all bool) (*Site, *Source, error) {
	src := newSource(l.root)
	var probs problems
	if fi, err := fs.Stat(l.fsys, "."); err != nil || !fi.IsDir() {
		// The folder went (serve's loader outlives it): one problem
		// that says so, not one for site.yaml and one for the walk.
		site := &Site{releases: map[string]*Release{}}
		site.index = newIndex(site)
		probs.add(l.root, position{}, "%s", noFolder(err))
		return site, src, probs.join()
	}
	site, siteYAML := readSite(l.fsys, src, &probs) // small: always read again
	site.fsys = l.fsys
	sameSite := siteYAML != nil && l.siteYAML != nil && bytes.Equal(siteYAML, l.siteYAML)
	l.siteYAML = siteYAML
	files := entryFiles(l.fsys, l.root, &probs)

	work := l.plan(files, marked, all, sameSite)
	check := newChecker(site, src)
	onEveryCore(ctx, len(work), func(i int) {
		c := work[i]
		if c.entry == nil && c.probs == nil {
			name := files[i].name
			display := path.Join(l.root, name)
			data, err := readFile(l.fsys, name)
			switch {
			case err != nil:
				c.probs.add(display, position{}, "%s", readError(err))
			case tooLarge(display, "an entry", data, &c.probs):
			default:
				c.parsed = parseEntry(name, display, data)
				l.linkFiles(&c.parsed, display)
			}
		}
		if c.entry == nil {
			return
		}
		if !c.checked {
			check.entry(c.entry, c.pos, &c.checkProbs)
			c.checked = true
		}
		if c.given == nil {
			e := c.entry
			if l.incremental {
				e = cloneEntry(e) // the parsed entry stays as parsed, for the next site.yaml
			}
			resolveEntry(site, e, c.pos)
			c.given = e
		}
	})

	if err := ctx.Err(); err != nil {
		site.index = newIndex(site)
		return site, src, err
	}

	site.Entries = make([]*Entry, 0, len(work))
	src.entries = make(map[*Entry]positions, len(work))
	for _, c := range work {
		probs = append(probs, c.probs...)
		if c.entry == nil {
			continue
		}
		probs = append(probs, c.checkProbs...)
		site.Entries = append(site.Entries, c.given)
		src.entries[c.given] = c.pos
	}
	sortEntries(site.Entries)
	check.sameNames(site.Entries, &probs)
	site.index = newIndex(site)
	return site, src, probs.join()
}

// plan returns, for each file, what is known of it from earlier loads: a
// cached result to reuse, or one still to be parsed (no entry and no
// problems). It forgets the files that are gone.
func (l *Loader) plan(files []entryFile, marked map[string]bool, all, sameSite bool) []*cached {
	work := make([]*cached, len(files))
	if !l.incremental {
		for i := range work {
			work[i] = &cached{}
		}
		return work
	}
	start := time.Now()
	seen := make(map[string]bool, len(files))
	for i, f := range files {
		seen[f.name] = true
		old := l.files[f.name]
		if old != nil && !all && !old.racy && !marked[f.name] {
			work[i] = old
		} else {
			// The stamp is taken before the file is read, so a write
			// after this point shows as a change next time.
			c := &cached{}
			if info, err := f.d.Info(); err == nil {
				c.size, c.mod = info.Size(), info.ModTime()
				c.racy = start.Sub(c.mod) < racyWindow
			} else {
				c.racy = true // the read says why, and so will the next load
			}
			// An entry that links files is read again whenever anything may
			// have changed: a watcher tells of the entry files, not of
			// the files beside them.
			if old != nil && !old.racy && !c.racy && old.size == c.size && old.mod.Equal(c.mod) && !(all && len(old.refs) > 0) {
				c.parsed, c.checked, c.checkProbs, c.given = old.parsed, old.checked, old.checkProbs, old.given
			}
			work[i] = c
		}
		if !sameSite {
			work[i].checked, work[i].checkProbs, work[i].given = false, nil, nil
		}
		l.files[f.name] = work[i]
	}
	maps.DeleteFunc(l.files, func(name string, _ *cached) bool { return !seen[name] })
	return work
}

// maxFileSize is the most a file published with an entry may weigh: a
// screenshot or a log, not a disk image that would bloat every deploy.
const maxFileSize = 20 << 20

// reservedNames are the files of an entry's folder in the site that its
// own files may not replace.
var reservedNames = map[string]bool{"index.html": true}

// linkFiles checks the files an entry's Markdown links by a relative path:
// each must be a file beside the entry, which is then published with its
// page (as Hugo publishes a page bundle's resources).
func (l *Loader) linkFiles(p *parsed, display string) {
	e := p.entry
	if e == nil {
		return
	}
	seen := map[string]bool{}
	for _, ref := range p.refs {
		name := path.Join(path.Dir(e.File), ref.name)
		fi, err := lstatInside(l.fsys, name)
		switch {
		case reservedNames[ref.name]:
			p.probs.add(display, ref.at, "a file published with the entry cannot be named %s: that is the entry's page", ref.name)
		case errors.Is(err, fs.ErrNotExist):
			p.probs.add(display, ref.at, "links %s, which is not beside the entry (no %s in the content folder); add the file, or fix the link", ref.name, name)
		case err != nil:
			p.probs.add(display, ref.at, "links %s, which cannot be read: %v", ref.name, errors.Unwrap(err))
		case refused(fi.Mode()) != "":
			p.probs.add(display, ref.at, "links %s, which is %s", ref.name, refused(fi.Mode()))
		case !fi.Mode().IsRegular():
			p.probs.add(display, ref.at, "links %s, which is not a file; link a file beside the entry", ref.name)
		case fi.Size() > maxFileSize:
			p.probs.add(display, ref.at, "links %s, of %d MB: a file published with an entry may be %d MB at most", ref.name, fi.Size()>>20, maxFileSize>>20)
		case !seen[ref.name]:
			seen[ref.name] = true
			e.Files = append(e.Files, File{Name: ref.name, Path: name})
		}
	}
}

// sortEntries orders entries newest first; the slug breaks ties so that
// the order, and so the output, never depends on the file system.
func sortEntries(entries []*Entry) {
	slices.SortFunc(entries, func(a, b *Entry) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.Slug, b.Slug))
	})
}
