package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is an output that the test reads while a command writes it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestServe runs bulletin serve as a user would: it says where to look,
// serves the site there, logs its build, and stops cleanly on Ctrl-C (the
// context main cancels on an interrupt).
func TestServe(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.yaml":    testSiteYAML,
		"news/mesa.md": "---\ntitle: Mesa breaks Steam\ndate: 2026-11-01\nreleases: [f43]\nseverity: minor\nstatus: identified\n---\nThe words.\n",
	})
	var stdout, stderr lockedBuffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, now: func() time.Time { return testNow }}
	ctx, interrupt := context.WithCancel(context.Background())
	defer interrupt()
	stopped := make(chan error, 1)
	go func() { stopped <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-content", dir}, e) }()

	serving := regexp.MustCompile(`^serving .*content at (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)\n$`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == ""; time.Sleep(10 * time.Millisecond) {
		if m := serving.FindStringSubmatch(stdout.String()); m != nil {
			url = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("bulletin serve did not say where it serves within 10s:\n%s%s", stdout.String(), stderr.String())
		}
	}
	resp, err := http.Get(url + "news/mesa/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "The words.") {
		t.Errorf("GET %snews/mesa/: %d\n%s", url, resp.StatusCode, body)
	}
	if !regexp.MustCompile(`^\d\d:\d\d:\d\d built in .*: 1 entry\n$`).MatchString(stderr.String()) {
		t.Errorf("log:\n%s\nwant one line on the first build", stderr.String())
	}

	// An open event stream must not keep the server from stopping.
	req, _ := http.NewRequest("GET", url+"_bulletin/events", nil)
	events, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()

	interrupt()
	select {
	case err := <-stopped:
		if err != nil {
			t.Errorf("bulletin serve stopped with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("bulletin serve did not stop within 10s of Ctrl-C")
	}
	if _, err := http.Get(url); err == nil {
		t.Errorf("still serving after Ctrl-C")
	}
}

func TestListenURL(t *testing.T) {
	for _, tt := range []struct{ addr, ln, want string }{
		{"localhost:8080", "127.0.0.1:8080", "http://localhost:8080/"},
		{":8080", "[::]:8080", "http://localhost:8080/"},
		{"0.0.0.0:0", "0.0.0.0:41234", "http://localhost:41234/"},
		{"127.0.0.1:0", "127.0.0.1:41234", "http://127.0.0.1:41234/"},
		{"[::1]:8080", "[::1]:8080", "http://[::1]:8080/"},
	} {
		if got := listenURL(tt.addr, fakeAddr(tt.ln)).String(); got != tt.want {
			t.Errorf("listenURL(%q, %s) = %s, want %s", tt.addr, tt.ln, got, tt.want)
		}
	}
}

type fakeAddr string

func (a fakeAddr) Network() string { return "tcp" }
func (a fakeAddr) String() string  { return string(a) }
