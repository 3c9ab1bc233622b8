package generator_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bulletin-status/bulletin/generator"
)

// gnomeSoftware compiles testdata/gnome-software/pkgdb-collections.c, a
// stand-in for GNOME Software's fedora-pkgdb-collections plugin that reads
// a collections document with json-glib, as the plugin does, and applies
// the plugin's rules (the file cites the lines it follows). It returns a
// function that runs it on a document for a machine's os-release, with
// GNOME Software's show-upgrade-prerelease setting, and returns its lines.
func gnomeSoftware(t *testing.T) func(doc, osRelease string, prerelease bool) []string {
	t.Helper()
	requireTool(t, "cc", "gcc")
	requireTool(t, "pkg-config", "pkg-config")
	flags, err := exec.Command("pkg-config", "--cflags", "--libs", "json-glib-1.0").Output()
	if err != nil {
		msg := "json-glib is not installed, and this test reads the collections document with it, as GNOME Software does: sudo apt-get install libjson-glib-dev"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	bin := filepath.Join(t.TempDir(), "pkgdb-collections")
	args := append([]string{"-std=gnu11", "-Wall", "-Werror", "-o", bin, "testdata/gnome-software/pkgdb-collections.c"}, strings.Fields(string(flags))...)
	if msg, err := exec.CommandContext(t.Context(), "cc", args...).CombinedOutput(); err != nil {
		t.Fatalf("cc: %v\n%s", err, msg)
	}
	return func(doc, osRelease string, prerelease bool) []string {
		t.Helper()
		args := []string{doc, osRelease}
		if prerelease {
			args = append(args, "show-upgrade-prerelease")
		}
		cmd := exec.CommandContext(t.Context(), bin, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		// json-glib warns on stderr of a member a collection lacks.
		if err != nil || stderr.Len() > 0 {
			t.Fatalf("pkgdb-collections %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
		}
		return strings.Split(strings.TrimSpace(string(out)), "\n")
	}
}

// TestGNOMESoftware hands the sample site's collections document to GNOME
// Software's rules, read by json-glib, with the /etc/os-release of real
// Fedora machines: a Fedora 42 machine is offered 43, a 41 machine (end of
// life) 42 and 43, a 43 machine nothing, Rawhide never; EOL releases are
// EOL; the Fedora CoreOS streams are not collections. On the golden site,
// whose prerelease has a number, a machine is offered it only with the
// show-upgrade-prerelease setting.
func TestGNOMESoftware(t *testing.T) {
	run := gnomeSoftware(t)
	tmp := t.TempDir()
	build := func(name, content, doc string) string {
		out := filepath.Join(tmp, name)
		if _, err := generator.Build(t.Context(), generator.Config{Content: content, Out: out, Now: deployNow, Minify: true}); err != nil {
			t.Fatal(err)
		}
		return filepath.Join(out, filepath.FromSlash(doc))
	}
	machine := func(name, data string) string {
		p := filepath.Join(tmp, name)
		writeFile(t, p, []byte(data))
		return p
	}
	osRelease := func(name string) string { return filepath.Join("content", "testdata", "os-release", name) }
	f42, err := os.ReadFile(osRelease("fedora-42-workstation"))
	if err != nil {
		t.Fatal(err)
	}
	f41 := machine("fedora-41", strings.ReplaceAll(string(f42), "42", "41"))

	sample := build("sample", "../content", "api/pkgdb/collections.json")
	items := []string{"item 41 EOL Fedora Linux", "item 42 Active Fedora Linux", "item 43 Active Fedora Linux"}
	for _, tt := range []struct {
		machine    string
		prerelease bool
		want       []string
	}{
		{osRelease("fedora-42-workstation"), false, []string{"upgrade 43", "system updatable"}},
		{osRelease("fedora-43-workstation"), false, []string{"system updatable"}},
		{osRelease("fedora-43-workstation"), true, []string{"system updatable"}}, // Rawhide's "devel" is no upgrade
		{osRelease("fedora-silverblue-43"), false, []string{"system updatable"}},
		{osRelease("fedora-rawhide"), true, []string{"system unknown"}},
		{f41, false, []string{"upgrade 42", "upgrade 43", "system unavailable"}},
	} {
		got := run(sample, tt.machine, tt.prerelease)
		if want := slices.Concat(items, tt.want); !slices.Equal(got, want) {
			t.Errorf("sample, %s (prerelease %v):\n got %q\nwant %q", filepath.Base(tt.machine), tt.prerelease, got, want)
		}
	}

	golden := build("golden", "testdata/golden/content", "pkgdb/api/collections.json")
	items = []string{"item 1 EOL Example Linux", "item 2 Active Example Linux", "item 3 Under Development Example Linux"}
	ex1 := machine("example-1", "NAME=\"Example Linux\"\nID=example\nVERSION_ID=1\n")
	ex2 := machine("example-2", "NAME=\"Example Linux\"\nID=example\nVERSION_ID=2\n")
	other := machine("other-1", "NAME=\"Other Linux\"\nID=other\nVERSION_ID=1\n")
	for _, tt := range []struct {
		machine    string
		prerelease bool
		want       []string
	}{
		{ex1, false, []string{"upgrade 2", "system unavailable"}},
		{ex1, true, []string{"upgrade 2", "upgrade 3", "system unavailable"}},
		{ex2, false, []string{"system updatable"}},
		{ex2, true, []string{"upgrade 3", "system updatable"}},
		{other, true, []string{"system unknown"}},
	} {
		got := run(golden, tt.machine, tt.prerelease)
		if want := slices.Concat(items, tt.want); !slices.Equal(got, want) {
			t.Errorf("golden, %s (prerelease %v):\n got %q\nwant %q", filepath.Base(tt.machine), tt.prerelease, got, want)
		}
	}

	// The plugin is strict: a version given as a JSON number, or a status
	// pkgdb never had, drops the collection. The stand-in is as strict.
	data, _ := os.ReadFile(sample)
	broken := strings.NewReplacer(`"version":"43"`, `"version":43`, `"status":"EOL"`, `"status":"Retired"`).Replace(string(data))
	if broken == string(data) {
		t.Fatalf("the sample's document no longer has the fields the test breaks:\n%s", data)
	}
	got := run(machine("broken.json", broken), osRelease("fedora-42-workstation"), false)
	if want := []string{"item 42 Active Fedora Linux", "system updatable"}; !slices.Equal(got, want) {
		t.Errorf("with a number for 43's version and an unknown status for 41's: %q, want %q", got, want)
	}
}
