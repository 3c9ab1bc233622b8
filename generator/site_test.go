package generator_test

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/internal/golden"
	"github.com/bulletin-status/bulletin/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// goldenNow is the build clock of the golden site: after its upcoming
// maintenance was announced, before it starts.
var goldenNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// TestGoldenSite renders testdata/golden/content and compares every file
// with testdata/golden/public, unminified so that a diff reads well.
// go test ./generator -update rewrites the expected files.
func TestGoldenSite(t *testing.T) {
	out := render(t, generator.Config{Content: "testdata/golden/content", Now: goldenNow})
	golden.Compare(t, "testdata/golden/public", out, *update)
}

// TestOverdueETA checks that an open incident's fix date, once passed,
// is marked as such wherever it shows, and only then.
func TestOverdueETA(t *testing.T) {
	const mark = `<span class="overdue">(overdue)</span>`
	pages := []string{"news/mesa-hang/index.html", "index.html", "releases/ex2/index.html"}
	for _, tt := range []struct {
		now  time.Time
		want bool
	}{
		{goldenNow, false}, // the ETA is 2026-11-23T18:00:00Z
		{time.Date(2026, 11, 23, 18, 0, 0, 0, time.UTC), false},
		{time.Date(2026, 11, 23, 18, 0, 1, 0, time.UTC), true},
	} {
		out := render(t, generator.Config{Content: "testdata/golden/content", Now: tt.now})
		for _, name := range pages {
			page, _ := out.Get(name)
			if got := strings.Contains(string(page), "23 November 2026, 18:00 UTC</time> "+mark); got != tt.want {
				t.Errorf("at %v, %s marks the ETA overdue: %v, want %v", tt.now, name, got, tt.want)
			}
		}
	}
}

// TestPageReferences checks that every id a page refers to (aria-labelledby,
// aria-describedby, links to "#id") is on the page: a dangling reference
// leaves a section nameless for screen readers, or a link going nowhere.
func TestPageReferences(t *testing.T) {
	refs := regexp.MustCompile(`(?:aria-labelledby|aria-describedby)="([^"]+)"|href="#([^"]+)"`)
	for _, dir := range []string{"testdata/golden/content", "../content", "testdata/realworld/content"} {
		out := render(t, generator.Config{Content: dir, Now: goldenNow})
		for _, name := range out.Names() {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			page, _ := out.Get(name)
			for _, m := range refs.FindAllStringSubmatch(string(page), -1) {
				for _, id := range strings.Fields(m[1] + " " + m[2]) {
					if !strings.Contains(string(page), ` id="`+id+`"`) {
						t.Errorf("%s: %s refers to id %q, which is not on the page", dir, name, id)
					}
				}
			}
		}
	}
}

// TestThemeErrorLines checks that a mistake in a layout is reported on its
// own line, though minified layouts are one line each.
func TestThemeErrorLines(t *testing.T) {
	notFound, err := fs.ReadFile(themes.Default, "layouts/404.html")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(notFound), "\n")
	for _, tt := range []struct{ line, want string }{
		{"<p>{{if}}</p>", "theme: template: layouts/404.html:3: missing value for if"},
		{"<p>{{.Nope}}</p>", `render 404.html: template: layouts/404.html:3:5: executing "main" at <.Nope>: can't evaluate field Nope in type *render.Page`},
	} {
		broken := slices.Concat(lines[:2], []string{tt.line}, lines[2:])
		th := theme(t, map[string]string{"layouts/404.html": strings.Join(broken, "\n")})
		for _, minify := range []bool{false, true} {
			_, err := generator.Build(t.Context(), generator.Config{Content: "testdata/golden/content", Out: filepath.Join(t.TempDir(), "public"), Theme: th, Now: goldenNow, Minify: minify})
			if err == nil || err.Error() != tt.want {
				t.Errorf("minify %v: got %v\nwant %s", minify, err, tt.want)
			}
		}
	}
}

// TestThemeStatic checks that a theme's static files are published at the
// root, that static/robots.txt replaces the generated one, and that one in
// the place of a page is refused rather than silently lost.
func TestThemeStatic(t *testing.T) {
	th := theme(t, map[string]string{
		"static/robots.txt":        "User-agent: *\nDisallow: /\n",
		"static/.well-known/x.txt": "x\n",
	})
	out := render(t, generator.Config{Content: "testdata/golden/content", Theme: th, Now: goldenNow})
	for name, want := range map[string]string{"robots.txt": "User-agent: *\nDisallow: /\n", ".well-known/x.txt": "x\n"} {
		if got, _ := out.Get(name); string(got) != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}

	th = theme(t, map[string]string{"static/index.html": "<p>mine</p>"})
	_, err := generator.Build(t.Context(), generator.Config{Content: "testdata/golden/content", Out: filepath.Join(t.TempDir(), "public"), Theme: th, Now: goldenNow})
	want := "theme: static/index.html has the path of a file the site makes; rename or remove it"
	if err == nil || err.Error() != want {
		t.Errorf("static/index.html: got %v, want %s", err, want)
	}
}

// render prepares a content folder as every command does and renders it
// into memory.
func render(t *testing.T, cfg generator.Config) *golden.Files {
	t.Helper()
	p, err := generator.Prepare(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out golden.Files
	if err := p.Renderer.RenderAll(t.Context(), &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

// theme writes a theme folder with the files, over the default theme.
func theme(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		name = filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestBuildDeterministic builds the sample site twice, minified, and wants
// the same bytes: the build clock is the only input besides the content.
func TestBuildDeterministic(t *testing.T) {
	tmp := t.TempDir()
	var trees []map[string][]byte
	for _, out := range []string{"a", "b"} {
		cfg := generator.Config{Content: "../content", Out: filepath.Join(tmp, out), Now: goldenNow, Minify: true}
		if _, err := generator.Build(t.Context(), cfg); err != nil {
			t.Fatal(err)
		}
		trees = append(trees, golden.ReadTree(t, cfg.Out))
	}
	if len(trees[0]) == 0 {
		t.Fatal("no files built")
	}
	for name, a := range trees[0] {
		if !bytes.Equal(a, trees[1][name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	if len(trees[0]) != len(trees[1]) {
		t.Errorf("%d files, then %d", len(trees[0]), len(trees[1]))
	}
}

// TestBuildMinifies checks that a build minifies (the golden site is
// compared unminified) and that the minified page is still whole.
func TestBuildMinifies(t *testing.T) {
	plain := render(t, generator.Config{Content: "testdata/golden/content", Now: goldenNow})
	small := render(t, generator.Config{Content: "testdata/golden/content", Now: goldenNow, Minify: true})
	for _, name := range []string{"index.html", "news/mesa-hang/index.html", "sitemap.xml"} {
		p, _ := plain.Get(name)
		m, _ := small.Get(name)
		if len(m) >= len(p) {
			t.Errorf("%s: minified %d bytes, plain %d", name, len(m), len(p))
		}
	}
	page, _ := small.Get("news/mesa-hang/index.html")
	for _, want := range []string{`<html lang="en-GB">`, "</html>", "Mesa update hangs games", "sudo dnf downgrade mesa-vulkan-drivers"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("minified entry page lacks %q", want)
		}
	}
	css := small.Names()[slices.IndexFunc(small.Names(), func(n string) bool { return strings.HasSuffix(n, ".css") })]
	if data, _ := small.Get(css); bytes.Contains(data, []byte("\n  ")) {
		t.Errorf("%s is not minified", css)
	}
}

// TestFailedBuildKeepsOutput breaks the content, then the theme, and wants
// the previous output byte for byte, with nothing left beside it.
func TestFailedBuildKeepsOutput(t *testing.T) {
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := os.CopyFS(content, os.DirFS("testdata/golden/content")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "public")
	cfg := generator.Config{Content: content, Out: out, Now: goldenNow, Minify: true}
	if _, err := generator.Build(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	before := golden.ReadTree(t, out)

	bad := filepath.Join(content, "news", "2026-11-21-bad.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: Bad\ndate: 2026-11-21\nreleases: [ex9]\nseverity: major\nstatus: identified\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Build(t.Context(), cfg); err == nil || !strings.Contains(err.Error(), `2026-11-21-bad.md:4:12: unknown release "ex9"`) {
		t.Fatalf("build with a bad entry: %v", err)
	}
	assertTree(t, out, before)
	os.Remove(bad)

	// A theme whose entry layout fails while executing fails the build
	// half way through rendering.
	cfg.Theme = theme(t, map[string]string{
		"layouts/entry.html": `{{define "main"}}{{.Entry.NoSuchField}}{{end}}`,
	})
	if _, err := generator.Build(t.Context(), cfg); err == nil || !strings.Contains(err.Error(), "NoSuchField") {
		t.Fatalf("build with a broken theme: %v", err)
	}
	assertTree(t, out, before)

	leftovers, _ := filepath.Glob(filepath.Join(tmp, ".public*"))
	if len(leftovers) > 0 {
		t.Errorf("left behind: %v", leftovers)
	}
}

func assertTree(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	got := golden.ReadTree(t, dir)
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d", dir, len(got), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s: %s changed", dir, name)
		}
	}
}

// TestBuildReplacesOutput checks that files of an earlier build do not
// linger, and that what an interrupted build left behind is cleaned up.
func TestBuildReplacesOutput(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "public")
	stale := filepath.Join(tmp, ".public.tmp-12345")
	for _, dir := range []string{filepath.Join(out, "news", "gone"), stale} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"index.html", "news/gone/index.html"} {
		if err := os.WriteFile(filepath.Join(out, name), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := generator.Config{Content: "testdata/golden/content", Out: out, Now: goldenNow}
	if _, err := generator.Build(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(out, "news", "gone"), stale} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s is still there", p)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "news", "mesa-hang", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestBuildRefusesDangerousOut checks that -out never swaps away a folder
// that is not an earlier build: a typo must not cost anyone their content.
func TestBuildRefusesDangerousOut(t *testing.T) {
	tmp := t.TempDir()
	content := filepath.Join(tmp, "site", "content")
	if err := os.CopyFS(content, os.DirFS("testdata/golden/content")); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(tmp, "work")
	os.MkdirAll(filepath.Join(work, "src"), 0o755)
	os.WriteFile(filepath.Join(work, "src", "main.go"), []byte("package main\n"), 0o644)
	os.WriteFile(filepath.Join(work, "notes.txt"), []byte("notes\n"), 0o644)
	tests := []struct{ out, why string }{
		{".", "it holds the current folder"},
		{"..", "it holds the current folder"},
		{"testdata", "it holds files but no index.html, so it is not a site built before"},
		{"/", "it is the root folder"},
		{content, "it is the content folder"},
		{filepath.Join(content, "news"), "it is inside the content folder " + content},
		{filepath.Join(tmp, "site"), "it holds the content folder " + content},
		{work, "it holds files but no index.html, so it is not a site built before"},
		{filepath.Join(work, "notes.txt"), "it is a file, not a folder"},
	}
	for _, tt := range tests {
		_, err := generator.Build(t.Context(), generator.Config{Content: content, Out: tt.out, Now: goldenNow})
		want := "refusing to replace " + tt.out + " with the site: " + tt.why + "; name a folder of its own, such as public"
		if err == nil || err.Error() != want {
			t.Errorf("-out %s:\n got %v\nwant %s", tt.out, err, want)
		}
	}
	if _, err := os.Stat(filepath.Join(work, "src", "main.go")); err != nil {
		t.Errorf("a refused build touched the folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(content, "site.yaml")); err != nil {
		t.Errorf("a refused build touched the content: %v", err)
	}

	// An empty folder, and a link to an earlier build, are fine; the link
	// stays a link and its folder gets the site.
	empty := filepath.Join(tmp, "empty")
	os.Mkdir(empty, 0o755)
	served := filepath.Join(tmp, "www", "status")
	os.MkdirAll(served, 0o755)
	os.WriteFile(filepath.Join(served, "index.html"), []byte("old"), 0o644)
	link := filepath.Join(tmp, "public")
	if err := os.Symlink(served, link); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{empty, link} {
		if _, err := generator.Build(t.Context(), generator.Config{Content: content, Out: out, Now: goldenNow}); err != nil {
			t.Errorf("-out %s: %v", out, err)
		}
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the build replaced the link %s: %v", link, err)
	}
	if page, err := os.ReadFile(filepath.Join(served, "index.html")); err != nil || string(page) == "old" {
		t.Errorf("the folder the link points to was not rebuilt: %v", err)
	}
}

// TestSampleContent checks that the sample site a newcomer sees first is
// valid and builds into every kind of page.
func TestSampleContent(t *testing.T) {
	out := render(t, generator.Config{Content: "../content", Now: goldenNow, Minify: true})
	p, _ := generator.Prepare(t.Context(), generator.Config{Content: "../content", Now: goldenNow})
	site := p.Site
	if len(site.Entries) < 10 {
		t.Errorf("the sample site has %d entries; it should show at least 10", len(site.Entries))
	}
	kinds := map[content.Kind]bool{}
	sev := map[content.Severity]bool{}
	status := map[content.Status]bool{}
	for _, e := range site.Entries {
		kinds[e.Kind] = true
		if e.Kind == content.Incident {
			sev[e.Severity], status[e.Status] = true, true
		}
		if _, ok := out.Get("news/" + e.Slug + "/index.html"); !ok {
			t.Errorf("no page for %s", e.File)
		}
	}
	if len(kinds) != 3 || len(sev) != 3 || len(status) != 4 {
		t.Errorf("the sample site should show every kind, severity and status: %v %v %v", kinds, sev, status)
	}
	for _, name := range []string{"index.html", "404.html", "sitemap.xml", "robots.txt", "releases/index.html", "releases/f43/index.html", "page/2/index.html"} {
		if _, ok := out.Get(name); !ok {
			t.Errorf("no %s", name)
		}
	}
	if home, _ := out.Get("index.html"); len(home) > 30<<10 {
		t.Errorf("the home page is %d bytes; keep it under 30 KB", len(home))
	}
}

// TestBuildClockBeyond9999 wants a build clock outside the years 1 to
// 9999 refused before anything is built, rather than a build that fails
// in a JSON encoder without saying why, or writes a year of five digits.
func TestBuildClockBeyond9999(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	for _, now := range []time.Time{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), {}} {
		_, err := generator.Build(t.Context(), generator.Config{Content: "testdata/golden/content", Out: out, Now: now})
		want := "the build clock (" + now.Format(time.RFC3339) + ") is not in the years 1 to 9999"
		if err == nil || err.Error() != want {
			t.Errorf("build at %v: %v, want %s", now, err, want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a build at year 10000 wrote %s", out)
	}
}
