package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Tests of the commands that run on users' machines (status, guard)
// against a site built by bulletin and served on 127.0.0.1, as a CDN
// serves it: with ETags and Last-Modified, answering conditional requests
// with 304.

// machineNow is the machines' clock: half an hour after the sample site
// describes (sampleEpoch), when it was built.
var machineNow = time.Date(2026, 11, 21, 12, 30, 0, 0, time.UTC)

// shimEntry is an incident that asks users to act, for the guard: the
// sample site has none open.
const shimEntry = `---
title: "shim 16.2: Secure Boot machines must enrol Fedora's new key before they reboot"
id: shim-16-2-new-secure-boot-key
date: 2026-11-21T08:00:00Z
releases: [f43]
severity: critical
status: identified
action_required: true
packages: [shim-x64-16.2-1.fc43, mokutil]
workaround: |
  Before rebooting, enrol the new key, then confirm it in MokManager at the
  next boot:

      sudo mokutil --import /usr/share/shim/fedora-ca-2026.cer
eta: 2026-11-24
---

shim 16.2 is signed with Fedora's new Secure Boot key.
`

// freezeEntry is a maintenance of Fedora 43, to come.
const freezeEntry = `---
title: Fedora 43 updates repository read-only while its metadata is rebuilt
id: f43-updates-metadata-rebuild
date: 2026-11-21T10:00:00Z
kind: maintenance
releases: [f43]
starts: 2026-11-25T14:00:00Z
ends: 2026-11-25T16:00:00Z
---

dnf keeps working from the mirrors; new updates wait until the end.
`

// keyEntry announces a change to Fedora 43, to come.
const keyEntry = `---
title: Fedora 43 updates are signed with a new key from 1 December
id: f43-new-signing-key
date: 2026-11-20T15:00:00Z
kind: announcement
releases: [f43]
effective: 2026-12-01T00:00:00Z
action_required: true
---

Install fedora-gpg-keys-43-5 or later before then, or dnf refuses the updates.
`

// machineEntries are the entries the tests add to the sample site.
var machineEntries = map[string]string{
	"news/2026-11-21-shim-16-2-new-secure-boot-key.md": shimEntry,
	"news/2026-11-21-f43-updates-metadata-rebuild.md":  freezeEntry,
	"news/2026-11-20-f43-new-signing-key.md":           keyEntry,
}

// site is a site built by bulletin from the sample content, served on
// 127.0.0.1.
type site struct {
	t       *testing.T
	srv     *httptest.Server
	content string // the content folder, base_url set to the server
	public  string
	mu      sync.Mutex
	log     []string // "<status> <path>", for each request
	down    bool
}

// newSite copies the sample content with the extra files, sets its
// base_url to a server on 127.0.0.1, builds it at sampleEpoch and serves
// it.
func newSite(t *testing.T, extra map[string]string) *site {
	t.Helper()
	s := &site{t: t, public: filepath.Join(t.TempDir(), "public")}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	files := map[string]string{}
	err := filepath.WalkDir("../../content", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel("../../content", path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files["site.yaml"] = strings.Replace(files["site.yaml"], "base_url: https://status.example.org/", "base_url: "+s.srv.URL+"/", 1)
	for name, data := range extra {
		files[name] = data
	}
	s.content = writeSite(t, files)
	s.build(sampleEpoch)
	return s
}

// build builds the site again, at the clock.
func (s *site) build(clock map[string]string) {
	s.t.Helper()
	if out, errOut, code := runTest(s.t, clock, "build", "-content", s.content, "-out", s.public); code != 0 {
		s.t.Fatalf("build: exit %d\n%s%s", code, out, errOut)
	}
}

// write changes a file of the content, for the next build.
func (s *site) write(name, data string) { writeFile(s.t, filepath.Join(s.content, name), data) }

// serve answers as a CDN does: the file, with an ETag of its content and
// its Last-Modified, or 304 to a request that has them.
func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	down := s.down
	s.mu.Unlock()
	if down {
		// A site that is down: the connection is dropped.
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		conn.Close()
		return
	}
	rec := &statusRecorder{ResponseWriter: w, status: 200}
	if data, err := os.ReadFile(filepath.Join(s.public, filepath.FromSlash(r.URL.Path))); err == nil {
		sum := sha256.Sum256(data)
		w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	}
	http.FileServer(http.Dir(s.public)).ServeHTTP(rec, r)
	s.mu.Lock()
	s.log = append(s.log, fmt.Sprintf("%d %s", rec.status, r.URL.Path))
	s.mu.Unlock()
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// requests returns the requests answered since the last call.
func (s *site) requests() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := strings.Join(s.log, "\n")
	s.log = nil
	return out
}

func (s *site) setDown(down bool) {
	s.mu.Lock()
	s.down = down
	s.mu.Unlock()
}

// url is the site's address.
func (s *site) url() string { return s.srv.URL + "/" }

// clean replaces the server's address, which changes from run to run, in
// what a command printed.
func (s *site) clean(out string) string {
	return strings.ReplaceAll(out, s.srv.URL, "https://status.example.org")
}

// machine makes the root of a machine whose /etc/os-release is the file of
// testdata/os-release, or none for "".
func machine(t *testing.T, osRelease string) string {
	t.Helper()
	root := t.TempDir()
	if osRelease != "" {
		data, err := os.ReadFile(filepath.Join("../../generator/content/testdata/os-release", osRelease))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(root, "etc", "os-release"), string(data))
	}
	return root
}

// runOn runs bulletin on a machine at the time now, with stdin as its
// standard input and getenv as its environment.
func runOn(t *testing.T, now time.Time, getenv map[string]string, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(k string) string { return getenv[k] }, now: func() time.Time { return now }}
	err := run(context.Background(), args, e)
	return out.String(), errOut.String(), exitCode(err)
}

// fakeRPMOSTree puts an rpm-ostree first on PATH that prints the output
// of a real node's rpm-ostree status --booted --json, from
// generator/content/testdata/rpm-ostree.
func fakeRPMOSTree(t *testing.T, file string) {
	t.Helper()
	data, err := filepath.Abs(filepath.Join("../../generator/content/testdata/rpm-ostree", file))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	script := fmt.Sprintf("#!/bin/sh\n[ \"$*\" = \"status --booted --json\" ] || { echo \"unexpected: $*\" >&2; exit 1; }\nexec cat %q\n", data)
	if err := os.WriteFile(filepath.Join(dir, "rpm-ostree"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}
