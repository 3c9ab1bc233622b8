package generator_test

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/internal/golden"
	"github.com/bulletin-status/bulletin/generator/synth"
)

// deployNow is the build clock of the output manifests: the sample site's
// moment, as SOURCE_DATE_EPOCH=1795262400 gives it.
var deployNow = time.Unix(1795262400, 0).UTC()

// TestOutputUnchanged builds three sites as a deploy does, minified, at a
// fixed clock (the sample, the golden site and a synthetic site of 2,000
// entries) and compares the SHA-256 of every file with the manifests in
// testdata/output, in the format of sha256sum. Any change to what bulletin
// publishes shows there, file by file, and must be meant: a change of the
// code alone (a new structure, a faster path) must leave them as they are.
// go test ./generator -run OutputUnchanged -update rewrites them.
func TestOutputUnchanged(t *testing.T) {
	synthetic := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(synthetic, 2000, 1); err != nil {
		t.Fatal(err)
	}
	for _, site := range []struct{ name, content string }{
		{"sample", "../content"},
		{"golden", "testdata/golden/content"},
		{"synth-2000", synthetic},
	} {
		t.Run(site.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			if _, err := generator.Build(t.Context(), generator.Config{Content: site.content, Out: out, Now: deployNow, Minify: true}); err != nil {
				t.Fatal(err)
			}
			tree := golden.ReadTree(t, out)
			var got strings.Builder
			for _, name := range slices.Sorted(maps.Keys(tree)) {
				sum := sha256.Sum256(tree[name])
				got.WriteString(hex.EncodeToString(sum[:]) + "  " + name + "\n")
			}
			manifest := filepath.Join("testdata", "output", site.name+".sha256")
			if *update {
				if err := os.WriteFile(manifest, []byte(got.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(manifest)
			if err != nil {
				t.Fatal(err)
			}
			compareManifests(t, string(want), got.String())
		})
	}
}

// compareManifests reports each file that is missing, extra or different.
func compareManifests(t *testing.T, want, got string) {
	t.Helper()
	parse := func(s string) map[string]string {
		m := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
			if sum, name, ok := strings.Cut(line, "  "); ok {
				m[name] = sum
			}
		}
		return m
	}
	w, g := parse(want), parse(got)
	for name, sum := range g {
		switch ws, ok := w[name]; {
		case !ok:
			t.Errorf("%s: a new file", name)
		case ws != sum:
			t.Errorf("%s: changed", name)
		}
	}
	for name := range w {
		if _, ok := g[name]; !ok {
			t.Errorf("%s: no longer made", name)
		}
	}
}
