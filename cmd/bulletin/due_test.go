package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestDueRebuildsAtTheRightMoments runs the scheduled job as the workflow
// does, every five minutes for three hours of a fixed clock: bulletin due
// against the published site, and a build whenever it says so. A window of
// twenty minutes must show as started within five minutes of its start and
// as completed within five minutes of its end, and nothing else may cause a
// build but the hourly fallback (-max-age).
func TestDueRebuildsAtTheRightMoments(t *testing.T) {
	deploy := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	starts, ends := deploy.Add(47*time.Minute), deploy.Add(67*time.Minute)
	dir := writeSite(t, map[string]string{
		"site.yaml": testSiteYAML,
		"news/2026-11-23-mirrors.md": "---\ntitle: Mirror maintenance\ndate: 2026-11-23\nkind: maintenance\n" +
			"starts: " + starts.Format(time.RFC3339) + "\nends: " + ends.Format(time.RFC3339) + "\n---\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	var published atomic.Value
	build := func(at time.Time) {
		t.Helper()
		if _, errOut, code := runTest(t, epoch(at), "build", "-content", dir, "-out", out); code != 0 {
			t.Fatalf("build at %v: %s", at, errOut)
		}
		data, err := os.ReadFile(filepath.Join(out, "status.json"))
		if err != nil {
			t.Fatal(err)
		}
		published.Store(data)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(published.Load().([]byte))
	}))
	defer srv.Close()

	build(deploy)
	var builds []time.Time
	for tick := deploy.Add(time.Minute); tick.Before(deploy.Add(3 * time.Hour)); tick = tick.Add(5 * time.Minute) {
		stdout, stderr, code := runTest(t, epoch(tick), "due", "-url", srv.URL+"/status.json")
		switch code {
		case 0:
			build(tick)
			builds = append(builds, tick)
		case 3:
		default:
			t.Fatalf("due at %v: exit %d\n%s%s", tick, code, stdout, stderr)
		}
	}
	if len(builds) < 2 {
		t.Fatalf("rebuilt at %v", builds)
	}
	for i, moment := range []time.Time{starts, ends} {
		if b := builds[i]; b.Before(moment) || b.Sub(moment) > 5*time.Minute {
			t.Errorf("rebuilt at %v for the moment %v", b, moment)
		}
	}
	// After the window nothing changes by the clock: the hourly fallback
	// alone rebuilds, an hour after the last build.
	for i, b := range builds[2:] {
		if gap := b.Sub(builds[i+1]); gap < time.Hour || gap > time.Hour+5*time.Minute {
			t.Errorf("build %d at %v, %v after the one before", i+3, b, gap)
		}
	}
}

func epoch(t time.Time) map[string]string {
	return map[string]string{"SOURCE_DATE_EPOCH": strconv.FormatInt(t.Unix(), 10)}
}

func TestDueSays(t *testing.T) {
	at := func(s string) *time.Time {
		v, _ := time.Parse(time.RFC3339, s)
		return &v
	}
	now := *at("2026-11-24T10:00:00Z")
	for _, tt := range []struct {
		p    publishedStatus
		due  bool
		says string
	}{
		{publishedStatus{GeneratedAt: at("2026-11-24T09:30:00Z"), NextChange: at("2026-11-24T09:47:00Z")}, true, "due: the site changes at 2026-11-24T09:47:00Z, and was generated at 2026-11-24T09:30:00Z"},
		{publishedStatus{GeneratedAt: at("2026-11-24T09:30:00Z"), NextChange: at("2026-11-24T10:47:00Z")}, false, "not due: the site next changes at 2026-11-24T10:47:00Z"},
		{publishedStatus{GeneratedAt: at("2026-11-24T09:30:00Z")}, false, "not due: no change to come is known"},
		{publishedStatus{GeneratedAt: at("2026-11-24T08:55:00Z")}, true, "due: the site was generated 1h5m0s ago, at 2026-11-24T08:55:00Z (max-age 1h0m0s)"},
		{publishedStatus{}, true, "due: the published status document does not say when it was generated"},
	} {
		due, says := rebuildDue(tt.p, now, time.Hour)
		if due != tt.due || says != tt.says {
			t.Errorf("%+v: %v %q, want %v %q", tt.p, due, says, tt.due, tt.says)
		}
	}
	// Unreachable: exit 1, saying why.
	_, stderr, code := runTest(t, sampleEpoch, "due", "-url", "http://127.0.0.1:1/status.json")
	if code != 1 || !strings.Contains(stderr, "bulletin: Get \"http://127.0.0.1:1/status.json\"") {
		t.Errorf("unreachable: exit %d, %q", code, stderr)
	}
}
