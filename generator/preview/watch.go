package preview

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Changes come in bursts: an editor's save is several events, a git
// checkout hundreds. A build waits until no change has come for quiet,
// but never longer than patience after the first, so that a steady stream
// of changes still shows.
const (
	quiet    = 30 * time.Millisecond
	patience = 300 * time.Millisecond
)

// lookAgain is how often the watched folders themselves are looked at: a
// folder removed and made again, or replaced by another under its name,
// sends no event that its watches could see.
const lookAgain = 250 * time.Millisecond

// batch is what changed since the last build.
type batch struct {
	events int
	files  []string // entry files changed, inside the content folder
	// all asks for every file to be looked at again: a folder came or
	// went, or events were lost, and the changed files cannot be named.
	all bool
}

// watch builds again after each burst of changes, until ctx is done.
func (s *Server) watch(ctx context.Context) {
	defer close(s.done)
	defer s.watcher.Close()
	timer := time.NewTimer(time.Hour)
	timer.Stop() // started by the first change
	look := time.NewTicker(lookAgain)
	defer look.Stop()
	var (
		b     batch
		first time.Time
	)
	schedule := func() {
		now := time.Now()
		if b.events == 0 {
			first = now
		}
		b.events++
		timer.Reset(max(0, min(quiet, first.Add(patience).Sub(now))))
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-s.watcher.Events:
			if !ok {
				return
			}
			if _, root := s.watched[ev.Name]; root && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)) {
				// Its watches went with it. Made again at once, the
				// folder may even have the same inode: the next look
				// must watch what is there, whatever it is.
				s.lost(ev.Name)
			}
			if s.note(ev, &b) {
				schedule()
			}
		case err, ok := <-s.watcher.Errors:
			if !ok {
				return
			}
			s.cfg.Log.Printf("watching: %v", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost, folders created among them
				// perhaps: look at everything again.
				for _, dir := range s.roots() {
					s.watchTree(dir)
				}
				b.all = true
				schedule()
			}
		case <-look.C:
			if s.lookAtRoots() {
				b.all = true
				schedule()
			}
		case <-timer.C:
			s.rebuild(ctx, b)
			b = batch{}
		}
	}
}

// lookAtRoots looks at each watched folder, and reports whether one has
// gone, come back or been replaced since the last look: the site is to
// be built again, from everything. A folder back, or replaced, is watched
// anew; while it is gone, builds say so, and serve the last good one.
func (s *Server) lookAtRoots() bool {
	changed := false
	for _, dir := range s.roots() {
		was := s.watched[dir]
		now, err := os.Stat(dir)
		if err != nil || !now.IsDir() {
			now = nil
		}
		switch {
		case was == nil && now == nil, was != nil && now != nil && os.SameFile(was, now):
			continue
		case now == nil:
			s.lost(dir)
			continue
		default:
			// The watches on what was there follow it where it went.
			for _, p := range s.watcher.WatchList() {
				if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
					s.watcher.Remove(p)
				}
			}
			if err := s.watchTree(dir); err != nil {
				s.cfg.Log.Printf("watching %s again: %v", dir, err)
				now = nil // look again at the next tick
			} else {
				s.cfg.Log.Printf("the %s folder %s is back (made again, or replaced); watching it again", s.rootName(dir), dir)
			}
		}
		s.watched[dir] = now
		changed = true
	}
	return changed
}

// lost notes that the watched folder dir is gone, as far as its watches
// go: removed, moved away, or replaced by another.
func (s *Server) lost(dir string) {
	if s.watched[dir] == nil {
		return
	}
	s.watched[dir] = nil
	s.cfg.Log.Printf("the %s folder %s is gone (removed or moved away); serving the last good build until it is back", s.rootName(dir), dir)
}

// rootName says which folder dir is.
func (s *Server) rootName(dir string) string {
	if dir == s.cfg.Content {
		return "content"
	}
	return "theme"
}

// note adds an event to the batch and reports whether it may change the
// site; it starts watching a folder that the event creates. Editors'
// swap, backup and lock files change nothing, and rebuilding for them
// would reload the browser while the editor types.
func (s *Server) note(ev fsnotify.Event, b *batch) bool {
	name := filepath.Base(ev.Name)
	if junk(name) {
		return false
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
			// Files may have been written into it before the watch
			// began; the build that follows finds them.
			s.watchTree(ev.Name)
			b.all = true
			return true
		}
	}
	rel, err := filepath.Rel(s.cfg.Content, ev.Name)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return true // a theme file
	}
	switch ext := filepath.Ext(name); {
	case ext == ".md":
		b.files = append(b.files, filepath.ToSlash(rel))
		return true
	case name == "site.yaml":
		return true // read at every build anyway
	case ext == "" && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)):
		// Perhaps a folder of entries, which can no longer be looked at.
		b.all = true
		return true
	}
	// A file beside the entries, such as an image one of them links:
	// the entries that link files are read again.
	b.all = true
	return true
}

// junk reports whether a file name is one that editors and tools leave
// beside the files they edit: hidden files (vim's .x.md.swp, emacs's
// .#x.md lock), backups (x.md~), emacs's #x.md#, vim's 4913 probe and
// JetBrains's x.md___jb_tmp___.
func junk(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, "___") ||
		name == "4913"
}

// watchTree watches a folder and every folder below it but hidden ones
// (".git" changes all the time, and is not content).
func (s *Server) watchTree(root string) error {
	return filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == root {
				return err
			}
			return nil // gone already, or unreadable: the build says so
		}
		if !d.IsDir() {
			return nil
		}
		if name != root && junk(d.Name()) {
			return filepath.SkipDir
		}
		return s.watcher.Add(name)
	})
}
