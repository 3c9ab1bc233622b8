package generator_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bulletin-status/bulletin/generator"
)

// readmeSnippet returns the indented command of README.md that starts
// with first: its lines, unindented, up to the first line that is not
// indented.
func readmeSnippet(t *testing.T, first string) string {
	t.Helper()
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, "    "+first) {
			continue
		}
		var cmd []string
		for _, l := range lines[i:] {
			if !strings.HasPrefix(l, "    ") {
				break
			}
			cmd = append(cmd, strings.TrimPrefix(l, "    "))
		}
		return strings.Join(cmd, "\n")
	}
	t.Fatalf("README.md has no command starting %q", first)
	return ""
}

// TestReadmeFindsTheRelease runs README's recipe for finding one's release,
// with bash and jq as a user would, on real /etc/os-release files and
// rpm-ostree's output of Fedora CoreOS nodes, against the sample's
// status.json: each kind of machine finds its release.
func TestReadmeFindsTheRelease(t *testing.T) {
	requireTool(t, "jq", "jq")
	out := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(t.Context(), generator.Config{Content: "../content", Out: out, Now: deployNow, Minify: true}); err != nil {
		t.Fatal(err)
	}
	status := filepath.Join(out, "status.json")
	find := readmeSnippet(t, "curl -s https://status.example.org/status.json | jq")
	find = strings.Replace(find, "curl -s https://status.example.org/status.json", "cat "+status, 1)
	stream := readmeSnippet(t, "STREAM=$(rpm-ostree status --booted --json")
	testdata, _ := filepath.Abs("content/testdata")
	for _, tt := range []struct {
		osRelease, rpmOSTree, want string
	}{
		{"fedora-43-workstation", "", "Fedora 43"},
		{"fedora-42-workstation", "", "Fedora 42"},
		{"fedora-silverblue-43", "", "Fedora 43"},
		{"fedora-rawhide", "", "Fedora Rawhide"},
		{"fedora-coreos-42", "ostree-stable.json", "Fedora CoreOS stable"},
		{"fedora-coreos-43", "container-testing.json", "Fedora CoreOS testing"},
	} {
		script := "set -eo pipefail\n"
		if tt.rpmOSTree != "" {
			script += strings.Replace(stream, "rpm-ostree status --booted --json", "cat "+filepath.Join(testdata, "rpm-ostree", tt.rpmOSTree), 1) + "\n"
		}
		script += strings.Replace(find, "/etc/os-release", filepath.Join(testdata, "os-release", tt.osRelease), 1) + " | jq -r .name\n"
		cmd := exec.Command("bash", "-c", script)
		cmd.Env = append(os.Environ(), "STREAM=")
		got, err := cmd.CombinedOutput()
		if err != nil || strings.TrimSpace(string(got)) != tt.want {
			t.Errorf("%s %s: %v\n%s\nwant %s", tt.osRelease, tt.rpmOSTree, err, got, tt.want)
		}
	}
}
