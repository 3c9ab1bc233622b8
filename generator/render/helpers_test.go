package render

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// goldenNow is the build clock of the golden site: after its upcoming
// maintenance was announced, before it starts.
var goldenNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// files is an Output in memory, for tests.
type files struct {
	mu    sync.Mutex
	files map[string][]byte
}

// WriteFile stores a copy of data: the renderer reuses its buffers.
func (f *files) WriteFile(name string, data []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.files == nil {
		f.files = map[string][]byte{}
	}
	f.files[name] = bytes.Clone(data)
	return nil
}

// Get returns the file with the name, if there is one.
func (f *files) Get(name string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	data, ok := f.files[name]
	return data, ok
}

// Names returns the names of all files, sorted.
func (f *files) Names() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	names := make([]string, 0, len(f.files))
	for name := range f.files {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

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
func renderAll(t *testing.T, site *content.Site, theme fs.FS, opts Options) (*Renderer, *files) {
	t.Helper()
	r, err := New(site, theme, opts)
	if err != nil {
		t.Fatal(err)
	}
	var out files
	if err := r.RenderAll(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	return r, &out
}

// renderSite loads the content folder fsys and renders it with the
// default theme into memory; the renderer knows the site and its URLs.
func renderSite(t *testing.T, fsys fs.FS, opts Options) (*Renderer, *files) {
	t.Helper()
	return renderAll(t, load(t, fsys), themes.Default, opts)
}

// renderFS opens a content folder given as a file system and renders it.
func renderFS(t *testing.T, fsys fs.FS, opts Options) *files {
	t.Helper()
	_, out := renderSite(t, fsys, opts)
	return out
}

// renderDir opens a content folder and renders it into memory.
func renderDir(t *testing.T, dir string, theme fs.FS, opts Options) *files {
	t.Helper()
	fsys, err := content.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, out := renderAll(t, load(t, fsys), theme, opts)
	return out
}

// compareTree compares rendered files with a folder of expected ones, file
// by file: missing, extra and different files are each reported.
func compareTree(t *testing.T, dir string, got *files) {
	t.Helper()
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for _, name := range got.Names() {
			data, _ := got.Get(name)
			path := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := readTree(t, dir)
	for _, name := range got.Names() {
		data, _ := got.Get(name)
		exp, ok := want[name]
		switch {
		case !ok:
			t.Errorf("%s: extra file (run go test ./generator/render -update if it is meant to be there)", name)
		case !bytes.Equal(data, exp):
			t.Errorf("%s: differs from the golden file:\n%s", name, firstDifference(exp, data))
		}
		delete(want, name)
	}
	for name := range want {
		t.Errorf("%s: missing", name)
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// firstDifference shows the first line that differs, with its number.
func firstDifference(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + "\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(same lines, different bytes)"
}
