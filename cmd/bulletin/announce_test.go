package main

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator/announce/announcetest"
)

// runAnnounce runs bulletin announce with the environment and the TLS
// authorities (a test server's).
func runAnnounce(t *testing.T, getenv map[string]string, roots *x509.CertPool, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return getenv[k] }, now: func() time.Time { return testNow }, tlsRoots: roots}
	err := run(context.Background(), append([]string{"announce"}, args...), e)
	return out.String(), errOut.String(), exitCode(err)
}

const oldIncident = "---\ntitle: Firefox crashes on startup with VA-API on Intel\nid: firefox-vaapi\ndate: 2026-10-01T09:00:00Z\nreleases: [f43]\nseverity: minor\nstatus: resolved\nfixed_in: firefox-144.0-2.fc43\n---\n\nIt crashed.\n"

const newIncident = "---\ntitle: Mesa 25.2.7-2 update makes Steam games hang\nid: mesa-steam\ndate: 2026-11-02T13:40:00Z\nreleases: [f43]\nseverity: major\nstatus: investigating\nworkaround: Start games with `RADV_DEBUG=nocache`.\n---\n\nSince the **mesa-25.2.7-2** update, Steam games hang.\n"

const newUpdate = "updates:\n  - at: 2026-11-02T14:10:00Z\n    status: identified\n    text: The hang comes from a shader cache change; a fix is in testing.\n"

