package render

import (
	"bytes"
	"html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/bulletin-status/bulletin/feeds"
	"github.com/bulletin-status/bulletin/feeds/feedtest"
	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/internal/golden"
)

// feedSite is a small site with what feeds must get right: an incident
// with a timeline that ends resolved, one for another release, one for two
// releases, a site-wide announcement and maintenance, an incident of an
// EOL release, and an EOL release with nothing at all.
const feedSite = "testdata/feeds/content"

// feedNow is the build clock: after the maintenance window.
var feedNow = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

// contentFS reads the test site into memory, where a test may change it.
func contentFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(feedSite), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(filepath.Join(feedSite, filepath.FromSlash(name)))
		fsys[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// edit replaces old by new in a file of fsys.
func edit(t *testing.T, fsys fstest.MapFS, name, old, new string) {
	t.Helper()
	f := fsys[name]
	if f == nil || !bytes.Contains(f.Data, []byte(old)) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	f.Data = bytes.Replace(f.Data, []byte(old), []byte(new), 1)
}

// feedFiles returns the feed files of a built site by name.
func feedFiles(out *golden.Files) map[string][]byte {
	files := map[string][]byte{}
	for _, name := range out.Names() {
		if strings.HasPrefix(path.Base(name), "feed.") {
			files[name], _ = out.Get(name)
		}
	}
	return files
}

func renderFeeds(t *testing.T, fsys fs.FS, opts Options) map[string][]byte {
	t.Helper()
	_, out := renderSite(t, fsys, opts)
	return feedFiles(out)
}

func formatOf(name string) feeds.Format {
	for _, f := range feeds.Formats {
		if path.Ext(name) == f.Ext() {
			return f
		}
	}
	panic("not a feed: " + name)
}

// readFeeds parses every feed with a real parser, failing the test on any
// broken rule.
func readFeeds(t *testing.T, files map[string][]byte) map[string]*feedtest.Feed {
	t.Helper()
	parsed := map[string]*feedtest.Feed{}
	for name, data := range files {
		f, err := feedtest.Check(formatOf(name), data)
		if err != nil {
			t.Errorf("%s:\n%v", name, err)
		}
		parsed[name] = f
	}
	if t.Failed() {
		t.FailNow()
	}
	return parsed
}

// feedDirs are the folders with feeds: the site's and each release's.
func feedDirs(s *content.Site) []string {
	dirs := []string{""}
	for _, r := range s.Releases {
		dirs = append(dirs, "releases/"+r.ID+"/")
	}
	return dirs
}

// TestFeedsGolden pins every feed of the test site, indented as written
// without -minify; go test ./generator/render -update rewrites them.
func TestFeedsGolden(t *testing.T) {
	var only golden.Files
	for name, data := range renderFeeds(t, contentFS(t), Options{Now: feedNow}) {
		only.WriteFile(name, data)
	}
	golden.Compare(t, "testdata/feeds/want", &only, *update)
}

// TestFeedsFollowTheRules reads every feed, indented and minified, with a
// real parser, and checks what the three formats of one feed and the two
// writings of one file must share.
func TestFeedsFollowTheRules(t *testing.T) {
	fsys := contentFS(t)
	r, out := renderSite(t, fsys, Options{Now: feedNow})
	site := r.site
	indented := readFeeds(t, feedFiles(out))
	minified := readFeeds(t, renderFeeds(t, fsys, Options{Now: feedNow, Minify: true}))

	for _, dir := range feedDirs(site) {
		for _, format := range feeds.Formats {
			name := dir + "feed" + format.Ext()
			f, min := indented[name], minified[name]
			if f == nil {
				t.Errorf("%s was not written", name)
				continue
			}
			// Minifying must not change a byte of what readers see, the
			// whitespace of code blocks included.
			if !slices.EqualFunc(f.Items, min.Items, sameItem) {
				t.Errorf("%s: minified items differ from the indented ones", name)
			}
			if want := r.absURL("/" + name); f.Self != want {
				t.Errorf("%s: self link %q, want %q", name, f.Self, want)
			}
			if format == feeds.Atom && !strings.HasPrefix(f.ID, "tag:fedoraproject.org,2026:feed") {
				t.Errorf("%s: feed id %q is not a tag URI of the site's authority", name, f.ID)
			}
			// The three formats of a feed list the same items.
			atom := indented[dir+"feed.atom"]
			if len(f.Items) != len(atom.Items) {
				t.Errorf("%s has %d items, its Atom feed %d", name, len(f.Items), len(atom.Items))
				continue
			}
			for i, it := range f.Items {
				a := atom.Items[i]
				if it.ID != a.ID || it.Title != a.Title || it.Link != a.Link || !it.Published.Equal(a.Published) {
					t.Errorf("%s item %d is %s %q, its Atom feed's %s %q", name, i, it.ID, it.Title, a.ID, a.Title)
				}
			}
		}
	}
	// The code block of the test site's incident, indentation intact.
	const code = "<pre><code class=\"language-console\">$ journalctl -b -p err | grep amdgpu\nkernel: amdgpu 0000:03:00.0: amdgpu: [gfxhub] page fault\n    (src_id:0 ring:24 vmid:3)\n</code></pre>"
	mesa := findItem(minified["releases/f43/feed.atom"], "tag:fedoraproject.org,2026:mesa-steam")
	if mesa == nil || !strings.Contains(mesa.HTML, code) {
		t.Errorf("the minified f43 feed lost the code block of mesa-steam")
	}
}

func sameItem(a, b feedtest.Item) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Link == b.Link && a.Published.Equal(b.Published) &&
		a.Updated.Equal(b.Updated) && a.HTML == b.HTML && a.Text == b.Text && slices.Equal(a.Categories, b.Categories)
}

