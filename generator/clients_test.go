package generator_test

// Tests that hand the built site to real clients from Debian: newsboat, a
// feed reader; sqlite3, to read newsboat's cache; and xmllint. .ci/run
// installs them; a missing one fails the test rather than skip it, so that
// CI can never pass without running them.

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/feeds"
	"github.com/bulletin-status/bulletin/feeds/feedtest"
	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/tooltest"
)

// feedSite is the site the feed tests use (package render), and feedNow
// their build clock, after its maintenance window.
const feedSite = "render/testdata/feeds/content"

var feedNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// requireTool skips the test, saying what to install, unless the command
// is installed, and fails it on CI (see tooltest.Require).
func requireTool(t *testing.T, name, debianPackage string) {
	t.Helper()
	tooltest.Require(t, name, debianPackage)
}

// buildSite builds the content folder into out, minified, as bulletin
// build does.
func buildSite(t *testing.T, content, out string) {
	t.Helper()
	_, err := generator.Build(t.Context(), generator.Config{Content: content, Out: out, Now: feedNow, Minify: true})
	if err != nil {
		t.Fatal(err)
	}
}

// TestXMLWellFormed has libxml2 read every XML file of the built site:
// the sitemap, the feeds and the badges.
func TestXMLWellFormed(t *testing.T) {
	requireTool(t, "xmllint", "libxml2-utils")
	out := filepath.Join(t.TempDir(), "public")
	buildSite(t, feedSite, out)
	var files []string
	filepath.WalkDir(out, func(file string, d fs.DirEntry, err error) error {
		if ext := filepath.Ext(file); err == nil && (ext == ".atom" || ext == ".rss" || ext == ".xml" || ext == ".svg") {
			files = append(files, file)
		}
		return err
	})
	for _, name := range []string{"sitemap.xml", "feed.atom", "feed.rss", "releases/f40/feed.atom", "releases/f43/feed.rss", "badges/f43.svg", "badges/f40.svg"} {
		if !slices.Contains(files, filepath.Join(out, filepath.FromSlash(name))) {
			t.Fatalf("the built site has no %s; it has %q", name, files)
		}
	}
	cmd := exec.CommandContext(t.Context(), "xmllint", append([]string{"--noout"}, files...)...)
	if msg, err := cmd.CombinedOutput(); err != nil || len(msg) > 0 {
		t.Errorf("xmllint --noout: %v\n%s", err, msg)
	}
}

