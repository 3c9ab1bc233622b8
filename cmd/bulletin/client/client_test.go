package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestReadConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "status.conf")
	os.WriteFile(path, []byte("# the site\nurl = https://status.example.org/#top   # the site\n\n  release=f43\t# F43\nstream = stable\nservices = mirrors, bodhi fcos-updates\ntimeout = 3s\n"), 0o644)
	c, err := ReadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.URL != "https://status.example.org/#top" || c.Release != "f43" || c.Stream != "stable" || strings.Join(c.Services, "|") != "mirrors|bodhi|fcos-updates" || c.Timeout != 3*time.Second {
		t.Errorf("read %+v", c)
	}
	if c, err := ReadConfig(filepath.Join(t.TempDir(), "none.conf")); err != nil || c.URL != "" {
		t.Errorf("a missing file: %+v, %v; want the empty configuration", c, err)
	}
	os.WriteFile(path, []byte("url https://status.example.org/\n  urll = https://x/\ntimeout = soon\n"), 0o644)
	_, err = ReadConfig(path)
	want := path + `:1:1: want a setting and its value, as in url = https://status.example.org/` + "\n" +
		path + `:2:3: unknown setting "urll"; known: url, release, stream, services, timeout` + "\n" +
		path + `:3:11: timeout "soon" is not a duration, such as 10s`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestBootedStream reads the stream of the booted deployment from what
