package preview

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestUnderLoad opens 200 event streams and makes 2,000 requests on
// 127.0.0.1 while an entry is saved 100 times, quickly. The server must
// stay up, answer every request with a whole page of one build (the
// entry's title and text from the same save, the page ended, the JSON
// whole), keep its memory bounded, and end every goroutine of a client
// once the client has gone. It stops by itself: fixed counts, and a
// deadline.
func TestUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 requests and 200 event streams")
	}
	files := map[string]string{"site.yaml": siteYAML, "news/live.md": live(0)}
	for i := range 20 {
		files[fmt.Sprintf("news/other-%02d.md", i)] = entry(fmt.Sprintf("Other %d", i), "Words.")
	}
	s := serve(t, files)
	s.eventually("/news/live/", "the first build", shows("Live edit 0"))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	defer client.CloseIdleConnections()

	runtime.GC()
	goroutines := runtime.NumGoroutine()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	heapBefore := mem.HeapAlloc

	ctx, stop := context.WithTimeout(context.Background(), 2*time.Minute)
	defer stop()
	streams, cancelStreams := context.WithCancel(ctx)
	var (
		wg        sync.WaitGroup
		events    atomic.Int64
		failures  = make(chan string, 100)
		requests  atomic.Int64
		maxHeap   atomic.Uint64
		streaming sync.WaitGroup
	)
	fail := func(format string, args ...any) {
		select {
		case failures <- fmt.Sprintf(format, args...):
		default:
		}
	}

	// 200 event streams, each reading until the test lets it go.
	streaming.Add(200)
	for range 200 {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(streams, "GET", s.url+eventsPath, nil)
			resp, err := client.Do(req)
			streaming.Done()
			if err != nil {
				if streams.Err() == nil {
					fail("event stream: %v", err)
				}
				return
			}
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				if strings.HasPrefix(sc.Text(), "data: ") {
					events.Add(1)
				}
			}
		})
	}
	streaming.Wait()

	// 100 saves of one entry, quickly; each changes its title and its
	// text together.
	saved := make(chan struct{})
	wg.Go(func() {
		defer close(saved)
		for n := 1; n <= 100; n++ {
			if err := os.WriteFile(filepath.Join(s.content, "news", "live.md"), []byte(live(n)), 0o644); err != nil {
				fail("save %d: %v", n, err)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})

	// 2,000 requests from 8 clients at once, of pages, feeds and JSON.
	paths := []string{"/news/live/", "/", "/news/other-07/", "/feed.atom", "/status.json", "/releases/f43/", "/no/such/page/"}
	edit := regexp.MustCompile(`Live edit (\d+)`)
	body := regexp.MustCompile(`Body of edit (\d+)`)
	for w := range 8 {
		wg.Go(func() {
			for i := 0; i < 250 && ctx.Err() == nil; i++ {
				p := paths[(w+i)%len(paths)]
				req, _ := http.NewRequestWithContext(ctx, "GET", s.url+p, nil)
				resp, err := client.Do(req)
				if err != nil {
					fail("GET %s: %v", p, err)
					return
				}
				data, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				requests.Add(1)
				switch {
				case err != nil:
					fail("GET %s: %v", p, err)
				case resp.StatusCode != 200 && !(p == "/no/such/page/" && resp.StatusCode == 404):
					fail("GET %s: %d", p, resp.StatusCode)
				case resp.Header.Get("Content-Length") != strconv.Itoa(len(data)):
					fail("GET %s: %d bytes of %s", p, len(data), resp.Header.Get("Content-Length"))
				case strings.HasSuffix(p, "/") && !strings.HasSuffix(strings.TrimSpace(string(data)), "</html>"):
					fail("GET %s: the page does not end:\n%s", p, data)
				case p == "/status.json" && !json.Valid(data):
					fail("GET %s: not whole JSON:\n%s", p, data)
				case p == "/news/live/":
					titles, texts := edit.FindAllStringSubmatch(string(data), -1), body.FindAllStringSubmatch(string(data), -1)
					if len(titles) == 0 || len(texts) == 0 {
						fail("GET %s: no title or text of an edit:\n%s", p, data)
						break
					}
					for _, m := range append(titles, texts...) {
						if m[1] != titles[0][1] {
							fail("GET %s: a page of two saves (%s and %s):\n%s", p, titles[0][1], m[1], data)
						}
					}
				}
				if i%10 == 0 {
					var m runtime.MemStats
					runtime.ReadMemStats(&m)
					for {
						old := maxHeap.Load()
						if m.HeapAlloc <= old || maxHeap.CompareAndSwap(old, m.HeapAlloc) {
							break
						}
					}
				}
			}
		})
	}
	<-saved
	s.eventually("/news/live/", "the last save", shows("Live edit 100"))
	cancelStreams()
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
	if n := requests.Load(); n != 2000 {
		t.Errorf("%d requests answered, want 2000", n)
	}
	if events.Load() < 200*2 {
		t.Errorf("%d build events over 200 streams: not even one build after the first", events.Load())
	}

	// The server stays up, and lets go of the clients that went.
	s.eventually("/", "the home page after the storm", shows("Live edit 100"))
	client.CloseIdleConnections()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > goroutines+5 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > goroutines+5 {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines after the clients went, %d before:\n%s", n, goroutines, buf[:runtime.Stack(buf, true)])
	}
	s.srv.mu.Lock()
	subs := len(s.srv.subs)
	s.srv.mu.Unlock()
	if subs != 0 {
		t.Errorf("%d event streams still open on the server", subs)
	}
	runtime.GC()
	runtime.ReadMemStats(&mem)
	t.Logf("%d requests, %d events; heap %d MiB before, %d MiB at most, %d MiB after",
		requests.Load(), events.Load(), heapBefore>>20, maxHeap.Load()>>20, mem.HeapAlloc>>20)
	if mem.HeapAlloc > heapBefore+32<<20 {
		t.Errorf("the heap grew from %d MiB to %d MiB and stayed", heapBefore>>20, mem.HeapAlloc>>20)
	}
	if maxHeap.Load() > 512<<20 {
		t.Errorf("the heap reached %d MiB", maxHeap.Load()>>20)
	}
}

// live is the entry that TestUnderLoad saves: save n of it.
func live(n int) string {
	return entry(fmt.Sprintf("Live edit %d", n), fmt.Sprintf("Body of edit %d.", n))
}
