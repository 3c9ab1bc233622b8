// Package tooltest lets tests drive real programs (a feed reader, rpm,
// jq) where they are installed: a test that needs one skips on a
// newcomer's machine, saying what to install, and fails on CI, so that CI
// can never pass without running it.
package tooltest

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// Require skips the test, saying what to install, unless the command name
// is installed; on CI (CI set, as .ci/run does) it fails instead, so the
// real clients always run there. debianPackage is the package that has it.
func Require(t testing.TB, name, debianPackage string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		msg := fmt.Sprintf("%s is not installed, and this test drives it as a real client: "+
			"sudo apt-get install %s (the packages the tests need are listed in .ci/run)", name, debianPackage)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}
