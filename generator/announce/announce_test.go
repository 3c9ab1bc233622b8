package announce_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator/announce"
	"github.com/bulletin-status/bulletin/generator/announce/announcetest"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
)

var now = time.Date(2026, 11, 2, 14, 30, 0, 0, time.UTC)

const siteYAML = `title: Test Status
base_url: @BASE@
id_authority: example.org,2026
releases:
  - id: f42
    name: Fedora 42
  - id: f43
    name: Fedora 43
services:
  - id: koji
    name: Koji build system
`

const (
	history = "---\ntitle: Firefox crashes on startup\nid: firefox-crash\ndate: 2026-10-01T09:00:00Z\nreleases: [f43]\nseverity: minor\nstatus: resolved\nfixed_in: firefox-144.0-2.fc43\n---\n"
	mesa    = "---\ntitle: Mesa update makes Steam games hang\nid: mesa-steam\ndate: 2026-11-02T13:40:00Z\nreleases: [f43]\nseverity: major\nstatus: investigating\nupdates:\n  - at: 2026-11-02T14:10:00Z\n    status: identified\n    text: A shader cache change; a fix is in testing.\n---\n\nSteam games hang.\n"
	koji    = "---\ntitle: Koji builds do not start\nid: koji-builds\ndate: 2026-11-02T12:00:00Z\nservices: [koji]\nseverity: major\nstatus: investigating\n---\n"
)

// A webhook secret as Standard Webhooks writes them: whsec_ and base64.
const hookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// hook is a webhook receiver that checks each delivery's signatures: the
// Standard Webhooks one with that project's own library, GitHub's with
// the recipe of GitHub's documentation.
type hook struct {
	*httptest.Server
	mu      sync.Mutex
	got     []delivery
	ids     map[string]int // deliveries by webhook-id
	delay   time.Duration  // before answering
	failing bool           // answers 503
}

type delivery struct {
	Type string
	Data struct {
		Item     json.RawMessage
		Entry    string
		Kind     string
		Event    string
		Releases []string
		Services []string
		Root     string
	}
}

func newHook(t *testing.T) *hook {
	h := &hook{ids: map[string]int{}}
	wh, err := standardwebhooks.NewWebhook(hookSecret)
	if err != nil {
		t.Fatal(err)
	}
	// GitHub's HMAC is keyed with the same key: the secret's bytes.
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(hookSecret, "whsec_"))
	if err != nil {
		t.Fatal(err)
	}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(h.delay)
		body, _ := io.ReadAll(r.Body)
		if err := wh.Verify(body, r.Header); err != nil {
			t.Errorf("standard webhooks signature: %v", err)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		mac := hmac.New(sha256.New, key)
		mac.Write(body)
		if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); !hmac.Equal([]byte(r.Header.Get("X-Hub-Signature-256")), []byte(want)) {
			t.Errorf("X-Hub-Signature-256 %q, want %q", r.Header.Get("X-Hub-Signature-256"), want)
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		if h.failing {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		var d delivery
		if err := json.Unmarshal(body, &d); err != nil {
			t.Errorf("payload: %v", err)
		}
		h.got = append(h.got, d)
		h.ids[r.Header.Get("webhook-id")]++
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.Close)
	return h
}

// count returns how many deliveries the receiver took.
func (h *hook) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.got)
}

// each returns, for each delivery, its item's title.
func (h *hook) titles() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, d := range h.got {
		var it struct{ Title string }
		json.Unmarshal(d.Data.Item, &it)
		out = append(out, it.Title)
	}
	return out
}

func (h *hook) set(failing bool, delay time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failing, h.delay = failing, delay
}

func webhookChannel(id, url, filter string) string {
	return fmt.Sprintf("    - id: %s\n%s      webhook: {url: %q, secret_env: HOOK_SECRET}\n", id, filter, url)
}

func announceSection(channels ...string) string {
	return "announce:\n  channels:\n" + strings.Join(channels, "")
}

var env = map[string]string{"HOOK_SECRET": hookSecret}

