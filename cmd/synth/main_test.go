package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	var stdout, stderr strings.Builder
	if err := run([]string{"-n", "12", dir}, &stdout, &stderr); err != nil {
		t.Fatal(err, stderr.String())
	}
	if got, want := stdout.String(), "wrote 12 entries into "+dir+"\n"; got != want {
		t.Errorf("stdout %q, want %q", got, want)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "news", "*.md"))
	if _, err := os.Stat(filepath.Join(dir, "site.yaml")); err != nil || len(files) != 12 {
		t.Errorf("wrote site.yaml (%v) and %d entries, want 12", err, len(files))
	}

	hugo := filepath.Join(t.TempDir(), "hugo")
	if err := run([]string{"-hugo", "-n", "3", hugo}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	// Entries are dated; _index.md is the skeleton's section page.
	if files, _ := filepath.Glob(filepath.Join(hugo, "content", "incidents", "2*.md")); len(files) != 3 {
		t.Errorf("-hugo wrote %d entries, want 3", len(files))
	}

	stderr.Reset()
	if err := run(nil, &stdout, &stderr); err == nil || !strings.Contains(stderr.String(), "Usage: synth") {
		t.Errorf("without a folder: %v, usage %q", err, stderr.String())
	}
}
