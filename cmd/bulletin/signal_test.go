package main

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator/synth"
)

// TestStoppedCommands runs check and build with their context done, as
// main's is by Ctrl-C or SIGTERM: each stops, says so, and a build leaves
// the old site as it was, with nothing beside it. They used to run to
// the end, and a stuck build outlived a CI job's timeout until SIGKILL.
func TestStoppedCommands(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "public")
	if _, errOut, code := runTest(t, sampleEpoch, "build", "-content", "../../content", "-out", out); code != 0 {
		t.Fatalf("build: %s", errOut)
	}
	before := manifest(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{
		{"build", "-content", "../../content", "-out", out},
		{"check", "-content", "../../content"},
	} {
		var stdout, stderr bytes.Buffer
		e := &env{stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return sampleEpoch[k] }}
		code := exitCode(run(ctx, args, e))
		want := "bulletin: stopped before " + out + " was replaced: context canceled\n"
		if args[0] == "check" {
			want = "bulletin: stopped before the check was done: context canceled\n"
		}
		if code != 1 || stderr.String() != want || stdout.Len() > 0 {
			t.Errorf("bulletin %s: exit %d, stdout %q, stderr %q; want exit 1, stderr %q", args[0], code, stdout.String(), stderr.String(), want)
		}
	}
	if after := manifest(t, out); !maps.Equal(before, after) {
		t.Errorf("a stopped build changed %s", out)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, ".public*")); len(left) > 0 {
		t.Errorf("left beside the output: %v", left)
	}
}

// TestSignalStopsBuild sends SIGINT and SIGTERM to bulletin build while
// it writes a site of 3,000 entries: it must stop within seconds, exit 1
// and leave the old site.
func TestSignalStopsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 3,000 entries")
	}
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := synth.Write(content, 3000, 1); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "public")
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		os.RemoveAll(out)
		os.MkdirAll(out, 0o755)
		os.WriteFile(filepath.Join(out, "index.html"), []byte("the old site"), 0o644)

		cmd := bulletin([]string{"SOURCE_DATE_EPOCH=1795262400"}, "build", "-content", content, "-out", out)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Signal it once it writes the new site.
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if m, _ := filepath.Glob(filepath.Join(tmp, ".public.tmp-*")); len(m) > 0 {
				break
			}
		}
		signaled := time.Now()
		cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var err error
		select {
		case err = <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: bulletin build still runs 30 s after the signal", sig)
		}
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(stderr.String(), "bulletin: stopped before "+out+" was replaced: ") {
			t.Errorf("%v: %v after %v, stderr:\n%s", sig, err, time.Since(signaled).Round(time.Millisecond), stderr.String())
		}
		if page, _ := os.ReadFile(filepath.Join(out, "index.html")); string(page) != "the old site" {
			t.Errorf("%v: the old site was replaced", sig)
		}
		if left, _ := filepath.Glob(filepath.Join(tmp, ".public*")); len(left) > 0 {
			t.Errorf("%v: left beside the output: %v", sig, left)
		}
	}
}