func findItem(f *feedtest.Feed, id string) *feedtest.Item {
	for i := range f.Items {
		if f.Items[i].ID == id {
			return &f.Items[i]
		}
	}
	return nil
}

func titles(f *feedtest.Feed) []string {
	var ts []string
	for _, it := range f.Items {
		ts = append(ts, it.Title)
	}
	return ts
}

// TestFeedsPerRelease checks which items each feed holds: every entry and
// update of what the release is affected by, nothing else, and the site's
// feed everything.
func TestFeedsPerRelease(t *testing.T) {
	r, out := renderSite(t, contentFS(t), Options{Now: feedNow})
	site := r.site
	parsed := readFeeds(t, feedFiles(out))

	for _, dir := range feedDirs(site) {
		f := parsed[dir+"feed.json"]
		var want []string
		for _, e := range site.Entries {
			if dir != "" && !e.Affects(strings.TrimSuffix(strings.TrimPrefix(dir, "releases/"), "/")) {
				continue
			}
			// An update's id is the entry's and the update's time, never
			// its position: inserting a forgotten update renames nothing.
			want = append(want, tagURI(site, e))
			prev := e.InitialStatus
			for n, u := range e.Updates {
				id := tagURI(site, e) + "#update-" + u.At.UTC().Format(time.RFC3339)
				want = append(want, id)
				title := u.Status.Label() + ": " + e.Title
				if u.Status == "" || u.Status == prev {
					title = u.Status.Label() + ", " + u.At.UTC().Format("2 January, 15:04 MST") + ": " + e.Title
				}
				prev = u.Status
				if it := findItem(f, id); it == nil || it.Title != title || !it.Published.Equal(u.At) {
					t.Errorf("%sfeed.json: update %d of %s missing or wrong: %+v, want title %q", dir, n+1, e.ID, it, title)
				}
			}
			// A resolution that no update tells is an item of its own.
			if e.ID == "dnf-metadata-2025" {
				want = append(want, tagURI(site, e)+"#resolved")
			}
			// So is a published review.
			if e.Review != nil {
				want = append(want, tagURI(site, e)+"#review")
			}
		}
		var got []string
		for _, it := range f.Items {
			got = append(got, it.ID)
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%sfeed.json has items\n%q\nwant\n%q", dir, got, want)
		}
	}

	// What a Fedora 43 user sees, spelled out.
	f43 := titles(parsed["releases/f43/feed.atom"])
	for _, want := range []string{
		"Resolved: Mesa 25.2.7-2 update freezes Steam games on AMD GPUs",
		"Mesa 25.2.7-2 update freezes Steam games on AMD GPUs",
		"Identified: OpenSSL 3.5.4 breaks TLS to some VPN gateways",
		"Update, 30 October, 09:00 UTC: New signing keys for the Fedora repositories",
		"Completed: Koji and Bodhi outage for the data centre move",
	} {
		if !slices.Contains(f43, want) {
			t.Errorf("the f43 feed lacks %q; it has %q", want, f43)
		}
	}
	for _, other := range []string{"Kernel 6.17.7 drops Wi-Fi on Intel AX210 cards", "dnf refuses repository metadata signed with SHA-1"} {
		if slices.Contains(f43, other) {
			t.Errorf("the f43 feed has %q, which does not affect f43", other)
		}
	}
	// An EOL release keeps its history and gets nothing site-wide.
	if got := titles(parsed["releases/f41/feed.rss"]); !slices.Equal(got, []string{"Resolved: dnf refuses repository metadata signed with SHA-1", "dnf refuses repository metadata signed with SHA-1"}) {
		t.Errorf("the f41 feed has %q", got)
	}
	// An EOL release with nothing has feeds all the same.
	for _, format := range feeds.Formats {
		if f := parsed["releases/f40/feed"+format.Ext()]; f == nil || len(f.Items) != 0 {
			t.Errorf("releases/f40/feed%s should exist and be empty: %+v", format.Ext(), f)
		}
	}
}

