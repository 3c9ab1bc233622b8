package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestMatchReleaseRealMachines finds the release of each kind of real
// Fedora machine (testdata/os-release) on the sample site, by SPEC.md's
// rule: what a client does with the status API.
func TestMatchReleaseRealMachines(t *testing.T) {
	fsys, err := Dir("../../content")
	if err != nil {
		t.Fatal(err)
	}
	site, _, err := Load(t.Context(), fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		file   string
		stream string // a CoreOS node's booted deployment
		want   string
	}{
		{"fedora-43-workstation", "", "f43"},
		{"fedora-42-workstation", "", "f42"},
		{"fedora-silverblue-43", "", "f43"},
		{"fedora-rawhide", "", "rawhide"},
		{"fedora-coreos-43", "stable", "fcos-stable"},
		{"fedora-coreos-43", "testing", "fcos-testing"},
		{"fedora-coreos-42", "next", "fcos-next"},
		// A node whose stream is not known is its Fedora release, as far
		// as the rule can tell.
		{"fedora-coreos-43", "", "f43"},
	} {
		data, err := os.ReadFile(filepath.Join("testdata", "os-release", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		machine := ParseOSRelease(data)
		if tt.stream != "" {
			machine["stream"] = tt.stream
		}
		got := "none"
		if r := site.MatchRelease(machine); r != nil {
			got = r.ID
		}
		if got != tt.want {
			t.Errorf("%s (stream %q): release %s, want %s", tt.file, tt.stream, got, tt.want)
		}
	}
}

func TestParseOSRelease(t *testing.T) {
	got := ParseOSRelease([]byte("# comment\nNAME=\"Fedora Linux\"\nVERSION_ID=43\nVERSION_CODENAME=\"\"\nOSTREE_VERSION='43.20251121.0'\nQUOTE=\"a \\\"b\\\"\"\nbad line\nlower=no\n"))
	want := map[string]string{"name": "Fedora Linux", "version_id": "43", "version_codename": "", "ostree_version": "43.20251121.0", "quote": `a "b"`}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

// TestSiteWarnings pins the warnings about site.yaml: values no real
// machine has in /etc/os-release, and a base URL that Statuspage clients
// cannot use.
func TestSiteWarnings(t *testing.T) {
	site := `title: T
base_url: https://example.org/status/
id_authority: example.org,2026
releases:
  - id: f43
    name: Fedora 43
    os_release: {id: fedora, version_id: "43"}
  - id: rawhide
    name: Rawhide
    os_release: {id: fedora, version_id: rawhide}
  - id: odd
    name: Odd
    os_release: {id: Fedora, stream: stable, edition: x}
  - id: same
    name: Same
    os_release: {id: fedora, version_id: "43"}
`
	s, src, err := Load(t.Context(), fstest.MapFS{"site.yaml": {Data: []byte(site)}}, "content")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range Warnings(s, src, time.Now()) {
		got = append(got, w.Error())
	}
	want := []string{
		`content/site.yaml:2:11: warning: base_url has a path (/status/): Statuspage clients read /api/v2/ at the root of the host and will not find this site's; publish it at the root of a host to serve them`,
		`content/site.yaml:10:42: warning: os_release of rawhide: no Fedora machine has version_id "rawhide", which is always a number (Rawhide's is the number of the coming release); recognise Rawhide by redhat_support_product_version: rawhide`,
		`content/site.yaml:13:22: warning: os_release of odd: id "Fedora" is not a value os-release(5) allows: lower-case letters, digits, ".", "_", "-"`,
		`content/site.yaml:13:38: warning: os_release of odd: stream is the update stream of a Fedora CoreOS node; give it with variant_id: coreos, or leave it out`,
		`content/site.yaml:13:55: warning: os_release of odd: no /etc/os-release has a field EDITION; see os-release(5) for the fields, or leave it out`,
		`content/site.yaml:14:5: warning: os_release of same is the same as of f43: no machine can tell which it runs`,
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("got:\n%s\nwant:\n%s", g, w)
	}
}
