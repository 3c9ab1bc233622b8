package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runTest runs bulletin with args and returns what it printed. The clock
// is testNow, never the wall clock: warnings such as "no news for a month"
// would otherwise appear as the calendar moves on.
func runTest(t *testing.T, getenv map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return getenv[k] }, now: func() time.Time { return testNow }}
	err := run(context.Background(), args, e)
	return out.String(), errOut.String(), exitCode(err)
}

// sampleEpoch is the moment the sample site describes (2026-11-21T12:00:00Z).
// Tests of the sample set it as the build clock: on the wall clock, the
// sample's ETAs pass and its maintenance ends, and its warnings change with
// the date the tests run.
var sampleEpoch = map[string]string{"SOURCE_DATE_EPOCH": "1795262400"}

func TestCheckSample(t *testing.T) {
	out, errOut, code := runTest(t, sampleEpoch, "check", "-content", "../../content")
	if code != 0 || !strings.Contains(out, "no problems") {
		t.Errorf("check of the sample site: exit %d\n%s%s", code, out, errOut)
	}
}

func TestBuildSample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	out, errOut, code := runTest(t, sampleEpoch, "build", "-content", "../../content", "-out", dir)
	if code != 0 || !strings.HasPrefix(out, "built ") {
		t.Fatalf("build: exit %d\n%s%s", code, out, errOut)
	}
	// Pages do not carry the build clock (a rebuild must not change
	// them); the status API says when it was generated.
	status, err := os.ReadFile(filepath.Join(dir, "status.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(status, []byte(`"generated_at":"2026-11-21T12:00:00Z"`)) {
		t.Errorf("the build clock is not SOURCE_DATE_EPOCH")
	}
}

