//go:build linux

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestBench runs the whole benchmark on a small site, once: both builds,
// the write floor and edits under serve, and checks the report holds a
// figure for each. Hugo is needed on CI (apt-get install hugo); elsewhere
// the test measures bulletin alone without it.
func TestBench(t *testing.T) {
	if testing.Short() {
		t.Skip("builds bulletin and runs serve")
	}
	hugo := "hugo"
	if _, err := exec.LookPath("hugo"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("hugo is not installed (apt-get install hugo)")
		}
		t.Logf("hugo is not installed: measuring bulletin alone")
		hugo = "none"
	}
	bin := filepath.Join(t.TempDir(), "bulletin")
	if out, err := exec.Command("go", "build", "-o", bin, "../bulletin").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var stdout, stderr strings.Builder
	work := t.TempDir()
	err := run(context.Background(), []string{"-n", "20,40", "-runs", "1", "-edits", "2", "-hugo", hugo, "-bulletin", bin, "-work", work}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, stderr.String())
	}
	report := stdout.String()
	t.Logf("%s", report)
	figure := `\d+\.\d\d s`
	row := `(?m)^\| 40 \| ` + figure + ` \| `
	if hugo != "none" {
		row += figure + ` \| \d+\.\d× \| \d+ MiB \| \d+ MiB \| `
	}
	if !regexp.MustCompile(row).MatchString(report) {
		t.Errorf("no build figures for 40 entries in the report")
	}
	if !regexp.MustCompile(`(?m)^\| 40 \| ` + figure + ` \| \d+ files, \d+ MiB \| ` + figure + ` \| \d+\.\d× \| \d+ µs \| \d+ ms \(\d+ ms\) \|$`).MatchString(report) {
		t.Errorf("no floor or serve figures for 40 entries in the report")
	}
	if !strings.Contains(report, "From 20 to 40 entries (2×)") {
		t.Errorf("no growth from 20 to 40 entries in the report")
	}
	if left, _ := filepath.Glob(filepath.Join(work, "*")); len(left) > 0 {
		t.Errorf("bench left %q behind", left)
	}
}

func TestSummarize(t *testing.T) {
	s := summarize([]sample{
		{wall: 3 * time.Second, cpu: 5 * time.Second, rss: 30},
		{wall: 1 * time.Second, cpu: 9 * time.Second, rss: 10},
		{wall: 2 * time.Second, cpu: 1 * time.Second, rss: 20},
	})
	if s.wall != 2*time.Second || s.cpu != 5*time.Second || s.rss != 20 {
		t.Errorf("medians %+v, want 2s, 5s, 20", s)
	}
}
