package announce_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bulletin-status/bulletin/generator/announce"
	"github.com/bulletin-status/bulletin/generator/announce/announcetest"
)

// hub is a WebSub hub of the test's own (none can be installed here),
// strict where a hub is: it takes a publish ping only as a form POST
// naming a topic under the site, then fetches the topic, as a hub does to
// deliver it, and checks that the feed names this hub and itself.
type hub struct {
	*httptest.Server
	mu     sync.Mutex
	topics []string
}

func newHub(t *testing.T, site func() string) *hub {
	h := &hub{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fail := func(format string, args ...any) {
			t.Errorf("hub: "+format, args...)
			http.Error(w, fmt.Sprintf(format, args...), http.StatusBadRequest)
		}
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			fail("%s with %q, want a form POST", r.Method, r.Header.Get("Content-Type"))
			return
		}
		if err := r.ParseForm(); err != nil {
			fail("%v", err)
			return
		}
		topic := r.PostForm.Get("hub.url")
		if r.PostForm.Get("hub.mode") != "publish" || topic == "" || r.PostForm.Get("hub.topic") != topic || !strings.HasPrefix(topic, site()) {
			fail("form %v", r.PostForm)
			return
		}
		resp, err := http.Get(topic)
		if err != nil {
			fail("%v", err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		hubs, self := feedLinks(t, topic, body)
		if !slices.Equal(hubs, []string{h.URL + "/"}) || self != topic {
			fail("%s names hubs %q and self %q", topic, hubs, self)
			return
		}
		h.mu.Lock()
		h.topics = append(h.topics, topic)
		h.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.Close)
	return h
}

// feedLinks returns the hubs and the self URL a feed names, where WebSub
// subscribers look for them in each format.
func feedLinks(t *testing.T, topic string, body []byte) (hubs []string, self string) {
	if strings.HasSuffix(topic, ".json") {
		var f struct {
			FeedURL string `json:"feed_url"`
			Hubs    []struct{ Type, URL string }
		}
		if err := json.Unmarshal(body, &f); err != nil {
			t.Errorf("%s: %v", topic, err)
		}
		for _, h := range f.Hubs {
			if h.Type == "WebSub" {
				hubs = append(hubs, h.URL)
			}
		}
		return hubs, f.FeedURL
	}
	// Atom's feed/link, RSS's rss/channel/atom:link: links of the feed
	// itself, not of its items.
	dec := xml.NewDecoder(strings.NewReader(string(body)))
	var path []string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch el := tok.(type) {
		case xml.StartElement:
			path = append(path, el.Name.Local)
			feedLevel := strings.Join(path, "/") == "feed/link" || strings.Join(path, "/") == "rss/channel/link" && el.Name.Space == "http://www.w3.org/2005/Atom"
			if !feedLevel {
				continue
			}
			var rel, href string
			for _, a := range el.Attr {
				switch a.Name.Local {
				case "rel":
					rel = a.Value
				case "href":
					href = a.Value
				}
			}
			switch rel {
			case "hub":
				hubs = append(hubs, href)
			case "self":
				self = href
			}
		case xml.EndElement:
			path = path[:len(path)-1]
		}
	}
	return hubs, self
}

