package generator_test

// The sites that the tests of the Statuspage v2 views (/api/v2/) hand to
// real clients of Atlassian Statuspage, from npm: Atlassian's own status
// widget in Debian's Chromium (statuspage_widget_test.go), and the client
// libraries statuspage.js and statuspage.io in Node.js
// (statuspage_clients_test.go). testdata/statuspage pins them in its
// package-lock.json, and .ci/run installs them with npm ci. Each site is
// built from a few entries at a chosen clock and served on 127.0.0.1 with
// the headers netlify.toml gives it. The scripts in testdata/statuspage
// only report what the clients returned or painted; the checks are in Go.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator"
)

// statuspageDir holds the client scripts and the npm packages they pin.
const statuspageDir = "testdata/statuspage"

// statuspageTools returns the paths of node and, when browser is set,
// chromium, after checking that the npm packages the script needs are
// installed; it skips the test when any is missing, and fails it on CI.
func statuspageTools(t *testing.T, script string, browser bool) (node, chromium string) {
	t.Helper()
	var missing []string
	node, err := exec.LookPath("node")
	if err != nil {
		missing = append(missing, "node (apt-get install nodejs npm)")
	}
	pkgs := []string{"statuspage.js", "statuspage.io"}
	if browser {
		chromium = cmp.Or(os.Getenv("BULLETIN_CHROMIUM"), "chromium")
		if chromium, err = exec.LookPath(chromium); err != nil {
			missing = append(missing, "chromium (apt-get install chromium)")
		}
		pkgs = []string{"@statuspage/status-widget", "playwright-core"}
	}
	for _, pkg := range pkgs {
		if _, err := os.Stat(filepath.Join(statuspageDir, "node_modules", pkg, "package.json")); err != nil {
			missing = append(missing, statuspageDir+"/node_modules/"+pkg+" (cd generator/"+statuspageDir+" && npm ci)")
		}
	}
	// go test caches a result by the files the test opens: read the
	// script and the lock file, so that a change to either reruns the test.
	for _, name := range []string{script, "package.json", "package-lock.json"} {
		if _, err := os.ReadFile(filepath.Join(statuspageDir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if len(missing) == 0 {
		return node, chromium
	}
	msg := "this test drives real Statuspage clients; missing: " + strings.Join(missing, ", ") +
		" (the packages the tests need are listed in .ci/run)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return "", ""
}

// The sites the clients read are made of these entries, on a site of two
// releases, built at one of two clocks: spNow, when three incidents may be
// open and a maintenance window is announced, and spWindow, inside that
// window.
var (
	spNow    = time.Date(2026, 11, 10, 14, 0, 0, 0, time.UTC)
	spWindow = time.Date(2026, 11, 12, 15, 0, 0, 0, time.UTC)
)

const spSiteYAML = `title: Fedora Status
base_url: https://status.example.org/
id_authority: example.org,2026
releases:
  - id: f43
    name: Fedora 43
    os_release: {id: fedora, version_id: "43"}
  - id: f42
    name: Fedora 42
    os_release: {id: fedora, version_id: "42"}
`

// spEntry is an entry of the test sites and the story the clients must
// tell of it: its impact and every step, at its time, with the component
// changes it made ("Fedora 43: operational → degraded_performance").
type spEntry struct {
	file, text string
	title      string
	impact     string
	steps      []spStep
}

type spStep struct {
	at      time.Time
	status  string
	changes string
}

func spAt(day, hour, minute int) time.Time {
	return time.Date(2026, time.Month(day/100), day%100, hour, minute, 0, 0, time.UTC)
}

var (
	spResolved = spEntry{
		file: "news/2026-11-02-shell-usb.md", title: "GNOME Shell crashes when a USB display is unplugged", impact: "minor",
		text: `---
title: GNOME Shell crashes when a USB display is unplugged
date: 2026-11-02T10:00:00Z
releases: [f43]
severity: minor
status: investigating
fixed_in: FEDORA-2026-1a2b3c4d5e
updates:
  - at: 2026-11-02T15:00:00Z
    status: identified
    text: The crash is in mutter; a fixed build is in testing.
  - at: 2026-11-03T09:00:00Z
    status: resolved
    text: The fixed mutter is in the stable updates.
---
Unplugging a USB-C display can crash the session.
`,
		steps: []spStep{
			{spAt(1102, 10, 0), "investigating", "Fedora 43: operational → degraded_performance"},
			{spAt(1102, 15, 0), "identified", ""},
			{spAt(1103, 9, 0), "resolved", "Fedora 43: degraded_performance → operational"},
		},
	}
	spCompleted = spEntry{
		file: "news/2026-10-20-mirrors.md", title: "Mirror list service moves to a new data centre", impact: "maintenance",
		text: `---
title: Mirror list service moves to a new data centre
date: 2026-10-20T10:00:00Z
kind: maintenance
releases: all
starts: 2026-10-25T08:00:00Z
ends: 2026-10-25T10:00:00Z
---
dnf may be slow to find a mirror for two hours.
`,
		steps: []spStep{
			{spAt(1020, 10, 0), "scheduled", ""},
			{spAt(1025, 8, 0), "in_progress", "Fedora 43: operational → under_maintenance, Fedora 42: operational → under_maintenance"},
			{spAt(1025, 10, 0), "completed", "Fedora 43: under_maintenance → operational, Fedora 42: under_maintenance → operational"},
		},
	}
	spUpcoming = spEntry{
		file: "news/2026-11-09-bodhi.md", title: "Bodhi database upgrade", impact: "maintenance",
		text: `---
title: Bodhi database upgrade
date: 2026-11-09T10:00:00Z
kind: maintenance
releases: [f43]
starts: 2026-11-12T13:00:00Z
ends: 2026-11-12T17:00:00Z
---
Updates for Fedora 43 are not pushed during the window.
`,
		steps: []spStep{
			{spAt(1109, 10, 0), "scheduled", ""},
			{spAt(1112, 13, 0), "in_progress", "Fedora 43: operational → under_maintenance"},
			{spAt(1112, 17, 0), "completed", "Fedora 43: under_maintenance → operational"},
		},
	}
	spMinor = spEntry{
		file: "news/2026-11-10-flatpak-print.md", title: "Printing from Flatpak apps fails", impact: "minor",
		text: `---
title: Printing from Flatpak apps fails
date: 2026-11-10T08:00:00Z
releases: [f43]
severity: minor
status: investigating
updates:
  - at: 2026-11-10T11:00:00Z
    status: identified
    text: A portal update broke the print dialog.
---
The print dialog of Flatpak apps closes without printing.
`,
		steps: []spStep{
			{spAt(1110, 8, 0), "investigating", "Fedora 43: operational → degraded_performance"},
			{spAt(1110, 11, 0), "identified", ""},
		},
	}
	// Opened as identified, not investigating: the first update has the
	// status the incident was published with.
	spMajor = spEntry{
		file: "news/2026-11-10-dnf-keys.md", title: "dnf5 fails to import repository keys", impact: "major",
		text: `---
title: dnf5 fails to import repository keys
date: 2026-11-10T07:00:00Z
releases: [f42]
severity: major
status: identified
workaround: Import the key by hand with rpm --import.
updates:
  - at: 2026-11-10T12:00:00Z
    status: monitoring
    text: A fixed dnf5 is in stable; we are watching the reports.
---
Installing from a third-party repository fails at its key.
`,
		steps: []spStep{
			{spAt(1110, 7, 0), "identified", "Fedora 42: operational → partial_outage"},
			{spAt(1110, 12, 0), "monitoring", ""},
		},
	}
	// No update at all: its first report is its one update.
	spCritical = spEntry{
		file: "news/2026-11-10-kernel.md", title: "Kernel 6.17.9 does not boot with Secure Boot", impact: "critical",
		text: `---
title: Kernel 6.17.9 does not boot with Secure Boot
date: 2026-11-10T09:30:00Z
releases: [f43, f42]
severity: critical
status: investigating
workaround: Choose the previous kernel in the boot menu.
---
Machines with Secure Boot stop at a black screen.
`,
		steps: []spStep{
			{spAt(1110, 9, 30), "investigating", "Fedora 43: operational → major_outage, Fedora 42: operational → major_outage"},
		},
	}
)

// spCase is one site and what every client must read from it.
type spCase struct {
	name    string // also the page id statuspage.js is given for it
	entries []spEntry
	now     time.Time
	// content is a content folder to build instead of the entries: of
	// such a site only what holds for any site is checked.
	content string

	indicator, description string
	colour                 string            // of the widget's indicator, as Chromium computes it
	components             map[string]string // release name → component status
	unresolved             []string          // titles, newest first
	incidents              []string
	maintenances           []string // all of scheduled-maintenances.json
	upcoming, active       []string
}

// The widget's colours, from its style sheet.
const (
	widgetGreen  = "rgb(46, 204, 113)"
	widgetYellow = "rgb(241, 196, 15)"
	widgetOrange = "rgb(230, 126, 34)"
	widgetRed    = "rgb(231, 76, 60)"
	widgetBlue   = "rgb(52, 152, 219)"
)

var spCases = []spCase{
	{
		// A window announced for later does not change today's status.
		name: "operational", entries: []spEntry{spResolved, spCompleted, spUpcoming}, now: spNow,
		indicator: "none", description: "All Systems Operational", colour: widgetGreen,
		components: map[string]string{"Fedora 43": "operational", "Fedora 42": "operational"},
		incidents:  []string{spResolved.title}, maintenances: []string{spUpcoming.title, spCompleted.title},
		upcoming: []string{spUpcoming.title},
	},
	{
		name: "minor", entries: []spEntry{spResolved, spCompleted, spUpcoming, spMinor}, now: spNow,
		indicator: "minor", description: "Minor Service Outage", colour: widgetYellow,
		components: map[string]string{"Fedora 43": "degraded_performance", "Fedora 42": "operational"},
		unresolved: []string{spMinor.title}, incidents: []string{spMinor.title, spResolved.title},
		maintenances: []string{spUpcoming.title, spCompleted.title}, upcoming: []string{spUpcoming.title},
	},
	{
		name: "major", entries: []spEntry{spResolved, spCompleted, spUpcoming, spMinor, spMajor}, now: spNow,
		indicator: "major", description: "Partial System Outage", colour: widgetOrange,
		components: map[string]string{"Fedora 43": "degraded_performance", "Fedora 42": "partial_outage"},
		unresolved: []string{spMinor.title, spMajor.title}, incidents: []string{spMinor.title, spMajor.title, spResolved.title},
		maintenances: []string{spUpcoming.title, spCompleted.title}, upcoming: []string{spUpcoming.title},
	},
	{
		name: "critical", entries: []spEntry{spResolved, spCompleted, spUpcoming, spMinor, spMajor, spCritical}, now: spNow,
		indicator: "critical", description: "Major System Outage", colour: widgetRed,
		components:   map[string]string{"Fedora 43": "major_outage", "Fedora 42": "major_outage"},
		unresolved:   []string{spCritical.title, spMinor.title, spMajor.title},
		incidents:    []string{spCritical.title, spMinor.title, spMajor.title, spResolved.title},
		maintenances: []string{spUpcoming.title, spCompleted.title}, upcoming: []string{spUpcoming.title},
	},
	{
		// A window in progress with no incident open: maintenance, blue,
		// never green.
		name: "maintenance", entries: []spEntry{spResolved, spCompleted, spUpcoming}, now: spWindow,
		indicator: "maintenance", description: "Service Under Maintenance", colour: widgetBlue,
		components: map[string]string{"Fedora 43": "under_maintenance", "Fedora 42": "operational"},
		incidents:  []string{spResolved.title}, maintenances: []string{spUpcoming.title, spCompleted.title},
		active: []string{spUpcoming.title},
	},
	{
		// An open incident outranks the window, on the page and on the
		// release it shares with it.
		name: "maintenance-minor", entries: []spEntry{spResolved, spCompleted, spUpcoming, spMinor}, now: spWindow,
		indicator: "minor", description: "Minor Service Outage", colour: widgetYellow,
		components: map[string]string{"Fedora 43": "degraded_performance", "Fedora 42": "operational"},
		unresolved: []string{spMinor.title}, incidents: []string{spMinor.title, spResolved.title},
		maintenances: []string{spUpcoming.title, spCompleted.title}, active: []string{spUpcoming.title},
	},
}

// buildEntries writes a content folder of the test site with the entries
// into content, and builds it into out at the clock, minified as deployed.
func buildEntries(content, out string, now time.Time, entries ...spEntry) error {
	if err := os.MkdirAll(filepath.Join(content, "news"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(content, "site.yaml"), []byte(spSiteYAML), 0o644); err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.WriteFile(filepath.Join(content, e.file), []byte(e.text), 0o644); err != nil {
			return err
		}
	}
	_, err := generator.Build(context.Background(), generator.Config{Content: content, Out: out, Now: now, Minify: true})
	return err
}

// buildCase builds the case's site and returns its folder.
func buildCase(t *testing.T, c spCase) string {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	err := buildEntries(filepath.Join(dir, "content"), out, c.now, c.entries...)
	if c.content != "" {
		_, err = generator.Build(t.Context(), generator.Config{Content: c.content, Out: out, Now: c.now, Minify: true})
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// requestLog keeps the paths a server was asked for.
type requestLog struct {
	mu    sync.Mutex
	paths []string
}

func (l *requestLog) add(p string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.paths = append(l.paths, p)
}

func (l *requestLog) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.paths)
}

// serveSite serves a built site at the root of its own 127.0.0.1 origin,
// as Netlify would: with the headers netlify.toml sets for each path
// (Access-Control-Allow-Origin: * on every .json among them), unless
// bare, which leaves them all out.
func serveSite(t *testing.T, dir string, bare bool) (*httptest.Server, *requestLog) {
	t.Helper()
	rules := readNetlifyRules(t)
	files := http.FileServer(http.Dir(dir))
	log := &requestLog{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r.Method + " " + r.URL.RequestURI())
		if !bare {
			h, _ := headersFor(rules, r.URL.Path)
			for k, v := range h {
				w.Header().Set(k, v)
			}
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, log
}

// runNode runs a script of statuspageDir with a config file holding cfg,
// and decodes what it prints into v.
func runNode(t *testing.T, node, script string, cfg []byte, limit time.Duration, v any) {
	t.Helper()
	cfgFile := filepath.Join(t.TempDir(), "config.json")
	writeFile(t, cfgFile, cfg)
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script, cfgFile)
	cmd.Dir = statuspageDir
	cmd.WaitDelay = 10 * time.Second // should a browser it started hold its output open
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		t.Fatalf("node %s: %v after %s\n%s%s", script, err, time.Since(start).Round(time.Millisecond), stdout.Bytes(), stderr.Bytes())
	}
	t.Logf("node %s: %s", script, time.Since(start).Round(time.Millisecond))
	if err := json.Unmarshal(stdout.Bytes(), v); err != nil {
		t.Fatalf("node %s printed what is not its report: %v\n%s%s", script, err, stdout.Bytes(), stderr.Bytes())
	}
}
