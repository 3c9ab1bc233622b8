package render

import (
	"bytes"
	"encoding/json"
	"net/url"
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

// uri writes a URL from the content as a URI, percent-encoding what RFC
// 3986 does not allow in one ("https://example.org/a b" is
// "https://example.org/a%20b"): the schemas promise format uri, and
// validators stricter than Go's url.Parse, which accepts such a URL, hold
// documents to it.
func uri(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s // the content check let it through as it is; so do we
	}
	return u.String()
}
