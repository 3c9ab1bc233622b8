package announce

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
)

// matrixSender posts each item to a room as a notice (the message type
// for what a program says: clients and bots do not answer it), the later
// events of an entry in the thread of its own item.
type matrixSender struct {
	cfg    *content.MatrixChannel
	token  string
	client *http.Client
}

// matrixItemKey is the key of the item's id in the event's content, so that
// a program reading the room knows which item a message tells.
const matrixItemKey = "io.github.bulletin-status.item"

func (s *matrixSender) content(m *message) map[string]any {
	body := m.Title + "\n\n" + m.Text + "\n\n" + m.Link
	formatted := `<h4><a href="` + html.EscapeString(m.Link) + `">` + html.EscapeString(m.Title) + "</a></h4>\n" + m.HTML
	c := map[string]any{
		"msgtype":        "m.notice",
		"body":           body,
		"format":         "org.matrix.custom.html",
		"formatted_body": formatted,
		matrixItemKey:    m.ID,
	}
	if !m.own() && m.rootRef != "" {
		// A thread under the entry's own message; clients without threads
		// show a reply to it instead.
		c["m.relates_to"] = map[string]any{
			"rel_type":        "m.thread",
			"event_id":        m.rootRef,
			"is_falling_back": true,
			"m.in_reply_to":   map[string]any{"event_id": m.rootRef},
		}
	}
	return c
}

func (s *matrixSender) send(ctx context.Context, m *message) (string, error) {
	data, err := json.Marshal(s.content(m))
	if err != nil {
		return "", err
	}
	// The transaction id is the same in every run: a homeserver that gets
	// a request again (a retry after a lost answer) answers with the
	// event it made the first time, instead of a second message.
	u := strings.TrimSuffix(s.cfg.Homeserver, "/") + "/_matrix/client/v3/rooms/" + url.PathEscape(s.cfg.Room) +
		"/send/m.room.message/bulletin-" + m.key()
	answer, status, err := s.put(ctx, u, data)
	if err == nil && answer.ErrCode == "M_LIMIT_EXCEEDED" && answer.RetryAfterMS <= 10_000 {
		// Homeservers limit how fast an account posts; a burst of items
		// waits as long as it is told, once, then tries again.
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(time.Duration(answer.RetryAfterMS) * time.Millisecond):
		}
		answer, status, err = s.put(ctx, u, data)
	}
	if err != nil {
		return "", err
	}
	if status != http.StatusOK || answer.EventID == "" {
		if answer.ErrCode != "" {
			return "", fmt.Errorf("%s: %s: %s (%d %s)", s.cfg.Homeserver, answer.ErrCode, answer.Error, status, http.StatusText(status))
		}
		return "", fmt.Errorf("%s: %d %s", s.cfg.Homeserver, status, http.StatusText(status))
	}
	return answer.EventID, nil
}

// matrixAnswer is what the homeserver answers a message: its event, or an
// error.
type matrixAnswer struct {
	EventID      string `json:"event_id"`
	ErrCode      string `json:"errcode"`
	Error        string `json:"error"`
	RetryAfterMS int    `json:"retry_after_ms"`
}

func (s *matrixSender) put(ctx context.Context, u string, data []byte) (matrixAnswer, int, error) {
	var answer matrixAnswer
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, u, bytes.NewReader(data))
	if err != nil {
		return answer, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return answer, 0, err
	}
	defer resp.Body.Close()
	json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&answer)
	return answer, resp.StatusCode, nil
}

func (s *matrixSender) preview(m *message) string {
	data, _ := jsonText(s.content(m), "  ")
	return "PUT " + s.cfg.Homeserver + " room " + s.cfg.Room + ", txn bulletin-" + m.key() + "\n" + string(data)
}
