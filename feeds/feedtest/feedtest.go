// Package feedtest reads feed files with a real parser
// (github.com/mmcdole/gofeed) and checks them against the rules package
// feeds promises, for tests of the feeds package and of the sites built
// with it. It is imported by tests only.
package feedtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/feeds"
	"github.com/mmcdole/gofeed/atom"
	gofeedjson "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
	"golang.org/x/net/html"
)

// Feed is a feed file as the parser read it, in the same terms whatever
// its format.
type Feed struct {
	ID      string // Atom only
	Title   string
	Link    string // the web page
	Self    string // the feed's own URL
	Updated time.Time
	Items   []Item
}

// Item is one item of a Feed.
type Item struct {
	ID         string
	Title      string
	Link       string
	Published  time.Time
	Updated    time.Time // Atom and JSON Feed only
	Categories []string
	HTML       string
	Text       string // JSON Feed only
}

// Check parses data as the format and checks the rules; it returns the
// feed as read and, joined, every rule it breaks.
func Check(format feeds.Format, data []byte) (*Feed, error) {
	var c checker
	var f *Feed
	switch format {
	case feeds.Atom:
		f = c.atom(data)
	case feeds.RSS:
		f = c.rss(data)
	case feeds.JSON:
		f = c.json(data)
	default:
		return nil, fmt.Errorf("unknown format %d", format)
	}
	if f != nil {
		c.common(f)
	}
	return f, errors.Join(c.errs...)
}

type checker struct{ errs []error }

func (c *checker) errorf(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf(format, args...))
}

func (c *checker) atom(data []byte) *Feed {
	a, err := new(atom.Parser).Parse(bytes.NewReader(data))
	if err != nil {
		c.errorf("atom: %v", err)
		return nil
	}
	f := &Feed{ID: a.ID, Title: a.Title}
	if a.ID == "" {
		c.errorf("atom: feed has no id")
	}
	f.Updated = c.atomTime("feed updated", a.Updated)
	if len(a.Authors) == 0 || a.Authors[0].Name == "" {
		c.errorf("atom: feed has no author, and Atom requires one")
	}
	f.Self, f.Link = c.atomLinks("feed", a.Links, feeds.Atom.MediaType())
	for _, e := range a.Entries {
		it := Item{ID: e.ID, Title: e.Title}
		what := "entry " + e.ID
		it.Published = c.atomTime(what+" published", e.Published)
		it.Updated = c.atomTime(what+" updated", e.Updated)
		if self, _ := c.atomLinks(what, e.Links, ""); self != "" {
			c.errorf("atom: %s has a rel=self link", what)
		}
		_, it.Link = c.atomLinks(what, e.Links, "")
		for _, cat := range e.Categories {
			if cat.Term == "" {
				c.errorf("atom: %s has a category without term", what)
			}
			it.Categories = append(it.Categories, cat.Term)
		}
		if e.Content == nil || e.Content.Type != "html" {
			c.errorf("atom: %s has no content of type html", what)
		} else {
			it.HTML = e.Content.Value
		}
		f.Items = append(f.Items, it)
	}
	return f
}

// atomTime parses an Atom date, which must be there.
func (c *checker) atomTime(what, s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		c.errorf("atom: %s %q is not RFC 3339", what, s)
	}
	return t
}

// atomLinks returns the rel=self and rel=alternate links, checking that
// there is one alternate, and a self of selfType if selfType is given.
func (c *checker) atomLinks(what string, links []*atom.Link, selfType string) (self, alternate string) {
	var selves, alternates int
	for _, l := range links {
		switch l.Rel {
		case "self":
			selves++
			self = l.Href
			if selfType != "" && l.Type != selfType {
				c.errorf("atom: %s rel=self link has type %q, want %q", what, l.Type, selfType)
			}
		case "alternate", "":
			alternates++
			alternate = l.Href
		}
	}
	if selfType != "" && selves != 1 {
		c.errorf("atom: %s has %d rel=self links, want 1", what, selves)
	}
	if alternates != 1 {
		c.errorf("atom: %s has %d rel=alternate links, want 1", what, alternates)
	}
	return self, alternate
}

func (c *checker) rss(data []byte) *Feed {
	r, err := new(rss.Parser).Parse(bytes.NewReader(data))
	if err != nil {
		c.errorf("rss: %v", err)
		return nil
	}
	if r.Version != "2.0" {
		c.errorf("rss: version %q, want 2.0", r.Version)
	}
	f := &Feed{Title: r.Title, Link: r.Link}
	if r.Description == "" {
		c.errorf("rss: channel has no description, which RSS requires")
	}
	f.Updated = c.rssTime("channel lastBuildDate", r.LastBuildDate)
	for _, l := range r.Extensions["atom"]["link"] {
		if l.Attrs["rel"] == "self" {
			if f.Self != "" {
				c.errorf("rss: channel has more than one atom:link rel=self")
			}
			f.Self = l.Attrs["href"]
			if l.Attrs["type"] != feeds.RSS.MediaType() {
				c.errorf("rss: atom:link rel=self has type %q, want %q", l.Attrs["type"], feeds.RSS.MediaType())
			}
		}
	}
	if f.Self == "" {
		c.errorf("rss: channel has no atom:link rel=self")
	}
	for _, i := range r.Items {
		it := Item{Title: i.Title, Link: i.Link, HTML: i.Description}
		if i.GUID == nil {
			c.errorf("rss: item %q has no guid", i.Title)
		} else {
			it.ID = i.GUID.Value
			if i.GUID.IsPermalink != "false" {
				c.errorf("rss: item %s guid has isPermaLink=%q, want \"false\"", it.ID, i.GUID.IsPermalink)
			}
		}
		if i.Author != "" {
			c.errorf("rss: item %s has <author>%s</author>; RSS reserves it for an e-mail address", it.ID, i.Author)
		}
		it.Published = c.rssTime("item "+it.ID+" pubDate", i.PubDate)
		for _, cat := range i.Categories {
			it.Categories = append(it.Categories, cat.Value)
		}
		f.Items = append(f.Items, it)
	}
	return f
}