// TestAnnounceMailAndMatrix is README's walk-through, against a real SMTP
// server (aiosmtpd, STARTTLS and a login) and a real Matrix homeserver
// (Dendrite): channels set up on a site with history send nothing of it;
// a new incident reaches both once; a second run sends nothing; an update
// arrives as one new message in the incident's thread.
func TestAnnounceMailAndMatrix(t *testing.T) {
	smtp := announcetest.StartSMTP(t, "status", "smtp-pass-3141")
	mx := announcetest.StartDendrite(t)
	yaml := fmt.Sprintf(`announce:
  channels:
    - id: f43-list
      releases: [f43]
      mail:
        server: %s
        from: Test Status <status@example.org>
        to: [f43-announce@lists.example.org]
        username: status
        password_env: SMTP_PASSWORD
    - id: status-room
      matrix:
        homeserver: %s
        room: "%s"
        token_env: MATRIX_TOKEN
`, smtp.Addr, mx.URL, mx.Room)
	site := announcetest.NewSite(t, strings.Replace(testSiteYAML, "https://status.example.org/", "@BASE@", 1)+yaml,
		map[string]string{"news/2026-10-01-firefox-vaapi.md": oldIncident}, testNow)
	secrets := map[string]string{"SMTP_PASSWORD": smtp.Password, "MATRIX_TOKEN": mx.Token}
	record := filepath.Join(t.TempDir(), "announced.json")
	announce := func(want string) {
		t.Helper()
		out, errOut, code := runAnnounce(t, secrets, smtp.Roots, "-content", site.Content, "-record", record, "-timeout", "10s")
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("announce: exit %d, want %q in the output\n%s%s", code, want, out, errOut)
		}
	}

	announce("first run: started the record")
	if n, m := len(smtp.Mails(t)), len(mx.Messages(t)); n != 0 || m != 0 {
		t.Fatalf("the first run sent the site's history: %d mails, %d messages", n, m)
	}

	site.Write(t, "news/2026-11-02-mesa-steam.md", newIncident)
	site.Deploy(t)
	announce("announced: 2 messages sent")
	mails, msgs := smtp.Mails(t), mx.Messages(t)
	if len(mails) != 1 || len(msgs) != 1 {
		t.Fatalf("after the incident: %d mails, %d messages; want 1 and 1", len(mails), len(msgs))
	}
	first := mails[0]
	if got := first.Header.Get("Subject"); got != "Mesa 25.2.7-2 update makes Steam games hang" {
		t.Errorf("subject %q", got)
	}
	for k, want := range map[string]string{
		"List-Id":  "Test Status <f43-announce.lists.example.org>",
		"X-RcptTo": "f43-announce@lists.example.org",
	} {
		if got := first.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if !strings.HasPrefix(first.Header.Get("Content-Type"), "multipart/alternative;") {
		t.Errorf("Content-Type %q", first.Header.Get("Content-Type"))
	}
	raw := string(first.Raw)
	for _, want := range []string{"text/plain; charset=utf-8", "text/html; charset=utf-8", site.URL + "news/mesa-steam/"} {
		if !strings.Contains(raw, want) {
			t.Errorf("the mail lacks %q:\n%s", want, raw)
		}
	}
	root := msgs[0]
	if root.Sender != mx.User || root.Content["msgtype"] != "m.notice" || root.Content["format"] != "org.matrix.custom.html" ||
		!strings.Contains(root.Content["body"].(string), "Mesa 25.2.7-2 update makes Steam games hang") ||
		!strings.Contains(root.Content["formatted_body"].(string), "<strong>mesa-25.2.7-2</strong>") {
		t.Errorf("the room's message: %+v", root)
	}

	announce("announced: nothing new since the last run")
	if n, m := len(smtp.Mails(t)), len(mx.Messages(t)); n != 1 || m != 1 {
		t.Fatalf("the second run sent again: %d mails, %d messages", n, m)
	}

	site.Write(t, "news/2026-11-02-mesa-steam.md", strings.Replace(newIncident, "---\n\n", newUpdate+"---\n\n", 1))
	site.Deploy(t)
	announce("announced: 2 messages sent")
	mails, msgs = smtp.Mails(t), mx.Messages(t)
	if len(mails) != 2 || len(msgs) != 2 {
		t.Fatalf("after the update: %d mails, %d messages; want 2 and 2", len(mails), len(msgs))
	}
	reply := mails[1]
	if got := reply.Header.Get("Subject"); got != "Identified: Mesa 25.2.7-2 update makes Steam games hang" {
		t.Errorf("the update's subject %q", got)
	}
	id := first.Header.Get("Message-ID")
	if reply.Header.Get("In-Reply-To") != id || reply.Header.Get("References") != id {
		t.Errorf("the update's mail is not a reply to %s: In-Reply-To %q, References %q", id, reply.Header.Get("In-Reply-To"), reply.Header.Get("References"))
	}
	rel, _ := msgs[1].Content["m.relates_to"].(map[string]any)
	if rel["rel_type"] != "m.thread" || rel["event_id"] != root.ID {
		t.Errorf("the update's message is not in the thread of %s: %+v", root.ID, msgs[1].Content)
	}
	if !strings.Contains(msgs[1].Content["body"].(string), "a fix is in testing") {
		t.Errorf("the update's message: %v", msgs[1].Content["body"])
	}

	// A run whose record is lost (it died before saving) sends again, under
	// the same ids: the homeserver answers a transaction id it remembers
	// (same token) with the first event, and the mail is known by its
	// Message-ID.
	lost := filepath.Join(t.TempDir(), "lost.json")
	out, errOut, code := runAnnounce(t, secrets, smtp.Roots, "-content", site.Content, "-record", lost, "-since", "2026-11-01")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if n := len(mx.Messages(t)); n != 2 {
		t.Errorf("the room has %d messages after a resend: the transaction ids did not hold", n)
	}
	mails = smtp.Mails(t)
	if len(mails) != 4 || mails[2].Header.Get("Message-ID") != id {
		t.Errorf("a resent mail must keep its Message-ID %s: %d mails", id, len(mails))
	}
}