// TestFeedItemContent checks that items state the structured fields, and
// that an update's item drops what a resolution makes moot.
func TestFeedItemContent(t *testing.T) {
	_, out := renderSite(t, contentFS(t), Options{Now: feedNow})
	f := readFeeds(t, feedFiles(out))["releases/f43/feed.json"]
	const mesa = "tag:fedoraproject.org,2026:mesa-steam"
	for _, tc := range []struct {
		id      string
		has     []string
		hasNot  []string
		hasText []string
	}{
		{
			id: mesa,
			has: []string{
				"<li><strong>Status:</strong> Resolved</li>",
				"<li><strong>Severity:</strong> Major</li>",
				"<li><strong>Affects:</strong> Fedora 43</li>",
				"<code>mesa-vulkan-drivers</code>, <code>mesa-25.2.7-2.fc43</code>",
				"<li><strong>Fixed in:</strong> <code>FEDORA-2026-5b1e0c7d21</code></li>",
				`<a href="https://status.example.org/news/gpu-notes/">the GPU notes</a>`,
				"<p>Fedora 43:</p>\n<pre><code>sudo dnf downgrade mesa-vulkan-drivers-25.2.6-1.fc43</code></pre>",
				`<img src="https://status.example.org/news/mesa-steam/freeze.png"`,
				"&lt;script&gt;",
				`<a href="https://bugzilla.redhat.com/show_bug.cgi?id=2412345">Bug 2412345</a>`,
			},
			hasNot:  []string{"Fix expected", "javascript:", "<script>"},
			hasText: []string{"Status: Resolved\nSeverity: Major\nAffects: Fedora 43\n", "Downgrade (Fedora 43):\n\n    sudo dnf downgrade", "    (src_id:0 ring:24 vmid:3)"},
		},
		{
			id:      mesa + "#update-2026-11-02T18:00:00Z",
			has:     []string{"<p>A change in the shader cache", "<li><strong>Status:</strong> Identified</li>", "<h2>Workaround</h2>", "<h2>Downgrade</h2>", `<a href="https://status.example.org/news/mesa-steam/">Read the full entry</a>`},
			hasNot:  []string{"journalctl", "Bug 2412345"},
			hasText: []string{"A change in the shader cache", "Status: Identified", "Read the full entry: https://status.example.org/news/mesa-steam/"},
		},
		{
			id:     mesa + "#update-2026-11-04T10:00:00Z",
			has:    []string{"<code>sudo dnf upgrade --refresh</code>", "<li><strong>Status:</strong> Resolved</li>", "Fixed in:"},
			hasNot: []string{"Workaround", "Downgrade", "Fix expected"},
		},
		{
			// A review is an item of its own, about what was learnt: the
			// fix was told by the resolution's item.
			id: mesa + "#review",
			has: []string{
				"<h2>What went wrong</h2>\n<p>An upstream change to how RADV validates its <strong>shader cache</strong>",
				"<p><strong>Caused by:</strong> <code>mesa-25.2.7-2.fc43</code></p>",
				"<h2>Lessons</h2>\n<p>Gating tests never start a Vulkan game: add one.</p>",
				`<li>Done: <a href="https://pagure.io/fedora-qa/issue/812">Start a Vulkan game in the update gating tests</a></li>`,
				"<li>Open: Ask upstream to version the cache format</li>",
				"<li><strong>Status:</strong> Resolved</li>",
			},
			hasNot:  []string{"Workaround", "Downgrade", "Get the fix", "Bug 2412345"},
			hasText: []string{"What went wrong:\n\nAn upstream change", "Caused by: mesa-25.2.7-2.fc43", "- Done: Start a Vulkan game in the update gating tests (https://pagure.io/fedora-qa/issue/812)\n- Open: Ask upstream"},
		},
		{
			// An update that gives a new workaround: its item tells that one.
			id:      "tag:fedoraproject.org,2026:openssl-tls#update-2026-11-07T09:00:00Z",
			has:     []string{"<p>A setting for the VPN connection alone lets it through.</p>", "<h2>Workaround</h2>\n<p>Lower the security level for the VPN connection only:"},
			hasText: []string{"Workaround:\n\nLower the security level"},
		},
		{
			// The update before it had no workaround to tell.
			id:     "tag:fedoraproject.org,2026:openssl-tls#update-2026-11-06T12:00:00Z",
			hasNot: []string{"Workaround"},
		},
		{
			id: "tag:fedoraproject.org,2026:openssl-tls",
			// A day is a day, not its first minute.
			has: []string{"<li><strong>Affects:</strong> Fedora 43, Fedora 42</li>", "<li><strong>Fix expected:</strong> 12 November 2026</li>"},
		},
		{
			id:  "tag:fedoraproject.org,2026:koji-outage",
			has: []string{"<li><strong>Window:</strong> 10 November 2026, 08:00 to 16:00 UTC</li>", "<li><strong>Affects:</strong> All releases</li>"},
			// The window's state follows the clock; the entry's own item
			// does not (its start and end are items of their own).
			hasNot: []string{"Status:", "Completed", "Scheduled"},
		},
		{
			id: "tag:fedoraproject.org,2026:new-signing-keys",
			// An announcement is of a change, not of an update.
			has: []string{"<p><strong>Action required:</strong> read this before the change takes effect.</p>", "<h2 id=\"what-changes\">What changes</h2>"},
			// The body has a heading of its own: no "Details" heading.
			hasNot: []string{"<h2>Details</h2>"},
		},
	} {
		it := findItem(f, tc.id)
		if it == nil {
			t.Errorf("no item %s", tc.id)
			continue
		}
		for _, s := range tc.has {
			if !strings.Contains(it.HTML, s) {
				t.Errorf("%s: content_html lacks %q:\n%s", tc.id, s, it.HTML)
			}
		}
		for _, s := range tc.hasNot {
			if strings.Contains(it.HTML, s) {
				t.Errorf("%s: content_html has %q:\n%s", tc.id, s, it.HTML)
			}
		}
		for _, s := range tc.hasText {
			if !strings.Contains(it.Text, s) {
				t.Errorf("%s: content_text lacks %q:\n%s", tc.id, s, it.Text)
			}
		}
	}
	review := findItem(f, mesa+"#review")
	if review == nil || review.Title != "Review: Mesa 25.2.7-2 update freezes Steam games on AMD GPUs" ||
		!review.Published.Equal(time.Date(2026, 11, 12, 10, 0, 0, 0, time.UTC)) || review.Link != "https://status.example.org/news/mesa-steam/#review" {
		t.Errorf("the review's item: %+v", review)
	}
	kernel := findItem(readFeeds(t, feedFiles(out))["releases/f42/feed.atom"], "tag:fedoraproject.org,2026:kernel-wifi")
	if kernel == nil || !slices.Equal(kernel.Categories, []string{"incident", "f42", "action-required"}) ||
		!strings.Contains(kernel.HTML, "<li><strong>Fix expected:</strong> Not known yet</li>") {
		t.Errorf("kernel-wifi item: %+v", kernel)
	}
}

