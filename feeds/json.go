package feeds

import (
	"bytes"
	"encoding/json"
	"io"

	gorilla "github.com/gorilla/feeds"
)

// JSON Feed goes through gorilla/feeds, whose structs follow version 1.1;
// its mapping leaves out feed_url, language, content_text and tags, which
// are filled in afterwards, and its items field is wrapped because the
// library omits it when the feed is empty, which the format forbids.

type jsonFeed struct {
	*gorilla.JSONFeed
	Items []*gorilla.JSONItem `json:"items"` // shadows the embedded, omitempty Items
}

func (f *Feed) writeJSON(w io.Writer, self, indent string) error {
	return encodeJSON(w, f.jsonDoc(self), indent)
}

// JSONItem returns the item as JSON Feed writes it among a feed's items:
// what a webhook receiver gets, so that it reads items as feed readers do.
func JSONItem(it Item) (json.RawMessage, error) {
	var buf bytes.Buffer
	if err := encodeJSON(&buf, (&Feed{Items: []Item{it}}).jsonDoc("").Items[0], ""); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func (f *Feed) jsonDoc(self string) jsonFeed {
	g := &gorilla.Feed{
		Title:       f.Title,
		Link:        &gorilla.Link{Href: f.Link},
		Description: f.Description,
	}
	for i := range f.Items {
		it := &f.Items[i]
		g.Items = append(g.Items, &gorilla.Item{
			Id:          it.ID,
			Title:       it.Title,
			Link:        &gorilla.Link{Href: it.Link},
			Description: it.Summary,
			Content:     it.HTML,
			Created:     utc(it.Published),
			Updated:     it.updated(),
		})
	}
	feed := (&gorilla.JSON{Feed: g}).JSONFeed()
	feed.FeedUrl = self
	feed.Language = f.Language
	// authors only: the singular author is deprecated in version 1.1.
	feed.Authors = []*gorilla.JSONAuthor{{Name: f.author()}}
	if f.Hub != "" {
		feed.Hubs = []*gorilla.JSONHub{{Type: "WebSub", Url: f.Hub}}
	}
	for i, item := range feed.Items {
		it := &f.Items[i]
		item.ContentText = it.Text
		for _, c := range it.Categories {
			item.Tags = append(item.Tags, c.Term)
		}
	}
	doc := jsonFeed{JSONFeed: feed, Items: feed.Items}
	if doc.Items == nil {
		doc.Items = []*gorilla.JSONItem{}
	}
	return doc
}

func encodeJSON(w io.Writer, v any, indent string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", indent)
	// The HTML in content_html is data, not markup in a page: keep it
	// readable rather than escape every < as \u003c.
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
