package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func init() {
	// Another test file may have defined it already.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestNewGolden pins the scaffold of each kind of entry, and that each
// passes check exactly as written.
func TestNewGolden(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
		path   string
	}{
		{"incident.md", []string{"-release", "f43", "Mesa 25.2.7 breaks Steam games"}, "content/news/2026-11-02-mesa-25-2-7-breaks-steam-games.md"},
		{"maintenance.md", []string{"-kind", "maintenance", "-starts", "2026-11-05T13:00:00Z", "-ends", "2026-11-05T17:00", "Mirror maintenance"}, "content/news/2026-11-02-mirror-maintenance.md"},
		{"announcement.md", []string{"-kind", "announcement", "-release", "f42,fcos-stable", "Fedora 41: end of life"}, "content/news/2026-11-02-fedora-41-end-of-life.md"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			dir := writeSite(t, map[string]string{"site.yaml": testSiteYAML})
			stdout, stderr, code := runBulletin(t, dir, append([]string{"new", "-content", dir}, tt.args...)...)
			if code != 0 || stdout != tt.path+"\n" || stderr != "" {
				t.Fatalf("bulletin new: exit %d, stdout %q, stderr %q; want exit 0, stdout %q", code, stdout, stderr, tt.path+"\n")
			}
			got, err := os.ReadFile(filepath.Join(dir, strings.TrimPrefix(tt.path, "content/")))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "new", tt.golden)
			if updating() {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("scaffold differs from %s (go test -update rewrites it):\n%s", golden, got)
			}
			stdout, stderr, code = runBulletin(t, dir, "check", "-strict", "-content", dir)
			if code != 0 || stdout != "content: 1 entry, 3 releases, no problems\n" {
				t.Errorf("check of the scaffold: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}

// TestNewPlaceholders checks that the commented fields of the scaffold
// are valid as they stand once uncommented: an editor under pressure
// should only have to change the values.
func TestNewPlaceholders(t *testing.T) {
	dir := writeSite(t, map[string]string{"site.yaml": testSiteYAML})
	_, stderr, code := runBulletin(t, dir, "new", "-content", dir, "-release", "all", "Mesa breaks Steam")
	if code != 0 {
		t.Fatal(stderr)
	}
	name := filepath.Join(dir, "news", "2026-11-02-mesa-breaks-steam.md")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	// Uncomment every field and its continuation lines, but not the
	// prose, nor resolved: (which contradicts status: investigating).
	field := regexp.MustCompile(`(?m)^# ((?:[a-z_]+:|  ).*)$`)
	text := field.ReplaceAllStringFunc(string(src), func(line string) string {
		if strings.HasPrefix(line, "# resolved:") {
			return line
		}
		return strings.TrimPrefix(line, "# ")
	})
	text = strings.Replace(text, "status: investigating", "status: identified", 1) // as the update says
	if text == string(src) {
		t.Fatal("nothing was uncommented")
	}
	writeFile(t, name, text)
	stdout, stderr, code := runBulletin(t, dir, "check", "-strict", "-content", dir)
	if code != 0 {
		t.Errorf("check of the scaffold with every field uncommented: exit %d\n%s%s\nthe file:\n%s", code, stdout, stderr, text)
	}
}

func TestNew(t *testing.T) {
	site := map[string]string{
		"site.yaml":                             testSiteYAML + "  - id: f41\n    name: Fedora 41\n    state: eol\n",
		"news/2026-10-01-mirror-maintenance.md": "---\ntitle: Old\ndate: 2026-10-01\nkind: maintenance\nstarts: 2026-10-02\nends: 2026-10-03\n---\n",
		"news/broken.md":                        "not an entry, but no reason to refuse a new one\n",
	}
	tests := []struct {
		name   string
		args   []string
		stdout string
		stderr string
		code   int
	}{{
		name:   "flags after the title",
		args:   []string{"GNOME Software fails to start", "-release", "f42", "-release", "f43", "-severity", "critical"},
		stdout: "content/news/2026-11-02-gnome-software-fails-to-start.md\n",
	}, {
		name:   "a slug taken by an older entry gets a number",
		args:   []string{"-kind", "maintenance", "-starts", "2026-11-05T13:00:00Z", "-ends", "2026-11-05T17:00:00Z", "Mirror maintenance"},
		stdout: "content/news/2026-11-02-mirror-maintenance-2.md\n",
	}, {
		name:   "a slug of one's own",
		args:   []string{"-release", "f43", "-slug", "mesa-steam", "Mesa breaks Steam"},
		stdout: "content/news/2026-11-02-mesa-steam.md\n",
	}, {
		name:   "unknown release",
		args:   []string{"-release", "f43,fcos-stabel", "Mesa breaks Steam"},
		stderr: "bulletin: unknown release \"fcos-stabel\"; did you mean \"fcos-stable\"? known: f42, f43, fcos-stable, f41, all\n",
		code:   1,
	}, {
		name:   "an incident needs releases",
		args:   []string{"Mesa breaks Steam"},
		stderr: "bulletin: an incident needs -release: the affected releases (f42, f43, fcos-stable, f41), or all\n",
		code:   1,
	}, {
		name:   "no incidents on eol releases",
		args:   []string{"-release", "f41", "Mesa breaks Steam"},
		stderr: "bulletin: release f41 is eol: it gets no new incidents\n",
		code:   1,
	}, {
		name:   "all and more",
		args:   []string{"-release", "all,f43", "Mesa breaks Steam"},
		stderr: "bulletin: -release all already covers every release; leave out f43\n",
		code:   1,
	}, {
		name:   "severity of an announcement",
		args:   []string{"-kind", "announcement", "-severity", "major", "News"},
		stderr: "bulletin: -severity is for incidents, and this is an announcement\n",
		code:   1,
	}, {
		name:   "bad severity",
		args:   []string{"-release", "f43", "-severity", "high", "News"},
		stderr: "bulletin: -severity \"high\" is not one of minor, major, critical\n",
		code:   1,
	}, {
		name:   "no slug in the title",
		args:   []string{"-release", "f43", "更新后黑屏"},
		stderr: "bulletin: the title has no letters or digits to make a file name of: give one with -slug\n",
		code:   1,
	}, {
		// A window the scaffold made up would pass check as it stands.
		name:   "a maintenance without its window",
		args:   []string{"-kind", "maintenance", "Mirror maintenance"},
		stderr: "bulletin: a maintenance needs its window: give -starts and -ends, like -starts 2026-11-03T15:00:00Z -ends 2026-11-03T16:00:00Z\n",
		code:   1,
	}, {
		name:   "a window that ends before it starts",
		args:   []string{"-kind", "maintenance", "-starts", "2026-11-05T13:00:00Z", "-ends", "2026-11-05T12:00:00Z", "Mirror maintenance"},
		stderr: "bulletin: -ends 2026-11-05T12:00:00Z must be after -starts 2026-11-05T13:00:00Z\n",
		code:   1,
	}, {
		name:   "a window on an incident",
		args:   []string{"-release", "f43", "-starts", "2026-11-05T13:00:00Z", "Mesa breaks Steam"},
		stderr: "bulletin: -starts and -ends are for a maintenance, and this is an incident\n",
		code:   1,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, site)
			args := append([]string{"new", "-content", dir}, tt.args...)
			stdout, stderr, code := runBulletin(t, dir, args...)
			if stdout != tt.stdout || stderr != tt.stderr || code != tt.code {
				t.Fatalf("bulletin %s\nexit %d, stdout %q, stderr %q\nwant exit %d, stdout %q, stderr %q",
					strings.Join(args, " "), code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
			if code != 0 {
				return
			}
			// Apart from the broken file it was given, the site checks.
			os.Remove(filepath.Join(dir, "news", "broken.md"))
			if stdout, stderr, code := runBulletin(t, dir, "check", "-content", dir); code != 0 {
				t.Errorf("check after new: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}

func TestNewRefusesToOverwrite(t *testing.T) {
	dir := writeSite(t, map[string]string{"site.yaml": testSiteYAML})
	args := []string{"new", "-content", dir, "-release", "f43", "Mesa breaks Steam"}
	if _, stderr, code := runBulletin(t, dir, args...); code != 0 {
		t.Fatal(stderr)
	}
	name := filepath.Join(dir, "news", "2026-11-02-mesa-breaks-steam.md")
	writeFile(t, name, "edited\n")
	stdout, stderr, code := runBulletin(t, dir, args...)
	want := "bulletin: content/news/2026-11-02-mesa-breaks-steam.md already exists: edit it, or choose another title\n"
	if code != 1 || stdout != "" || stderr != want {
		t.Errorf("second bulletin new: exit %d, stdout %q, stderr %q; want exit 1, stderr %q", code, stdout, stderr, want)
	}
	if data, _ := os.ReadFile(name); string(data) != "edited\n" {
		t.Errorf("the existing file was changed to:\n%s", data)
	}
}

// TestReadmeExample checks that the complete example in README.md's
// "Writing an entry" passes check against the sample site, warnings
// included, and so does the incident as the blocks after it take it on
// (a new workaround, the fix, the review), so that the editors'
// documentation stays true.
func TestReadmeExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "### A complete example\n")
	_, after, ok2 := strings.Cut(after, "```yaml\n")
	example, _, ok3 := strings.Cut(after, "```\n")
	if !ok || !ok2 || !ok3 {
		t.Fatal(`README.md has no "### A complete example" with a yaml block`)
	}
	site, err := os.ReadFile("../../content/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeSite(t, map[string]string{"site.yaml": string(site), "news/2026-11-19-mesa-steam.md": example})
	var out, errOut strings.Builder
	e := &env{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" },
		now: func() time.Time { return time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC) }}
	if err := run(context.Background(), []string{"check", "-strict", "-content", dir}, e); err != nil {
		t.Errorf("check -strict of the README's example: %v\n%s%s", err, out.String(), errOut.String())
	}

	// The same incident later on, as the blocks that follow show it: a
	// new workaround, the fix, and the review.
	var blocks []string
	for rest := after; ; {
		_, next, ok := strings.Cut(rest, "```yaml\n")
		if !ok {
			break
		}
		block, next, _ := strings.Cut(next, "```\n")
		blocks, rest = append(blocks, block), next
		if strings.HasPrefix(block, "review:") {
			break
		}
	}
	if len(blocks) != 3 || !strings.HasPrefix(blocks[0], "fixed_in:") || !strings.HasPrefix(blocks[1], "updates:") {
		t.Fatalf("README.md no longer follows its example with fixed_in, an update with a workaround and a review: %q", blocks)
	}
	front, body, _ := strings.Cut(example[len("---\n"):], "---\n")
	later := "---\n" + front + strings.TrimPrefix(blocks[1], "updates:\n") + "resolved: 2026-11-25T08:00:00Z\n" + blocks[0] + blocks[2] + "---\n" + body
	dir = writeSite(t, map[string]string{"site.yaml": string(site), "news/2026-11-19-mesa-steam.md": later})
	e.now = func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) }
	if err := run(context.Background(), []string{"check", "-strict", "-content", dir}, e); err != nil {
		t.Errorf("check -strict of the README's example, resolved and reviewed: %v\n%s%s\n%s", err, out.String(), errOut.String(), later)
	}
}

// TestNewService writes an incident of a service, which passes check as
// it is written, and refuses what check would refuse.
func TestNewService(t *testing.T) {
	site := testSiteYAML + "services:\n  - id: koji\n    name: Koji\n  - id: bodhi\n    name: Bodhi\n"
	dir := writeSite(t, map[string]string{"site.yaml": site})
	stdout, stderr, code := runBulletin(t, dir, "new", "-content", dir, "-service", "koji", "-severity", "major", "Koji builds fail to start")
	if code != 0 || stderr != "" {
		t.Fatalf("new -service koji: exit %d, %q", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, strings.TrimPrefix(strings.TrimSpace(stdout), "content/")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\nservices: [koji]\n") || strings.Contains(string(data), "\nreleases:") {
		t.Errorf("the scaffold names no service:\n%s", data)
	}
	if out, errOut, code := runBulletin(t, dir, "check", "-content", dir); code != 0 {
		t.Errorf("check of the new entry: exit %d\n%s%s", code, out, errOut)
	}
	for _, tt := range []struct{ args, want string }{
		{"-service kojii", "bulletin: unknown service \"kojii\"; known: koji, bodhi\n"},
		{"-service f43", "bulletin: f43 is a release: give it with -release\n"},
		{"", "bulletin: an incident needs -release: the affected releases (f42, f43, fcos-stable), or all; or -service: the affected services\n"},
	} {
		args := append([]string{"new", "-content", dir}, strings.Fields(tt.args)...)
		if _, stderr, code := runBulletin(t, dir, append(args, "Another")...); code != 1 || stderr != tt.want {
			t.Errorf("new %s: exit %d, %q; want %q", tt.args, code, stderr, tt.want)
		}
	}
}
