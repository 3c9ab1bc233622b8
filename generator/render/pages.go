package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bulletin-status/bulletin/feeds"
	"github.com/bulletin-status/bulletin/generator/content"
)

// Page is what every layout receives as its dot. Fields that do not apply
// to a kind of page are zero.
type Page struct {
	Site  *content.Site
	Now   time.Time // the build clock
	Kind  string    // home, list, entry, release, releases, service, services, stats or 404
	Title string    // of the page, "" on the home page
	Path  string    // in the site, "/news/mesa/"

	Overall  content.Indicator // the whole site (home)
	Updated  time.Time         // when what the page tells last changed (home, release, service)
	Releases []ReleaseStatus   // every release that is not EOL (home), or every release (releases)
	Groups   []GroupStatus     // the services in their groups (home, services)

	Entry   *content.Entry   // entry
	Release *content.Release // release
	Service *ServiceStatus   // service
	Changes []*content.Entry // announced changes not yet in effect, soonest first (home, release, service)

	Active      []*content.Entry // unresolved incidents (home, release)
	Maintenance []*content.Entry // maintenance in progress or to come, soonest first (home, release)
	Entries     []*content.Entry // the entries listed on this page, newest first
	Pager       *Pager           // where this list stands among its pages (home, list, release)

	// Stats are the statistics of the site (stats; release and service,
	// first page), and Numbers those of the page's release or service.
	Stats   *Stats
	Numbers *SubjectStats

	Feeds    []FeedLink // feeds (and the calendar) about what this page shows, for <link rel="alternate">
	FeedsKey string     // the same for every page with the same Feeds, a key for partialCached

	r *Renderer
}

// Description says what the page is about in a sentence or two, for
// search engines and link previews: an entry's summary, a release's
// description, or else the site's.
func (p *Page) Description() string {
	if p.Entry != nil {
		if summary, _ := p.r.html.summary(p.Entry); summary != "" {
			return summary
		}
	}
	if p.Release != nil && p.Release.Description != "" {
		return p.Release.Description
	}
	return p.Site.Description
}

// subject is the id of the release or service the page is about, or "".
func (p *Page) subject() string {
	switch {
	case p.Release != nil:
		return p.Release.ID
	case p.Service != nil:
		return p.Service.ID
	}
	return ""
}

// ReleaseStatus is a release with its state at the build time.
type ReleaseStatus struct {
	*content.Release
	Indicator content.Indicator
	Active    int              // unresolved incidents
	Upgrade   *content.Release // what an EOL release's users upgrade to, or nil
}

// ServiceStatus is a service with its state at the build time.
type ServiceStatus struct {
	*content.Service
	Indicator content.Indicator
	Active    int // unresolved incidents
}

// GroupStatus is a group of services with their states.
type GroupStatus struct {
	Name     string // "" for the services in no group
	Services []ServiceStatus
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
	first         string // the path of page 1
}

// PathOf returns the path of page n of the list: the first page at the
// list's own path, later pages under it at "page/<n>/".
func (p *Pager) PathOf(n int) string { return pagePath(p.first, n) }

// pagePath returns the path of page n of the list whose first page is at
// first.
func pagePath(first string, n int) string {
	if n <= 1 {
		return first
	}
	return first + "page/" + strconv.Itoa(n) + "/"
}

// newPager returns the pager for page n of total, whose first page is at
// first.
func newPager(n, total int, first string) *Pager {
	p := &Pager{Number: n, Total: total, first: first}
	if n > 1 {
		p.Prev = p.PathOf(n - 1)
	}
	if n < total {
		p.Next = p.PathOf(n + 1)
	}
	return p
}

// pageCount is how many pages a list of n entries takes, at least one.
func pageCount(n, per int) int { return max(1, (n+per-1)/per) }

// slice returns page n (1-based) of a list.
func slice(es []*content.Entry, n, per int) []*content.Entry {
	lo := min((n-1)*per, len(es))
	return es[lo:min(lo+per, len(es))]
}

// pages is the HTML view: the home page and its archive, one page per
// entry, the releases and their history, and the 404 page.
type pages struct {
	r        *Renderer
	feedSets sync.Map // feedLinks key → []FeedLink
}

func newPages(r *Renderer) *pages { return &pages{r: r} }

