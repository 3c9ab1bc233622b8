// Package announcetest starts the real servers that announce's tests send
// to, on 127.0.0.1 only: an SMTP server (Debian's python3-aiosmtpd, with
// STARTTLS and a login required) that files each mail in a Maildir, and a
// Matrix homeserver (Dendrite) with a user and a room; and a site, built
// and served as a deploy would publish it.
//
// A test that needs one skips when it is not installed, saying how to
// install it, and fails instead under CI=1, where .ci/run installs both.
package announcetest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/render"
)

// need skips the test, or fails it under CI, when a tool is missing.
func need(t testing.TB, ok bool, msg string) {
	t.Helper()
	if ok {
		return
	}
	msg += " (the packages and tools the tests need are installed by .ci/run)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// FreePort returns a port of 127.0.0.1 that nothing listens on now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Cert makes a self-signed certificate for 127.0.0.1 and localhost, and
// returns its PEM files and a pool that trusts it.
func Cert(t testing.TB) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:         true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "EC PRIVATE KEY", keyDER)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func writePEM(t testing.TB, name, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(name, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// start runs a server process until the test ends, and waits until ready
// says it is ready.
func start(t testing.TB, name string, ready func() bool, cmd *exec.Cmd) {
	t.Helper()
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for !ready() {
		select {
		case <-exited:
			t.Fatalf("%s exited before it was ready:\n%s", name, log.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready after 30s:\n%s", name, log.String())
		}
	}
}

func listening(addr string) func() bool {
	return func() bool {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err == nil
	}
}

// SMTP is a running mail server that requires STARTTLS, then a login.
type SMTP struct {
	Addr           string // 127.0.0.1:port
	User, Password string
	Roots          *x509.CertPool // trusts its certificate
	maildir        string
}

// python is Debian's interpreter, which sees Debian's python3-aiosmtpd
// (a python3 earlier on PATH, such as pyenv's, may not).
const python = "/usr/bin/python3"

// smtpd runs aiosmtpd with what its command line cannot set: a login,
// required after STARTTLS. An authenticator that refuses must leave the
// answer to the server (handled=False), which then says 535; with the
// default, the server says nothing and the client waits.
const smtpd = `import asyncio, signal, ssl, sys
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

host, port, cert, key, maildir, user, password = sys.argv[1:8]
tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
tls.load_cert_chain(cert, key)

def authenticate(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login == user.encode() and data.password == password.encode()
    return AuthResult(success=ok, handled=False)

async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Mailbox(maildir), hostname="localhost", tls_context=tls, require_starttls=True,
                     authenticator=authenticate, auth_required=True, auth_require_tls=True),
        host=host, port=int(port))
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGINT, stop.set)
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()

asyncio.run(main())
`

// StartSMTP starts aiosmtpd on a free port of 127.0.0.1, with a login of
// the user and password.
func StartSMTP(t testing.TB, user, password string) *SMTP {
	t.Helper()
	err := exec.Command(python, "-c", "import aiosmtpd").Run()
	need(t, err == nil, "the SMTP tests run Debian's aiosmtpd: sudo apt-get install python3-aiosmtpd")
	dir := t.TempDir()
	cert, key, pool := Cert(t)
	script := filepath.Join(dir, "smtpd.py")
	if err := os.WriteFile(script, []byte(smtpd), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &SMTP{Addr: fmt.Sprintf("127.0.0.1:%d", FreePort(t)), User: user, Password: password, Roots: pool, maildir: filepath.Join(dir, "maildir")}
	host, port, _ := net.SplitHostPort(s.Addr)
	start(t, "aiosmtpd", listening(s.Addr), exec.Command(python, script, host, port, cert, key, s.maildir, user, password))
	return s
}

// StartPlainSMTP starts aiosmtpd without TLS, as its command line does
// by default: a server that offers no STARTTLS, to which mail must not be
// sent.
func StartPlainSMTP(t testing.TB) (addr string) {
	t.Helper()
	err := exec.Command(python, "-c", "import aiosmtpd").Run()
	need(t, err == nil, "the SMTP tests run Debian's aiosmtpd: sudo apt-get install python3-aiosmtpd")
	addr = fmt.Sprintf("127.0.0.1:%d", FreePort(t))
	start(t, "aiosmtpd", listening(addr), exec.Command(python, "-m", "aiosmtpd", "-n", "-l", addr, "-c", "aiosmtpd.handlers.Sink"))
	return addr
}

// Mail is one mail the server received.
type Mail struct {
	*mail.Message
	Recipients []string // the envelope's, as the server recorded them
	Raw        []byte
}

// Mails returns the mails received so far, in the order they came.
func (s *SMTP) Mails(t testing.TB) []Mail {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(s.maildir, "new", "*"))
	type got struct {
		Mail
		at time.Time
	}
	var mails []got
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := mail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		info, _ := os.Stat(f)
		var rcpt []string
		for _, r := range strings.Split(m.Header.Get("X-RcptTo"), ",") {
			rcpt = append(rcpt, strings.TrimSpace(r))
		}
		mails = append(mails, got{Mail{Message: m, Recipients: rcpt, Raw: data}, info.ModTime()})
	}
	slices.SortStableFunc(mails, func(a, b got) int { return a.at.Compare(b.at) })
	out := make([]Mail, len(mails))
	for i, m := range mails {
		out[i] = m.Mail
	}
	return out
}

// Matrix is a running homeserver with a user, its access token, and a
// room the user made.
type Matrix struct {
	URL   string
	User  string
	Token string
	Room  string
}

// dendriteConfig is the smallest configuration of a closed homeserver on
// loopback: no federation, no open registration (a shared secret
// registers), SQLite files and an in-memory queue, no rate limits.
const dendriteConfig = `version: 2
global:
  server_name: localhost
  private_key: @DIR@/matrix_key.pem
  disable_federation: true
  key_validity_period: 168h0m0s
  cache: {max_size_estimated: 64mb, max_age: 1h}
  trusted_third_party_id_servers: []
  presence: {enable_inbound: false, enable_outbound: false}
  report_stats: {enabled: false}
  jetstream: {in_memory: true, storage_path: @DIR@, topic_prefix: Dendrite}
  metrics: {enabled: false}
  dns_cache: {enabled: false}
app_service_api: {config_files: []}
client_api:
  registration_disabled: true
  guests_disabled: true
  registration_shared_secret: "@SECRET@"
  rate_limiting: {enabled: false}
federation_api:
  key_perspectives: []
  database: {connection_string: "file:@DIR@/federationapi.db"}
key_server: {database: {connection_string: "file:@DIR@/keyserver.db"}}
media_api: {base_path: @DIR@/media, database: {connection_string: "file:@DIR@/mediaapi.db"}}
mscs: {mscs: [], database: {connection_string: "file:@DIR@/mscs.db"}}
relay_api: {database: {connection_string: "file:@DIR@/relayapi.db"}}
room_server: {database: {connection_string: "file:@DIR@/roomserver.db"}}
sync_api: {search: {enabled: false}, database: {connection_string: "file:@DIR@/syncapi.db"}}
user_api: {bcrypt_cost: 4, account_database: {connection_string: "file:@DIR@/userapi.db"}}
logging: [{type: std, level: warn}]
`

// Dendrite returns the homeserver binary: $BULLETIN_DENDRITE, or dendrite
// on PATH; "" if there is none.
func Dendrite() string {
	if p := os.Getenv("BULLETIN_DENDRITE"); p != "" {
		return p
	}
	p, _ := exec.LookPath("dendrite")
	return p
}

// StartDendrite starts a homeserver on a free port of 127.0.0.1, registers
// a user and makes a room.
func StartDendrite(t testing.TB) *Matrix {
	t.Helper()
	bin := Dendrite()
	need(t, bin != "", "the Matrix tests run a real homeserver: CGO_ENABLED=0 go install github.com/matrix-org/dendrite/cmd/dendrite@v0.13.8 (or set BULLETIN_DENDRITE to its binary)")
	dir := t.TempDir()
	secret := "shared-" + hex.EncodeToString(randomBytes(8))
	conf := strings.NewReplacer("@DIR@", dir, "@SECRET@", secret).Replace(dendriteConfig)
	if err := os.WriteFile(filepath.Join(dir, "dendrite.yaml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	// The signing key, as generate-keys writes it: an ed25519 seed.
	seed := randomBytes(ed25519.SeedSize)
	key := pem.EncodeToMemory(&pem.Block{Type: "MATRIX PRIVATE KEY", Headers: map[string]string{"Key-ID": "ed25519:test"}, Bytes: seed})
	if err := os.WriteFile(filepath.Join(dir, "matrix_key.pem"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", FreePort(t))
	m := &Matrix{URL: "http://" + addr}
	cmd := exec.Command(bin, "--config", filepath.Join(dir, "dendrite.yaml"), "--http-bind-address", addr)
	cmd.Dir = dir
	start(t, "dendrite", func() bool {
		resp, err := http.Get(m.URL + "/_matrix/client/versions")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == http.StatusOK
	}, cmd)

	// Shared-secret registration: an HMAC-SHA1 of nonce, user, password
	// and admin flag, NUL-separated.
	var nonce struct{ Nonce string }
	m.call(t, http.MethodGet, "/_synapse/admin/v1/register", "", nil, &nonce)
	user, password := "announcer", "pw-"+hex.EncodeToString(randomBytes(6))
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(nonce.Nonce + "\x00" + user + "\x00" + password + "\x00notadmin"))
	var reg struct {
		UserID      string `json:"user_id"`
		AccessToken string `json:"access_token"`
	}
	m.call(t, http.MethodPost, "/_synapse/admin/v1/register", "", map[string]any{
		"nonce": nonce.Nonce, "username": user, "password": password, "admin": false, "mac": hex.EncodeToString(mac.Sum(nil)),
	}, &reg)
	m.User, m.Token = reg.UserID, reg.AccessToken
	var room struct {
		RoomID string `json:"room_id"`
	}
	m.call(t, http.MethodPost, "/_matrix/client/v3/createRoom", m.Token, map[string]any{"name": "status", "preset": "private_chat"}, &room)
	m.Room = room.RoomID
	return m
}

// Event is a message event of the room.
type Event struct {
	ID      string         `json:"event_id"`
	Sender  string         `json:"sender"`
	Type    string         `json:"type"`
	Content map[string]any `json:"content"`
}

// Messages returns the room's m.room.message events, oldest first.
func (m *Matrix) Messages(t testing.TB) []Event {
	t.Helper()
	var page struct{ Chunk []Event }
	m.call(t, http.MethodGet, "/_matrix/client/v3/rooms/"+url.PathEscape(m.Room)+"/messages?dir=b&limit=100", m.Token, nil, &page)
	var out []Event
	for _, ev := range slices.Backward(page.Chunk) {
		if ev.Type == "m.room.message" {
			out = append(out, ev)
		}
	}
	return out
}

func (m *Matrix) call(t testing.TB, method, path, token string, body, answer any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		r = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, m.URL+path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %s: %s", method, path, resp.Status, data)
	}
	if err := json.Unmarshal(data, answer); err != nil {
		t.Fatalf("%s %s: %v: %s", method, path, err, data)
	}
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// Site is a content folder and the site built from it, served on
// 127.0.0.1 at the base_url its site.yaml gives: the live site that
// announce checks its items against.
type Site struct {
	Content, Public string
	URL             string // the base URL, ending in "/"
	Now             time.Time
}

// NewSite writes the content folder, with "@BASE@" in site.yaml standing
// for the server's URL, and deploys it.
func NewSite(t testing.TB, siteYAML string, files map[string]string, now time.Time) *Site {
	t.Helper()
	dir := t.TempDir()
	s := &Site{Content: filepath.Join(dir, "content"), Public: filepath.Join(dir, "public"), Now: now}
	srv := httptest.NewServer(http.FileServer(http.Dir(s.Public)))
	t.Cleanup(srv.Close)
	s.URL = srv.URL + "/"
	s.Write(t, "site.yaml", strings.ReplaceAll(siteYAML, "@BASE@", s.URL))
	for name, data := range files {
		s.Write(t, name, data)
	}
	s.Deploy(t)
	return s
}

// Write writes a file of the content folder; the live site changes only
// with the next Deploy.
func (s *Site) Write(t testing.TB, name, data string) {
	t.Helper()
	name = filepath.Join(s.Content, name)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Deploy builds the content as it is now into the folder the server serves.
func (s *Site) Deploy(t testing.TB) {
	t.Helper()
	if _, err := generator.Build(context.Background(), generator.Config{Content: s.Content, Out: s.Public, Now: s.Now, Minify: true}); err != nil {
		t.Fatal(err)
	}
}

// Items loads the content as announce does, and returns the site and its
// items.
func (s *Site) Items(t testing.TB) (*content.Site, []render.Item) {
	t.Helper()
	p, err := generator.Prepare(context.Background(), generator.Config{Content: s.Content, Now: s.Now})
	if err != nil {
		t.Fatal(err)
	}
	items, err := p.Renderer.Items()
	if err != nil {
		t.Fatal(err)
	}
	return p.Site, items
}
