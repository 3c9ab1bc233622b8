package content

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// BenchmarkLoaderReload measures a load of a 10,000-entry content folder
// on disk after one entry changed, with the stamp of every file looked at
// (Changed with no names): what serve does after a change it cannot name.
func BenchmarkLoaderReload(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "content")
	os.MkdirAll(filepath.Join(dir, "news"), 0o755)
	os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(loaderSiteYAML), 0o644)
	old := time.Now().Add(-time.Hour)
	for i := range 10000 {
		name := filepath.Join(dir, "news", fmt.Sprintf("entry-%05d.md", i))
		os.WriteFile(name, []byte(loaderEntry(fmt.Sprintf("Entry %d", i))), 0o644)
		os.Chtimes(name, old, old)
	}
	l := NewLoader(os.DirFS(dir), "content")
	if _, _, err := l.Load(b.Context()); err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		os.WriteFile(filepath.Join(dir, "news", "entry-00042.md"), []byte(loaderEntry(fmt.Sprint("Edit ", i))), 0o644)
		l.Changed()
		// Load checks and resolves as well: what Validate did.
		if _, _, err := l.Load(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkManyUpdates loads one entry of 50 and of 500 updates (the most
// an entry may have): the time per update must stay flat. Where each
// field was written was found by a walk of all of them, so that checking
// 40,000 updates once took 5.8 s.
func BenchmarkManyUpdates(b *testing.B) {
	for _, n := range []int{50, MaxUpdates} {
		var src strings.Builder
		src.WriteString("---\ntitle: Many\ndate: 2026-11-01\nreleases: [f43]\nseverity: minor\nupdates:\n")
		for i := range n {
			fmt.Fprintf(&src, "  - at: 2026-11-02T%02d:%02d:%02dZ\n    status: identified\n    text: Update %d.\n", i/3600, i/60%60, i%60, i)
		}
		src.WriteString("links:\n")
		for i := range n {
			fmt.Fprintf(&src, "  - {title: Bug %d, url: 'https://bugs.example.org/%d'}\n", i, i)
		}
		src.WriteString("---\nText.\n")
		fsys := fstest.MapFS{"site.yaml": {Data: []byte(loaderSiteYAML)}, "news/many.md": {Data: []byte(src.String())}}
		b.Run(fmt.Sprintf("updates=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Load(b.Context(), fsys, "content"); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/update")
		})
	}
}