func (v *pages) targets() []target {
	r := v.r
	s, now := r.site, r.now
	var ts []target
	// Each page is made when it is rendered, not when it is listed: made
	// here, the list pages of a large site would be held for the whole
	// build, and serve lists every page on each save.
	add := func(name, kind string, page func() Page) {
		ts = append(ts, target{name: name, final: true, render: func(buf *bytes.Buffer) error {
			p := page()
			p.Kind = kind
			return v.render(buf, p)
		}})
	}

	per := s.PerPage
	count := pageCount(len(s.Entries), per)
	add("index.html", "home", func() Page {
		return Page{
			Path:        "/",
			Overall:     s.Overall(now),
			Updated:     s.LastChange("", now),
			Releases:    v.releaseStatuses(false),
			Groups:      v.groups(),
			Changes:     s.UpcomingChanges("", now),
			Active:      s.ActiveIncidents(""),
			Maintenance: s.Maintenances("", now),
			Entries:     slice(s.Entries, 1, per),
			Pager:       newPager(1, count, "/"),
		}
	})
	for n := 2; n <= count; n++ {
		add(pagePath("/", n)[1:]+"index.html", "list", func() Page {
			pager := newPager(n, count, "/")
			return Page{
				Title:   fmt.Sprintf("All entries, page %d of %d", n, count),
				Path:    pager.PathOf(n),
				Entries: slice(s.Entries, n, per),
				Pager:   pager,
			}
		})
	}
	// /page/1/ is the home page; keep the URL working for those who guess it.
	ts = append(ts, target{name: "page/1/index.html", final: true, render: v.redirect("/")})

	for _, e := range s.Entries {
		add(e.Path()[1:]+"index.html", "entry", func() Page {
			return Page{Title: e.Title, Path: e.Path(), Entry: e}
		})
	}

	add("releases/index.html", "releases", func() Page {
		return Page{Title: "Releases", Path: "/releases/", Releases: v.releaseStatuses(true)}
	})
	// history adds the pages of a release's or service's entries, the
	// first of which shows its state; own sets what the layout of its
	// kind needs besides.
	history := func(kind, id, name, path string, own func(p *Page, first bool)) {
		count := pageCount(len(s.EntriesOf(id)), per)
		for n := 1; n <= count; n++ {
			add(pagePath(path, n)[1:]+"index.html", kind, func() Page {
				pager := newPager(n, count, path)
				p := Page{Title: name, Path: pager.PathOf(n), Entries: slice(s.EntriesOf(id), n, per), Pager: pager}
				if n == 1 {
					p.Updated = s.LastChange(id, now)
					p.Active = s.ActiveIncidents(id)
					p.Maintenance = s.Maintenances(id, now)
					p.Changes = s.UpcomingChanges(id, now)
				} else {
					p.Title = fmt.Sprintf("%s, page %d of %d", name, n, count)
				}
				own(&p, n == 1)
				return p
			})
		}
	}
	for _, rel := range s.Releases {
		history("release", rel.ID, rel.Name, rel.Path(), func(p *Page, first bool) {
			p.Release = rel
			if first {
				p.Releases = []ReleaseStatus{v.releaseStatus(rel)}
			}
		})
	}
	if len(s.Services) > 0 {
		add("services/index.html", "services", func() Page {
			return Page{Title: "Services", Path: "/services/", Groups: v.groups()}
		})
	}
	for _, sv := range s.Services {
		history("service", sv.ID, sv.Name, sv.Path(), func(p *Page, _ bool) {
			status := v.serviceStatus(sv)
			p.Service = &status
		})
	}
	add("404.html", "404", func() Page { return Page{Title: "Page not found", Path: "/404.html"} })
	return ts
}

// render executes the layout of the page's kind. The feed links are made
// here, when the page is rendered, not when it is listed: serve lists
// every page of a large site on each save and renders only the one asked
// for. The page is a copy, as serve may render one page twice at once.
func (v *pages) render(buf *bytes.Buffer, page Page) error {
	r := v.r
	page.Site, page.Now, page.r = r.site, r.now, r
	page.Feeds, page.FeedsKey = v.feedLinks(&page)
	if page.Pager != nil && page.Pager.Number == 1 {
		// A release's or service's first page shows its numbers: the
		// statistics are gathered when the first such page is rendered,
		// not when pages are listed (serve lists them all on every save).
		if id := page.subject(); id != "" {
			page.Stats = r.stats()
			page.Numbers = page.Stats.numbers(id)
		}
	}
	err := r.theme.layouts[page.Kind].ExecuteTemplate(buf, "layouts/base.html", &page)
	if page.Entry != nil {
		// Its own page is the last that needs all of an entry's HTML, but
		// for a few feeds, which convert it again.
		r.html.release(page.Entry)
	}
	return err
}

