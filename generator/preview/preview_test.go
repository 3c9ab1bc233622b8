package preview

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

const siteYAML = `title: Test Status
base_url: https://status.example.org/
id_authority: example.org,2026
releases:
  - id: f43
    name: Fedora 43
`

func entry(title, body string) string {
	return "---\ntitle: " + title + "\ndate: 2026-11-02\nreleases: [f43]\nseverity: minor\nstatus: identified\n---\n" + body + "\n"
}

// syncBuffer is a log that the test reads while the server writes it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// site is a content folder served by a running preview server.
type site struct {
	t       *testing.T
	content string
	theme   string
	url     string
	log     *syncBuffer
	srv     *Server
}

// serve writes the files into a new content folder (and those whose name
// starts with "theme/" into a theme folder) and serves it on 127.0.0.1.
func serve(t *testing.T, files map[string]string) *site {
	t.Helper()
	root := t.TempDir()
	s := &site{t: t, content: filepath.Join(root, "content"), log: &syncBuffer{}}
	os.MkdirAll(s.content, 0o755)
	for name, data := range files {
		if rest, ok := strings.CutPrefix(name, "theme/"); ok {
			s.theme = filepath.Join(root, "theme")
			s.write(filepath.Join("..", "theme", rest), data)
		} else {
			s.write(name, data)
		}
	}
	ts := httptest.NewUnstartedServer(nil)
	s.url = "http://" + ts.Listener.Addr().String()
	base, _ := url.Parse(s.url + "/")
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := Start(ctx, Config{
		Content: s.content,
		Theme:   s.theme,
		BaseURL: base,
		Now:     func() time.Time { return time.Date(2026, 11, 2, 14, 30, 0, 0, time.UTC) },
		Log:     log.New(s.log, "", 0),
	})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	s.srv = srv
	ts.Config.Handler = srv
	ts.Start()
	t.Cleanup(func() {
		// Stop watching first: that ends the event streams, which
		// ts.Close would wait for.
		cancel()
		<-srv.Done()
		ts.Close()
	})
	return s
}

