// Package write puts a rendered site on disk, and decides how its files
// are minified (Minify).
//
// A site is written whole or not at all: files go into a hidden sibling of
// the output folder, which is swapped in for the old one only when every
// file is written, so that a failed or interrupted build leaves the old
// site as it was and nothing of an earlier build lingers.
package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/bulletin-status/bulletin/generator/internal/sysfile"
)

// Dir replaces a folder as a whole with the files written to it. Files go into a
// hidden sibling folder; Commit swaps it in for the old one only when
// everything has been written, so that a failed or interrupted build
// leaves the old folder as it was, and nothing of an earlier build lingers.
//
// One Dir at a time writes a folder: a lock beside it (".public.lock")
// makes a second build into the same folder refuse, saying why, rather
// than remove the first one's hidden folder while it is written.
type Dir struct {
	out   string // as the user named it, for messages
	final string // where the site goes, every link resolved
	tmp   string
	dirs  sync.Map // folders already made in tmp
	lock  *lock
	// old is the old site, surveyed while the new one is written: it
	// tells whether the old site can be removed once swapped out.
	old  chan surveyed
	done bool // committed or aborted
}

// NewDir prepares to replace the folder out with a site built from the
// folder content, which out must not be, hold or sit inside. When out is
// a symbolic link (public -> /var/www/status), the link stays and the
// folder it points to is replaced.
func NewDir(out, content string) (*Dir, error) {
	out = filepath.Clean(out)
	final, err := resolve(out)
	if err != nil {
		return nil, fmt.Errorf("-out %s: %w", out, err)
	}
	if err := checkOutDir(out, final, content); err != nil {
		return nil, err
	}
	parent, base := filepath.Split(final)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	l, err := lockOut(parent, base, out)
	if err != nil {
		return nil, err
	}
	// Only now: what looks like another build's folder is stale once
	// this build holds the lock.
	removeStale(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err == nil {
		// MkdirTemp makes the folder private; a site is meant to be served.
		if err = os.Chmod(tmp, 0o755); err != nil {
			os.RemoveAll(tmp)
		}
	}
	if err != nil {
		l.release()
		return nil, err
	}
	d := &Dir{out: out, final: final, tmp: tmp, lock: l, old: make(chan surveyed, 1)}
	go func() {
		site, err := survey(final)
		d.old <- surveyed{site, err}
	}()
	return d, nil
}

// surveyed is what survey returned.
type surveyed struct {
	site *oldSite
	err  error
}

// resolve returns the absolute path of name with every symbolic link in
// it resolved, also where name itself does not exist yet: compared as
// written, link/public (link → content) is not inside the content folder.
func resolve(name string) (string, error) {
	abs, err := filepath.Abs(name)
	if err != nil {
		return "", err
	}
	var missing []string // the trailing names that do not exist, innermost first
	for p := abs; ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil {
			r, err := filepath.EvalSymlinks(p)
			if err != nil {
				return "", err // a link to nothing: which folder is meant?
			}
			for i := len(missing) - 1; i >= 0; i-- {
				r = filepath.Join(r, missing[i])
			}
			return r, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if filepath.Dir(p) == p {
			return abs, nil
		}
		missing = append(missing, filepath.Base(p))
	}
}

// checkOutDir refuses folders that a build must never replace: a typo in
// -out should not swap away a home folder, the project, the content or a
// folder of other work. out is the folder as the user named it, final
// where it is, every link resolved; the others are resolved too.
func checkOutDir(out, final, content string) error {
	refuse := func(why string) error {
		return fmt.Errorf("refusing to replace %s with the site: %s; name a folder of its own, such as public", out, why)
	}
	resolved := func(name string) string {
		if name == "" {
			return ""
		}
		r, err := resolve(name)
		if err != nil {
			return name
		}
		return r
	}
	abs := final
	wd, _ := os.Getwd()
	home, _ := os.UserHomeDir()
	wd, home = resolved(wd), resolved(home)
	switch {
	case abs == filepath.Dir(abs):
		return refuse("it is the root folder")
	case abs == home:
		return refuse("it is your home folder")
	case wd != "" && within(wd, abs):
		return refuse("it holds the current folder")
	}
	if c := resolved(content); c != "" {
		switch {
		case abs == c:
			return refuse("it is the content folder")
		case within(abs, c):
			return refuse("it is inside the content folder " + content)
		case within(c, abs):
			return refuse("it holds the content folder " + content)
		}
	}
	entries, err := os.ReadDir(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil && !isDir(abs):
		return refuse("it is a file, not a folder")
	case err != nil:
		return err
	}
	// What a build replaces is an earlier build, or nothing. A folder of
	// other files goes only by hand.
	if len(entries) > 0 && !isFile(filepath.Join(abs, "index.html")) {
		return refuse("it holds files but no index.html, so it is not a site built before")
	}
	return nil
}

// within reports whether the absolute path p is dir or inside it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, strings.TrimSuffix(dir, string(filepath.Separator))+string(filepath.Separator))
}