func (v *pages) releaseStatus(rel *content.Release) ReleaseStatus {
	s := v.r.site
	return ReleaseStatus{
		Release:   rel,
		Indicator: s.Indicator(rel.ID, v.r.now),
		Active:    len(s.ActiveIncidents(rel.ID)),
		Upgrade:   s.Release(rel.UpgradeTo),
	}
}

func (v *pages) serviceStatus(sv *content.Service) ServiceStatus {
	s := v.r.site
	return ServiceStatus{Service: sv, Indicator: s.Indicator(sv.ID, v.r.now), Active: len(s.ActiveIncidents(sv.ID))}
}

// groups returns the services in their groups, with their states.
func (v *pages) groups() []GroupStatus {
	var out []GroupStatus
	for _, g := range v.r.site.Groups() {
		gs := GroupStatus{Name: g.Name}
		for _, sv := range g.Services {
			gs.Services = append(gs.Services, v.serviceStatus(sv))
		}
		out = append(out, gs)
	}
	return out
}

// releaseStatuses returns the state of each release in site.yaml order,
// leaving out EOL releases unless withEOL.
func (v *pages) releaseStatuses(withEOL bool) []ReleaseStatus {
	var out []ReleaseStatus
	for _, rel := range v.r.site.Releases {
		if withEOL || rel.State != content.EOL {
			out = append(out, v.releaseStatus(rel))
		}
	}
	return out
}

// redirect renders a page that sends browsers to another path, with a
// link for those that do not follow it.
func (v *pages) redirect(to string) func(*bytes.Buffer) error {
	r := v.r
	return func(buf *bytes.Buffer) error {
		u := template.HTMLEscapeString(r.path(to))
		fmt.Fprintf(buf, `<!DOCTYPE html><html lang="%s"><head><meta charset="utf-8"><title>%s</title>`+
			`<link rel="canonical" href="%s"><meta http-equiv="refresh" content="0; url=%s"><meta name="robots" content="noindex"></head>`+
			`<body><p><a href="%s">%s</a></p></body></html>`+"\n",
			template.HTMLEscapeString(r.site.Language), template.HTMLEscapeString(r.site.Title),
			template.HTMLEscapeString(r.absURL(to)), u, u, template.HTMLEscapeString(r.site.Title))
		return nil
	}
}

// feedLinks returns the feeds about what a page shows, for autodiscovery,
// and a key naming that set of feeds: the site's feeds on every page, and
// on a release's page, or an entry's, the feeds of the releases concerned
// too. Pages about the same releases share one list, made once.
func (v *pages) feedLinks(p *Page) ([]FeedLink, string) {
	var ids []string
	switch {
	case p.Release != nil:
		ids = []string{p.Release.ID}
	case p.Service != nil:
		ids = []string{p.Service.ID}
	case p.Entry != nil && !p.Entry.AllReleases:
		ids = p.Entry.Subjects()
	case p.Entry != nil:
		ids = p.Entry.Services
	}
	// The pages that show a calendar's maintenance announce the calendar
	// too: the home page the site's, a release's or a service's page its own.
	calendar := p.Kind == "home" || p.Kind == "release" || p.Kind == "service"
	key := strings.Join(ids, " ")
	if calendar {
		key += " +calendar"
	}
	if links, ok := v.feedSets.Load(key); ok {
		return links.([]FeedLink), key
	}
	var links []FeedLink
	for _, id := range ids {
		if rel := v.r.site.Release(id); rel != nil {
			links = append(links, feedTrio(rel.Path(), rel.Name)...)
		} else if sv := v.r.site.Service(id); sv != nil {
			links = append(links, feedTrio(sv.Path(), sv.Name)...)
		}
	}
	links = append(links, feedTrio("/", v.r.site.Title)...)
	if calendar {
		dir, name := "/", v.r.site.Title
		switch {
		case p.Release != nil:
			dir, name = p.Release.Path(), p.Release.Name
		case p.Service != nil:
			dir, name = p.Service.Path(), p.Service.Name
		}
		links = append(links, FeedLink{Title: name + ": planned maintenance (iCalendar)", Type: "text/calendar", Path: dir + calendarFile})
	}
	v.feedSets.Store(key, links)
	return links, key
}

// feedTrio names the Atom, RSS and JSON feeds in the folder dir, where
// the feeds view writes them.
func feedTrio(dir, name string) []FeedLink {
	links := make([]FeedLink, len(feeds.Formats))
	for i, f := range feeds.Formats {
		links[i] = FeedLink{Title: name + " (" + f.String() + ")", Type: f.MediaType(), Path: dir + "feed" + f.Ext()}
	}
	return links
}
