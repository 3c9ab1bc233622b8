// Package golden holds what the generator's golden tests share: a site
// rendered into memory, and its comparison with a folder of the files
// expected, which a test run with -update rewrites.
package golden

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Files is a render.Output in memory.
type Files struct {
	mu    sync.Mutex
	files map[string][]byte
}

// WriteFile stores a copy of data: the renderer reuses its buffers.
func (f *Files) WriteFile(name string, data []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.files == nil {
		f.files = map[string][]byte{}
	}
	f.files[name] = bytes.Clone(data)
	return nil
}

// Get returns the file with the name, if there is one.
func (f *Files) Get(name string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	data, ok := f.files[name]
	return data, ok
}

// Names returns the names of all files, sorted.
func (f *Files) Names() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(maps.Keys(f.files))
}

// Compare compares rendered files with the folder dir of expected ones,
// file by file: missing, extra and different files are each reported.
// With update, it makes dir hold the rendered files instead.
func Compare(t testing.TB, dir string, got *Files, update bool) {
	t.Helper()
	if update {
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
	want := ReadTree(t, dir)
	for _, name := range got.Names() {
		data, _ := got.Get(name)
		exp, ok := want[name]
		switch {
		case !ok:
			t.Errorf("%s: extra file (run the test with -update if it is meant to be there)", name)
		case !bytes.Equal(data, exp):
			t.Errorf("%s: differs from the golden file:\n%s", name, FirstDifference(exp, data))
		}
		delete(want, name)
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		t.Errorf("%s: missing", name)
	}
}

// ReadTree reads every file below dir, by its slash-separated path inside.
func ReadTree(t testing.TB, dir string) map[string][]byte {
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

// FirstDifference shows the first line that differs, with its number.
func FirstDifference(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(wl), len(gl)) {
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
