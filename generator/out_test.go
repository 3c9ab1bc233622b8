package generator_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bulletin-status/bulletin/generator"
)

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