// TestFeedIDsArePermanent changes what ids must not come from (the base
// URL, an entry's title, its file name) and checks that no id moves.
func TestFeedIDsArePermanent(t *testing.T) {
	before := readFeeds(t, renderFeeds(t, contentFS(t), Options{Now: feedNow}))

	fsys := contentFS(t)
	edit(t, fsys, "site.yaml", "base_url: https://status.example.org/", "base_url: https://fedora.example.net/status/")
	edit(t, fsys, "news/2026-11-02-mesa-steam.md", `title: "Mesa 25.2.7-2 update freezes Steam games on AMD GPUs"`, `title: "Mesa 25.2.7-2 freezes Vulkan games"`)
	fsys["news/2026/mesa-vulkan-freeze.md"] = fsys["news/2026-11-02-mesa-steam.md"] // id: mesa-steam stays
	fsys["news/2026/freeze.png"] = fsys["news/freeze.png"]                          // its image moves with it
	delete(fsys, "news/2026-11-02-mesa-steam.md")
	after := readFeeds(t, renderFeeds(t, fsys, Options{Now: feedNow}))

	for name, b := range before {
		a := after[name]
		if a.ID != b.ID {
			t.Errorf("%s: feed id %q became %q", name, b.ID, a.ID)
		}
		if len(a.Items) != len(b.Items) {
			t.Fatalf("%s: %d items became %d", name, len(b.Items), len(a.Items))
		}
		for i := range a.Items {
			if a.Items[i].ID != b.Items[i].ID {
				t.Errorf("%s: item id %q became %q", name, b.Items[i].ID, a.Items[i].ID)
			}
			if !strings.HasPrefix(a.Items[i].Link, "https://fedora.example.net/status/") {
				t.Errorf("%s: item link %q is not under the new base URL", name, a.Items[i].Link)
			}
		}
	}
}

