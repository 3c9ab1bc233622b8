package rpm_test

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bulletin-status/bulletin/cmd/bulletin/rpm"
	"github.com/bulletin-status/bulletin/cmd/bulletin/rpm/rpmtest"
	"github.com/bulletin-status/bulletin/generator/tooltest"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string // name|epoch|version|release|arch, or "" for a bare name
	}{
		{"mesa-vulkan-drivers-25.2.7-2.fc43", "mesa-vulkan-drivers||25.2.7|2.fc43|"},
		{"mesa-vulkan-drivers-25.2.7-2.fc43.x86_64", "mesa-vulkan-drivers||25.2.7|2.fc43|x86_64"},
		{"firefox-2:145.0-2.fc43.x86_64", "firefox|2|145.0|2.fc43|x86_64"},
		{"shim-x64-16.1-4", "shim-x64||16.1|4|"},
		{"kernel-6.17.8-300.fc43", "kernel||6.17.8|300.fc43|"},
		{"python3-3.14.0-1.fc43.noarch", "python3||3.14.0|1.fc43|noarch"},
		{"glibc-2.42-4.fc43.i686", "glibc||2.42|4.fc43|i686"},
		{"mesa-vulkan-drivers", ""},
		{"kf6-kio", ""},
		{"java-21-openjdk", ""},
		{"selinux-policy-targeted", ""},
		{"foo-x:1-2", ""},
		{"-1-2", ""},
		{"mesa", ""},
	} {
		p, ok := rpm.Parse(tt.in)
		got := ""
		if ok {
			got = strings.Join([]string{p.Name, p.Epoch, p.Version, p.Release, p.Arch}, "|")
			if p.String() != tt.in {
				t.Errorf("Parse(%q).String() = %q", tt.in, p.String())
			}
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// vercmpCases are pairs of versions and how rpm orders them, from rpm's
// own test suite of rpmvercmp (tests/rpmvercmp.at) and Fedora's builds.
var vercmpCases = []struct {
	a, b string
	want int
}{
	{"1.0", "1.0", 0}, {"1.0", "2.0", -1}, {"2.0", "1.0", 1},
	{"2.0.1", "2.0.1", 0}, {"2.0", "2.0.1", -1}, {"2.0.1", "2.0", 1},
	{"2.0.1a", "2.0.1a", 0}, {"2.0.1a", "2.0.1", 1}, {"2.0.1", "2.0.1a", -1},
	{"5.5p1", "5.5p1", 0}, {"5.5p1", "5.5p2", -1}, {"5.5p2", "5.5p1", 1},
	{"5.5p10", "5.5p10", 0}, {"5.5p1", "5.5p10", -1}, {"5.5p10", "5.5p1", 1},
	{"10xyz", "10.1xyz", -1}, {"10.1xyz", "10xyz", 1},
	{"xyz10", "xyz10", 0}, {"xyz10", "xyz10.1", -1}, {"xyz10.1", "xyz10", 1},
	{"xyz.4", "xyz.4", 0}, {"xyz.4", "8", -1}, {"8", "xyz.4", 1}, {"xyz.4", "2", -1}, {"2", "xyz.4", 1},
	{"5.5p2", "5.6p1", -1}, {"5.6p1", "5.5p2", 1},
	{"5.6p1", "6.5p1", -1}, {"6.5p1", "5.6p1", 1},
	{"6.0.rc1", "6.0", 1}, {"6.0", "6.0.rc1", -1},
	{"10b2", "10a1", 1}, {"10a2", "10b2", -1},
	{"1.0aa", "1.0aa", 0}, {"1.0a", "1.0aa", -1}, {"1.0aa", "1.0a", 1},
	{"10.0001", "10.0001", 0}, {"10.0001", "10.1", 0}, {"10.1", "10.0001", 0},
	{"10.0001", "10.0039", -1}, {"10.0039", "10.0001", 1},
	{"4.999.9", "5.0", -1}, {"5.0", "4.999.9", 1},
	{"20101121", "20101121", 0}, {"20101121", "20101122", -1}, {"20101122", "20101121", 1},
	{"2_0", "2_0", 0}, {"2.0", "2_0", 0}, {"2_0", "2.0", 0},
	{"a", "a", 0}, {"a+", "a+", 0}, {"a+", "a_", 0}, {"a_", "a+", 0}, {"+a", "+a", 0}, {"+a", "_a", 0}, {"_a", "+a", 0}, {"+_", "+_", 0}, {"_+", "+_", 0}, {"_+", "_+", 0}, {"+", "_", 0}, {"_", "+", 0},
	{"1.0~rc1", "1.0~rc1", 0}, {"1.0~rc1", "1.0", -1}, {"1.0", "1.0~rc1", 1},
	{"1.0~rc1", "1.0~rc2", -1}, {"1.0~rc2", "1.0~rc1", 1},
	{"1.0~rc1~git123", "1.0~rc1~git123", 0}, {"1.0~rc1~git123", "1.0~rc1", -1}, {"1.0~rc1", "1.0~rc1~git123", 1},
	{"1.0^", "1.0^", 0}, {"1.0^", "1.0", 1}, {"1.0", "1.0^", -1},
	{"1.0^git1", "1.0^git1", 0}, {"1.0^git1", "1.0", 1}, {"1.0", "1.0^git1", -1},
	{"1.0^git1", "1.0^git2", -1}, {"1.0^git2", "1.0^git1", 1},
	{"1.0^git1", "1.01", -1}, {"1.01", "1.0^git1", 1},
	{"1.0^20160101", "1.0^20160101", 0}, {"1.0^20160101", "1.0.1", -1}, {"1.0.1", "1.0^20160101", 1},
	{"1.0^20160101^git1", "1.0^20160101^git1", 0}, {"1.0^20160102", "1.0^20160101^git1", 1}, {"1.0^20160101^git1", "1.0^20160102", -1},
	{"1.0~rc1^git1", "1.0~rc1^git1", 0}, {"1.0~rc1^git1", "1.0~rc1", 1}, {"1.0~rc1", "1.0~rc1^git1", -1},
	{"1.0^git1~pre", "1.0^git1~pre", 0}, {"1.0^git1", "1.0^git1~pre", 1}, {"1.0^git1~pre", "1.0^git1", -1},
	{"2.fc43", "10.fc43", -1}, {"25.2.7", "25.2.10", -1}, {"300.fc43", "300.fc43.1", -1},
}

func TestVercmp(t *testing.T) {
	for _, tt := range vercmpCases {
		if got := rpm.Vercmp(tt.a, tt.b); got != tt.want {
			t.Errorf("Vercmp(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestVercmpAgreesWithRPM has rpm itself (its Lua rpm.vercmp) order the
// same pairs, and whole EVRs, as Vercmp and Compare do.
func TestVercmpAgreesWithRPM(t *testing.T) {
	tooltest.Require(t, "rpm", "rpm")
	type pair struct{ a, b string }
	var pairs []pair
	for _, tt := range vercmpCases {
		pairs = append(pairs, pair{tt.a, tt.b})
	}
	evrs := []pair{
		{"1:1.0-1", "0:2.0-1"}, {"0:25.2.7-2.fc43", "0:25.2.7-3.fc43"}, {"2:145.0-2.fc43", "2:145.0-10.fc43"},
		{"1.0-1.fc43", "1.0-1.fc43"}, {"6.17.8-300.fc43", "6.17.10-200.fc43"},
	}
	var lua strings.Builder
	lua.WriteString("%{lua:\n")
	for _, p := range append(slices.Clone(pairs), evrs...) {
		fmt.Fprintf(&lua, "print(rpm.vercmp(%q, %q) .. \"\\n\")\n", p.a, p.b)
	}
	lua.WriteString("}")
	out, err := exec.Command("rpm", "--eval", lua.String()).CombinedOutput()
	if err != nil {
		t.Fatalf("rpm --eval: %v\n%s", err, out)
	}
	got := strings.Fields(string(out))
	if len(got) != len(pairs)+len(evrs) {
		t.Fatalf("rpm printed %d results for %d pairs:\n%s", len(got), len(pairs)+len(evrs), out)
	}
	for i, p := range pairs {
		if ours := fmt.Sprint(rpm.Vercmp(p.a, p.b)); ours != got[i] {
			t.Errorf("Vercmp(%q, %q) = %s; rpm says %s", p.a, p.b, ours, got[i])
		}
	}
	for i, p := range evrs {
		a, _ := rpm.Parse("x-" + p.a)
		b, _ := rpm.Parse("x-" + p.b)
		if ours := fmt.Sprint(rpm.Compare(a, b)); ours != got[len(pairs)+i] {
			t.Errorf("Compare(%s, %s) = %s; rpm says %s", p.a, p.b, ours, got[len(pairs)+i])
		}
	}
}

func TestSpecMatches(t *testing.T) {
	fix := func(s string) *rpm.Package {
		p, ok := rpm.Parse(s)
		if !ok {
			t.Fatalf("%s is not a build", s)
		}
		return &p
	}
	for _, tt := range []struct {
		spec, pkg string
		fix       *rpm.Package
		want      bool
	}{
		// A bare name: every build.
		{"mesa-vulkan-drivers", "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64", nil, true},
		{"mesa-vulkan-drivers", "mesa-vulkan-drivers-25.2.6-1.fc43.x86_64", nil, true},
		{"mesa-vulkan-drivers", "mesa-dri-drivers-25.2.7-2.fc43.x86_64", nil, false},
		// A NEVR: that build, whatever the arch and the epoch.
		{"mesa-vulkan-drivers-25.2.7-2.fc43", "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64", nil, true},
		{"mesa-vulkan-drivers-25.2.7-2.fc43", "mesa-vulkan-drivers-0:25.2.7-2.fc43.i686", nil, true},
		{"mesa-vulkan-drivers-25.2.7-2.fc43", "mesa-vulkan-drivers-25.2.7-3.fc43.x86_64", nil, false},
		{"mesa-vulkan-drivers-25.2.7-2.fc43", "mesa-vulkan-drivers-25.2.7-2.fc42.x86_64", nil, false},
		{"mesa-vulkan-drivers-25.2.7-2.fc43.aarch64", "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64", nil, false},
		{"firefox-2:145.0-2.fc43", "firefox-1:145.0-2.fc43.x86_64", nil, false},
		{"firefox-145.0-2.fc43", "firefox-2:145.0-2.fc43.x86_64", nil, true},
		// With a fix: from the broken build up to the fix.
		{"mesa-vulkan-drivers-25.2.6-1.fc43", "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64", fix("mesa-25.2.7-3.fc43"), true},
		{"mesa-vulkan-drivers-25.2.6-1.fc43", "mesa-vulkan-drivers-25.2.7-3.fc43.x86_64", fix("mesa-25.2.7-3.fc43"), false},
		{"mesa-vulkan-drivers-25.2.6-1.fc43", "mesa-vulkan-drivers-25.2.5-1.fc43.x86_64", fix("mesa-25.2.7-3.fc43"), false},
		{"mesa-vulkan-drivers-25.2.6-1.fc43", "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64", fix("mesa-vulkan-drivers-25.2.7-3.fc43"), true},
		// A fix of another package, or of another release, bounds nothing.
		{"mesa-vulkan-drivers-25.2.6-1.fc43", "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64", fix("kernel-6.17.9-300.fc43"), false},
		{"mesa-vulkan-drivers-25.2.6-1.fc42", "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64", fix("mesa-25.2.7-3.fc43"), false},
		{"mesa-vulkan-drivers-25.2.6-1.fc43", "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64", fix("mesavulkan-25.2.7-3.fc43"), false},
	} {
		p, _ := rpm.Parse(tt.pkg)
		if got := rpm.ParseSpec(tt.spec).Matches(p, tt.fix); got != tt.want {
			t.Errorf("%s matches %s (fix %v): %v, want %v", tt.spec, tt.pkg, tt.fix, got, tt.want)
		}
	}
}

// TestInstalled installs packages built by rpmbuild into an rpm database
// under a root of the test's, and asks rpm -q through Installed, as bulletin
// status does on a machine.
func TestInstalled(t *testing.T) {
	root := t.TempDir()
	rpmtest.Install(t, root, "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64", "firefox-2:145.0-2.fc43.x86_64", "kernel-6.17.7-300.fc43.x86_64", "kernel-6.17.8-300.fc43.x86_64")
	got, err := rpm.Installed(context.Background(), root, []string{"kernel", "mesa-vulkan-drivers", "firefox", "steam"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range got {
		names = append(names, p.String())
	}
	slices.Sort(names)
	want := []string{"firefox-2:145.0-2.fc43.x86_64", "kernel-6.17.7-300.fc43.x86_64", "kernel-6.17.8-300.fc43.x86_64", "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64"}
	if !slices.Equal(names, want) {
		t.Errorf("installed %q, want %q", names, want)
	}
	if _, err := rpm.Installed(context.Background(), filepath.Join(root, "nonexistent"), []string{"steam"}); err != nil {
		t.Errorf("an empty database: %v", err)
	}
}
