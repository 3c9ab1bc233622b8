package synth

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
)

// open loads and checks the content folder dir.
func open(t *testing.T, dir string) (*content.Site, error) {
	t.Helper()
	fsys, err := content.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	site, _, err := content.Load(t.Context(), fsys, dir)
	return site, err
}

// TestSynthValid checks that a synthetic site is valid content, uses
// every kind, and is the same for the same seed.
func TestSynthValid(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := Write(dir, 300, 7); err != nil {
			t.Fatal(err)
		}
	}
	site, err := open(t, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Entries) != 300 {
		t.Fatalf("%d entries", len(site.Entries))
	}
	kinds := map[content.Kind]int{}
	updates := 0
	for _, e := range site.Entries {
		kinds[e.Kind]++
		updates += len(e.Updates)
		if n := len(bytes.Fields(e.Body)); n < 150 || n > 460 {
			t.Errorf("%s: body of %d words", e.File, n)
		}
	}
	if len(kinds) != 3 || updates == 0 {
		t.Errorf("kinds %v, %d updates", kinds, updates)
	}
	// What every chart of the statistics needs: incidents of services as
	// well as releases, times to identify, workarounds given with the
	// first report and by updates, reviews that name a cause, follow-ups
	// done and open.
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	has := map[string]int{}
	for _, e := range site.Entries {
		if e.Kind != content.Incident {
			continue
		}
		if len(e.Services) > 0 {
			has["service incident"]++
		}
		m := e.Moments(now)
		if !m.Identified.IsZero() {
			has["identified"]++
		}
		if e.InitialWorkaround != "" {
			has["workaround at once"]++
		} else if !m.Workaround.IsZero() {
			has["workaround by an update"]++
		}
		if e.Review != nil {
			has["review"]++
			if len(e.Review.CausedBy) > 0 {
				has["caused_by"]++
			}
			for _, f := range e.Review.FollowUps {
				has[map[bool]string{true: "follow-up done", false: "follow-up open"}[f.Done]]++
			}
		}
	}
	for _, want := range []string{"service incident", "identified", "workaround at once", "workaround by an update", "review", "caused_by", "follow-up done", "follow-up open"} {
		if has[want] == 0 {
			t.Errorf("no %s among %d entries: %v", want, len(site.Entries), has)
		}
	}
	files, _ := filepath.Glob(filepath.Join(a, "news", "*.md"))
	for _, f := range files {
		x, _ := os.ReadFile(f)
		y, err := os.ReadFile(filepath.Join(b, "news", filepath.Base(f)))
		if err != nil || !bytes.Equal(x, y) {
			t.Fatalf("%s differs between two runs with the same seed", filepath.Base(f))
		}
	}
}

// TestHugoSameEntries checks that the Hugo site holds the same entries as
// the bulletin content of the same seed: the benchmark compares the two
// tools on them.
func TestHugoSameEntries(t *testing.T) {
	b, h := t.TempDir(), t.TempDir()
	if err := Write(b, 200, 3); err != nil {
		t.Fatal(err)
	}
	if err := WriteHugo(h, 200, 3); err != nil {
		t.Fatal(err)
	}
	site, err := open(t, b)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range site.Entries {
		src, err := os.ReadFile(filepath.Join(h, "content", "incidents", filepath.Base(e.File)))
		if err != nil {
			t.Fatalf("%s: no such entry in the Hugo site: %v", e.File, err)
		}
		for _, want := range []string{"title: " + strconv.Quote(e.Title), "date: " + e.Date.Format(time.RFC3339), "kind: " + string(e.Kind)} {
			if !bytes.Contains(src, []byte("\n"+want+"\n")) {
				t.Errorf("%s: the Hugo entry lacks %q", e.File, want)
			}
		}
		if !bytes.Contains(src, e.Body) {
			t.Errorf("%s: the Hugo entry has another body", e.File)
		}
		for _, u := range e.Updates {
			if !bytes.Contains(src, []byte(u.Text)) {
				t.Errorf("%s: the Hugo entry lacks the update %q", e.File, u.Text)
			}
		}
	}
	for _, name := range []string{"hugo.toml", "layouts/_default/baseof.html", "content/incidents/_index.md"} {
		if _, err := os.Stat(filepath.Join(h, name)); err != nil {
			t.Errorf("the Hugo site lacks its skeleton: %v", err)
		}
	}
}

// TestHugoBuilds builds a small synthetic Hugo site with Hugo, as the
// benchmark does: the skeleton and the entries must stay something Hugo
// renders, or the side-by-side figures mean nothing. It needs Hugo
// (apt-get install hugo); it skips without it, except on CI.
func TestHugoBuilds(t *testing.T) {
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("hugo is not installed (apt-get install hugo)")
		}
		t.Skip("hugo is not installed (apt-get install hugo)")
	}
	dir := t.TempDir()
	if err := WriteHugo(dir, 60, 1); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	cmd := exec.Command(hugo, "--quiet", "--minify", "-s", dir, "-d", out)
	cmd.Env = append(os.Environ(), "HUGO_CACHEDIR="+t.TempDir())
	if output, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, output)
	}
	pages, _ := filepath.Glob(filepath.Join(out, "incidents", "*", "index.html"))
	if len(pages) != 60 {
		t.Errorf("hugo wrote %d entry pages, want 60", len(pages))
	}
	for _, name := range []string{"index.html", "status.json", "releases/f43/index.xml"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("hugo did not write %s", name)
		}
	}
}