// TestFeedUpdateAddsItem adds an update to an incident: it must appear as
// an item of its own, and the incident's own item must keep its id, title
// and published time, with only its updated time moving.
func TestFeedUpdateAddsItem(t *testing.T) {
	const name = "releases/f42/feed.atom"
	fsys := contentFS(t)
	before := readFeeds(t, renderFeeds(t, fsys, Options{Now: feedNow}))[name]

	at := time.Date(2026, 11, 15, 9, 30, 0, 0, time.UTC) // the newest change of the site
	edit(t, fsys, "news/2026-11-05-kernel-wifi.md", "status: investigating\n", `updates:
  - at: 2026-11-15T09:30:00Z
    status: identified
    text: A firmware change in linux-firmware triggers it.
`)
	files := renderFeeds(t, fsys, Options{Now: feedNow})
	after := readFeeds(t, files)[name]

	const id = "tag:fedoraproject.org,2026:kernel-wifi"
	if len(after.Items) != len(before.Items)+1 {
		t.Fatalf("%d items became %d, want one more", len(before.Items), len(after.Items))
	}
	added := after.Items[0]
	if added.ID != id+"#update-2026-11-15T09:30:00Z" || added.Title != "Identified: Kernel 6.17.7 drops Wi-Fi on Intel AX210 cards" || !added.Published.Equal(at) {
		t.Errorf("the newest item is %s %q %v, want the update", added.ID, added.Title, added.Published)
	}
	if !after.Updated.Equal(at) {
		t.Errorf("feed updated %v, want %v", after.Updated, at)
	}
	for _, b := range before.Items {
		a := findItem(after, b.ID)
		switch {
		case a == nil:
			t.Errorf("item %s is gone", b.ID)
		case b.ID == id:
			if a.Title != b.Title || !a.Published.Equal(b.Published) {
				t.Errorf("the incident's item changed title or published: %q %v → %q %v", b.Title, b.Published, a.Title, a.Published)
			}
			if !a.Updated.Equal(at) {
				t.Errorf("the incident's item updated %v, want %v", a.Updated, at)
			}
		case !sameItem(*a, b):
			t.Errorf("item %s changed", b.ID)
		}
	}
	// RSS, where upgrade guards key on pubDate and title.
	rss := readFeeds(t, files)["releases/f42/feed.rss"]
	if it := findItem(rss, id); it == nil || it.Title != "Kernel 6.17.7 drops Wi-Fi on Intel AX210 cards" || !it.Published.Equal(time.Date(2026, 11, 5, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("RSS item of the incident: %+v", it)
	}
}

// TestFeedsIgnoreClock builds at moments between which nothing happens:
// the feeds must not change, or every scheduled rebuild would look like
// news. Only an event that happens (an update, a window starting) may.
func TestFeedsIgnoreClock(t *testing.T) {
	fsys := contentFS(t)
	for _, moments := range [][]time.Time{
		// During the maintenance window, after its first update.
		{time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 10, 15, 0, 0, 0, time.UTC)},
		// After everything.
		{feedNow, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		first := renderFeeds(t, fsys, Options{Now: moments[0], Minify: true})
		for name, data := range renderFeeds(t, fsys, Options{Now: moments[1], Minify: true}) {
			if !bytes.Equal(data, first[name]) {
				t.Errorf("%s differs between %v and %v", name, moments[0], moments[1])
			}
		}
	}
}

// TestFeedWindowItems follows a maintenance window whose editors post no
// update: its start and its end are items of their own, each once it has
// happened, so that subscribers hear of both.
func TestFeedWindowItems(t *testing.T) {
	fsys := contentFS(t)
	name := "news/2026-11-10-koji-outage.md"
	data := string(fsys[name].Data)
	fsys[name].Data = []byte(data[:strings.Index(data, "updates:")] + "---\nNo updates are pushed during the window.\n")
	const id = "tag:fedoraproject.org,2026:koji-outage"
	for _, tt := range []struct {
		now  time.Time
		want []string
	}{
		{time.Date(2026, 11, 10, 7, 59, 0, 0, time.UTC), nil},
		{time.Date(2026, 11, 10, 8, 0, 0, 0, time.UTC), []string{"Started: Koji and Bodhi outage for the data centre move"}},
		{time.Date(2026, 11, 10, 16, 0, 0, 0, time.UTC), []string{"Completed: Koji and Bodhi outage for the data centre move", "Started: Koji and Bodhi outage for the data centre move"}},
	} {
		f := readFeeds(t, renderFeeds(t, fsys, Options{Now: tt.now}))["releases/f43/feed.atom"]
		var got []string
		for _, it := range f.Items {
			if strings.HasPrefix(it.ID, id+"#") {
				got = append(got, it.Title)
				if want := map[string]string{"Started": id + "#started", "Completed": id + "#ended"}[strings.Split(it.Title, ":")[0]]; it.ID != want {
					t.Errorf("at %v: item %q has id %s, want %s", tt.now, it.Title, it.ID, want)
				}
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("at %v: window items %q, want %q", tt.now, got, tt.want)
		}
	}
}

// TestFeedItemsLimit checks feed_items: each feed keeps the newest items.
func TestFeedItemsLimit(t *testing.T) {
	all := readFeeds(t, renderFeeds(t, contentFS(t), Options{Now: feedNow}))
	fsys := contentFS(t)
	edit(t, fsys, "site.yaml", "releases:", "feed_items: 3\nreleases:")
	few := readFeeds(t, renderFeeds(t, fsys, Options{Now: feedNow}))
	for name, f := range few {
		want := all[name].Items[:min(3, len(all[name].Items))]
		if !slices.EqualFunc(f.Items, want, sameItem) {
			t.Errorf("%s with feed_items 3 has %q, want the newest three, %q", name, titles(f), titles(&feedtest.Feed{Items: want}))
		}
	}
}

// TestFeedLinks checks that every feed (and calendar) a page announces for
// autodiscovery exists, and that a release's page links its own feeds and
// calendar for people too.
func TestFeedLinks(t *testing.T) {
	r, out := renderSite(t, contentFS(t), Options{Now: feedNow})
	alternate := regexp.MustCompile(`<link rel="alternate" type="([^"]+)" title="[^"]*" href="([^"]+)">`)
	for _, name := range out.Names() {
		if path.Ext(name) != ".html" {
			continue
		}
		page, _ := out.Get(name)
		for _, m := range alternate.FindAllSubmatch(page, -1) {
			// Read the attributes as a browser does: html/template writes
			// the + of a media type as &#43;.
			typ, href := html.UnescapeString(string(m[1])), html.UnescapeString(string(m[2]))
			file := strings.TrimPrefix(href, r.absURL("/"))
			data, ok := out.Get(file)
			if !ok {
				t.Errorf("%s announces %s, which is not written", name, href)
				continue
			}
			want := "text/calendar"
			if path.Ext(file) != ".ics" {
				want = formatOf(file).MediaType()
			}
			if typ != want {
				t.Errorf("%s announces %s as %s, want %s", name, href, typ, want)
			}
			if len(data) == 0 {
				t.Errorf("%s is empty", file)
			}
		}
	}
	page, _ := out.Get("releases/f43/index.html")
	for _, ext := range []string{feeds.Atom.Ext(), feeds.RSS.Ext(), feeds.JSON.Ext(), ".ics"} {
		name := "/releases/f43/feed" + ext
		if ext == ".ics" {
			name = "/releases/f43/maintenance.ics"
		}
		if want := `<a href="` + name + `"`; !bytes.Contains(page, []byte(want)) {
			t.Errorf("the f43 page has no visible link %s", want)
		}
		if want := `<link rel="alternate" type="text/calendar" title="Fedora 43: planned maintenance (iCalendar)" href="` + r.absURL("/releases/f43/maintenance.ics") + `">`; ext == ".ics" && !bytes.Contains(page, []byte(want)) {
			t.Errorf("the f43 page does not announce its calendar: no %s", want)
		}
	}
}

// TestFeedHostileText checks the other half of TestHostileContent for
// feeds: titles and plain-text content hold what the editor wrote, as
// text, neither dropped nor escaped twice, in every format.
func TestFeedHostileText(t *testing.T) {
	out := renderFS(t, hostileSite, Options{Now: goldenNow, Minify: true})
	const title, reviewed = "<script>alert('title')</script> Mesa", "Reviewed: <script>alert('title')</script>"
	for name, f := range readFeeds(t, feedFiles(out)) {
		if got := titles(f); !slices.Equal(got, []string{"Review: " + reviewed, "Resolved: " + reviewed, "Identified: " + title, "Identified: " + reviewed, title, reviewed}) {
			t.Errorf("%s: titles %q", name, got)
		}
		if f.Title != "<script>alert('site')</script> Status" && f.Title != "<img src=x onerror=alert('release')> · <script>alert('site')</script> Status" {
			t.Errorf("%s: feed title %q", name, f.Title)
		}
		if formatOf(name) != feeds.JSON {
			continue
		}
		for id, want := range map[string]string{
			"xss":                "<script>alert('body')</script>",
			"xss-review#review":  "<script>alert('cause')</script>",
			"xss-review#update-": "<script>alert('new workaround')</script>",
		} {
			i := slices.IndexFunc(f.Items, func(it feedtest.Item) bool {
				return strings.HasPrefix(it.ID, "tag:example.org,2026:"+id) && (id != "xss" || it.ID == "tag:example.org,2026:xss")
			})
			if i < 0 || !strings.Contains(f.Items[i].Text, want) {
				t.Errorf("%s: the content_text of %s lacks %q as written", name, id, want)
			}
		}
	}
}
