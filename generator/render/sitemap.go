package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
)

// sitemap is the view for search engines: /sitemap.xml, and when the site
// has more pages than one sitemap may list, the numbered sitemaps that it
// then indexes.
type sitemap struct{ r *Renderer }

// maxSitemapURLs is the most one sitemap file may list (sitemaps.org).
const maxSitemapURLs = 50000

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

func (v sitemap) targets() []target {
	s := v.r.site
	n := 1 + len(s.Entries) + pageCount(len(s.Entries), s.PerPage)
	for _, sub := range subjectPaths(s) {
		n += pageCount(len(s.EntriesOf(sub.id)), s.PerPage)
	}
	n++ // /stats/
	if len(s.Services) > 0 {
		n++ // /services/
	}
	if n <= maxSitemapURLs {
		return []target{{name: "sitemap.xml", render: func(buf *bytes.Buffer) error {
			return writeURLSet(buf, v.urls())
		}}}
	}
	parts := (n + maxSitemapURLs - 1) / maxSitemapURLs
	ts := []target{{name: "sitemap.xml", render: func(buf *bytes.Buffer) error {
		buf.WriteString(xml.Header)
		buf.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for i := 1; i <= parts; i++ {
			fmt.Fprintf(buf, "<sitemap><loc>%s</loc></sitemap>\n", v.r.absURL(fmt.Sprintf("/sitemap-%d.xml", i)))
		}
		buf.WriteString("</sitemapindex>\n")
		return nil
	}}}
	for i := range parts {
		ts = append(ts, target{name: fmt.Sprintf("sitemap-%d.xml", i+1), render: func(buf *bytes.Buffer) error {
			urls := v.urls()
			return writeURLSet(buf, urls[i*maxSitemapURLs:min(len(urls), (i+1)*maxSitemapURLs)])
		}})
	}
	return ts
}

// urls lists every HTML page search engines should know: the lists (dated
// by the newest change among all entries), then every entry, dated by its
// own last change.
func (v sitemap) urls() []sitemapURL {
	r := v.r
	s := r.site
	latest := ""
	if len(s.Entries) > 0 {
		latest = s.Entries[0].Updated().Format(time.DateOnly)
	}
	urls := make([]sitemapURL, 0, len(s.Entries)+16)
	list := func(first string, n int) {
		pager := newPager(1, 1, first)
		for i := 1; i <= pageCount(n, s.PerPage); i++ {
			urls = append(urls, sitemapURL{Loc: r.absURL(pager.PathOf(i)), LastMod: latest})
		}
	}
	list("/", len(s.Entries))
	urls = append(urls, sitemapURL{Loc: r.absURL("/releases/"), LastMod: latest})
	if len(s.Services) > 0 {
		urls = append(urls, sitemapURL{Loc: r.absURL("/services/"), LastMod: latest})
	}
	urls = append(urls, sitemapURL{Loc: r.absURL("/stats/"), LastMod: latest})
	for _, sub := range subjectPaths(s) {
		list(sub.path, len(s.EntriesOf(sub.id)))
	}
	for _, e := range s.Entries {
		urls = append(urls, sitemapURL{Loc: r.absURL(e.Path()), LastMod: e.Updated().Format(time.DateOnly)})
	}
	return urls
}

// subject is a release or a service: what has pages of its own.
type subject struct{ id, name, path string }

// subjectPaths lists the releases, then the services.
func subjectPaths(s *content.Site) []subject {
	var out []subject
	for _, rel := range s.Releases {
		out = append(out, subject{rel.ID, rel.Name, rel.Path()})
	}
	for _, sv := range s.Services {
		out = append(out, subject{sv.ID, sv.Name, sv.Path()})
	}
	return out
}

func writeURLSet(buf *bytes.Buffer, urls []sitemapURL) error {
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	enc := xml.NewEncoder(buf)
	for _, u := range urls {
		if err := enc.EncodeElement(u, xml.StartElement{Name: xml.Name{Local: "url"}}); err != nil {
			return err
		}
		buf.WriteString("\n")
	}
	buf.WriteString("</urlset>\n")
	return nil
}
