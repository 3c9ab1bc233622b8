// Package rpmtest makes rpm databases for tests: a machine's installed
// packages, as rpm -q finds them.
package rpmtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/bulletin-status/bulletin/cmd/bulletin/rpm"
	"github.com/bulletin-status/bulletin/generator/tooltest"
)

// Install builds an empty package for each NEVRA with rpmbuild and
// records it in the rpm database under root, as rpm --root does: a
// machine's installed packages, for tests. It needs rpm and rpmbuild
// (Debian's rpm package).
func Install(t testing.TB, root string, nevras ...string) {
	t.Helper()
	tooltest.Require(t, "rpm", "rpm")
	tooltest.Require(t, "rpmbuild", "rpm")
	dir := t.TempDir()
	if out, err := exec.Command("rpm", "--root", root, "--initdb").CombinedOutput(); err != nil {
		t.Fatalf("rpm --initdb: %v\n%s", err, out)
	}
	var rpms []string
	for i, s := range nevras {
		p, ok := rpm.Parse(s)
		if !ok || p.Arch == "" {
			t.Fatalf("%s is not a NEVRA", s)
		}
		epoch := ""
		if p.Epoch != "" {
			epoch = "Epoch: " + p.Epoch + "\n"
		}
		spec := fmt.Sprintf("Name: %s\n%sVersion: %s\nRelease: %s\nBuildArch: %s\nSummary: a package for tests\nLicense: MIT\n%%description\nA package for tests.\n%%files\n",
			p.Name, epoch, p.Version, p.Release, p.Arch)
		specFile := filepath.Join(dir, fmt.Sprintf("%d.spec", i))
		if err := os.WriteFile(specFile, []byte(spec), 0o644); err != nil {
			t.Fatal(err)
		}
		top := filepath.Join(dir, "build")
		cmd := exec.Command("rpmbuild", "-bb", "--quiet", "--define", "_topdir "+top, "--define", "_build_id_links none", specFile)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("rpmbuild %s: %v\n%s", s, err, out)
		}
		rpms = append(rpms, filepath.Join(top, "RPMS", p.Arch, fmt.Sprintf("%s-%s-%s.%s.rpm", p.Name, p.Version, p.Release, p.Arch)))
	}
	// Only the database: the packages have no files, and no scripts to
	// run, and their dependencies are not there.
	args := append([]string{"--root", root, "-i", "--justdb", "--nodeps", "--noscripts", "--ignorearch", "--ignoreos"}, rpms...)
	if out, err := exec.Command("rpm", args...).CombinedOutput(); err != nil {
		t.Fatalf("rpm -i: %v\n%s", err, out)
	}
}
