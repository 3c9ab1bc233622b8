package feeds

import (
	"encoding/xml"
	"io"
	"time"

	gorilla "github.com/gorilla/feeds"
)

// The Atom document is our own (see the package doc for why); its leaf
// elements, whose gorilla/feeds structs are right, are reused.

type atomFeed struct {
	XMLName  xml.Name            `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string              `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID       string              `xml:"id"`
	Title    string              `xml:"title"`
	Subtitle string              `xml:"subtitle,omitempty"`
	Updated  string              `xml:"updated"`
	Links    []gorilla.AtomLink  `xml:"link"`
	Author   *gorilla.AtomAuthor `xml:"author"`
	Entries  []atomEntry         `xml:"entry"`
}

type atomEntry struct {
	ID         string               `xml:"id"`
	Title      string               `xml:"title"`
	Published  string               `xml:"published"`
	Updated    string               `xml:"updated"`
	Links      []gorilla.AtomLink   `xml:"link"`
	Categories []atomCategory       `xml:"category"`
	Summary    *gorilla.AtomSummary `xml:"summary"`
	Content    *gorilla.AtomContent `xml:"content"`
}

// atomCategory is what gorilla/feeds writes as bare text: Atom's category
// is empty and carries its value in term=.
type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

func (f *Feed) writeAtom(w io.Writer, self, indent string) error {
	doc := atomFeed{
		Lang:     f.Language,
		ID:       f.ID,
		Title:    f.Title,
		Subtitle: f.Description,
		Updated:  atomTime(f.updated()),
		Links: []gorilla.AtomLink{
			{Rel: "self", Type: Atom.MediaType(), Href: self},
			{Rel: "alternate", Type: "text/html", Href: f.Link},
		},
		Author:  &gorilla.AtomAuthor{AtomPerson: gorilla.AtomPerson{Name: f.author()}},
		Entries: make([]atomEntry, len(f.Items)),
	}
	if f.Hub != "" {
		doc.Links = append(doc.Links, gorilla.AtomLink{Rel: "hub", Href: f.Hub})
	}
	for i := range f.Items {
		it := &f.Items[i]
		e := atomEntry{
			ID:        it.ID,
			Title:     it.Title,
			Published: atomTime(utc(it.Published)),
			Updated:   atomTime(it.updated()),
			Links:     []gorilla.AtomLink{{Rel: "alternate", Type: "text/html", Href: it.Link}},
			Content:   &gorilla.AtomContent{Type: "html", Content: it.HTML},
		}
		for _, c := range it.Categories {
			e.Categories = append(e.Categories, atomCategory(c))
		}
		if it.Summary != "" {
			e.Summary = &gorilla.AtomSummary{Type: "text", Content: it.Summary}
		}
		doc.Entries[i] = e
	}
	return writeXML(w, doc, indent)
}

func atomTime(t time.Time) string { return t.Format(time.RFC3339) }

// writeXML writes an XML document with its declaration, ending in a
// newline.
func writeXML(w io.Writer, doc any, indent string) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", indent)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