// rpm-ostree prints on Fedora CoreOS nodes: one booted from an OSTree
// commit, with a staged update, and one booted from a container image.
func TestBootedStream(t *testing.T) {
	for _, tt := range []struct{ file, want string }{
		{"ostree-stable.json", "stable"},
		{"container-testing.json", "testing"},
	} {
		data, err := os.ReadFile(filepath.Join("../../../generator/content/testdata/rpm-ostree", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := BootedStream(data); got != tt.want || err != nil {
			t.Errorf("%s: %q, %v; want %q", tt.file, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ status, want string }{
		// Older nodes name it in their ref alone, newer in their image's tag.
		{`{"deployments":[{"booted":true,"origin":"fedora:fedora/x86_64/coreos/next","base-commit-meta":{}}]}`, "next"},
		{`{"deployments":[{"booted":true,"container-image-reference":"ostree-image-signed:docker://quay.io/fedora/fedora-coreos:testing","base-commit-meta":{}}]}`, "testing"},
		{`{"deployments":[{"booted":false,"origin":"fedora:fedora/x86_64/coreos/next"}]}`, "rpm-ostree status: no booted deployment"},
		{`{"deployments":[{"booted":true,"container-image-reference":"ostree-unverified-registry:localhost/fcos@sha256:0f3c"}]}`, "rpm-ostree status: the booted deployment names no stream"},
	} {
		got, err := BootedStream([]byte(tt.status))
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: %q, want %q", tt.status, got, tt.want)
		}
	}
}

// TestReadMachine reads /etc/os-release, or /usr/lib/os-release where a
// system has no /etc/os-release.
func TestReadMachine(t *testing.T) {
	root := t.TempDir()
	if _, err := ReadMachine(root); err == nil || !strings.Contains(err.Error(), "cannot tell which release this machine runs; give it as release = ID in /etc/bulletin/status.conf") {
		t.Errorf("no os-release: %v", err)
	}
	data, _ := os.ReadFile("../../../generator/content/testdata/os-release/fedora-rawhide")
	os.MkdirAll(filepath.Join(root, "usr/lib"), 0o755)
	os.WriteFile(filepath.Join(root, "usr/lib/os-release"), data, 0o644)
	m, err := ReadMachine(root)
	if err != nil || m.File != filepath.Join(root, "usr/lib/os-release") || m.OSRelease["redhat_support_product_version"] != "rawhide" {
		t.Errorf("read %+v, %v", m, err)
	}
}

// server is a site that answers conditional requests as a CDN does, and
// counts what it answers.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	body     string
	etag     string
	modified time.Time
	control  string
	log      []string // the status answered, and If-None-Match and If-Modified-Since asked with
}

func newServer(t *testing.T, body, etag string) *server {
	s := &server{body: body, etag: etag, modified: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if r.URL.Path != "/status.json" {
			http.NotFound(w, r)
			s.log = append(s.log, "404")
			return
		}
		if s.etag != "" {
			w.Header().Set("ETag", s.etag)
		}
		if s.control != "" {
			w.Header().Set("Cache-Control", s.control)
		}
		w.Header().Set("Last-Modified", s.modified.Format(http.TimeFormat))
		status := 200
		if inm := r.Header.Get("If-None-Match"); inm != "" && inm == s.etag || inm == "" && r.Header.Get("If-Modified-Since") == s.modified.Format(http.TimeFormat) {
			status = 304
		}
		entry := http.StatusText(status)
		for _, h := range []string{"If-None-Match", "If-Modified-Since"} {
			if v := r.Header.Get(h); v != "" {
				entry += " " + v
			}
		}
		s.log = append(s.log, entry)
		w.WriteHeader(status)
		if status == 200 {
			w.Write([]byte(s.body))
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) set(body, etag string, modified time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.body, s.etag, s.modified = body, etag, modified
}

func (s *server) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.log
	s.log = nil
	return out
}

// TestFetcher asks a site the way a polling machine does: the first time
// for the document, then conditionally; not at all while Cache-Control
// says the copy is fresh; from the copy when the site is down.
func TestFetcher(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 12, 30, 0, 0, time.UTC)
	s := newServer(t, `{"v":1}`, `"a"`)
	f := &Fetcher{Dir: t.TempDir(), Now: func() time.Time { return now }}
	url := s.URL + "/status.json"
	get := func() *Copy {
		t.Helper()
		c, err := f.Get(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := get()
	if string(c.Body) != `{"v":1}` || c.NotModified || c.Err != nil || !c.Checked.Equal(now) {
		t.Errorf("first: %+v", c)
	}
	now = now.Add(time.Hour)
	c = get()
	if string(c.Body) != `{"v":1}` || !c.NotModified || !c.Checked.Equal(now) {
		t.Errorf("again: %+v", c)
	}
	lm := "Sat, 21 Nov 2026 12:00:00 GMT"
	if got, want := strings.Join(s.requests(), "\n"), "OK\nNot Modified \"a\" "+lm; got != want {
		t.Errorf("requests:\n%s\nwant:\n%s", got, want)
	}

	// A site without ETags is asked with If-Modified-Since alone.
	s.set(`{"v":2}`, "", time.Date(2026, 11, 21, 13, 0, 0, 0, time.UTC))
	c = get()
	if string(c.Body) != `{"v":2}` || c.NotModified || c.ETag != "" {
		t.Errorf("changed: %+v", c)
	}
	c = get()
	lm2 := "Sat, 21 Nov 2026 13:00:00 GMT"
	if got, want := strings.Join(s.requests(), "\n"), "OK \"a\" "+lm+"\nNot Modified "+lm2; got != want || !c.NotModified {
		t.Errorf("requests:\n%s\nwant:\n%s", got, want)
	}

	// While max-age lasts, the copy is used without asking.
	s.control = "public, max-age=60"
	get()
	now = now.Add(59 * time.Second)
	get()
	now = now.Add(2 * time.Second)
	get()
	if got := len(s.requests()); got != 2 {
		t.Errorf("%d requests in a minute of max-age=60, want 2", got)
	}

	// Down: the copy, with why.
	checked := now
	s.Close()
	now = now.Add(72 * time.Hour)
	c = get()
	if c.Err == nil || !strings.Contains(c.Err.Error(), "connect") || !c.Checked.Equal(checked) || string(c.Body) != `{"v":2}` {
		t.Errorf("down: %+v", c)
	}
	f.Offline = true
	if c := get(); c.Err == nil || c.Err.Error() != "not asked (offline)" {
		t.Errorf("offline: %+v", c)
	}

	// Down, with nothing kept: the error.
	f = &Fetcher{Dir: t.TempDir()}
	if _, err := f.Get(ctx, url); err == nil {
		t.Errorf("down, nothing kept: no error")
	}
}

// TestFetcherNotFound never covers a 404 with the copy kept: the
// document is gone (a release removed from the site), and the caller
// must look again.
func TestFetcherNotFound(t *testing.T) {
	s := newServer(t, `{"v":1}`, `"a"`)
	f := &Fetcher{Dir: t.TempDir()}
	if _, err := f.Get(context.Background(), s.URL+"/status.json"); err != nil {
		t.Fatal(err)
	}
	s.Config.Handler = http.NotFoundHandler()
	_, err := f.Get(context.Background(), s.URL+"/status.json")
	if se, ok := err.(*StatusError); !ok || se.Code != 404 {
		t.Errorf("got %v, want a 404", err)
	}
}
