package announce

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
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/feeds"
)

// webhookSender POSTs each item as JSON, signed twice with the same key:
// as Standard Webhooks sign (webhook-id, webhook-timestamp and
// webhook-signature, over id, time and body), and as GitHub signs
// (X-Hub-Signature-256, over the body), so that receivers written for
// either can check that the item comes from the site.
type webhookSender struct {
	url    string
	key    []byte
	client *http.Client
}

// webhookKey is the signing key of a secret: a Standard Webhooks secret
// ("whsec_" and base64) is the key it encodes; any other is used as it is,
// as GitHub uses its secrets.
func webhookKey(secret string) []byte {
	if b64, ok := strings.CutPrefix(secret, "whsec_"); ok {
		if key, err := base64.StdEncoding.DecodeString(b64); err == nil {
			return key
		}
	}
	return []byte(secret)
}

// webhookPayload is the body: Standard Webhooks' envelope around the item
// as feed.json has it, with what it is about.
type webhookPayload struct {
	Type      string      `json:"type"`      // "item.published"
	Timestamp string      `json:"timestamp"` // when the event happened
	Data      webhookData `json:"data"`
}

type webhookData struct {
	Item     json.RawMessage `json:"item"` // as in feed.json's items
	Entry    string          `json:"entry"`
	Kind     string          `json:"kind"`
	Event    string          `json:"event"` // report, update, start, end, resolve
	Status   string          `json:"status,omitempty"`
	Releases []string        `json:"releases"`
	Services []string        `json:"services"`
	// Root is the id of the entry's own item, which a later event's item
	// follows.
	Root string `json:"root"`
}

func (s *webhookSender) body(m *message) ([]byte, error) {
	item, err := feeds.JSONItem(m.Item.Item)
	if err != nil {
		return nil, err
	}
	e := m.Entry
	return jsonText(webhookPayload{
		Type:      "item.published",
		Timestamp: m.Event.At.UTC().Format("2006-01-02T15:04:05Z"), // when it happened
		Data: webhookData{
			Item: item, Entry: e.ID, Kind: string(e.Kind), Event: string(m.Event.Kind), Status: string(m.Event.Status),
			Releases: nonNil(e.Releases), Services: nonNil(e.Services), Root: m.Root,
		},
	}, "")
}

func (s *webhookSender) send(ctx context.Context, m *message) (string, error) {
	body, err := s.body(m)
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	// The id is the same in every run: a receiver that keeps the ids it
	// handled drops a repeat.
	id := "msg_" + m.key()
	// The attempt's time, on the wall clock: receivers refuse a signature
	// minutes old, as a replay.
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("webhook-id", id)
	req.Header.Set("webhook-timestamp", ts)
	req.Header.Set("webhook-signature", "v1,"+base64.StdEncoding.EncodeToString(sign(s.key, id+"."+ts+"."+string(body))))
	req.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(sign(s.key, string(body))))
	return "", do(s.client, req, s.url)
}

func (s *webhookSender) preview(m *message) string {
	body, err := s.body(m)
	if err != nil {
		return err.Error()
	}
	var indented bytes.Buffer
	json.Indent(&indented, body, "", "  ")
	return "POST " + s.url + " (signed)\n" + indented.String()
}

func sign(key []byte, content string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(content))
	return mac.Sum(nil)
}

// do sends a request and accepts any 2xx answer; what is wrong is said
// with the start of the answer's body. where names the server without
// what may be secret in its URL.
func do(client *http.Client, req *http.Request, where string) error {
	resp, err := client.Do(req)
	if err != nil {
		// The error repeats the URL, which may be the secret (Slack's):
		// say where by where alone.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("%s %s: %w", req.Method, where, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		return nil
	}
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	return fmt.Errorf("%s %s: %s: %s", req.Method, where, resp.Status, strings.TrimSpace(string(msg)))
}

// jsonText encodes v as JSON with HTML left as it is: the items' content
// is data, read by programs, not markup in a page.
func jsonText(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}