// TestContentErrors runs check and build on broken content: both report
// the problem at its position, exit 1, and build leaves no output.
func TestContentErrors(t *testing.T) {
	content := t.TempDir()
	write := func(name, data string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(content, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(content, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.yaml", "title: T\nbase_url: https://s.example.org/\nid_authority: example.org,2026\nreleases:\n  - {id: f43, name: Fedora 43}\n")
	write("news/bad.md", "---\ntitle: Bad\ndate: 2026-11-02\nreleases: [f43]\nserverity: major\nstatus: identified\n---\n")
	out := filepath.Join(t.TempDir(), "public")
	for _, args := range [][]string{{"check", "-content", content}, {"build", "-content", content, "-out", out}} {
		stdout, stderr, code := runTest(t, nil, args...)
		file := filepath.ToSlash(filepath.Join(content, "news", "bad.md"))
		want := file + `:1:1: missing field "severity": minor, major or critical` + "\n" +
			file + `:5:1: unknown field "serverity" in the front matter; did you mean "severity"?` + "\n" +
			"2 problems\n"
		if code != 1 || stderr != want || stdout != "" {
			t.Errorf("%s: exit %d\nstdout:\n%s\nstderr:\n%s\nwant stderr:\n%s", args[0], code, stdout, stderr, want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed build wrote %s", out)
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string // in stdout or stderr
	}{
		{nil, 2, "Usage:"},
		{[]string{"help"}, 0, "bulletin build"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"build", "-h"}, 0, "Example:"},
		{[]string{"help", "check"}, 0, "-content folder"},
		{[]string{"help", "nope"}, 2, `unknown command "nope"`},
		{[]string{"build", "-nosuchflag"}, 2, "flag provided but not defined: -nosuchflag"},
		{[]string{"build", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"build", "-content", "../../content", "-out", "x"}, 1, `SOURCE_DATE_EPOCH="soon" is not a number`},
	}
	for _, tt := range tests {
		out, errOut, code := runTest(t, map[string]string{"SOURCE_DATE_EPOCH": "soon"}, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("bulletin %s: exit %d, want %d with %q\n%s%s", strings.Join(tt.args, " "), code, tt.code, tt.want, out, errOut)
		}
	}
}

// TestMissingTheme checks that a mistyped theme folder is told as such.
func TestMissingTheme(t *testing.T) {
	for _, cmd := range []string{"build", "check"} {
		_, errOut, code := runTest(t, sampleEpoch, cmd, "-content", "../../content", "-theme", "/nonexistent")
		want := "bulletin: theme /nonexistent: no such folder; a theme folder holds the files that replace the default theme's (layouts/, assets/, static/)\n"
		if code != 1 || errOut != want {
			t.Errorf("%s -theme /nonexistent: exit %d, %q; want exit 1, %q", cmd, code, errOut, want)
		}
	}
}

// TestBrokenEntriesKeepOutput is the acceptance test of positioned errors:
// each broken entry makes both check and build fail with its file, line
// and field, and build leaves the previous public/ byte for byte.
func TestBrokenEntriesKeepOutput(t *testing.T) {
	const good = "title: Mesa breaks Steam\ndate: 2026-11-02\nreleases: [f43]\nseverity: major\nstatus: identified\n"
	cases := []struct {
		front string
		want  string // the start of the first problem, after the file name
	}{
		{good + "serverity: major\n", `:7:1: unknown field "serverity"`},
		{strings.Replace(good, "[f43]", "[f99]", 1), `:4:12: unknown release "f99"`},
		{strings.Replace(good, "title: Mesa breaks Steam\n", "", 1), `:1:1: missing field "title"`},
		{strings.Replace(good, "2026-11-02", "2026-02-30", 1), `:3:7: date "2026-02-30" is not a date`},
		{strings.Replace(good, "major", "severe", 1), `:5:11: severity "severe" is not one of`},
		{strings.Replace(good, "identified", "fixed", 1), `:6:9: status "fixed" is not one of`},
		{good + "kind: outage\n", `:7:7: kind "outage" is not one of`},
		{good + "updates:\n  - at: 2026-11-03\n    status: identified\n    text: a\n  - at: 2026-11-03\n    status: monitoring\n    text: b\n", `:11:9: update 2 has the time of update 1`},
		{strings.Replace(good, "identified", "resolved", 1) + "resolved: 2026-11-01\n", `:7:11: resolved (2026-11-01T00:00:00Z) is before`},
		{good + "eta: tomorrow\n", `:7:6: eta "tomorrow" is not a date`},
		{good + "downgrade:\n  f42: sudo dnf downgrade mesa\n", `:8:3: downgrade for f42, but the entry does not affect f42`},
		{good + "downgrade:\n  f44: sudo dnf downgrade mesa\n", `:8:3: downgrade for unknown release "f44"`},
		{good + "links:\n  - title: x\n    url: javascript:alert(1)\n", `:9:10: link "javascript:alert(1)" must be`},
		{good + "id: ../../etc/passwd\n", `:7:5: id "../../etc/passwd" must be`},
		{good + "action_required: perhaps\n", `:7:18: action_required must be true or false`},
		{good + "updates:\n  - at: 2026-11-04\n    status: identified\n    text: a\n  - at: 2026-11-03\n    status: identified\n    text: b\n", `:11:9: update 2 (2026-11-03T00:00:00Z) is older than update 1`},
		{good + "updates:\n  - at: 2026-11-03\n    text: a\n", `:8:5: update 1 has no status`},
		{good + "title: Again\n", `:7:1: field "title" given twice`},
		{strings.Replace(good, "Mesa breaks Steam", "Mesa: broken", 1), `:2:12: front matter is not valid YAML`},
		{good + "packages:\n\t- mesa\n", `:8:1: front matter is not valid YAML: found character that cannot start any token (while scanning for the next token); indent with spaces, not tabs`},
		{"title: Mesa\nkind: maintenance\ndate: 2026-11-02\nstarts: 2026-11-05T10:00:00Z\nends: 2026-11-05T08:00:00Z\n", `:6:7: ends (2026-11-05T08:00:00Z) must be after starts`},
		{"title: Mesa\nkind: announcement\ndate: 2026-11-02\nseverity: major\n", `:5:11: severity applies to incidents only`},
		{good + "workaround: [a, b]\n", `:7:13: workaround must be text, not a list`},
		{good + "packages: {a: b}\n", `:7:11: packages must be a list, not a mapping`},
	}
	content := t.TempDir()
	if err := os.CopyFS(content, os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	env := map[string]string{"SOURCE_DATE_EPOCH": "1795262400"}
	if _, errOut, code := runTest(t, env, "build", "-content", content, "-out", out); code != 0 {
		t.Fatal(errOut)
	}
	before := snapshot(t, out)
	file := filepath.Join(content, "news", "2026-11-21-broken.md")
	for _, c := range cases {
		if err := os.WriteFile(file, []byte("---\n"+c.front+"---\nBody.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		want := filepath.ToSlash(file) + c.want
		for _, args := range [][]string{{"check", "-content", content}, {"build", "-content", content, "-out", out}} {
			_, errOut, code := runTest(t, env, args...)
			if code != 1 || !strings.HasPrefix(errOut, want) {
				t.Errorf("%s of\n%s: exit %d\n%s\nwant a first line starting %s", args[0], c.front, code, errOut, want)
			}
		}
		if after := snapshot(t, out); after != before {
			t.Errorf("a failed build changed %s", out)
		}
	}
	if len(cases) <= 20 {
		t.Errorf("%d kinds of broken entry; the acceptance test wants more than twenty", len(cases))
	}
}

// snapshot returns every file of a tree with its contents, as one string.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		b.WriteString(path + "\n" + string(data) + "\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestNoContentFolder checks that every command that reads a site says
// plainly that the content folder is missing or is a file.
func TestNoContentFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(file, []byte("notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "nope")
	for _, args := range [][]string{
		{"build", "-out", filepath.Join(t.TempDir(), "public")},
		{"check"},
		{"new", "-release", "f43", "A title"},
		{"serve", "-addr", "127.0.0.1:0"},
	} {
		for dir, want := range map[string]string{
			missing: missing + ": no such folder; the content folder holds site.yaml and the entries\n",
			file:    file + ": not a folder; the content folder holds site.yaml and the entries\n",
		} {
			stdout, stderr, code := runTest(t, nil, append(args, "-content", dir)...)
			if code != 1 || stdout != "" || stderr != "bulletin: "+want {
				t.Errorf("%s -content %s: exit %d\nstdout: %q\nstderr: %q\nwant: %q", args[0], dir, code, stdout, stderr, "bulletin: "+want)
			}
		}
	}
}

// TestClockBeyond9999 wants a SOURCE_DATE_EPOCH after the year 9999
// refused before anything is built: no document may give a time that
// RFC 3339 cannot write.
func TestClockBeyond9999(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	for _, epoch := range []string{"253402300800", "9223372036854775807"} {
		_, errOut, code := runTest(t, map[string]string{"SOURCE_DATE_EPOCH": epoch}, "build", "-content", "../../content", "-out", out)
		want := "bulletin: SOURCE_DATE_EPOCH=\"" + epoch + "\" is after the year 9999\n"
		if code != 1 || errOut != want {
			t.Errorf("SOURCE_DATE_EPOCH=%s: exit %d, stderr:\n%s\nwant exit 1, stderr:\n%s", epoch, code, errOut, want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a build at year 10000 wrote %s", out)
	}
	// The last second of 9999 is a time.
	if _, errOut, code := runTest(t, map[string]string{"SOURCE_DATE_EPOCH": "253402300799"}, "check", "-content", "../../content"); code != 0 {
		t.Errorf("SOURCE_DATE_EPOCH=253402300799: exit %d\n%s", code, errOut)
	}
}
