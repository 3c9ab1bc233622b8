package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/synth"
)

// TestConcurrentBuilds starts two builds into the same output folder at
// once, again and again. Each must publish the whole site or refuse,
// saying why; the folder must always hold one whole site, and nothing
// may be left beside it. One build used to remove the other's temporary
// folder while it was written, and the half site was swapped in.
func TestConcurrentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 300 entries 25 times")
	}
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := synth.Write(content, 300, 1); err != nil {
		t.Fatal(err)
	}
	cfg := generator.Config{Content: content, Out: filepath.Join(tmp, "reference"), Now: deployNow}
	if _, err := generator.Build(cfg); err != nil {
		t.Fatal(err)
	}
	want := readTree(t, cfg.Out)

	out := filepath.Join(tmp, "site", "public")
	cfg.Out = out
	refused := 0
	for round := range 12 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() { _, errs[i] = generator.Build(cfg) })
		}
		wg.Wait()
		for _, err := range errs {
			switch {
			case err == nil:
			case strings.Contains(err.Error(), "another build is writing it"):
				refused++
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if errs[0] != nil && errs[1] != nil {
			t.Fatalf("round %d: both builds failed: %v; %v", round, errs[0], errs[1])
		}
		assertTree(t, out, want)
		if t.Failed() {
			t.Fatalf("round %d: the output is not the whole site", round)
		}
		if left, _ := filepath.Glob(filepath.Join(tmp, "site", ".public*")); len(left) > 0 {
			t.Fatalf("round %d: left beside the output: %v", round, left)
		}
	}
	t.Logf("%d of 24 builds refused", refused)
}

// TestOutThroughLink refuses an output folder inside the content folder
// when the path to it goes through a symbolic link: compared as written,
// link/public (link → content) was not inside content, and the build
// wrote into the content folder.
func TestOutThroughLink(t *testing.T) {
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := os.CopyFS(content, os.DirFS("testdata/golden/content")); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"link": content, "up": tmp} {
		if err := os.Symlink(target, filepath.Join(tmp, name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct{ out, why string }{
		{filepath.Join(tmp, "link", "public"), "it is inside the content folder " + content},
		{filepath.Join(tmp, "link"), "it is the content folder"},
		{filepath.Join(tmp, "up", "content", "news"), "it is inside the content folder " + content},
		{filepath.Join(tmp, "up"), "it holds the content folder " + content},
	} {
		_, err := generator.Build(generator.Config{Content: content, Out: tt.out, Now: goldenNow})
		want := "refusing to replace " + tt.out + " with the site: " + tt.why + "; name a folder of its own, such as public"
		if err == nil || err.Error() != want {
			t.Errorf("-out %s:\n got %v\nwant %s", tt.out, err, want)
		}
	}
	left, _ := filepath.Glob(filepath.Join(content, "*"))
	if len(left) != 2 { // news and site.yaml
		t.Errorf("the content folder holds %v", left)
	}
}