// TestNewsboat subscribes newsboat to Fedora 43's Atom and RSS feeds, as a
// user would, before and after the Mesa incident is resolved: the first
// fetch must bring every item of the feed and nothing about other
// releases; the second exactly one new item, "Resolved: …", with nothing
// seen before coming back as new; then the review, "Review: …", alone.
// Then an editor adds an update they had forgotten, older than the others,
// and corrects the incident's date: the reader sees that one update as
// new, and nothing else again.
func TestNewsboat(t *testing.T) {
	requireTool(t, "newsboat", "newsboat")
	requireTool(t, "sqlite3", "sqlite3")

	tmp := t.TempDir()
	content, out := filepath.Join(tmp, "content"), filepath.Join(tmp, "public")
	if err := os.CopyFS(content, os.DirFS(feedSite)); err != nil {
		t.Fatal(err)
	}
	// The site before the fix: without the update that resolves Mesa.
	mesaFile := filepath.Join(content, "news", "2026-11-02-mesa-steam.md")
	full, err := os.ReadFile(mesaFile)
	if err != nil {
		t.Fatal(err)
	}
	resolving := []byte("  - at: 2026-11-04T10:00:00Z\n    status: resolved\n")
	i := bytes.Index(full, resolving)
	k := bytes.Index(full, []byte("\nreview:\n"))
	j := bytes.Index(full, []byte("\n---\n"))
	if i < 0 || k < i || j < k {
		t.Fatalf("%s no longer ends its front matter with the resolving update, then the review", mesaFile)
	}
	writeFile(t, mesaFile, slices.Concat(full[:i], full[j+1:]))
	buildSite(t, content, out)
	// publish builds the site with the Mesa file as data, dated later than
	// the last build: newsboat asks If-Modified-Since, to the second, and
	// a build within the second of the last would look unchanged to it.
	builds := 0
	publish := func(data []byte) {
		writeFile(t, mesaFile, data)
		buildSite(t, content, out)
		builds++
		later := time.Now().Add(time.Duration(builds) * time.Minute)
		filepath.WalkDir(out, func(name string, _ fs.DirEntry, err error) error {
			if err == nil {
				err = os.Chtimes(name, later, later)
			}
			return err
		})
	}
	// reload has a reader fetch its feed again, and returns its items and
	// those it shows as new, which it then marks as read.
	reload := func(nb *newsboat) (items []cachedItem, unread []string) {
		nb.reload(t)
		items = nb.items(t)
		for _, c := range items {
			if c.Unread == 1 {
				unread = append(unread, c.GUID+" "+c.Title)
			}
		}
		nb.sql(t, "UPDATE rss_item SET unread = 0")
		return items, unread
	}

	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()

	const (
		mesa     = "tag:fedoraproject.org,2026:mesa-steam"
		mesaName = "Mesa 25.2.7-2 update freezes Steam games on AMD GPUs"
	)
	readers := map[feeds.Format]*newsboat{}
	before := map[feeds.Format][]cachedItem{}
	for _, format := range []feeds.Format{feeds.Atom, feeds.RSS} {
		url := srv.URL + "/releases/f43/feed" + format.Ext()
		nb := newNewsboat(t, url)
		readers[format] = nb
		nb.reload(t)
		got := nb.items(t)
		before[format] = got

		// Every item the feed holds arrived, with its title and date.
		feed := fetchFeed(t, format, url)
		if len(got) != len(feed.Items) {
			t.Errorf("%s: newsboat has %d items, the feed %d", format, len(got), len(feed.Items))
		}
		for _, it := range feed.Items {
			c := findCached(got, it.ID)
			if c == nil || c.Title != it.Title || c.PubDate != it.Published.Unix() {
				t.Errorf("%s: newsboat has %+v for %s %q published %v", format, c, it.ID, it.Title, it.Published)
			}
		}
		if c := findCached(got, mesa+"#update-2026-11-03T09:00:00Z"); c == nil || c.Title != "Monitoring: "+mesaName {
			t.Errorf("%s: newsboat lacks the Monitoring update of Mesa: %+v", format, got)
		}
		for _, c := range got {
			if strings.Contains(c.Title, "Kernel 6.17.7") || strings.Contains(c.Title, "dnf refuses") || strings.HasPrefix(c.Title, "Resolved: Mesa") {
				t.Errorf("%s: newsboat shows %q, which is not for Fedora 43 or not yet written", format, c.Title)
			}
		}
		nb.sql(t, "UPDATE rss_item SET unread = 0") // the user has read everything
	}

	// The fix lands.
	publish(slices.Concat(full[:k+1], full[j+1:]))
	for format, nb := range readers {
		got, unread := reload(nb)
		if want := []string{mesa + "#update-2026-11-04T10:00:00Z Resolved: " + mesaName}; !slices.Equal(unread, want) {
			t.Errorf("%s: after the fix newsboat shows as new %q, want %q", format, unread, want)
		}
		if len(got) != len(before[format])+1 {
			t.Errorf("%s: %d items became %d, want one more", format, len(before[format]), len(got))
		}
		if a, b := findCached(got, mesa), findCached(before[format], mesa); a == nil || b == nil || a.Title != b.Title || a.PubDate != b.PubDate {
			t.Errorf("%s: the Mesa incident's item went from %+v to %+v", format, b, a)
		}
	}

	// The review is published.
	publish(full)
	for format, nb := range readers {
		if _, unread := reload(nb); !slices.Equal(unread, []string{mesa + "#review Review: " + mesaName}) {
			t.Errorf("%s: after the review newsboat shows as new %q, want the review alone", format, unread)
		}
	}

	// A forgotten update goes in before the others, and the date is
	// corrected by a few minutes: ids depend on neither the position of
	// an update nor the date, so nothing but the forgotten one is new.
	forgotten := bytes.Replace(full, []byte("updates:\n"), []byte("updates:\n  - at: 2026-11-02T16:00:00Z\n    status: investigating\n    text: Reports come in from RX 7000 owners.\n"), 1)
	forgotten = bytes.Replace(forgotten, []byte("date: 2026-11-02T14:30:00Z"), []byte("date: 2026-11-02T14:20:00Z"), 1)
	publish(forgotten)
	for format, nb := range readers {
		_, unread := reload(nb)
		if want := []string{mesa + "#update-2026-11-02T16:00:00Z Investigating, 2 November, 16:00 UTC: " + mesaName}; !slices.Equal(unread, want) {
			t.Errorf("%s: after a forgotten update newsboat shows as new %q, want %q", format, unread, want)
		}
	}
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fetchFeed gets a feed over HTTP and reads it with the rule checks.
func fetchFeed(t *testing.T, format feeds.Format, url string) *feedtest.Feed {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %v", url, resp.Status, err)
	}
	f, err := feedtest.Check(format, buf.Bytes())
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return f
}

// newsboat is one subscriber: its own folder, home, configuration and
// cache, subscribed to one feed.
type newsboat struct{ dir string }

