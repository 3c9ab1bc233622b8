package generator

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"strconv"
	"time"
)

// Page is what every layout receives as its dot. Fields that do not apply
// to a kind of page are zero.
type Page struct {
	Site  *Site
	Now   time.Time // the build clock
	Kind  string    // home, list, entry, release, releases or 404
	Title string    // of the page, "" on the home page
	Path  string    // in the site, "/news/mesa/"

	Overall  Indicator       // the whole site (home)
	Releases []ReleaseStatus // every release that is not EOL (home), or every release (releases)

	Entry   *Entry   // entry
	Release *Release // release

	Active      []*Entry // unresolved incidents (home, release)
	Maintenance []*Entry // maintenance in progress or to come, soonest first (home, release)
	Entries     []*Entry // the entries listed on this page, newest first
	Pager       *Pager   // where this list stands among its pages (home, list, release)

	Feeds    []FeedLink // feeds about what this page shows, for <link rel="alternate">
	FeedsKey string     // the same for every page with the same Feeds, a key for partialCached
}

// Description says what the page is about in a sentence or two, for
// search engines and link previews: an entry's summary, a release's
// description, or else the site's.
func (p *Page) Description() string {
	if p.Entry != nil {
		if summary, _ := p.Site.summary(p.Entry); summary != "" {
			return summary
		}
	}
	if p.Release != nil && p.Release.Description != "" {
		return p.Release.Description
	}
	return p.Site.Description
}

// ReleaseStatus is a release with its state at the build time.
type ReleaseStatus struct {
	*Release
	Indicator Indicator
	Active    int // unresolved incidents
}

// FeedLink names a feed for autodiscovery and for people.
type FeedLink struct {
	Title string // "Fedora 43 (Atom)"
	Type  string // media type
	Path  string // in the site
}

// TypeAttr is the type attribute of the feed's <link>, written as is:
// html/template would escape the "+" of "application/atom+xml" as "&#43;",
// which is valid HTML but lost on feed finders that match the text.
func (f FeedLink) TypeAttr() template.HTMLAttr {
	return template.HTMLAttr(`type="` + template.HTMLEscapeString(f.Type) + `"`)
}

// Pager links a page of a long list to its neighbours.
type Pager struct {
	Number, Total int
	Prev, Next    string // site paths, "" at either end
	paths         func(int) string
}

// PathOf returns the path of page n of the list.
func (p *Pager) PathOf(n int) string { return p.paths(n) }

// newPager returns the pager for page n of total, whose first page is at
// first and later pages at first + "page/<n>/".
func newPager(n, total int, first string) *Pager {
	paths := func(i int) string {
		if i <= 1 {
			return first
		}
		return first + "page/" + strconv.Itoa(i) + "/"
	}
	p := &Pager{Number: n, Total: total, paths: paths}
	if n > 1 {
		p.Prev = paths(n - 1)
	}
	if n < total {
		p.Next = paths(n + 1)
	}
	return p
}

// pageCount is how many pages a list of n entries takes, at least one.
func pageCount(n, per int) int { return max(1, (n+per-1)/per) }

// slice returns page n (1-based) of a list.
func slice(es []*Entry, n, per int) []*Entry {
	lo := min((n-1)*per, len(es))
	return es[lo:min(lo+per, len(es))]
}

// pageTargets lists the HTML pages: the home page and its archive, one
// page per entry, the releases and their history, and the 404 page.
func (r *Renderer) pageTargets() []target {
	s := r.site
	now := r.opts.Now
	var ts []target
	// render executes the layout of the page's kind. The feed links are
	// made here, when the page is rendered, not when it is listed: serve
	// lists every page of a large site on each save and renders only the
	// one asked for. The page is a copy, as serve may render one page
	// twice at once.
	render := func(buf *bytes.Buffer, page Page) error {
		page.Site, page.Now = s, now
		page.Feeds, page.FeedsKey = r.feedLinks(&page)
		err := r.layouts[page.Kind].ExecuteTemplate(buf, "layouts/base.html", &page)
		if page.Entry != nil {
			// Its own page is the last that needs all of an entry's
			// HTML, but for a few feeds, which convert it again.
			s.releaseHTML(page.Entry)
		}
		return err
	}
	add := func(name, kind string, p *Page) {
		p.Kind = kind
		ts = append(ts, target{name: name, render: func(buf *bytes.Buffer) error { return render(buf, *p) }})
	}

	per := s.PerPage
	pages := pageCount(len(s.Entries), per)
	add("index.html", "home", &Page{
		Path:        "/",
		Overall:     s.Overall(now),
		Releases:    r.releaseStatuses(false),
		Active:      s.ActiveIncidents(""),
		Maintenance: s.Maintenances("", now),
		Entries:     slice(s.Entries, 1, per),
		Pager:       newPager(1, pages, "/"),
	})
	for n := 2; n <= pages; n++ {
		pager := newPager(n, pages, "/")
		add(pager.PathOf(n)[1:]+"index.html", "list", &Page{
			Title:   fmt.Sprintf("All entries, page %d of %d", n, pages),
			Path:    pager.PathOf(n),
			Entries: slice(s.Entries, n, per),
			Pager:   pager,
		})
	}
	// /page/1/ is the home page; keep the URL working for those who guess it.
	ts = append(ts, target{name: "page/1/index.html", render: r.redirect("/")})

	for _, e := range s.Entries {
		// An entry's page is made when it is rendered: made here, the
		// pages of 100,000 entries would hold 40 MB for the whole build.
		ts = append(ts, target{name: e.Path()[1:] + "index.html", render: func(buf *bytes.Buffer) error {
			return render(buf, Page{Kind: "entry", Title: e.Title, Path: e.Path(), Entry: e})
		}})
	}

	add("releases/index.html", "releases", &Page{
		Title:    "Releases",
		Path:     "/releases/",
		Releases: r.releaseStatuses(true),
	})
	for _, rel := range s.Releases {
		history := s.EntriesOf(rel.ID)
		pages := pageCount(len(history), per)
		for n := 1; n <= pages; n++ {
			pager := newPager(n, pages, rel.Path())
			p := &Page{
				Title:   rel.Name,
				Path:    pager.PathOf(n),
				Release: rel,
				Entries: slice(history, n, per),
				Pager:   pager,
			}
			if n == 1 {
				p.Releases = []ReleaseStatus{r.releaseStatus(rel)}
				p.Active = s.ActiveIncidents(rel.ID)
				p.Maintenance = s.Maintenances(rel.ID, now)
			} else {
				p.Title = fmt.Sprintf("%s, page %d of %d", rel.Name, n, pages)
			}
			add(p.Path[1:]+"index.html", "release", p)
		}
	}
	add("404.html", "404", &Page{Title: "Page not found", Path: "/404.html"})
	return ts
}

