package announce

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/bulletin-status/bulletin/generator/content"
)

// discourseSender opens a topic for each entry in a Discourse category,
// and posts the later events of its story as replies in it. The topic's
// external_id derives from the item: Discourse refuses a second topic with
// the same one, so even a delivery the record lost is not made twice.
type discourseSender struct {
	cfg    *content.DiscourseChannel
	key    string
	client *http.Client
}

// discoursePost is the body of POST /posts.json: a new topic (title,
// category, external_id) or a reply (topic_id).
type discoursePost struct {
	Title      string `json:"title,omitempty"`
	Raw        string `json:"raw"`
	Category   int    `json:"category,omitempty"`
	ExternalID string `json:"external_id,omitempty"`
	TopicID    int    `json:"topic_id,omitempty"`
	EmbedURL   string `json:"embed_url,omitempty"`
}

func (s *discourseSender) post(m *message) discoursePost {
	raw := m.Text + "\n\n" + m.Link
	topic, err := strconv.Atoi(m.rootRef)
	if !m.own() && err == nil {
		return discoursePost{Raw: "**" + m.Title + "**\n\n" + raw, TopicID: topic}
	}
	return discoursePost{Title: m.Title, Raw: raw, Category: s.cfg.Category, ExternalID: "bulletin-" + m.key(), EmbedURL: m.Link}
}

func (s *discourseSender) send(ctx context.Context, m *message) (string, error) {
	p := s.post(m)
	body, err := jsonText(p, "")
	if err != nil {
		return "", err
	}
	base := strings.TrimSuffix(s.cfg.URL, "/")
	resp, err := s.request(ctx, http.MethodPost, base+"/posts.json", body)
	if err != nil {
		return "", err
	}
	var answer struct {
		TopicID int `json:"topic_id"`
	}
	if resp.StatusCode == http.StatusUnprocessableEntity && p.ExternalID != "" {
		// Most likely the topic exists already: a run that posted it died
		// before recording it. Then it is sent, and it is that topic.
		if existing, err := s.request(ctx, http.MethodGet, base+"/t/external_id/"+p.ExternalID+".json", nil); err == nil && existing.StatusCode == http.StatusOK {
			var t struct {
				ID int `json:"id"`
			}
			if json.Unmarshal(existing.Body, &t) == nil && t.ID != 0 {
				return strconv.Itoa(t.ID), nil
			}
		}
	}
	if resp.StatusCode/100 != 2 {
		return "", fmt.Errorf("POST %s/posts.json: %s: %s", base, resp.Status, strings.TrimSpace(string(resp.Body[:min(200, len(resp.Body))])))
	}
	if err := json.Unmarshal(resp.Body, &answer); err != nil || answer.TopicID == 0 {
		return "", fmt.Errorf("POST %s/posts.json: an answer without a topic_id", base)
	}
	return strconv.Itoa(answer.TopicID), nil
}

type answer struct {
	StatusCode int
	Status     string
	Body       []byte
}

func (s *discourseSender) request(ctx context.Context, method, url string, body []byte) (*answer, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Api-Key", s.key)
	req.Header.Set("Api-Username", s.cfg.APIUsername)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return &answer{StatusCode: resp.StatusCode, Status: resp.Status, Body: data}, err
}

func (s *discourseSender) preview(m *message) string {
	body, _ := jsonText(s.post(m), "  ")
	return "POST " + strings.TrimSuffix(s.cfg.URL, "/") + "/posts.json as " + s.cfg.APIUsername + "\n" + string(body)
}

// slackSender posts each item through a Slack incoming webhook (and
// anything that takes its payload, such as Discourse chat's /slack hooks
// or Mattermost's): text for notifications, blocks for the message.
type slackSender struct {
	url    string // the secret
	client *http.Client
}

func (s *slackSender) payload(m *message) map[string]any {
	// Slack's mrkdwn: &, < and > are escaped, and <url|text> is a link.
	esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
	return map[string]any{
		"text": m.Title + " " + m.Link,
		"blocks": []any{
			map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn",
				"text": "*<" + m.Link + "|" + esc(m.Title) + ">*\n" + esc(truncate(m.Text, 2800))}},
		},
	}
}

func (s *slackSender) send(ctx context.Context, m *message) (string, error) {
	body, err := jsonText(s.payload(m), "")
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("the webhook URL does not parse")
	}
	req.Header.Set("Content-Type", "application/json")
	return "", do(s.client, req, "the Slack webhook")
}

func (s *slackSender) preview(m *message) string {
	body, _ := jsonText(s.payload(m), "  ")
	return "POST the Slack webhook\n" + string(body)
}

// truncate shortens text to at most n bytes, at a line's end where it can.
func truncate(text string, n int) string {
	if len(text) <= n {
		return text
	}
	cut := text[:n]
	if i := strings.LastIndexByte(cut, '\n'); i > n/2 {
		cut = cut[:i]
	}
	return strings.ToValidUTF8(cut, "") + "\n…"
}