func isDir(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.IsDir()
}

func isFile(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

// removeStale deletes what interrupted builds left behind.
func removeStale(parent, base string) {
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if n := e.Name(); strings.HasPrefix(n, "."+base+".tmp-") || strings.HasPrefix(n, "."+base+".old-") {
			os.RemoveAll(filepath.Join(parent, n))
		}
	}
}

// errNotWritable is a folder of the old site that this process may not
// change: once swapped out, the old site could not be removed.
type errNotWritable struct{ dir string }

func (e *errNotWritable) Error() string { return e.dir + " is not writable" }

// oldSite is what an output folder holds before it is replaced: every
// file and folder in it, by path inside it, each folder before what it
// holds.
type oldSite struct {
	files, dirs []string
}

// survey lists the old site at root, or returns an *errNotWritable for
// its first folder this process may not remove files from: swapping the
// new site in and then failing to remove the old one would leave the old
// one beside it for good, after a build that failed with the new site in
// place. The list then removes the old site without reading its folders
// again, which is what the walk costs; it runs while the new site is
// written. A root that does not exist is an empty site.
func survey(root string) (*oldSite, error) {
	site := &oldSite{}
	var walk func(rel string) error
	walk = func(rel string) error {
		dir := filepath.Join(root, rel)
		f, err := os.Open(dir)
		if errors.Is(err, fs.ErrNotExist) && rel == "" {
			return nil
		}
		if err != nil {
			return err
		}
		entries, err := f.ReadDir(-1)
		f.Close()
		if err != nil {
			return err
		}
		if !writable(dir) {
			return &errNotWritable{dir}
		}
		site.dirs = append(site.dirs, rel)
		for _, e := range entries {
			name := filepath.Join(rel, e.Name())
			if !e.IsDir() {
				site.files = append(site.files, name)
			} else if err := walk(name); err != nil {
				return err
			}
		}
		return nil
	}
	return site, walk("")
}

