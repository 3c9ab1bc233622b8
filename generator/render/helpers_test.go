package render

import (
	"flag"
	"io/fs"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/internal/golden"
	"github.com/bulletin-status/bulletin/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// goldenNow is the build clock of the golden site: after its upcoming
// maintenance was announced, before it starts.
var goldenNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// load loads a content folder given as a file system, failing the test on
// any problem.
func load(t *testing.T, fsys fs.FS) *content.Site {
	t.Helper()
	site, _, err := content.Load(t.Context(), fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// renderAll renders a loaded site with the theme into memory.
func renderAll(t *testing.T, site *content.Site, theme fs.FS, opts Options) (*Renderer, *golden.Files) {
	t.Helper()
	r, err := New(site, theme, opts)
	if err != nil {
		t.Fatal(err)
	}
	var out golden.Files
	if err := r.RenderAll(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	return r, &out
}

// renderSite loads the content folder fsys and renders it with the
// default theme into memory; the renderer knows the site and its URLs.
func renderSite(t *testing.T, fsys fs.FS, opts Options) (*Renderer, *golden.Files) {
	t.Helper()
	return renderAll(t, load(t, fsys), themes.Default, opts)
}

// renderFS opens a content folder given as a file system and renders it.
func renderFS(t *testing.T, fsys fs.FS, opts Options) *golden.Files {
	t.Helper()
	_, out := renderSite(t, fsys, opts)
	return out
}

// renderDir opens a content folder and renders it into memory.
func renderDir(t *testing.T, dir string, theme fs.FS, opts Options) *golden.Files {
	t.Helper()
	fsys, err := content.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, out := renderAll(t, load(t, fsys), theme, opts)
	return out
}
