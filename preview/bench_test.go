package preview

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// largeSite writes a content folder of n entries and returns its path.
func largeSite(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "content")
	if err := os.MkdirAll(filepath.Join(dir, "news"), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(siteYAML), 0o644); err != nil {
		b.Fatal(err)
	}
	old := time.Now().Add(-time.Hour) // older than a stamp the loader distrusts
	for i := range n {
		name := filepath.Join(dir, "news", fmt.Sprintf("entry-%05d.md", i))
		body := strings.Repeat(fmt.Sprintf("Paragraph about entry %d, with **Markdown** and a [link](https://example.org/%d).\n\n", i, i), 5)
		data := fmt.Sprintf("---\ntitle: Entry %d\ndate: 2025-%02d-%02dT%02d:00:00Z\nreleases: [f43]\nseverity: minor\nstatus: resolved\nresolved: 2026-01-01\nfixed_in: pkg-%d\n---\n%s",
			i, 1+i%12, 1+i%28, i%24, i, body)
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
		os.Chtimes(name, old, old)
	}
	return dir
}

// BenchmarkEditOfLargeSite measures what an editor waits for: from saving
// one entry of a 10,000-entry site to the edited page being served,
// including the watcher's wait for the burst of events to end.
func BenchmarkEditOfLargeSite(b *testing.B) {
	dir := largeSite(b, 10000)
	base, _ := url.Parse("http://localhost:8080/")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	srv, err := Start(ctx, Config{Content: dir, BaseURL: base})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("first build of 10,000 entries: %v", time.Since(start))
	name := filepath.Join(dir, "news", "entry-00042.md")
	page := "/news/entry-00042/"
	for i := 0; b.Loop(); i++ {
		text := fmt.Sprintf("Edit number %d.", i)
		data := fmt.Sprintf("---\ntitle: Entry 42\ndate: 2026-11-02\nreleases: [f43]\nseverity: minor\nstatus: identified\n---\n%s\n", text)
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", page, nil))
			if strings.Contains(rec.Body.String(), text) {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("edit %d not served within 10s", i)
			}
		}
	}
}
