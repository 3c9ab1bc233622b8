package feeds

import (
	"encoding/xml"
	"io"

	gorilla "github.com/gorilla/feeds"
)

// RSS goes through gorilla/feeds, which gets the hard part right: pubDate
// from the item's creation time in RFC 1123 with a numeric zone, and the
// guid with its isPermaLink. Its document is wrapped to add what it lacks:
// the channel's atom:link rel="self" (with the atom namespace), and more
// than one category per item.

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	AtomNS  string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	*gorilla.RssFeed
	Links []rssLink
	Items []rssItem `xml:"item"` // shadows the embedded Items
}

// rssLink is what RSS 2.0 cannot say of a channel: its own address (RSS
// Advisory Board: "atom:link" with rel="self") and its WebSub hub
// (rel="hub", where WebSub looks for it in an RSS feed).
type rssLink struct {
	XMLName xml.Name `xml:"atom:link"`
	Href    string   `xml:"href,attr"`
	Rel     string   `xml:"rel,attr"`
	Type    string   `xml:"type,attr,omitempty"`
}

type rssItem struct {
	*gorilla.RssItem
	Categories []string `xml:"category"` // shadows the embedded Category, which holds one
}

func (f *Feed) writeRSS(w io.Writer, self, indent string) error {
	updated := f.updated()
	g := &gorilla.Feed{
		Title:       f.Title,
		Link:        &gorilla.Link{Href: f.Link},
		Description: f.Description,
		// Updated becomes both pubDate and lastBuildDate: the newest item,
		// not the build clock, so the channel changes only with its items.
		Updated: updated,
	}
	for i := range f.Items {
		it := &f.Items[i]
		g.Items = append(g.Items, &gorilla.Item{
			Title: it.Title,
			Link:  &gorilla.Link{Href: it.Link},
			// The whole content goes in description, once: content:encoded
			// would double every feed's size, and upgrade guards and most
			// readers read description.
			Description: it.HTML,
			// Our ids are tag URIs, not URLs: without isPermaLink="false"
			// readers take the guid for the item's link.
			Id:          it.ID,
			IsPermaLink: "false",
			// pubDate is the first publication: upgrade guards remember an
			// item by pubDate and title, so it must not move on updates.
			Created: utc(it.Published),
			Updated: it.updated(),
			// No Author: gorilla/feeds writes its name into <author>,
			// which RSS reserves for an e-mail address.
		})
	}
	channel := (&gorilla.Rss{Feed: g}).RssFeed()
	channel.Language = f.Language // the library drops it
	doc := rssDoc{
		Version: "2.0",
		AtomNS:  "http://www.w3.org/2005/Atom",
		Channel: rssChannel{
			RssFeed: channel,
			Links:   []rssLink{{Href: self, Rel: "self", Type: RSS.MediaType()}},
			Items:   make([]rssItem, len(channel.Items)),
		},
	}
	if f.Hub != "" {
		doc.Channel.Links = append(doc.Channel.Links, rssLink{Href: f.Hub, Rel: "hub"})
	}
	for i, item := range channel.Items {
		cats := make([]string, len(f.Items[i].Categories))
		for j, c := range f.Items[i].Categories {
			cats[j] = c.Term
		}
		doc.Channel.Items[i] = rssItem{RssItem: item, Categories: cats}
	}
	return writeXML(w, doc, indent)
}
