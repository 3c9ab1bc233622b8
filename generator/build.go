package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Open loads the content folder dir and validates it: the load and validate
// steps of every command. The error holds every problem of both steps,
// sorted; the site is nil unless there are none.
func Open(dir string) (*Site, error) {
	if err := CheckContentDir(dir); err != nil {
		return nil, err
	}
	return OpenFS(dirFS(dir), filepath.ToSlash(filepath.Clean(dir)))
}

// CheckContentDir checks that dir is a folder, so that a mistyped content
// folder is told as such, not as a missing site.yaml.
func CheckContentDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: no such folder; the content folder holds site.yaml and the entries", dir)
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("%s: not a folder; the content folder holds site.yaml and the entries", dir)
	}
	return nil
}

// OpenFS is Open for a content folder given as a file system; root is how
// errors name it.
func OpenFS(fsys fs.FS, root string) (*Site, error) {
	site, err := Load(fsys, root)
	if err != nil {
		// Validate what did load, so that one run reports everything.
		return nil, JoinErrors(err, site.Validate())
	}
	if err := site.Validate(); err != nil {
		return nil, err
	}
	return site, nil
}

// Config says what to build and where.
type Config struct {
	Content string    // the content folder
	Out     string    // the folder the site replaces
	Theme   fs.FS     // the theme (themes.Open)
	Now     time.Time // the build clock
	Minify  bool
}

// Stats tells what a build did.
type Stats struct {
	Entries int
	Files   int
}

// Build turns the content folder into the site in cfg.Out. The folder is
// replaced only when everything succeeded; on any error it stays as it was.
func Build(cfg Config) (Stats, error) {
	site, err := Open(cfg.Content)
	if err != nil {
		return Stats{}, err
	}
	site.forgetPositions()
	r, err := NewRenderer(site, cfg.Theme, Options{Now: cfg.Now, Minify: cfg.Minify})
	if err != nil {
		return Stats{}, err
	}
	out, err := NewDir(cfg.Out, cfg.Content)
	if err != nil {
		return Stats{}, err
	}
	if err := r.RenderAll(out); err != nil {
		out.Abort()
		return Stats{}, explainRender(err, site, cfg)
	}
	if err := out.Commit(); err != nil {
		return Stats{}, fmt.Errorf("replace %s: %w", cfg.Out, err)
	}
	return Stats{Entries: len(site.Entries), Files: len(r.Names())}, nil
}

// forgetPositions drops where each field of each entry was written. Only
// problems and warnings need positions, and a build renders a site that
// has none; on a site of 100,000 entries they are a tenth of the memory.
func (s *Site) forgetPositions() {
	for _, e := range s.Entries {
		e.pos, e.releaseAt, e.check = nil, nil, nil
	}
}

// explainRender returns err, a failure to render, as a build without
// minifying words it. Minified layouts are one line each, so an error
// while rendering one names line 1; the same page rendered from the
// layouts as written names the line the mistake is on.
func explainRender(err error, site *Site, cfg Config) error {
	var re *RenderError
	if !cfg.Minify || !errors.As(err, &re) {
		return err
	}
	plain, perr := NewRenderer(site, cfg.Theme, Options{Now: cfg.Now})
	if perr != nil {
		return err
	}
	if _, _, rerr := plain.Render(re.Name); rerr != nil {
		return rerr
	}
	return err
}
