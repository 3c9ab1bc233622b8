package content

import (
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

const loaderSiteYAML = `title: Test
base_url: https://status.example.org/
id_authority: example.org,2026
releases:
  - id: f42
    name: Fedora 42
  - id: f43
    name: Fedora 43
`

func loaderEntry(title string) string {
	return "---\ntitle: " + title + "\ndate: 2026-11-02\nreleases: [all]\nseverity: minor\nstatus: investigating\n---\nText.\n"
}

// countingFS counts the reads of each file, to see what a load parsed.
type countingFS struct {
	fstest.MapFS
	mu    sync.Mutex
	reads map[string]int
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.mu.Lock()
	c.reads[name]++
	c.mu.Unlock()
	return c.MapFS.ReadFile(name)
}

func (c *countingFS) Open(name string) (fs.File, error) {
	if !strings.HasSuffix(name, ".md") {
		return c.MapFS.Open(name) // folders, for the walk
	}
	c.mu.Lock()
	c.reads[name]++
	c.mu.Unlock()
	return c.MapFS.Open(name)
}

func (c *countingFS) takeReads() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var names []string
	for name := range c.reads {
		if strings.HasSuffix(name, ".md") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	c.reads = map[string]int{}
	return names
}

func entryTitles(s *Site) []string {
	var out []string
	for _, e := range s.Entries {
		out = append(out, e.Title)
	}
	return out
}

func TestLoaderReparsesOnlyChangedFiles(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	fsys := &countingFS{reads: map[string]int{}, MapFS: fstest.MapFS{
		"site.yaml":      {Data: []byte(loaderSiteYAML), ModTime: old},
		"news/a.md":      {Data: []byte(loaderEntry("A")), ModTime: old},
		"news/b.md":      {Data: []byte(loaderEntry("B")), ModTime: old},
		"news/broken.md": {Data: []byte("---\ntitle: [\n---\n"), ModTime: old},
	}}
	l := NewLoader(fsys, "content")

	// load looks at the stamp of every file, as a load after Changed with
	// no names does.
	load := func() (*Site, string) {
		t.Helper()
		l.Changed()
		site, _, err := l.Load(t.Context())
		var msgs []string
		for _, e := range Errors(err) {
			msgs = append(msgs, e.Error())
		}
		return site, strings.Join(msgs, "\n")
	}

	site, errs := load()
	if got := fsys.takeReads(); len(got) != 3 {
		t.Errorf("first load read %v, want every entry", got)
	}
	if got, want := entryTitles(site), []string{"A", "B"}; !slices.Equal(got, want) {
		t.Errorf("first load: entries %q, want %q", got, want)
	}
	if !strings.HasPrefix(errs, "content/news/broken.md:") || strings.Count(errs, "\n") != 0 {
		t.Errorf("first load: problems\n%s\nwant the one in broken.md", errs)
	}

	// Nothing changed: nothing is read, and the result is the same, even
	// though the entries given were resolved ("all" made f42, f43).
	site, errs2 := load()
	if got := fsys.takeReads(); len(got) != 0 {
		t.Errorf("unchanged load read %v, want nothing", got)
	}
	if errs2 != errs {
		t.Errorf("unchanged load: problems\n%s\nwant\n%s", errs2, errs)
	}
	if got := site.Entries[0].Releases; !slices.Equal(got, []string{"f42", "f43"}) {
		t.Errorf("unchanged load: releases %q, want all resolved to f42, f43", got)
	}

	// One file edited, one added, one deleted.
	later := old.Add(time.Minute)
	fsys.MapFS["news/b.md"] = &fstest.MapFile{Data: []byte(loaderEntry("B2")), ModTime: later}
	fsys.MapFS["news/c.md"] = &fstest.MapFile{Data: []byte(loaderEntry("C")), ModTime: later}
	delete(fsys.MapFS, "news/a.md")
	site, _ = load()
	if got, want := fsys.takeReads(), []string{"news/b.md", "news/c.md"}; !slices.Equal(got, want) {
		t.Errorf("after edits read %q, want %q", got, want)
	}
	if got, want := entryTitles(site), []string{"B2", "C"}; !slices.Equal(got, want) {
		t.Errorf("after edits: entries %q, want %q", got, want)
	}

	// Same size, same time: invisible to the stamp, so only a stamp too
	// recent to trust gets the file read again.
	now := time.Now()
	fsys.MapFS["news/c.md"] = &fstest.MapFile{Data: []byte(loaderEntry("D")), ModTime: now}
	load()
	fsys.MapFS["news/c.md"] = &fstest.MapFile{Data: []byte(loaderEntry("E")), ModTime: now}
	site, _ = load()
	if got, want := entryTitles(site), []string{"B2", "E"}; !slices.Equal(got, want) {
		t.Errorf("after two writes within one clock tick: entries %q, want %q", got, want)
	}
}

func TestLoaderMatchesLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":                       {Data: []byte(loaderSiteYAML)},
		"news/2026-11-01-a.md":            {Data: []byte(loaderEntry("A"))},
		"news/sub/b.md":                   {Data: []byte(strings.Replace(loaderEntry("B"), "[all]", "[f99]", 1))},
		"news/.hidden.md":                 {Data: []byte("not content")},
		"news/2026-11-03-newest-first.md": {Data: []byte(strings.Replace(loaderEntry("N"), "2026-11-02", "2026-11-03", 1))},
	}
	want, _, wantErr := Load(t.Context(), fsys, "content")
	l := NewLoader(fsys, "content")
	// The first load, one told of nothing, one told that anything may
	// have changed.
	for i := range 3 {
		if i == 2 {
			l.Changed()
		}
		site, _, err := l.Load(t.Context())
		if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) {
			t.Errorf("Loader: %v\nLoad: %v", err, wantErr)
		}
		if !slices.Equal(entryTitles(site), entryTitles(want)) {
			t.Errorf("Loader: entries %q, Load: %q", entryTitles(site), entryTitles(want))
		}
	}
}