// TestWebSub checks that announce pings the hub for each feed that holds
// a new item, after the deploy, and that the feeds name the hub.
func TestWebSub(t *testing.T) {
	var site *announcetest.Site
	h := newHub(t, func() string { return site.URL })
	yaml := siteYAML + "announce:\n  websub_hub: " + h.URL + "/\n"
	site = announcetest.NewSite(t, yaml, map[string]string{"news/firefox.md": history}, now)
	store := fileStore(t)
	if _, err := runAnnounce(t, site, store, nil); err != nil || len(h.topics) != 0 {
		t.Fatalf("the first run pinged %q: %v", h.topics, err)
	}
	site.Write(t, "news/mesa.md", mesa)
	site.Write(t, "news/koji.md", koji)
	site.Deploy(t)
	out, err := runAnnounce(t, site, store, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var want []string
	for _, dir := range []string{"", "releases/f43/", "services/koji/"} {
		for _, ext := range []string{".atom", ".rss", ".json"} {
			want = append(want, site.URL+dir+"feed"+ext)
		}
	}
	slices.Sort(want)
	slices.Sort(h.topics)
	if !slices.Equal(h.topics, want) || !strings.Contains(out, "pinged "+h.URL+"/ for 9 feeds") {
		t.Errorf("pinged %q\nwant %q\n%s", h.topics, want, out)
	}
	if _, err := runAnnounce(t, site, store, nil); err != nil || len(h.topics) != 9 {
		t.Errorf("a second run pinged again: %d pings: %v", len(h.topics), err)
	}
}

// discourse is a forum that keeps Discourse's contract for POST
// /posts.json: the Api-Key and Api-Username headers, a topic's title,
// category and external_id (unique, case-insensitive, [\w-], at most 50),
// a reply's topic_id, 422 for an external_id taken, and GET
// /t/external_id/<id>.json.
type discourse struct {
	*httptest.Server
	mu     sync.Mutex
	topics []*topic
}

type topic struct {
	id         int
	title      string
	externalID string
	posts      []string
}

var externalID = regexp.MustCompile(`^[\w-]{1,50}$`)

func newDiscourse(t *testing.T, key string) *discourse {
	d := &discourse{}
	d.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		defer d.mu.Unlock()
		if r.Header.Get("Api-Key") != key || r.Header.Get("Api-Username") != "status" {
			http.Error(w, `{"errors":["You are not permitted to view the requested resource."]}`, http.StatusForbidden)
			return
		}
		if id, ok := strings.CutPrefix(r.URL.Path, "/t/external_id/"); ok && r.Method == http.MethodGet {
			for _, tp := range d.topics {
				if strings.EqualFold(tp.externalID+".json", id) {
					json.NewEncoder(w).Encode(map[string]any{"id": tp.id, "title": tp.title})
					return
				}
			}
			http.NotFound(w, r)
			return
		}
		if r.URL.Path != "/posts.json" || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		var p struct {
			Title, Raw, ExternalID string
			Category, TopicID      int
		}
		var raw map[string]any
		body, _ := io.ReadAll(r.Body)
		if json.Unmarshal(body, &raw) != nil {
			http.Error(w, `{"errors":["bad JSON"]}`, http.StatusBadRequest)
			return
		}
		p.Title, _ = raw["title"].(string)
		p.Raw, _ = raw["raw"].(string)
		p.ExternalID, _ = raw["external_id"].(string)
		if f, ok := raw["category"].(float64); ok {
			p.Category = int(f)
		}
		if f, ok := raw["topic_id"].(float64); ok {
			p.TopicID = int(f)
		}
		if p.Raw == "" {
			http.Error(w, `{"errors":["Body can't be blank"]}`, http.StatusUnprocessableEntity)
			return
		}
		if p.TopicID != 0 {
			for _, tp := range d.topics {
				if tp.id == p.TopicID {
					tp.posts = append(tp.posts, p.Raw)
					json.NewEncoder(w).Encode(map[string]any{"id": 1000 + len(tp.posts), "topic_id": tp.id})
					return
				}
			}
			http.Error(w, `{"errors":["topic not found"]}`, http.StatusUnprocessableEntity)
			return
		}
		if p.Title == "" || p.Category != 7 || !externalID.MatchString(p.ExternalID) {
			http.Error(w, `{"errors":["a topic needs a title, category 7 and a valid external_id"]}`, http.StatusUnprocessableEntity)
			return
		}
		for _, tp := range d.topics {
			if strings.EqualFold(tp.externalID, p.ExternalID) {
				http.Error(w, `{"errors":["External ID has already been taken"]}`, http.StatusUnprocessableEntity)
				return
			}
		}
		tp := &topic{id: 100 + len(d.topics), title: p.Title, externalID: p.ExternalID, posts: []string{p.Raw}}
		d.topics = append(d.topics, tp)
		json.NewEncoder(w).Encode(map[string]any{"id": 1, "topic_id": tp.id})
	}))
	t.Cleanup(d.Close)
	return d
}