// since is -since for the tests' first runs: the history is older.
var since = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// runAnnounce runs announce over the site as it is now, and returns what
// it printed.
func runAnnounce(t *testing.T, site *announcetest.Site, store announce.Store, mod func(*announce.Config)) (string, error) {
	t.Helper()
	s, items := site.Items(t)
	var out bytes.Buffer
	cfg := announce.Config{Site: s, Items: items, Store: store, Now: site.Now, Since: since,
		Getenv: func(k string) string { return env[k] }, Out: &out, Timeout: 5 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	err := announce.Run(context.Background(), cfg)
	return out.String(), err
}

func fileStore(t *testing.T) announce.FileStore {
	return announce.FileStore{Path: filepath.Join(t.TempDir(), "announced.json")}
}

var threeEntries = map[string]string{"news/firefox.md": history, "news/mesa.md": mesa, "news/koji.md": koji}

// TestWebhooks checks what a webhook receives: every new item a channel
// wants, once, signed, each the item as the published feed.json has it,
// with its releases and services.
func TestWebhooks(t *testing.T) {
	all, kojiOnly := newHook(t), newHook(t)
	site := announcetest.NewSite(t, siteYAML+announceSection(
		webhookChannel("all", all.URL, ""),
		webhookChannel("koji", kojiOnly.URL, "      services: [koji]\n"),
	), threeEntries, now)
	store := fileStore(t)
	out, err := runAnnounce(t, site, store, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := []string{"Koji builds do not start", "Mesa update makes Steam games hang", "Identified: Mesa update makes Steam games hang"}
	if got := all.titles(); !slices.Equal(got, want) {
		t.Errorf("all got %q, want %q", got, want)
	}
	if got := kojiOnly.titles(); !slices.Equal(got, want[:1]) {
		t.Errorf("koji got %q, want %q", got, want[:1])
	}

	// The items as the site's feed.json publishes them.
	data, err := os.ReadFile(filepath.Join(site.Public, "feed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var feed struct{ Items []json.RawMessage }
	json.Unmarshal(data, &feed)
	published := map[string]string{}
	for _, raw := range feed.Items {
		var it struct{ ID string }
		json.Unmarshal(raw, &it)
		published[it.ID] = canonical(t, raw)
	}
	for _, d := range all.got {
		var it struct{ ID string }
		json.Unmarshal(d.Data.Item, &it)
		if published[it.ID] != canonical(t, d.Data.Item) {
			t.Errorf("item %s differs from feed.json's:\n%s\n%s", it.ID, d.Data.Item, published[it.ID])
		}
	}
	mesaUpdate := all.got[2].Data
	if mesaUpdate.Entry != "mesa-steam" || mesaUpdate.Event != "update" || !slices.Equal(mesaUpdate.Releases, []string{"f43"}) ||
		len(mesaUpdate.Services) != 0 || mesaUpdate.Root != "tag:example.org,2026:mesa-steam" {
		t.Errorf("the update's data: %+v", mesaUpdate)
	}
	if d := kojiOnly.got[0].Data; !slices.Equal(d.Services, []string{"koji"}) || d.Kind != "incident" {
		t.Errorf("koji's data: %+v", d)
	}

	out, err = runAnnounce(t, site, store, nil)
	if err != nil || all.count() != 3 || kojiOnly.count() != 1 || !strings.Contains(out, "announced: nothing new since the last run") {
		t.Errorf("a second run sent again (%d, %d): %v\n%s", all.count(), kojiOnly.count(), err, out)
	}
}

func canonical(t *testing.T, raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(v)
	return string(data)
}

// TestChannelDown checks that a channel that fails does not keep the
// others from their items, that the run names it and fails, and that the
// next run sends it what it missed, and nothing again to the others.
func TestChannelDown(t *testing.T) {
	up, down := newHook(t), newHook(t)
	down.set(true, 0)
	site := announcetest.NewSite(t, siteYAML+announceSection(webhookChannel("up", up.URL, ""), webhookChannel("down", down.URL, "")), threeEntries, now)
	store := fileStore(t)
	out, err := runAnnounce(t, site, store, nil)
	var failed *announce.Failures
	if !errors.As(err, &failed) || len(failed.Errs) != 1 {
		t.Fatalf("want one failed channel, got %v\n%s", err, out)
	}
	want := "channel down (webhook) failed, and 3 items wait for the next run: POST " + down.URL + ": 503 Service Unavailable: down for maintenance"
	if failed.Errs[0].Error() != want {
		t.Errorf("got  %s\nwant %s", failed.Errs[0], want)
	}
	if up.count() != 3 || down.count() != 0 || !strings.Contains(out, "announced: 3 messages sent; 1 failed") {
		t.Errorf("up got %d, down %d\n%s", up.count(), down.count(), out)
	}

	down.set(false, 0)
	out, err = runAnnounce(t, site, store, nil)
	if err != nil || up.count() != 3 || down.count() != 3 {
		t.Errorf("the re-run: up got %d, down %d (want 3, 3): %v\n%s", up.count(), down.count(), err, out)
	}
	for id, n := range down.ids {
		if n != 1 {
			t.Errorf("%s delivered %d times", id, n)
		}
	}
}

// TestSlowServer checks that a server that does not answer fails its
// channel within the timeout, once for the run, and not the others.
func TestSlowServer(t *testing.T) {
	fast, slow := newHook(t), newHook(t)
	slow.set(false, 3*time.Second)
	site := announcetest.NewSite(t, siteYAML+announceSection(webhookChannel("slow", slow.URL, ""), webhookChannel("fast", fast.URL, "")), threeEntries, now)
	start := time.Now()
	out, err := runAnnounce(t, site, fileStore(t), func(c *announce.Config) { c.Timeout = 300 * time.Millisecond })
	took := time.Since(start)
	var failed *announce.Failures
	if !errors.As(err, &failed) || !strings.Contains(err.Error(), "channel slow (webhook) failed, and 3 items wait") || !strings.Contains(err.Error(), "Client.Timeout") {
		t.Errorf("want the slow channel failed by its timeout, got %v\n%s", err, out)
	}
	if took > 2*time.Second {
		t.Errorf("the run took %v: a slow channel is given one timeout a run", took)
	}
	if fast.count() != 3 {
		t.Errorf("the fast channel got %d items, want 3", fast.count())
	}
}

// TestFirstRunAndNewChannel checks that neither a site's first run nor a
// new channel floods subscribers with the site's history.
func TestFirstRunAndNewChannel(t *testing.T) {
	first, second := newHook(t), newHook(t)
	site := announcetest.NewSite(t, siteYAML+announceSection(webhookChannel("first", first.URL, "")), threeEntries, now)
	store := fileStore(t)
	out, err := runAnnounce(t, site, store, func(c *announce.Config) { c.Since = time.Time{} })
	if err != nil || first.count() != 0 || !strings.Contains(out, "first run: started the record") {
		t.Fatalf("the first run without -since sent %d: %v\n%s", first.count(), err, out)
	}
	// A channel added later, with an item that came with it.
	site.Write(t, "site.yaml", strings.ReplaceAll(siteYAML, "@BASE@", site.URL)+announceSection(webhookChannel("first", first.URL, ""), webhookChannel("second", second.URL, "")))
	site.Write(t, "news/kernel.md", "---\ntitle: Kernel 6.17.7 drops Wi-Fi\nid: kernel-wifi\ndate: 2026-11-02T14:00:00Z\nreleases: [f42]\nseverity: minor\nstatus: identified\n---\n")
	site.Deploy(t)
	out, err = runAnnounce(t, site, store, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := first.titles(); !slices.Equal(got, []string{"Kernel 6.17.7 drops Wi-Fi"}) {
		t.Errorf("first got %q", got)
	}
	if got := second.titles(); !slices.Equal(got, []string{"Kernel 6.17.7 drops Wi-Fi"}) {
		t.Errorf("the new channel got %q: only what came with it", got)
	}
}

// TestNotLive checks that an item is sent once the live site shows it,
// not before: a deploy that failed must not use up its items.
func TestNotLive(t *testing.T) {
	h := newHook(t)
	site := announcetest.NewSite(t, siteYAML+announceSection(webhookChannel("h", h.URL, "")), map[string]string{"news/firefox.md": history}, now)
	store := fileStore(t)
	if _, err := runAnnounce(t, site, store, nil); err != nil {
		t.Fatal(err)
	}
	site.Write(t, "news/mesa.md", mesa) // merged, and its deploy failed
	out, err := runAnnounce(t, site, store, nil)
	if err != nil || h.count() != 0 || !strings.Contains(out, "waiting: the live site does not show 2 items yet") {
		t.Fatalf("before the deploy: sent %d: %v\n%s", h.count(), err, out)
	}
	site.Deploy(t)
	out, err = runAnnounce(t, site, store, nil)
	if err != nil || h.count() != 2 {
		t.Fatalf("after the deploy: sent %d, want 2: %v\n%s", h.count(), err, out)
	}
}

// TestLock checks that a run does not send while another holds the lock,
// and that two runs started together send each item once.
func TestLock(t *testing.T) {
	h := newHook(t)
	h.set(false, 20*time.Millisecond) // long enough for the runs to overlap
	site := announcetest.NewSite(t, siteYAML+announceSection(webhookChannel("h", h.URL, "")), threeEntries, now)
	store := fileStore(t)
	held := `{"version": 1, "runs": 1, "channels": {}, "items": {}, "lock": {"run": "elsewhere-1", "until": "2026-11-02T15:00:00Z"}}`
	if err := os.WriteFile(store.Path, []byte(held), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := runAnnounce(t, site, store, nil)
	want := "another run of announce (elsewhere-1) is sending, and holds " + store.Path + " until 2026-11-02T15:00:00Z: this run sent nothing; run it again after that, or once that run has ended"
	if err == nil || err.Error() != want || h.count() != 0 {
		t.Fatalf("got %v (sent %d)\nwant %s", err, h.count(), want)
	}

	os.Remove(store.Path)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { _, errs[i] = runAnnounce(t, site, store, nil) })
	}
	wg.Wait()
	t.Logf("overlapping runs: %v", errs)
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !strings.Contains(err.Error(), "another run of announce") && !strings.Contains(err.Error(), "kept changing") {
			t.Errorf("an overlapping run: %v", err)
		}
	}
	if ok == 0 || h.count() != 3 {
		t.Errorf("%d runs went through, and sent %d items; want each of 3 once", ok, h.count())
	}
	for id, n := range h.ids {
		if n != 1 {
			t.Errorf("%s delivered %d times", id, n)
		}
	}
}

// TestReadmeExample checks that the announce section README.md shows is
// valid as it stands, on the sample site, and that a first dry run of it
// sends none of the sample's history.
func TestReadmeExample(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "   ```yaml\n   announce:\n")
	example, _, ok2 := strings.Cut(rest, "   ```\n")
	if !ok || !ok2 {
		t.Fatal("README.md has no announce section in a yaml block")
	}
	section := "announce:\n" + strings.ReplaceAll("\n"+example, "\n   ", "\n")[1:]
	sample, err := os.ReadFile("../../content/site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	site := announcetest.NewSite(t, string(sample)+section, nil, now)
	s, items := site.Items(t)
	if n := len(s.Announce.Channels); n != 5 || s.Announce.Hub != "https://pubsubhubbub.appspot.com/" {
		t.Fatalf("README's example has %d channels, hub %q", n, s.Announce.Hub)
	}
	var out bytes.Buffer
	err = announce.Run(context.Background(), announce.Config{Site: s, Items: items, Store: fileStore(t), Now: now, DryRun: true,
		Getenv: func(string) string { return "" }, Out: &out, Timeout: time.Second})
	if err != nil || !strings.Contains(out.String(), "first run: no record") || !strings.Contains(out.String(), "dry run: 0 messages to send") {
		t.Errorf("dry run of README's example: %v\n%s", err, out.String())
	}
}
