package themes

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
)

// TestEmbedded guards the embed pattern: without "all:" files starting
// with "_" or "." would be dropped silently.
func TestEmbedded(t *testing.T) {
	for _, name := range []string{"layouts/base.html", "layouts/entry.html", "layouts/partials/entries.html", "assets/style.css", "assets/copy.js"} {
		if _, err := fs.Stat(Default, name); err != nil {
			t.Errorf("default theme: %v", err)
		}
	}
}

func TestOverlay(t *testing.T) {
	top := fstest.MapFS{
		"layouts/entry.html": {Data: []byte("mine")},
		"assets/extra.css":   {Data: []byte("extra")},
	}
	o := Overlay(top, Default)
	if data, _ := fs.ReadFile(o, "layouts/entry.html"); string(data) != "mine" {
		t.Errorf("the overlay's own file: %q", data)
	}
	def, _ := fs.ReadFile(Default, "layouts/home.html")
	if data, _ := fs.ReadFile(o, "layouts/home.html"); string(data) != string(def) {
		t.Errorf("a file the overlay lacks does not come from the default theme")
	}
	entries, err := fs.ReadDir(o, "assets")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.IsSorted(names) || !slices.Contains(names, "extra.css") || !slices.Contains(names, "style.css") {
		t.Errorf("assets/ of the overlay: %v", names)
	}
	if err := fstest.TestFS(o, "layouts/entry.html", "assets/extra.css", "assets/style.css"); err != nil {
		t.Error(err)
	}
}

func TestOpen(t *testing.T) {
	if fsys, err := Open(""); err != nil || fsys != Default {
		t.Errorf("Open(\"\") = %v, %v", fsys, err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "layouts", "404.html"), []byte("lost"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := fs.ReadFile(fsys, "layouts/404.html"); string(data) != "lost" {
		t.Errorf("layouts/404.html = %q", data)
	}
	missing := filepath.Join(dir, "missing")
	want := "theme " + missing + ": no such folder; a theme folder holds the files that replace the default theme's (layouts/, assets/, static/)"
	if _, err := Open(missing); err == nil || err.Error() != want {
		t.Errorf("Open of a missing folder: %v, want %s", err, want)
	}
}
