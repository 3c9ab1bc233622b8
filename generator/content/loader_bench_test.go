package content

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
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
	if _, _, err := l.Load(); err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		os.WriteFile(filepath.Join(dir, "news", "entry-00042.md"), []byte(loaderEntry(fmt.Sprint("Edit ", i))), 0o644)
		l.Changed()
		// Load checks and resolves as well: what Validate did.
		if _, _, err := l.Load(); err != nil {
			b.Fatal(err)
		}
	}
}
