package render

import (
	"bytes"
	"encoding/json"
	"time"
)

// writeJSON encodes v: compact when the build minifies, else indented for
// people who read it with curl.
func (r *Renderer) writeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetIndent("", r.minify.Indent())
	// Content is served as application/json with nosniff, so "<" needs no
	// escaping as \u003c, which would only make the HTML fields unreadable.
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// jsonTime is a time as the JSON documents give it: RFC 3339 in UTC to
// the second, or null for the zero time.
func jsonTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC().Truncate(time.Second)
	return &t
}
