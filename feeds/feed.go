// Package feeds writes one feed model as Atom 1.0, RSS 2.0 and JSON Feed
// 1.1, correct on the points that feed readers and upgrade guards depend
// on.
//
// The caller owns identity: every Feed and Item carries a permanent ID (a
// tag URI) that this package writes as it is and never derives from a URL,
// a title or the clock. In return each format gets what strict consumers
// check:
//
//   - Atom: feed and entry id, updated and published, link rel="self" and
//     rel="alternate", category term=, and a feed author (Atom requires one).
//   - RSS: pubDate in RFC 1123 with a numeric zone (+0000), guid
//     isPermaLink="false", channel atom:link rel="self", and no <author>,
//     which RSS reserves for an e-mail address.
//   - JSON Feed: version 1.1, feed_url, home_page_url, and items present
//     even when there are none.
//   - WebSub: a hub, when the feed has one, where each format names it:
//     Atom's link rel="hub", RSS's atom:link rel="hub", JSON Feed's hubs.
//
// Output is a pure function of the Feed: all times are written in UTC to
// the second, and nothing depends on the clock or on randomness, so an
// unchanged feed encodes to unchanged bytes.
//
// RSS and JSON Feed are encoded through github.com/gorilla/feeds, whose
// structs and item mapping are right for them once a few fields are
// corrected (see rss.go and json.go). Atom is encoded by this package: the
// library takes the feed id from its link, has a single feed link, writes
// category as text without term and never writes published, so fixing its
// output would mean replacing nearly all of it.
package feeds

import (
	"fmt"
	"io"
	"time"
)

// Feed is a list of items about one subject, with what every format
// needs to describe it.
type Feed struct {
	ID          string // permanent and unique: Atom's feed id
	Title       string
	Description string
	Language    string // a language tag, "en"
	Link        string // absolute URL of the web page the feed is about
	Author      string // the publisher's name; Atom requires one, so Title stands in when empty
	// Hub is the WebSub hub that readers may subscribe through, to be told
	// of new items as soon as the publisher pings it; "" for none.
	Hub string

	// Updated is when the feed last changed. When zero it is the newest
	// Updated of the items, or, with no items, the Unix epoch: never the
	// clock, so that an unchanged feed keeps its bytes.
	Updated time.Time

	Items []Item // in the order to write them, newest first
}

// Item is one thing a subscriber is told about.
type Item struct {
	ID         string    // permanent and unique across all feeds: readers dedupe on it
	Title      string    // plain text
	Link       string    // absolute URL of the item's web page
	Published  time.Time // first published; RSS pubDate
	Updated    time.Time // last changed; Published when zero
	Categories []Category
	Summary    string // plain text, optional
	HTML       string // the content as HTML, with absolute URLs only
	Text       string // the same content as plain text, for JSON Feed's content_text
}

// Category files an item under a term, such as a release id.
type Category struct {
	Term  string // machine-readable, "f43"
	Label string // for people, "Fedora 43"; optional
}

// Format is one of the feed formats.
type Format int

const (
	Atom Format = iota
	RSS
	JSON
)

// Formats lists every format, in the order sites usually offer them.
var Formats = []Format{Atom, RSS, JSON}

// Ext returns the file extension for the format: ".atom", ".rss" or ".json".
func (f Format) Ext() string {
	switch f {
	case Atom:
		return ".atom"
	case RSS:
		return ".rss"
	}
	return ".json"
}

// MediaType returns the format's registered media type.
func (f Format) MediaType() string {
	switch f {
	case Atom:
		return "application/atom+xml"
	case RSS:
		return "application/rss+xml"
	}
	return "application/feed+json"
}

// String returns the format's name for people: "Atom", "RSS", "JSON Feed".
func (f Format) String() string {
	switch f {
	case Atom:
		return "Atom"
	case RSS:
		return "RSS"
	}
	return "JSON Feed"
}

// Encode writes the feed in the format to w. self is the absolute URL the
// file is served at, which each format names as the feed's own. indent is
// the indentation for people reading the file, or "" for compact output.
func (f *Feed) Encode(w io.Writer, format Format, self, indent string) error {
	switch format {
	case Atom:
		return f.writeAtom(w, self, indent)
	case RSS:
		return f.writeRSS(w, self, indent)
	case JSON:
		return f.writeJSON(w, self, indent)
	}
	return fmt.Errorf("unknown feed format %d", format)
}

// updated returns when the feed last changed (see Feed.Updated).
func (f *Feed) updated() time.Time {
	if !f.Updated.IsZero() {
		return utc(f.Updated)
	}
	t := time.Unix(0, 0)
	for i := range f.Items {
		if u := f.Items[i].updated(); u.After(t) {
			t = u
		}
	}
	return utc(t)
}

// author returns the publisher's name.
func (f *Feed) author() string {
	if f.Author != "" {
		return f.Author
	}
	return f.Title
}

// updated returns when the item last changed.
func (it *Item) updated() time.Time {
	if it.Updated.IsZero() {
		return utc(it.Published)
	}
	return utc(it.Updated)
}

// utc puts a time in the one form every format writes: UTC, whole seconds.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }
