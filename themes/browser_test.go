package themes_test

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/content"
)

// browserDir holds the browser checks: a Node script and the npm packages
// it pins (playwright-core, which drives the system's Chromium, and axe-core).
const browserDir = "testdata/browser"

// installHint says how to get what TestBrowser needs on Debian.
const installHint = `install them with:
	sudo apt-get install chromium nodejs npm   # Node.js 20 or later
	cd themes/testdata/browser && npm ci
(set BULLETIN_CHROMIUM to use a Chromium that is not on PATH as "chromium")`

// sitePolicy returns the Content-Security-Policy that netlify.toml sets
// on every page, for the test server to send: the theme must work under
// the policy the site ships with. Chromium logs a violation as a console
// error, which fails the test.
func sitePolicy(t *testing.T) string {
	t.Helper()
	var cfg struct {
		Headers []struct {
			For    string            `toml:"for"`
			Values map[string]string `toml:"values"`
		} `toml:"headers"`
	}
	if _, err := toml.DecodeFile("../netlify.toml", &cfg); err != nil {
		t.Fatalf("netlify.toml: %v", err)
	}
	for _, h := range cfg.Headers {
		if p := h.Values["Content-Security-Policy"]; h.For == "/*" && p != "" {
			return p
		}
	}
	t.Fatal("netlify.toml sets no Content-Security-Policy for /*")
	return ""
}

// homeBudget is the most the home page of the sample site may weigh, with
// everything it loads.
const homeBudget = 30 << 10

// browserConfig is what run.mjs reads.
type browserConfig struct {
	BaseURL     string        `json:"baseURL"`
	Chromium    string        `json:"chromium"`
	Screenshots string        `json:"screenshots,omitempty"` // a folder for full-page PNGs, if set
	HomeBudget  int           `json:"homeBudget"`
	Pages       []browserPage `json:"pages"`
}

type browserPage struct {
	Name     string   `json:"name"`
	Path     string   `json:"path"`
	Status   int      `json:"status,omitempty"`   // the HTTP status the page is served with; 200 when 0
	Commands []string `json:"commands,omitempty"` // downgrade commands the page must show and copy, in order
	Updates  int      `json:"updates,omitempty"`  // timeline steps the page must show at least
	Charts   int      `json:"charts,omitempty"`   // SVG charts the page must show, each named, fitted and with its table
}

// TestBrowser builds the sample site and testdata/stress, a site of worst
// cases for the layout, serves them on 127.0.0.1 under the site's
// Content-Security-Policy, and runs
// testdata/browser/run.mjs, which checks every kind of page in Chromium at
// phone and desktop widths, light and dark: axe-core finds no WCAG A/AA
// violation, nothing is fetched from another host, nothing is logged as an
// error, phones do not scroll sideways, focus is visible, pages say the
// same without JavaScript, and the copy button copies the exact command.
//
// Without Node.js, Chromium or the npm packages the test skips, and so it
// does with -short, unless CI is set: there it fails, so that CI cannot
// pass without running it.
//
// BULLETIN_SCREENSHOTS=/tmp/shots go test ./themes -run Browser -v saves a
// full-page screenshot of each page in each width and scheme.
func TestBrowser(t *testing.T) {
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("a minute or two in a browser; run without -short to check the theme")
	}
	node, chromium := browserTools(t)

	// go test caches results by the files the test process opens; read the
	// script and the lock file so that a change to either reruns the test.
	for _, name := range []string{"run.mjs", "package.json", "package-lock.json"} {
		if _, err := os.ReadFile(filepath.Join(browserDir, name)); err != nil {
			t.Fatal(err)
		}
	}

	// The sample site at the root, and at /stress/ a site of worst cases
	// (long words, wide tables, long commands) for the layout.
	sample, sampleDir := buildSite(t, "../content")
	stress, stressDir := buildSite(t, "testdata/stress")
	policy := sitePolicy(t)
	mux := http.NewServeMux()
	mux.Handle("/", siteHandler(sampleDir, policy))
	mux.Handle("/stress/", http.StripPrefix("/stress", siteHandler(stressDir, policy)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	cfg := browserConfig{
		BaseURL:     srv.URL + "/",
		Chromium:    chromium,
		Screenshots: os.Getenv("BULLETIN_SCREENSHOTS"),
		HomeBudget:  homeBudget,
		Pages:       append(samplePages(t, sample), stressPages(t, stress)...),
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfgFile := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(cfgFile, data, 0o644); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "run.mjs", cfgFile)
	cmd.Dir = browserDir
	output, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("browser checks failed (%v):\n%s", err, output)
	}
	t.Logf("%s", output)
}

// buildSite builds a content folder as bulletin build does, minified,
// into a temporary folder.
func buildSite(t *testing.T, dir string) (*content.Site, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	// The build clock of the README's reproducible build, so that the
	// maintenance states of the sample site do not drift with the date.
	now := time.Unix(1795262400, 0).UTC()
	cfg := generator.Config{Content: dir, Out: out, Now: now, Minify: true}
	p, err := generator.Prepare(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Build(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	return p.Site, out
}

// browserTools returns the paths of node and chromium, after checking that
// the npm packages are installed; it skips or fails the test when any of
// them is missing.
func browserTools(t *testing.T) (node, chromium string) {
	t.Helper()
	var missing []string
	node, err := exec.LookPath("node")
	if err != nil {
		missing = append(missing, "node")
	}
	chromium = cmp.Or(os.Getenv("BULLETIN_CHROMIUM"), "chromium")
	if chromium, err = exec.LookPath(chromium); err != nil {
		missing = append(missing, "chromium")
	}
	for _, pkg := range []string{"playwright-core", "axe-core"} {
		if _, err := os.Stat(filepath.Join(browserDir, "node_modules", pkg, "package.json")); err != nil {
			missing = append(missing, browserDir+"/node_modules/"+pkg)
		}
	}
	if len(missing) == 0 {
		return node, chromium
	}
	msg := "the browser test needs Node.js, Chromium and its npm packages; missing: " + strings.Join(missing, ", ") + "; " + installHint
	if os.Getenv("CI") == "" {
		t.Skip(msg)
	}
	t.Fatal(msg)
	return "", ""
}

// samplePages picks one page of each kind from the sample site, and for
// the entry the commands and timeline it must show.
func samplePages(t *testing.T, site *content.Site) []browserPage {
	t.Helper()
	var incident, maintenance, reviewed *content.Entry
	for _, e := range site.Entries {
		if incident == nil && e.Workaround != "" && len(e.Downgrade) >= 2 && len(e.Updates) > 0 {
			incident = e
		}
		if maintenance == nil && e.Kind == content.Maintenance {
			maintenance = e
		}
		if reviewed == nil && e.Review != nil && len(e.Review.FollowUps) > 0 {
			reviewed = e
		}
	}
	if incident == nil || maintenance == nil || reviewed == nil {
		t.Fatal("the sample content needs an incident with a workaround, a downgrade command for two releases and a timeline, a maintenance, and a reviewed incident with follow-ups")
	}
	if len(site.Entries) <= site.PerPage {
		t.Fatalf("the sample content needs more than %d entries, for an archive page", site.PerPage)
	}
	var commands []string
	for _, d := range incident.Downgrade {
		commands = append(commands, d.Command)
	}
	return []browserPage{
		{Name: "home", Path: sitePath(site, "/")},
		{Name: "entry", Path: sitePath(site, incident.Path()), Commands: commands, Updates: len(incident.Updates)},
		{Name: "maintenance", Path: sitePath(site, maintenance.Path())},
		{Name: "release", Path: sitePath(site, site.Release(incident.Releases[0]).Path())},
		{Name: "releases", Path: sitePath(site, "/releases/")},
		{Name: "archive", Path: sitePath(site, "/page/2/")},
		{Name: "services", Path: sitePath(site, "/services/")},
		{Name: "service", Path: sitePath(site, site.Services[0].Path())},
		{Name: "reviewed", Path: sitePath(site, reviewed.Path())},
		{Name: "stats", Path: sitePath(site, "/stats/"), Charts: 6},
		{Name: "404", Path: sitePath(site, "/no-such-page/"), Status: http.StatusNotFound},
	}
}

// stressPages lists the pages of the stress site, whose base URL puts it
// under /stress/.
func stressPages(t *testing.T, site *content.Site) []browserPage {
	t.Helper()
	e := site.Entries[0]
	var reviewed *content.Entry
	for _, x := range site.Entries {
		if x.Review != nil {
			reviewed = x
		}
	}
	if reviewed == nil {
		t.Fatal("the stress site needs a reviewed incident")
	}
	var commands []string
	for _, d := range e.Downgrade {
		commands = append(commands, d.Command)
	}
	return []browserPage{
		{Name: "stress-home", Path: sitePath(site, "/")},
		{Name: "stress-entry", Path: sitePath(site, e.Path()), Commands: commands, Updates: len(e.Updates)},
		{Name: "stress-release", Path: sitePath(site, site.Release(e.Releases[0]).Path())},
		{Name: "stress-reviewed", Path: sitePath(site, reviewed.Path())},
		{Name: "stress-stats", Path: sitePath(site, "/stats/"), Charts: 6},
	}
}

// sitePath turns a site path into the path a browser requests, under the
// base URL's own path.
func sitePath(site *content.Site, p string) string {
	return strings.TrimSuffix(site.BaseURL.Path, "/") + p
}

// siteHandler serves a built site as a static host does: folders by their
// index.html, 404.html with status 404 for anything missing, under the
// Content-Security-Policy policy.
func siteHandler(dir, policy string) http.Handler {
	files := http.FileServerFS(os.DirFS(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", policy)
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if strings.HasSuffix(r.URL.Path, "/") {
			name = path.Join(name, "index.html")
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name))); errors.Is(err, os.ErrNotExist) {
			page, err := os.ReadFile(filepath.Join(dir, "404.html"))
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(page)
			return
		}
		files.ServeHTTP(w, r)
	})
}
