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

// watch builds again after each burst of changes, until ctx is done.
func (s *Server) watch(ctx context.Context) {
	defer close(s.done)
	defer s.watcher.Close()
	timer := time.NewTimer(0)
	<-timer.C
	var (
		waiting bool
		first   time.Time
		changes int
	)
	schedule := func() {
		now := time.Now()
		if !waiting {
			waiting, first, changes = true, now, 0
		}
		changes++
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
			if s.matters(ev) {
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
				schedule()
			}
		case <-timer.C:
			waiting = false
			s.rebuild(changes)
		}
	}
}

// matters reports whether an event may change the site, and starts
// watching a folder it creates. Editors' swap, backup and lock files
// change nothing; rebuilding for them would reload the browser while
// the editor types.
func (s *Server) matters(ev fsnotify.Event) bool {
	name := filepath.Base(ev.Name)
	if junk(name) {
		return false
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
			// Files may have been written into it before the watch
			// began; the build that follows finds them.
			s.watchTree(ev.Name)
			return true
		}
	}
	if !within(s.cfg.Content, ev.Name) {
		return true // a theme file
	}
	switch ext := filepath.Ext(name); {
	case ext == ".md", name == "site.yaml":
		return true
	case ext == "" && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)):
		// Perhaps a folder of entries, which can no longer be looked at.
		return true
	}
	return false
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

// within reports whether name is dir or inside it.
func within(dir, name string) bool {
	rel, err := filepath.Rel(dir, name)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
