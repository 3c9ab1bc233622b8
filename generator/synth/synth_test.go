package synth

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/bulletin-status/bulletin/generator"
)

// TestSynthValid checks that a synthetic site is valid content, uses
// every kind, and is the same for the same seed.
func TestSynthValid(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := Write(dir, 300, 7); err != nil {
			t.Fatal(err)
		}
	}
	site, err := generator.Open(a)
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Entries) != 300 {
		t.Fatalf("%d entries", len(site.Entries))
	}
	kinds := map[generator.Kind]int{}
	updates := 0
	for _, e := range site.Entries {
		kinds[e.Kind]++
		updates += len(e.Updates)
		if n := len(bytes.Fields(e.Body)); n < 150 || n > 460 {
			t.Errorf("%s: body of %d words", e.File, n)
		}
	}
	if len(kinds) != 3 || updates == 0 {
		t.Errorf("kinds %v, %d updates", kinds, updates)
	}
	files, _ := filepath.Glob(filepath.Join(a, "news", "*.md"))
	for _, f := range files {
		x, _ := os.ReadFile(f)
		y, err := os.ReadFile(filepath.Join(b, "news", filepath.Base(f)))
		if err != nil || !bytes.Equal(x, y) {
			t.Fatalf("%s differs between two runs with the same seed", filepath.Base(f))
		}
	}
}
