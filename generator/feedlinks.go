package generator

import (
	"strings"

	"github.com/bulletin-status/bulletin/feeds"
)

// feedLinks returns the feeds about what a page shows, for autodiscovery,
// and a key naming that set of feeds: the site's feeds on every page, and
// on a release's page, or an entry's, the feeds of the releases concerned
// too. Pages about the same releases share one list, made once.
func (r *Renderer) feedLinks(p *Page) ([]FeedLink, string) {
	var ids []string
	switch {
	case p.Release != nil:
		ids = []string{p.Release.ID}
	case p.Entry != nil && !p.Entry.AllReleases:
		ids = p.Entry.Releases
	}
	key := strings.Join(ids, " ")
	if links, ok := r.feedSets.Load(key); ok {
		return links.([]FeedLink), key
	}
	var links []FeedLink
	for _, id := range ids {
		rel := r.site.Release(id)
		links = append(links, feedTrio(rel.Path(), rel.Name)...)
	}
	links = append(links, feedTrio("", r.site.Title)...)
	r.feedSets.Store(key, links)
	return links, key
}

// feedTrio names the Atom, RSS and JSON feeds under dir ("" for the site's
// own, at the root), where feedTargets writes them.
func feedTrio(dir, name string) []FeedLink {
	if dir == "" {
		dir = "/"
	}
	links := make([]FeedLink, len(feeds.Formats))
	for i, f := range feeds.Formats {
		links[i] = FeedLink{Title: name + " (" + f.String() + ")", Type: f.MediaType(), Path: dir + "feed" + f.Ext()}
	}
	return links
}
