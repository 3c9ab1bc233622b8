package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runTest runs bulletin with args and returns what it printed.
func runTest(t *testing.T, getenv map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return getenv[k] }}
	err := run(context.Background(), args, e)
	return out.String(), errOut.String(), exitCode(err)
}

func TestCheckSample(t *testing.T) {
	out, errOut, code := runTest(t, nil, "check", "-content", "../../content")
	if code != 0 || !strings.Contains(out, "no problems") {
		t.Errorf("check of the sample site: exit %d\n%s%s", code, out, errOut)
	}
}

func TestBuildSample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	env := map[string]string{"SOURCE_DATE_EPOCH": "1795262400"} // 2026-11-21T12:00:00Z
	out, errOut, code := runTest(t, env, "build", "-content", "../../content", "-out", dir)
	if code != 0 || !strings.HasPrefix(out, "built ") {
		t.Fatalf("build: exit %d\n%s%s", code, out, errOut)
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte(`datetime="2026-11-21T12:00:00Z"`)) {
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