// rssTime parses an RSS date strictly as RFC 1123 with a numeric zone and a
// two-digit day, as yay and other strict consumers do.
func (c *checker) rssTime(what, s string) time.Time {
	t, err := time.Parse(time.RFC1123Z, s)
	if err != nil || t.Format(time.RFC1123Z) != s {
		c.errorf("rss: %s %q is not RFC 1123 with a numeric zone", what, s)
	}
	return t
}

// jsonFeedVersion is the version this package writes.
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

func (c *checker) json(data []byte) *Feed {
	if _, err := new(gofeedjson.Parser).Parse(bytes.NewReader(data)); err != nil {
		c.errorf("json: %v", err)
		return nil
	}
	// Decode the document itself too: the parser hides whether a member
	// was present or empty, which is the point of some rules.
	var doc struct {
		Version     string          `json:"version"`
		Title       string          `json:"title"`
		HomePageURL string          `json:"home_page_url"`
		FeedURL     string          `json:"feed_url"`
		Items       *[]jsonFeedItem `json:"items"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		c.errorf("json: %v", err)
		return nil
	}
	if doc.Version != jsonFeedVersion {
		c.errorf("json: version %q, want %q", doc.Version, jsonFeedVersion)
	}
	for name, v := range map[string]string{"title": doc.Title, "home_page_url": doc.HomePageURL, "feed_url": doc.FeedURL} {
		if v == "" {
			c.errorf("json: %s is missing", name)
		}
	}
	f := &Feed{Title: doc.Title, Link: doc.HomePageURL, Self: doc.FeedURL}
	if doc.Items == nil {
		c.errorf("json: items is missing; the format requires it even when empty")
		return f
	}
	for _, i := range *doc.Items {
		it := Item{ID: i.ID, Title: i.Title, Link: i.URL, HTML: i.ContentHTML, Text: i.ContentText, Categories: i.Tags}
		if i.ContentHTML == "" || i.ContentText == "" {
			c.errorf("json: item %s lacks content_html or content_text", i.ID)
		}
		it.Published = c.jsonTime("item "+i.ID+" date_published", i.DatePublished)
		it.Updated = c.jsonTime("item "+i.ID+" date_modified", i.DateModified)
		f.Items = append(f.Items, it)
	}
	return f
}

type jsonFeedItem struct {
	ID            string   `json:"id"`
	URL           string   `json:"url"`
	Title         string   `json:"title"`
	ContentHTML   string   `json:"content_html"`
	ContentText   string   `json:"content_text"`
	DatePublished string   `json:"date_published"`
	DateModified  string   `json:"date_modified"`
	Tags          []string `json:"tags"`
}

func (c *checker) jsonTime(what, s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		c.errorf("json: %s %q is not RFC 3339", what, s)
	}
	return t
}

// common checks what every format shares: absolute URLs everywhere, ids
// present and unique, items newest first, and updated never before
// published.
func (c *checker) common(f *Feed) {
	c.absolute("feed link", f.Link)
	c.absolute("feed self link", f.Self)
	seen := map[string]bool{}
	for i, it := range f.Items {
		if it.ID == "" {
			c.errorf("item %q has no id", it.Title)
		}
		if seen[it.ID] {
			c.errorf("item id %s appears twice", it.ID)
		}
		seen[it.ID] = true
		if it.Title == "" {
			c.errorf("item %s has no title", it.ID)
		}
		c.absolute("item "+it.ID+" link", it.Link)
		if !it.Updated.IsZero() && it.Updated.Before(it.Published) {
			c.errorf("item %s updated %v before published %v", it.ID, it.Updated, it.Published)
		}
		if i > 0 && it.Published.After(f.Items[i-1].Published) {
			c.errorf("item %s is newer than the item before it: items must be newest first", it.ID)
		}
		if !it.Updated.IsZero() && it.Updated.After(f.Updated) && !f.Updated.IsZero() {
			c.errorf("item %s updated %v after the feed's %v", it.ID, it.Updated, f.Updated)
		}
		for _, u := range htmlURLs(it.HTML) {
			c.absolute("a URL in item "+it.ID, u)
		}
	}
}

// absolute checks that a URL is absolute http(s), or mailto.
func (c *checker) absolute(what, s string) {
	u, err := url.Parse(s)
	if err != nil || !(u.Scheme == "http" || u.Scheme == "https") || u.Host == "" {
		if err == nil && u.Scheme == "mailto" {
			return
		}
		c.errorf("%s %q is not an absolute http(s) URL", what, s)
	}
}

// htmlURLs returns the href and src values in an HTML fragment.
func htmlURLs(fragment string) []string {
	var urls []string
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return urls
		case html.StartTagToken, html.SelfClosingTagToken:
			_, more := z.TagName()
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if k := string(k); k == "href" || k == "src" {
					urls = append(urls, string(v))
				}
			}
		}
	}
}