func (r *Renderer) releaseStatus(rel *Release) ReleaseStatus {
	return ReleaseStatus{
		Release:   rel,
		Indicator: r.site.Indicator(rel.ID, r.opts.Now),
		Active:    len(r.site.ActiveIncidents(rel.ID)),
	}
}

// releaseStatuses returns the state of each release in site.yaml order,
// leaving out EOL releases unless withEOL.
func (r *Renderer) releaseStatuses(withEOL bool) []ReleaseStatus {
	var out []ReleaseStatus
	for _, rel := range r.site.Releases {
		if withEOL || rel.State != EOL {
			out = append(out, r.releaseStatus(rel))
		}
	}
	return out
}

// redirect renders a page that sends browsers to another path, with a
// link for those that do not follow it.
func (r *Renderer) redirect(to string) func(*bytes.Buffer) error {
	return func(buf *bytes.Buffer) error {
		u := template.HTMLEscapeString(r.site.Path(to))
		fmt.Fprintf(buf, `<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><title>%s</title>`+
			`<link rel="canonical" href="%s"><meta http-equiv="refresh" content="0; url=%s"><meta name="robots" content="noindex"></head>`+
			`<body><p><a href="%s">%s</a></p></body></html>`+"\n",
			template.HTMLEscapeString(r.site.Language), template.HTMLEscapeString(r.site.Title),
			template.HTMLEscapeString(r.site.AbsURL(to)), u, u, template.HTMLEscapeString(r.site.Title))
		return nil
	}
}

// maxSitemapURLs is the most one sitemap file may list (sitemaps.org).
const maxSitemapURLs = 50000

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapURLs lists every HTML page search engines should know: the lists
// (dated by the newest change among all entries), then every entry, dated
// by its own last change.
func (r *Renderer) sitemapURLs() []sitemapURL {
	s := r.site
	latest := ""
	if len(s.Entries) > 0 {
		latest = s.Entries[0].Updated().Format(time.DateOnly)
	}
	urls := make([]sitemapURL, 0, len(s.Entries)+16)
	list := func(first string, n int) {
		for i := 1; i <= pageCount(n, s.PerPage); i++ {
			urls = append(urls, sitemapURL{Loc: s.AbsURL(newPager(i, 1, first).PathOf(i)), LastMod: latest})
		}
	}
	list("/", len(s.Entries))
	urls = append(urls, sitemapURL{Loc: s.AbsURL("/releases/"), LastMod: latest})
	for _, rel := range s.Releases {
		list(rel.Path(), len(s.EntriesOf(rel.ID)))
	}
	for _, e := range s.Entries {
		urls = append(urls, sitemapURL{Loc: s.AbsURL(e.Path()), LastMod: e.Updated().Format(time.DateOnly)})
	}
	return urls
}

// sitemapTargets returns /sitemap.xml, and when the site has more pages
// than one sitemap may list, the numbered sitemaps that it then indexes.
func (r *Renderer) sitemapTargets() []target {
	s := r.site
	n := 1 + len(s.Entries) + pageCount(len(s.Entries), s.PerPage)
	for _, rel := range s.Releases {
		n += pageCount(len(s.EntriesOf(rel.ID)), s.PerPage)
	}
	if n <= maxSitemapURLs {
		return []target{{name: "sitemap.xml", render: func(buf *bytes.Buffer) error {
			return writeURLSet(buf, r.sitemapURLs())
		}}}
	}
	parts := (n + maxSitemapURLs - 1) / maxSitemapURLs
	ts := []target{{name: "sitemap.xml", render: func(buf *bytes.Buffer) error {
		buf.WriteString(xml.Header)
		buf.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for i := 1; i <= parts; i++ {
			fmt.Fprintf(buf, "<sitemap><loc>%s</loc></sitemap>\n", s.AbsURL(fmt.Sprintf("/sitemap-%d.xml", i)))
		}
		buf.WriteString("</sitemapindex>\n")
		return nil
	}}}
	for i := range parts {
		ts = append(ts, target{name: fmt.Sprintf("sitemap-%d.xml", i+1), render: func(buf *bytes.Buffer) error {
			urls := r.sitemapURLs()
			return writeURLSet(buf, urls[i*maxSitemapURLs:min(len(urls), (i+1)*maxSitemapURLs)])
		}})
	}
	return ts
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

// robots writes /robots.txt: everything may be crawled; here is the map.
func (r *Renderer) robots(buf *bytes.Buffer) error {
	fmt.Fprintf(buf, "User-agent: *\nAllow: /\n\nSitemap: %s\n", r.site.AbsURL("/sitemap.xml"))
	return nil
}