// remove removes the site, now at root, as survey listed it; what is
// there that the list does not know goes as os.RemoveAll removes it.
func (site *oldSite) remove(root string) error {
	if root == "" {
		return nil // there was no old site to swap out
	}
	var first error
	for _, name := range site.files {
		if err := os.Remove(filepath.Join(root, name)); err != nil && !errors.Is(err, fs.ErrNotExist) && first == nil {
			first = err
		}
	}
	for i := len(site.dirs) - 1; i >= 0; i-- {
		dir := filepath.Join(root, site.dirs[i])
		if err := syscall.Rmdir(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			if err := os.RemoveAll(dir); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// WriteFile writes one file into the new folder.
func (d *Dir) WriteFile(name string, data []byte) error {
	if !validOutputPath(name) {
		return fmt.Errorf("invalid output path %q", name)
	}
	full := filepath.Join(d.tmp, filepath.FromSlash(name))
	dir := filepath.Dir(full)
	if _, ok := d.dirs.Load(dir); !ok {
		if err := d.mkdirs(dir); err != nil {
			return err
		}
		d.dirs.Store(dir, true)
	}
	return sysfile.WriteFile(full, data)
}

// mkdirs makes the folder dir in the new folder, and the folders it is
// in. Most folders of a site hold one page whose parent exists already
// ("news/mesa/"): one mkdir makes it, where MkdirAll would first stat the
// folder and then its parent. Unlike MkdirAll it never makes the new
// folder itself: if that is gone, the build fails rather than publish
// what is written from then on.
func (d *Dir) mkdirs(dir string) error {
	if dir == d.tmp {
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		if err := d.mkdirs(filepath.Dir(dir)); err != nil {
			return err
		}
		err = os.Mkdir(dir, 0o755)
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}

// validOutputPath keeps every file inside the output folder.
func validOutputPath(name string) bool {
	return name != "" && path.Clean(name) == name && !path.IsAbs(name) && name != ".." && !strings.HasPrefix(name, "../")
}

// Commit puts the new folder in place of the old one. On an error the
// old folder stays as it was and the new one is gone, with one exception
// it says so: the new site in place, and the old one not removable.
func (d *Dir) Commit() error {
	if d.done {
		return errors.New("the site is already committed or aborted")
	}
	old := <-d.old
	var nw *errNotWritable
	switch {
	case errors.As(old.err, &nw):
		d.Abort()
		return fmt.Errorf("cannot replace %s: %s is not writable, so the old site cannot be removed; make it writable (chmod -R u+w %s)", d.out, d.shown(nw.dir), d.out)
	case old.err != nil:
		d.Abort()
		return fmt.Errorf("cannot replace %s: %w", d.out, old.err)
	}
	// The files on disk before their names are swapped in: else a power
	// cut soon after may publish the new names with nothing in them.
	if err := syncTree(d.tmp); err != nil {
		d.Abort()
		return fmt.Errorf("replace %s: %w", d.out, err)
	}
	at, err := swap(d.tmp, d.final)
	if err != nil {
		d.Abort()
		return fmt.Errorf("replace %s: %w", d.out, err)
	}
	d.done = true
	defer d.lock.release()
	if err := syncDir(filepath.Dir(d.final)); err != nil {
		return fmt.Errorf("replaced %s with the new site, but could not put the change on disk: %w", d.out, err)
	}
	if err := old.site.remove(at); err != nil {
		return fmt.Errorf("replaced %s with the new site, but the old one could not be removed from %s: %w; remove it by hand", d.out, at, err)
	}
	return nil
}

// shown names a path of the old site as the user named the output folder.
func (d *Dir) shown(name string) string {
	if rel, err := filepath.Rel(d.final, name); err == nil {
		return filepath.Join(d.out, rel)
	}
	return name
}

// Abort throws the new folder away and leaves the old one as it was. It
// may be called more than once, and after Commit.
func (d *Dir) Abort() {
	if d.done {
		return
	}
	d.done = true
	os.RemoveAll(d.tmp)
	d.lock.release()
}

// swap puts the folder tmp at final, and returns where the old folder is
// now, to be removed ("" for none). Where the system can exchange two names in one
// step, readers of final never see it missing; elsewhere the old folder
// is renamed away first, a moment in which final is absent.
func swap(tmp, final string) (old string, err error) {
	if _, err := os.Lstat(final); errors.Is(err, os.ErrNotExist) {
		return "", os.Rename(tmp, final)
	}
	if err := exchange(tmp, final); err == nil {
		return tmp, nil // tmp now holds the old site
	}
	// ".public.tmp-123" → ".public.old-123", which removeStale knows.
	old = filepath.Join(filepath.Dir(tmp), strings.Replace(filepath.Base(tmp), ".tmp-", ".old-", 1))
	if err := os.Rename(final, old); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, final); err != nil {
		os.Rename(old, final)
		return "", err
	}
	return old, nil
}