// write writes a file in the content folder, as an editor saves it.
func (s *site) write(name, data string) {
	s.t.Helper()
	full := filepath.Join(s.content, name)
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// get fetches a path and returns its status and body.
func (s *site) get(p string) (int, string) {
	s.t.Helper()
	resp, err := http.Get(s.url + p)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// eventually fetches p until ok accepts what it got, and fails the test
// if that has not happened within a generous deadline: a slow machine
// must not fail it, and a correct server gets there in milliseconds.
func (s *site) eventually(p, what string, ok func(status int, body string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, body := s.get(p)
		if ok(status, body) {
			return body
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("GET %s: still no %s after 10s; got status %d:\n%s\nlog:\n%s", p, what, status, body, s.log)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func shows(text string) func(int, string) bool {
	return func(status int, body string) bool { return status == 200 && strings.Contains(body, text) }
}

// problems returns the problems bar of a page, or "".
func problems(body string) string {
	i := strings.Index(body, `<div id="bulletin-problems"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</div>")
	return body[i : i+j]
}

func TestEditShows(t *testing.T) {
	s := serve(t, map[string]string{
		"site.yaml":    siteYAML,
		"news/mesa.md": entry("Mesa breaks Steam", "The first words."),
	})
	if status, body := s.get("/news/mesa/"); status != 200 || !strings.Contains(body, "The first words.") {
		t.Fatalf("GET /news/mesa/: status %d:\n%s", status, body)
	}
	s.write("news/mesa.md", entry("Mesa breaks Steam", "The second words."))
	s.eventually("/news/mesa/", "edit", shows("The second words."))
}

func TestBrokenEditKeepsLastGoodPage(t *testing.T) {
	s := serve(t, map[string]string{
		"site.yaml":    siteYAML,
		"news/mesa.md": entry("Mesa breaks Steam", "The first words."),
	})
	s.get("/news/mesa/")

	// severity misspelt on line 5, column 11.
	broken := strings.Replace(entry("Mesa breaks Steam", "Broken words."), "severity: minor", "severity: minr", 1)
	s.write("news/mesa.md", broken)
	want := `content/news/mesa.md:5:11: severity &#34;minr&#34; is not one of minor, major, critical`
	for _, p := range []string{"/news/mesa/", "/", "/no-such-page"} {
		body := s.eventually(p, "problem", func(status int, body string) bool { return strings.Contains(problems(body), want) })
		if p == "/news/mesa/" && (!strings.Contains(body, "The first words.") || strings.Contains(body, "Broken words.")) {
			t.Errorf("GET %s while broken: want the last good page, got:\n%s", p, body)
		}
	}
	if got := s.log.String(); !regexp.MustCompile(`rebuilt after \d+ changes? in .*: 1 problem; serving the last good build\n\t.*content/news/mesa.md:5:11: severity`).MatchString(got) {
		t.Errorf("log does not tell the problem:\n%s", got)
	}

	s.write("news/mesa.md", entry("Mesa breaks Steam", "Fixed words."))
	body := s.eventually("/news/mesa/", "fix", shows("Fixed words."))
	if problems(body) != "" {
		t.Errorf("the problem is fixed, but the page still shows it:\n%s", body)
	}
}

func TestBrokenFromTheStart(t *testing.T) {
	s := serve(t, map[string]string{
		"site.yaml":    siteYAML,
		"news/mesa.md": "---\ntitle: Mesa\n",
	})
	status, body := s.get("/news/mesa/")
	if status != 500 || !strings.Contains(problems(body), "content/news/mesa.md:1:1: front matter is not closed") {
		t.Errorf("GET /news/mesa/ of a site that never built: status %d:\n%s", status, body)
	}
	if !strings.Contains(body, scriptPath) {
		t.Errorf("no reload script on the problems page:\n%s", body)
	}
	s.write("news/mesa.md", entry("Mesa", "Now it builds."))
	s.eventually("/news/mesa/", "recovery", shows("Now it builds."))
}

func TestNewFilesAndFolders(t *testing.T) {
	s := serve(t, map[string]string{
		"site.yaml":    siteYAML,
		"news/mesa.md": entry("Mesa breaks Steam", "Words."),
	})
	s.write("news/kernel.md", entry("Kernel panics", "A new file."))
	s.eventually("/news/kernel/", "new file", shows("A new file."))

	// A folder and a file in it at once: the file may be written before
	// the folder is watched.
	s.write("2026/11/gnome.md", entry("GNOME crashes", "In a new folder."))
	s.eventually("/news/gnome/", "file in a new folder", shows("In a new folder."))
	// And the new folder is watched from then on.
	s.write("2026/11/gnome.md", entry("GNOME crashes", "Edited in the new folder."))
	s.eventually("/news/gnome/", "edit in a new folder", shows("Edited in the new folder."))

	// Removed files go.
	os.Remove(filepath.Join(s.content, "news", "kernel.md"))
	s.eventually("/news/kernel/", "removal", func(status int, _ string) bool { return status == 404 })
}

func TestSaveByRename(t *testing.T) {
	s := serve(t, map[string]string{
		"site.yaml":    siteYAML,
		"news/mesa.md": entry("Mesa breaks Steam", "Before."),
	})
	// As vim and JetBrains editors save: a new file renamed over the old.
	s.write("news/.mesa.md.tmp", entry("Mesa breaks Steam", "After."))
	if err := os.Rename(filepath.Join(s.content, "news", ".mesa.md.tmp"), filepath.Join(s.content, "news", "mesa.md")); err != nil {
		t.Fatal(err)
	}
	s.eventually("/news/mesa/", "edit saved by rename", shows("After."))
}

func TestThemeEdit(t *testing.T) {
	s := serve(t, map[string]string{
		"site.yaml":              siteYAML,
		"theme/layouts/404.html": `{{define "main"}}<h1>Lost</h1>{{end}}`,
	})
	s.eventually("/nope", "theme's 404", func(status int, body string) bool { return status == 404 && strings.Contains(body, "<h1>Lost</h1>") })
	s.write("../theme/layouts/404.html", `{{define "main"}}<h1>Gone</h1>{{end}}`)
	s.eventually("/nope", "edited 404", func(status int, body string) bool { return status == 404 && strings.Contains(body, "<h1>Gone</h1>") })

	// A template that does not parse is a build problem like any other.
	s.write("../theme/layouts/404.html", `{{define "main"}}<h1>{{.Oops</h1>{{end}}`)
	s.eventually("/nope", "template problem", func(status int, body string) bool {
		return strings.Contains(problems(body), "layouts/404.html") && strings.Contains(body, "<h1>Gone</h1>")
	})
}

// TestReloadEvents follows the event stream as the reload script does: a
// page names its build, and each build after it is announced.
func TestReloadEvents(t *testing.T) {
	s := serve(t, map[string]string{
		"site.yaml":    siteYAML,
		"news/mesa.md": entry("Mesa breaks Steam", "Words."),
	})
	_, page := s.get("/news/mesa/")
	m := regexp.MustCompile(`<script src="/_bulletin/reload.js" data-build="([^"]+)" data-events="/_bulletin/events"></script>\n</body>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no reload script before </body>:\n%s", page)
	}
	pageBuild := m[1]

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.url+eventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("events: Content-Type %q", ct)
	}
	events := make(chan string)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				name = v
			}
			if v, ok := strings.CutPrefix(line, "data: "); ok && name == "build" {
				events <- v
			}
		}
	}()
	next := func() string {
		t.Helper()
		select {
		case b, ok := <-events:
			if !ok {
				t.Fatal("event stream ended")
			}
			return b
		case <-time.After(10 * time.Second):
			t.Fatalf("no event within 10s; log:\n%s", s.log)
		}
		return ""
	}
	if b := next(); b != pageBuild {
		t.Errorf("first event names build %q, want the page's %q", b, pageBuild)
	}
	s.write("news/mesa.md", entry("Mesa breaks Steam", "New words."))
	if b := next(); b == pageBuild {
		t.Errorf("after an edit the event names the same build %q", b)
	}
}

func TestServing(t *testing.T) {
	s := serve(t, map[string]string{
		"site.yaml":    siteYAML,
		"news/mesa.md": entry("Mesa breaks Steam", "Words."),
	})
	tests := []struct {
		path, contentType string
		status            int
		script            bool
	}{
		{"/", "text/html; charset=utf-8", 200, true},
		{"/news/mesa/", "text/html; charset=utf-8", 200, true},
		{"/no/such/page/", "text/html; charset=utf-8", 404, true},
		{"/sitemap.xml", "application/xml; charset=utf-8", 200, false},
		{"/feed.atom", "application/atom+xml; charset=utf-8", 200, false},
		{"/releases/f43/feed.rss", "application/rss+xml; charset=utf-8", 200, false},
		{"/feed.json", "application/feed+json; charset=utf-8", 200, false},
		{"/status.json", "application/json", 200, false},
		{"/robots.txt", "text/plain; charset=utf-8", 200, false},
		{scriptPath, "text/javascript; charset=utf-8", 200, false},
	}
	for _, tt := range tests {
		resp, err := http.Get(s.url + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get("Content-Type") != tt.contentType {
			t.Errorf("GET %s: %d %s, want %d %s", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.status, tt.contentType)
		}
		if got := strings.Contains(string(body), `data-build=`); got != tt.script {
			t.Errorf("GET %s: reload script injected: %v, want %v", tt.path, got, tt.script)
		}
	}
	if _, body := s.get("/no/such/page/"); !strings.Contains(body, "Page not found") {
		t.Errorf("404 is not the site's 404.html:\n%s", body)
	}

	// /news/mesa is the folder /news/mesa/, as on a static host.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(s.url + "/news/mesa")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 301 || resp.Header.Get("Location") != "/news/mesa/" {
		t.Errorf("GET /news/mesa: %d to %q, want 301 to /news/mesa/", resp.StatusCode, resp.Header.Get("Location"))
	}

	// Pages link to the preview, not to the site's base_url.
	if _, body := s.get("/"); !strings.Contains(body, `href="`+s.url+`/"`) || strings.Contains(body, "status.example.org") {
		t.Errorf("the home page links outside the preview:\n%s", body)
	}
}

func TestContentTypes(t *testing.T) {
	for name, want := range map[string]string{
		"feed.atom":                   "application/atom+xml; charset=utf-8",
		"releases/f43/feed.rss":       "application/rss+xml; charset=utf-8",
		"feed.json":                   "application/feed+json; charset=utf-8",
		"releases/f43/feed.json":      "application/feed+json; charset=utf-8",
		"status.json":                 "application/json",
		"api/v2/summary.json":         "application/json",
		"news/x/index.html":           "text/html; charset=utf-8",
		"assets/style.0123456789.css": "text/css; charset=utf-8",
	} {
		if got := contentType(name, nil); got != want {
			t.Errorf("contentType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestInject(t *testing.T) {
	st := state{build: "b-1", problems: []string{`x.md:1:2: <bad> & "worse"`}}
	got := string((&Server{}).inject([]byte("<html><BODY class=x>\n<p>Hi</p>\n</Body></html>"), st, nil, nil))
	for _, want := range []string{
		"<BODY class=x>\n<div id=\"bulletin-problems\"",
		"x.md:1:2: &lt;bad&gt; &amp; &#34;worse&#34;\n</pre>",
		"<p>Hi</p>\n<script src=\"/_bulletin/reload.js\" data-build=\"b-1\" data-events=\"/_bulletin/events\"></script>\n</Body></html>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("inject gave:\n%s\nwant it to contain:\n%s", got, want)
		}
	}
}

// TestWarningsOnTheirPage shows an entry's warnings on its own page, where
// its editor looks, and on no other.
func TestWarningsOnTheirPage(t *testing.T) {
	major := strings.Replace(entry("Mesa breaks Steam", "Words."), "severity: minor", "severity: major", 1)
	s := serve(t, map[string]string{
		"site.yaml":      siteYAML,
		"news/mesa.md":   major,
		"news/kernel.md": entry("Kernel panics", "Words."),
	})
	warnings := func(body string) string {
		i := strings.Index(body, `<div id="bulletin-warnings"`)
		if i < 0 {
			return ""
		}
		return body[i : i+strings.Index(body[i:], "</div>")]
	}
	_, body := s.get("/news/mesa/")
	if w := warnings(body); !strings.Contains(w, "content/news/mesa.md:5:11: warning: a major incident without a workaround") {
		t.Errorf("no warning on the entry's page:\n%s", body)
	}
	for _, p := range []string{"/", "/news/kernel/"} {
		if _, body := s.get(p); warnings(body) != "" {
			t.Errorf("GET %s shows another entry's warning:\n%s", p, warnings(body))
		}
	}
	s.write("news/mesa.md", strings.Replace(major, "status: identified", "status: identified\nworkaround: Hold the update.", 1))
	s.eventually("/news/mesa/", "warning gone", func(status int, body string) bool {
		return strings.Contains(body, "Hold the update.") && warnings(body) == ""
	})
}

func TestSiteYAMLEdit(t *testing.T) {
	s := serve(t, map[string]string{
		"site.yaml":    siteYAML,
		"news/mesa.md": entry("Mesa breaks Steam", "Words."),
	})
	s.eventually("/news/mesa/", "release name", shows("Fedora 43"))
	s.write("site.yaml", strings.Replace(siteYAML, "name: Fedora 43", "name: Fedora Forty-Three", 1))
	s.eventually("/news/mesa/", "renamed release", shows("Fedora Forty-Three"))
}

// TestContentFolderReplaced removes the content folder and makes it
// again, then replaces it with another by renaming: each time the page
// says what happened, then shows the new content and every edit after.
// Edits to a folder made again used to be ignored without a word, or
// "stat .: no such file or directory" stayed for good.
func TestContentFolderReplaced(t *testing.T) {
	s := serve(t, map[string]string{
		"site.yaml":    siteYAML,
		"news/mesa.md": entry("Mesa breaks Steam", "Words."),
	})
	s.eventually("/news/mesa/", "the first build", shows("Mesa breaks Steam"))

	if err := os.RemoveAll(s.content); err != nil {
		t.Fatal(err)
	}
	body := s.eventually("/news/mesa/", "the folder told gone", func(status int, body string) bool {
		return strings.Contains(problems(body), "content: no such folder; the content folder holds site.yaml and the entries")
	})
	if !strings.Contains(body, "Mesa breaks Steam") {
		t.Errorf("the last good build is not served while the folder is gone:\n%s", body)
	}
	s.write("site.yaml", siteYAML)
	s.write("news/mesa.md", entry("Mesa made again", "Words."))
	s.eventually("/news/mesa/", "the folder made again", shows("Mesa made again"))
	s.write("news/mesa.md", entry("Mesa edited after", "Words."))
	s.eventually("/news/mesa/", "an edit in the folder made again", shows("Mesa edited after"))

	// Replaced in one step, as a deploy script or a checkout into a
	// new folder does it.
	other := s.content + ".new"
	os.MkdirAll(filepath.Join(other, "news"), 0o755)
	os.WriteFile(filepath.Join(other, "site.yaml"), []byte(siteYAML), 0o644)
	os.WriteFile(filepath.Join(other, "news", "mesa.md"), []byte(entry("Mesa replaced", "Words.")), 0o644)
	if err := os.Rename(s.content, s.content+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(other, s.content); err != nil {
		t.Fatal(err)
	}
	s.eventually("/news/mesa/", "the replaced folder", shows("Mesa replaced"))
	s.write("news/mesa.md", entry("Mesa edited in the new folder", "Words."))
	s.eventually("/news/mesa/", "an edit in the replaced folder", shows("Mesa edited in the new folder"))
	for _, want := range []string{"content folder " + s.content + " is gone", "content folder " + s.content + " is back"} {
		if !strings.Contains(s.log.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, s.log)
		}
	}
}

// TestOnlyLocalHosts sends requests for other host names to the preview,
// as a page on another site does through DNS rebinding (its own name made
// to resolve to 127.0.0.1), and wants them refused, pages and event
// stream alike; requests for localhost and for addresses are answered.
func TestOnlyLocalHosts(t *testing.T) {
	s := serve(t, map[string]string{
		"site.yaml":    siteYAML,
		"news/mesa.md": entry("Mesa breaks Steam", "Words."),
	})
	_, port, _ := strings.Cut(strings.TrimPrefix(s.url, "http://"), ":")
	for _, tt := range []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1:" + port, true},
		{"localhost:" + port, true},
		{"LOCALHOST:" + port, true},
		{"preview.localhost:" + port, true},
		{"[::1]:" + port, true},
		{"192.168.1.20:" + port, true},
		{"evil.example:" + port, false},
		{"localhost.evil.example:" + port, false},
		{"evil.example", false},
	} {
		for _, p := range []string{"/news/mesa/", eventsPath, scriptPath} {
			req, _ := http.NewRequest("GET", s.url+p, nil)
			req.Host = tt.host
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			resp, err := http.DefaultClient.Do(req.WithContext(ctx))
			if err != nil {
				cancel()
				t.Fatal(err)
			}
			var first []byte
			if tt.ok {
				first = make([]byte, 1)
				io.ReadFull(resp.Body, first)
			} else {
				first, _ = io.ReadAll(resp.Body)
			}
			resp.Body.Close()
			cancel()
			if ok := resp.StatusCode == 200; ok != tt.ok {
				t.Errorf("GET %s for host %q: %d, want it answered: %v", p, tt.host, resp.StatusCode, tt.ok)
			}
			if !tt.ok && !strings.Contains(string(first), "DNS rebinding") {
				t.Errorf("GET %s for host %q: refused without saying why:\n%s", p, tt.host, first)
			}
		}
	}
}

// TestNoPathTraversal asks the preview, in raw requests, for files
// outside the site by every spelling of ".." a server has been fooled
// by, and for the content's own source files: none may come back. The
// preview renders from memory and reads no file by a request's path;
// this keeps it so.
func TestNoPathTraversal(t *testing.T) {
	s := serve(t, map[string]string{
		"site.yaml":    siteYAML,
		"news/mesa.md": entry("Mesa breaks Steam", "Words."),
	})
	const secret = "a-secret-beside-the-content"
	if err := os.WriteFile(filepath.Join(filepath.Dir(s.content), "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(s.url, "http://")
	paths := []string{
		"/../secret.txt", "/../../secret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt", "/.%2e/secret.txt",
		"/news/..%2f..%2f..%2fsecret.txt", "//../secret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt",
		"/assets/..%2f..%2f..%2fsecret.txt", "/_bulletin/../../secret.txt", "/_bulletin/..%2f..%2fsecret.txt",
		"/news/mesa/../../../secret.txt", "/%00/../secret.txt", "/..%c0%af..%c0%afsecret.txt", "/..%252f..%252fsecret.txt",
		"http://" + host + "/../secret.txt", "/news/mesa/%2e%2e/%2e%2e/%2e%2e/secret.txt", "/..;/secret.txt", "/....//secret.txt",
		"/site.yaml", "/news/mesa.md", "/content/site.yaml", "/content/news/mesa.md", "/../content/site.yaml",
		"/%2e%2e/content/news/mesa.md", "/secret.txt", "/news/../../content/site.yaml",
	}
	for _, p := range paths {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", p, host)
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		resp, _ := io.ReadAll(conn)
		conn.Close()
		if len(resp) == 0 {
			t.Errorf("GET %s: no response", p)
		}
		for _, leak := range []string{secret, "id_authority", "severity: minor"} {
			if strings.Contains(string(resp), leak) {
				t.Errorf("GET %s: the response holds %q:\n%s", p, leak, resp)
			}
		}
	}
	t.Logf("%d requests", len(paths))
}