// TestAnnounceWrongSecrets checks that a wrong password, a wrong token and
// a missing variable each fail their channel, say which, and that no
// secret is printed.
func TestAnnounceWrongSecrets(t *testing.T) {
	smtp := announcetest.StartSMTP(t, "status", "smtp-pass-3141")
	mx := announcetest.StartDendrite(t)
	yaml := fmt.Sprintf(`announce:
  channels:
    - id: f43-list
      mail: {server: %q, from: status@example.org, to: announce@example.org, username: status, password_env: SMTP_PASSWORD}
    - id: status-room
      matrix: {homeserver: %q, room: %q, token_env: MATRIX_TOKEN}
    - id: hook
      webhook: {url: "http://127.0.0.1:1/", secret_env: HOOK_SECRET}
`, smtp.Addr, mx.URL, mx.Room)
	site := announcetest.NewSite(t, strings.Replace(testSiteYAML, "https://status.example.org/", "@BASE@", 1)+yaml, map[string]string{"news/2026-11-02-mesa-steam.md": newIncident}, testNow)
	wrong := map[string]string{"SMTP_PASSWORD": "wrong-smtp-pass-2718", "MATRIX_TOKEN": "wrong-matrix-token-1618"}
	out, errOut, code := runAnnounce(t, wrong, smtp.Roots, "-content", site.Content, "-record", filepath.Join(t.TempDir(), "r.json"), "-since", "2026-11-01", "-timeout", "10s")
	want := "bulletin announce: channel f43-list (mail) failed, and 1 item waits for the next run: " + smtp.Addr + " refused the login of status: 535 \"5.7.8 Authentication credentials invalid\"\n" +
		"bulletin announce: channel status-room (matrix) failed, and 1 item waits for the next run: " + mx.URL + ": M_UNKNOWN_TOKEN: Unknown token (401 Unauthorized)\n" +
		"bulletin announce: channel hook (webhook) failed, and 1 item waits for the next run: content/site.yaml:18:57: environment variable HOOK_SECRET is not set: channel \"hook\" needs it\n"
	if code != 1 || strings.ReplaceAll(errOut, site.Content, "content") != want {
		t.Errorf("exit %d\n%s\nwant:\n%s", code, errOut, want)
	}
	for _, secret := range wrong {
		if strings.Contains(out+errOut, secret) {
			t.Errorf("the output prints the secret %q:\n%s%s", secret, out, errOut)
		}
	}
	if len(smtp.Mails(t)) != 0 || len(mx.Messages(t)) != 0 {
		t.Error("sent with a wrong secret")
	}
}

// TestAnnounceDryRun checks that -dry-run shows each message it would
// send, and sends and records nothing, even without the secrets.
func TestAnnounceDryRun(t *testing.T) {
	yaml := `announce:
  websub_hub: https://hub.example.org/
  channels:
    - id: f43-list
      releases: [f43]
      mail: {server: "smtp.example.org:587", from: status@example.org, to: f43@lists.example.org, username: status, password_env: SMTP_PASSWORD}
    - id: koji-hook
      releases: [f42]
      webhook: {url: "https://hooks.example.org/in", secret_env: HOOK_SECRET}
`
	site := announcetest.NewSite(t, strings.Replace(testSiteYAML, "https://status.example.org/", "@BASE@", 1)+yaml, map[string]string{"news/2026-11-02-mesa-steam.md": newIncident}, testNow)
	record := filepath.Join(t.TempDir(), "announced.json")
	out, errOut, code := runAnnounce(t, nil, nil, "-content", site.Content, "-record", record, "-since", "2026-11-01", "-dry-run")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"first run: no record in " + record + " yet; items from 2026-11-01T00:00:00Z on are sent",
		"=== would send to f43-list (mail): tag:example.org,2026:mesa-steam\n(it cannot be sent: " + site.Content + "/site.yaml:16:131: environment variable SMTP_PASSWORD is not set: channel \"f43-list\" needs it)\n",
		"Subject: Mesa 25.2.7-2 update makes Steam games hang\n",
		"List-Id: Test Status <f43.lists.example.org>\n",
		"Since the mesa-25.2.7-2 update, Steam games hang.\n\n" + site.URL + "news/mesa-steam/\n",
		"=== would ping https://hub.example.org/ for 6 feeds\n",
		"dry run: 1 message to send; nothing sent\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the dry run does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "koji-hook") {
		t.Errorf("the dry run sends an f43 item to an f42 channel:\n%s", out)
	}
	if _, err := os.Stat(record); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dry run wrote the record: %v", err)
	}
}
