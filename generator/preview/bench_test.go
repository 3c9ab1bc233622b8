//go:build unix

package preview

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/synth"
)

// BenchmarkEditOfLargeSite measures what an editor waits for: from saving
// one entry of a 10,000-entry site to the edited page being served,
// including the watcher's wait for the burst of events to end, the build
// and the rendering of the page. The machine's other work counts in that
// time; cpu-ms/op, the processor time the whole process spent (garbage
// collection included), counts it much less.
func BenchmarkEditOfLargeSite(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "content")
	if err := synth.Write(dir, 10000, 1); err != nil {
		b.Fatal(err)
	}
	// Older than a stamp the loader distrusts, as files are when an
	// editor starts.
	old := time.Now().Add(-time.Hour)
	files, _ := filepath.Glob(filepath.Join(dir, "news", "*.md"))
	for _, f := range files {
		os.Chtimes(f, old, old)
	}
	name := files[len(files)/2]
	original, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	page := "/news/" + content.SlugOf(name) + "/"

	base, _ := url.Parse("http://localhost:8080/")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	srv, err := Start(ctx, Config{Content: dir, BaseURL: base})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("first build of 10,000 entries: %v", time.Since(start))
	// Wait as a browser does: for the event that a build is done, then
	// ask for the page once. (Polling would compete for the CPU with
	// the build it waits for.)
	built := make(chan struct{}, 1)
	srv.mu.Lock()
	srv.subs[built] = true
	srv.mu.Unlock()
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	before := cpu()
	i := 0
	for ; b.Loop(); i++ {
		text := fmt.Sprintf("Edit number %d.", i)
		if err := os.WriteFile(name, append(bytes.Clone(original), "\n"+text+"\n"...), 0o644); err != nil {
			b.Fatal(err)
		}
		for served := false; !served; {
			select {
			case <-built:
			case <-time.After(10 * time.Second):
				b.Fatalf("edit %d not built within 10s", i)
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest("GET", page, nil))
			served = strings.Contains(rec.Body.String(), text)
		}
	}
	b.ReportMetric(float64(cpu()-before)/float64(time.Millisecond)/float64(i), "cpu-ms/op")
}
