package announce

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// live returns which of the plan's items the live site shows: an item's
// page answers, and shows the event the item links to (the element its
// link's fragment names). Announcing an item before its deploy is live
// would send subscribers to a page without it; a deploy that failed must
// not use up its items. With a Wait, it asks again until all are live or
// the wait is over.
func (r *run) live(ctx context.Context, plan []delivery) map[string]bool {
	live := map[string]bool{}
	deadline := time.Now().Add(r.cfg.Wait)
	for {
		pages := map[string][]byte{} // by URL, this round
		missing := 0
		for _, d := range plan {
			id := d.item.ID
			if live[id] {
				continue
			}
			page, anchor, _ := strings.Cut(d.item.Link, "#")
			body, ok := pages[page]
			if !ok {
				body = fetchPage(ctx, r.client, page)
				pages[page] = body
			}
			if body != nil && (anchor == "" || hasID(body, anchor)) {
				live[id] = true
			} else {
				missing++
			}
		}
		if missing == 0 || !time.Now().Before(deadline) || ctx.Err() != nil {
			return live
		}
		fmt.Fprintf(r.cfg.Out, "waiting for the deploy: the live site does not show %d items yet\n", missing)
		select {
		case <-ctx.Done():
		case <-time.After(min(10*time.Second, time.Until(deadline))):
		}
	}
}

// fetchPage returns a page of the live site, or nil if it does not answer
// with one.
func fetchPage(ctx context.Context, client *http.Client, url string) []byte {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil
	}
	// The CDN may hold the page from before the deploy; ask for a fresh one.
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := client.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil || resp.StatusCode != http.StatusOK {
		return nil
	}
	return body
}

// hasID reports whether an HTML page has an element with the id, its
// value quoted or not.
func hasID(page []byte, id string) bool {
	return bytes.Contains(page, []byte(`id="`+id+`"`)) ||
		bytes.Contains(page, []byte(`id=`+id+`>`)) || bytes.Contains(page, []byte(`id=`+id+` `))
}
