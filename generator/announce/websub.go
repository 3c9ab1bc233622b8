package announce

import (
	"context"
	"net/http"
	"net/url"
	"strings"
)

// publish tells a WebSub hub that the topics (feed URLs) changed, as hubs
// take it (WebSub leaves the way to the hubs; Google's, Superfeedr and
// WordPress' read hub.url, Switchboard hub.topic: both are sent). The hub
// then fetches each feed and delivers its new items to the subscribers.
func publish(ctx context.Context, client *http.Client, hub string, topics []string) error {
	for _, topic := range topics {
		form := url.Values{"hub.mode": {"publish"}, "hub.url": {topic}, "hub.topic": {topic}}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, hub, strings.NewReader(form.Encode()))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := do(client, req, hub); err != nil {
			return err
		}
	}
	return nil
}
