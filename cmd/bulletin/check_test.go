package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
)

// testNow is the build clock of the command tests.
var testNow = time.Date(2026, 11, 2, 14, 30, 0, 0, time.UTC)

const testSiteYAML = `title: Test Status
base_url: https://status.example.org/
id_authority: example.org,2026
releases:
  - id: f42
    name: Fedora 42
  - id: f43
    name: Fedora 43
  - id: fcos-stable
    name: Fedora CoreOS stable
`

// writeSite writes a content folder with the files (site.yaml among them)
// and returns its path.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	for name, data := range files {
		writeFile(t, filepath.Join(dir, name), data)
	}
	return dir
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runBulletin runs the command line as main would, with the test clock,
// and returns what it printed with the content folder's path shown as
// "content".
func runBulletin(t *testing.T, content string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }, now: func() time.Time { return testNow }}
	err := run(context.Background(), args, e)
	clean := func(s string) string { return strings.ReplaceAll(s, content, "content") }
	return clean(out.String()), clean(errOut.String()), exitCode(err)
}

func TestCheck(t *testing.T) {
	fine := "---\ntitle: Fine\ndate: 2026-11-01\nreleases: [f43]\nseverity: minor\nstatus: identified\n---\n"
	noWorkaround := "---\ntitle: Bad\ndate: 2026-11-01\nreleases: [f43]\nseverity: major\nstatus: identified\n---\n"
	badRelease := "---\ntitle: Worse\ndate: 2026-11-01\nreleases: [f99]\nseverity: minor\nstatus: identified\neta: 2026-11-01\n---\n"
	tests := []struct {
		name           string
		files          map[string]string
		args           []string
		stdout, stderr string
		code           int
	}{{
		name:   "clean",
		files:  map[string]string{"news/fine.md": fine},
		stdout: "content: 1 entry, 3 releases, no problems\n",
	}, {
		name:   "warning",
		files:  map[string]string{"news/fine.md": fine, "news/bad.md": noWorkaround},
		stderr: "content/news/bad.md:5:11: warning: a major incident without a workaround: tell users what to do until the fix lands\n",
		stdout: "content: 2 entries, 3 releases, 1 warning\n",
	}, {
		name:  "warning, strict",
		files: map[string]string{"news/fine.md": fine, "news/bad.md": noWorkaround},
		args:  []string{"-strict"},
		stderr: "content/news/bad.md:5:11: warning: a major incident without a workaround: tell users what to do until the fix lands\n" +
			"1 warning (failing: -strict)\n",
		code: 1,
	}, {
		name:  "problems, then warnings",
		files: map[string]string{"news/bad.md": noWorkaround, "news/worse.md": badRelease, "news/zero.md": "no front matter\n"},
		stderr: "content/news/worse.md:4:12: unknown release \"f99\"; known: f42, f43, fcos-stable, all\n" +
			"content/news/zero.md:1:1: missing front matter: start the file with a line \"---\", then the fields (title: …), then another \"---\"\n" +
			"content/news/bad.md:5:11: warning: a major incident without a workaround: tell users what to do until the fix lands\n" +
			"content/news/worse.md:7:6: warning: the eta (2026-11-01T00:00:00Z) has passed and the incident is not resolved; give a new eta, or unknown\n" +
			"2 problems, 2 warnings\n",
		code: 1,
	}, {
		name:  "github workflow commands",
		files: map[string]string{"news/bad.md": noWorkaround, "news/worse.md": badRelease},
		args:  []string{"-format", "github"},
		stderr: "::error file=content/news/worse.md,line=4,col=12::content/news/worse.md:4:12: unknown release \"f99\"; known: f42, f43, fcos-stable, all\n" +
			"::warning file=content/news/bad.md,line=5,col=11::content/news/bad.md:5:11: warning: a major incident without a workaround: tell users what to do until the fix lands\n" +
			"::warning file=content/news/worse.md,line=7,col=6::content/news/worse.md:7:6: warning: the eta (2026-11-01T00:00:00Z) has passed and the incident is not resolved; give a new eta, or unknown\n" +
			"1 problem, 2 warnings\n",
		code: 1,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.files["site.yaml"] = testSiteYAML
			dir := writeSite(t, tt.files)
			args := append([]string{"check", "-content", dir}, tt.args...)
			stdout, stderr, code := runBulletin(t, dir, args...)
			if stdout != tt.stdout || stderr != tt.stderr || code != tt.code {
				t.Errorf("bulletin %s\nexit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d, stdout:\n%s\nstderr:\n%s",
					strings.Join(args, " "), code, stdout, stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

func TestWorkflowCommandEscapes(t *testing.T) {
	p := &content.Error{File: "content/a,b:c.md", Line: 2, Err: errors.New("100% wrong\nreally")}
	want := "::error file=content/a%2Cb%3Ac.md,line=2::content/a,b:c.md:2: 100%25 wrong%0Areally"
	if got := workflowCommand(p); got != want {
		t.Errorf("workflowCommand() = %q, want %q", got, want)
	}
	// A name that would reach the log as a terminal command is quoted.
	p = &content.Error{File: "content/\x1b[2Jx.md", Line: 1, Col: 1, Err: errors.New("bad")}
	want = `::error file="content/\x1b[2Jx.md",line=1,col=1::"content/\x1b[2Jx.md":1:1: bad`
	if got := workflowCommand(p); got != want {
		t.Errorf("workflowCommand() = %q, want %q", got, want)
	}
}
