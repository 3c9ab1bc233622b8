package generator_test

import (
	"bytes"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/internal/golden"
	"github.com/bulletin-status/bulletin/generator/synth"
)

// TestRebuildChangesOnlyClockDocuments builds the same content an hour
// apart, with nothing happening in between, as the scheduled rebuild does:
// only the documents that say when they were generated may change, so that
// a rebuild re-uploads and re-caches a handful of files, not every page.
func TestRebuildChangesOnlyClockDocuments(t *testing.T) {
	synthetic := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(synthetic, 300, 1); err != nil {
		t.Fatal(err)
	}
	for _, site := range []struct {
		content string
		now     time.Time
	}{
		{"../content", deployNow},
		{synthetic, time.Date(2026, 11, 21, 9, 30, 0, 0, time.UTC)},
	} {
		var trees []map[string][]byte
		for _, now := range []time.Time{site.now, site.now.Add(time.Hour)} {
			out := filepath.Join(t.TempDir(), "public")
			if _, err := generator.Build(t.Context(), generator.Config{Content: site.content, Out: out, Now: now, Minify: true}); err != nil {
				t.Fatal(err)
			}
			trees = append(trees, golden.ReadTree(t, out))
		}
		var changed []string
		for _, name := range slices.Sorted(maps.Keys(trees[0])) {
			if !bytes.Equal(trees[0][name], trees[1][name]) {
				changed = append(changed, name)
			}
		}
		for _, name := range changed {
			if !clockDocument(name) {
				t.Errorf("%s: %s changed, with nothing new an hour later", site.content, name)
			}
		}
		if len(changed) == 0 {
			t.Errorf("%s: nothing changed in an hour: the documents do not say when they were generated", site.content)
		}
		t.Logf("%s: %d of %d files changed in an hour", site.content, len(changed), len(trees[0]))
	}
}

// clockDocument reports whether a file of the site says when it was
// generated: the status documents, the statistics document and the
// Statuspage views.
func clockDocument(name string) bool {
	return name == "status.json" || name == "stats.json" || strings.HasPrefix(name, "api/v2/") ||
		(strings.HasPrefix(name, "services/") && path.Base(name) == "status.json") ||
		(strings.HasPrefix(name, "releases/") && path.Base(name) == "status.json")
}