// TestDiscourse checks that an entry opens a topic and its later events
// are replies in it, and that a topic the record lost is not opened twice.
func TestDiscourse(t *testing.T) {
	const key = "discourse-key-271828"
	d := newDiscourse(t, key)
	env["DISCOURSE_KEY"] = key
	defer delete(env, "DISCOURSE_KEY")
	yaml := siteYAML + fmt.Sprintf("announce:\n  channels:\n    - id: forum\n      discourse: {url: %q, category: 7, api_username: status, api_key_env: DISCOURSE_KEY}\n", d.URL)
	site := announcetest.NewSite(t, yaml, threeEntries, now)
	out, err := runAnnounce(t, site, fileStore(t), nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var titles []string
	for _, tp := range d.topics {
		titles = append(titles, tp.title+" ("+strconv.Itoa(len(tp.posts))+" posts)")
	}
	want := []string{"Koji builds do not start (1 posts)", "Mesa update makes Steam games hang (2 posts)"}
	if !slices.Equal(titles, want) {
		t.Fatalf("topics %q, want %q", titles, want)
	}
	if reply := d.topics[1].posts[1]; !strings.HasPrefix(reply, "**Identified: Mesa update makes Steam games hang**") || !strings.Contains(reply, "a fix is in testing") {
		t.Errorf("the reply: %s", reply)
	}
	// A record lost (a run that died before saving): the forum refuses
	// the same topics again, and announce takes them as sent.
	out, err = runAnnounce(t, site, fileStore(t), nil)
	if err != nil || len(d.topics) != 2 {
		t.Errorf("with the record lost: %d topics: %v\n%s", len(d.topics), err, out)
	}
}

// TestSlack checks the Slack payload, and that the webhook's URL, which
// is its secret, is never printed, not even when the server is down.
func TestSlack(t *testing.T) {
	var got []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p map[string]any
		if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&p) != nil || p["text"] == "" || p["blocks"] == nil {
			http.Error(w, "invalid_payload", http.StatusBadRequest)
			return
		}
		got = append(got, p)
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	env["SLACK_URL"] = srv.URL + "/services/T000/B000/sekrit-hook-token"
	defer delete(env, "SLACK_URL")
	yaml := siteYAML + "announce:\n  channels:\n    - id: team\n      releases: [f43]\n      slack: {url_env: SLACK_URL}\n"
	site := announcetest.NewSite(t, yaml, threeEntries, now)
	out, err := runAnnounce(t, site, fileStore(t), nil)
	if err != nil || len(got) != 2 {
		t.Fatalf("sent %d, want 2: %v\n%s", len(got), err, out)
	}
	text := got[0]["blocks"].([]any)[0].(map[string]any)["text"].(map[string]any)["text"].(string)
	if want := "*<" + site.URL + "news/mesa/|Mesa update makes Steam games hang>*\n"; !strings.HasPrefix(text, want) {
		t.Errorf("block text %q, want it to start with %q", text, want)
	}

	env["SLACK_URL"] = "http://127.0.0.1:1/services/T000/B000/sekrit-hook-token"
	out, err = runAnnounce(t, site, fileStore(t), nil)
	if err == nil || strings.Contains(err.Error()+out, "sekrit") {
		t.Errorf("a failure printed the webhook's URL, or did not fail: %v\n%s", err, out)
	}
	if want := "channel team (slack) failed, and 2 items wait for the next run: POST the Slack webhook: dial tcp 127.0.0.1:1: connect: connection refused"; err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// TestGitStore checks the record kept on a branch of a repository: runs
// on fresh clones find what the last one sent, and a save from a stale
// read is refused.
func TestGitStore(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("git is not installed")
		}
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	remote := filepath.Join(dir, "site.git")
	gitRun(t, "", "init", "--quiet", "--bare", remote)
	clone := func(name string) string {
		work := filepath.Join(dir, name)
		gitRun(t, "", "clone", "--quiet", remote, work)
		return work
	}
	h := newHook(t)
	site := announcetest.NewSite(t, siteYAML+announceSection(webhookChannel("h", h.URL, "")), threeEntries, now)
	first := announce.GitStore{Dir: clone("first"), Remote: "origin", Branch: "bulletin-announced"}
	if out, err := runAnnounce(t, site, first, nil); err != nil || h.count() != 3 {
		t.Fatalf("sent %d: %v\n%s", h.count(), err, out)
	}
	log := gitRun(t, remote, "log", "--format=%s", "bulletin-announced")
	// Another machine: a fresh clone. With nothing new, it leaves the
	// branch as it is: runs every few minutes add no commits.
	second := announce.GitStore{Dir: clone("second"), Remote: "origin", Branch: "bulletin-announced"}
	if out, err := runAnnounce(t, site, second, nil); err != nil || h.count() != 3 || !strings.Contains(out, "announced: nothing new since the last run") {
		t.Fatalf("a run on another clone sent again (%d): %v\n%s", h.count(), err, out)
	}
	if again := gitRun(t, remote, "log", "--format=%s", "bulletin-announced"); again != log {
		t.Errorf("a run with nothing new committed:\n%s", again)
	}
	if n := strings.Count(log, "\nsend tag:example.org,2026:"); n != 3 || !strings.HasPrefix(log, "unlock ") {
		t.Errorf("the branch's log:\n%s", log)
	}

	ctx := context.Background()
	recA, versionA, errA := first.Load(ctx)
	recB, versionB, errB := second.Load(ctx)
	if errA != nil || errB != nil || versionA != versionB {
		t.Fatal(errA, errB, versionA, versionB)
	}
	if _, err := first.Save(ctx, recA, versionA, "one"); err != nil {
		t.Fatal(err)
	}
	if _, err := second.Save(ctx, recB, versionB, "two, from the same read"); !errors.Is(err, announce.ErrConflict) {
		t.Errorf("a save from a stale read: %v, want ErrConflict", err)
	}
}

func gitRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	if dir != "" {
		args = append([]string{"--git-dir", dir}, args...)
	}
	out, err := exec.Command("git", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestMailNeedsTLS checks that no mail goes to a server that offers no
// STARTTLS: the login and the mail would cross the network in the clear.
func TestMailNeedsTLS(t *testing.T) {
	addr := announcetest.StartPlainSMTP(t)
	yaml := siteYAML + fmt.Sprintf("announce:\n  channels:\n    - id: list\n      mail: {server: %q, from: status@example.org, to: list@example.org}\n", addr)
	site := announcetest.NewSite(t, yaml, threeEntries, now)
	_, err := runAnnounce(t, site, fileStore(t), nil)
	want := "channel list (mail) failed, and 3 items wait for the next run: " + addr + " does not offer STARTTLS, and bulletin sends mail only over TLS"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// TestMatrixRateLimit checks that a homeserver's "too fast" is waited out
// once, under the same transaction id.
func TestMatrixRateLimit(t *testing.T) {
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer token-1234" {
			http.Error(w, `{"errcode":"M_UNKNOWN_TOKEN","error":"Unknown token"}`, http.StatusUnauthorized)
			return
		}
		paths = append(paths, r.URL.Path)
		if len(paths)%2 == 1 {
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":50}`)
			return
		}
		fmt.Fprintf(w, `{"event_id":"$ev%d"}`, len(paths))
	}))
	defer srv.Close()
	env["MATRIX_TOKEN"] = "token-1234"
	defer delete(env, "MATRIX_TOKEN")
	yaml := siteYAML + fmt.Sprintf("announce:\n  channels:\n    - id: room\n      services: [koji]\n      matrix: {homeserver: %q, room: \"!r:example.org\", token_env: MATRIX_TOKEN}\n", srv.URL)
	site := announcetest.NewSite(t, yaml, threeEntries, now)
	if out, err := runAnnounce(t, site, fileStore(t), nil); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(paths) != 2 || paths[0] != paths[1] || !strings.HasPrefix(paths[0], "/_matrix/client/v3/rooms/!r:example.org/send/m.room.message/bulletin-") {
		t.Errorf("requests %q: want one retry of the same transaction", paths)
	}
}
