package announce

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"

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
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, u, strings.NewReader(string(data)))
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var answer struct {
		EventID string `json:"event_id"`
		ErrCode string `json:"errcode"`
		Error   string `json:"error"`
	}
	json.NewDecoder(http.MaxBytesReader(nil, resp.Body, 1<<20)).Decode(&answer)
	if resp.StatusCode != http.StatusOK || answer.EventID == "" {
		if answer.ErrCode != "" {
			return "", fmt.Errorf("%s: %s: %s (%s)", s.cfg.Homeserver, answer.ErrCode, answer.Error, resp.Status)
		}
		return "", fmt.Errorf("%s: %s", s.cfg.Homeserver, resp.Status)
	}
	return answer.EventID, nil
}

func (s *matrixSender) preview(m *message) string {
	data, _ := jsonText(s.content(m), "  ")
	return "PUT " + s.cfg.Homeserver + " room " + s.cfg.Room + ", txn bulletin-" + m.key() + "\n" + string(data)
}