func TestLoaderChanged(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	fsys := &countingFS{reads: map[string]int{}, MapFS: fstest.MapFS{
		"site.yaml": {Data: []byte(loaderSiteYAML), ModTime: old},
		"news/a.md": {Data: []byte(loaderEntry("A")), ModTime: old},
		"news/b.md": {Data: []byte(loaderEntry("B")), ModTime: old},
	}}
	l := NewLoader(fsys, "content")
	l.Load(t.Context())
	fsys.takeReads()

	later := old.Add(time.Minute)
	fsys.MapFS["news/a.md"] = &fstest.MapFile{Data: []byte(loaderEntry("A2")), ModTime: later}
	fsys.MapFS["news/b.md"] = &fstest.MapFile{Data: []byte(loaderEntry("B2")), ModTime: later}
	fsys.MapFS["news/c.md"] = &fstest.MapFile{Data: []byte(loaderEntry("C")), ModTime: later}
	// Told of a.md only: b.md is taken on trust, c.md is new.
	l.Changed("news/a.md")
	site, _, _ := l.Load(t.Context())
	if got, want := fsys.takeReads(), []string{"news/a.md", "news/c.md"}; !slices.Equal(got, want) {
		t.Errorf("Changed(a.md), Load read %q, want %q", got, want)
	}
	if got, want := entryTitles(site), []string{"A2", "B", "C"}; !slices.Equal(got, want) {
		t.Errorf("Changed(a.md), Load: entries %q, want %q", got, want)
	}
	// Changed with no names: Load looks at every file.
	l.Changed()
	site, _, _ = l.Load(t.Context())
	if got, want := entryTitles(site), []string{"A2", "B2", "C"}; !slices.Equal(got, want) {
		t.Errorf("Changed(), Load: entries %q, want %q", got, want)
	}
}

// TestLoaderSharesCheckedEntries checks that while site.yaml stays the
// same an unchanged entry is handed on as it was checked and resolved,
// and that a change to site.yaml has every entry checked again.
func TestLoaderSharesCheckedEntries(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	fsys := fstest.MapFS{
		"site.yaml": {Data: []byte(loaderSiteYAML), ModTime: old},
		"news/a.md": {Data: []byte(loaderEntry("A")), ModTime: old},
	}
	l := NewLoader(fsys, "content")
	load := func() *Entry {
		t.Helper()
		l.Changed() // look at every file
		site, _, err := l.Load(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return site.Entries[0]
	}
	first := load()
	if second := load(); second != first {
		t.Errorf("an unchanged entry was copied again")
	}
	// A new release: "all" must now cover it.
	fsys["site.yaml"] = &fstest.MapFile{Data: []byte(loaderSiteYAML + "  - id: f44\n    name: Fedora 44\n"), ModTime: old}
	third := load()
	if third == first {
		t.Errorf("site.yaml changed, but the entry was handed on as checked against the old one")
	}
	if got, want := third.Releases, []string{"f42", "f43", "f44"}; !slices.Equal(got, want) {
		t.Errorf("releases %q after site.yaml gained f44, want %q", got, want)
	}
}

// TestEntryFiles checks that the files an entry links by a relative path
// are found beside it, once each, and that links to pages are not files.
func TestEntryFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":           {Data: []byte(loaderSiteYAML)},
		"news/a.md":           {Data: []byte("---\ntitle: A\ndate: 2026-11-02\nreleases: [all]\nseverity: minor\nstatus: investigating\nworkaround: See [the log](logs/dmesg.txt).\n---\n![shot](shot.png) ![again](./shot.png) [other](../b/) [up](/news/) [web](https://example.org/x.png) [here](#details)\n")},
		"news/shot.png":       {Data: []byte("png")},
		"news/logs/dmesg.txt": {Data: []byte("log")},
	}
	site, _, err := Load(t.Context(), fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	want := []File{{Name: "logs/dmesg.txt", Path: "news/logs/dmesg.txt"}, {Name: "shot.png", Path: "news/shot.png"}}
	got := site.Entries[0].Files
	slices.SortFunc(got, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	if !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if data, err := site.ReadFile("news/shot.png"); err != nil || string(data) != "png" {
		t.Errorf("ReadFile: %q, %v", data, err)
	}
}