func newNewsboat(t *testing.T, url string) *newsboat {
	nb := &newsboat{dir: t.TempDir()}
	writeFile(t, filepath.Join(nb.dir, "urls"), []byte(url+"\n"))
	writeFile(t, filepath.Join(nb.dir, "config"), nil)
	return nb
}

// reload fetches the feed, as newsboat -x reload does from cron.
func (nb *newsboat) reload(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "newsboat", "-x", "reload", "-u", "urls", "-c", "cache.db", "-C", "config")
	cmd.Dir = nb.dir
	home := filepath.Join(nb.dir, "home")
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home+"/.config", "XDG_DATA_HOME="+home+"/.local/share")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("newsboat -x reload: %v\n%s", err, msg)
	}
}

// cachedItem is an item as newsboat keeps it in its cache.
type cachedItem struct {
	GUID    string `json:"guid"`
	Title   string `json:"title"`
	PubDate int64  `json:"pubDate"`
	Unread  int    `json:"unread"`
}

func findCached(items []cachedItem, guid string) *cachedItem {
	for i := range items {
		if items[i].GUID == guid {
			return &items[i]
		}
	}
	return nil
}

// items reads newsboat's cache, newest first.
func (nb *newsboat) items(t *testing.T) []cachedItem {
	t.Helper()
	out := nb.sql(t, "SELECT guid, title, pubDate, unread FROM rss_item WHERE deleted = 0 ORDER BY pubDate DESC, guid")
	var items []cachedItem
	if len(bytes.TrimSpace(out)) > 0 { // sqlite3 -json prints nothing for no rows
		if err := json.Unmarshal(out, &items); err != nil {
			t.Fatalf("sqlite3 -json: %v\n%s", err, out)
		}
	}
	return items
}

// sql runs a statement on newsboat's cache with the sqlite3 shell.
func (nb *newsboat) sql(t *testing.T, stmt string) []byte {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "sqlite3", "-json", filepath.Join(nb.dir, "cache.db"), stmt)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sqlite3 %q: %v\n%s", stmt, err, stderr.Bytes())
	}
	return out
}

// ajvDir holds Ajv, a JSON Schema validator other than the one the Go
// tests use, with ajv-formats, as package-lock.json pins them.
const ajvDir = "testdata/ajv"

// TestSchemasAjv has Ajv (ajv-cli, with ajv-formats so that formats such
// as date-time are asserted) validate every status document and the
// statistics document of built sites against the schemas the sites
// publish, as a client author would check them: the Go tests validate
// with one library, and a schema or a document that only it accepts
// would fail the clients that use another. It needs Node.js and
// "cd generator/testdata/ajv && npm ci"; it skips without them, except on
// CI.
func TestSchemasAjv(t *testing.T) {
	requireTool(t, "node", "nodejs")
	ajv := filepath.Join(ajvDir, "node_modules", ".bin", "ajv")
	if _, err := os.Stat(ajv); err != nil {
		msg := "Ajv is not installed: cd generator/testdata/ajv && npm ci"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	// go test caches results by the files the test opens: a new lock
	// file reruns it.
	if _, err := os.ReadFile(filepath.Join(ajvDir, "package-lock.json")); err != nil {
		t.Fatal(err)
	}
	for _, site := range []struct {
		content string
		now     time.Time
	}{
		{"testdata/golden/content", time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)},
		{"../content", time.Unix(1795262400, 0).UTC()},
		{"testdata/hostile/content", time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)},
		{"testdata/realworld/content", time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)},
	} {
		out := filepath.Join(t.TempDir(), "public")
		if _, err := generator.Build(t.Context(), generator.Config{Content: site.content, Out: out, Now: site.now, Minify: true}); err != nil {
			t.Fatal(err)
		}
		releases, _ := filepath.Glob(filepath.Join(out, "releases", "*", "status.json"))
		services, _ := filepath.Glob(filepath.Join(out, "services", "*", "status.json"))
		status := slices.Concat(releases, services)
		for schema, docs := range map[string][]string{
			"status-v1.json": append(status, filepath.Join(out, "status.json")),
			"stats-v1.json":  {filepath.Join(out, "stats.json")},
		} {
			args := []string{"validate", "--spec=draft2020", "--strict=true", "--all-errors", "-c", "ajv-formats", "-s", filepath.Join(out, "schema", schema)}
			for _, d := range docs {
				args = append(args, "-d", d)
			}
			cmd := exec.CommandContext(t.Context(), filepath.Join("node_modules", ".bin", "ajv"), args...)
			cmd.Dir = ajvDir
			output, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("%s: ajv %s: %v\n%s", site.content, schema, err, output)
				continue
			}
			if n := strings.Count(string(output), " valid\n"); n != len(docs) {
				t.Errorf("%s: ajv says %d of %d documents are valid against %s:\n%s", site.content, n, len(docs), schema, output)
			}
		}
	}
}
