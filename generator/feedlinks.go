package generator

import "github.com/bulletin-status/bulletin/feeds"

// feedLinks returns the feeds about what a page shows, for autodiscovery:
// the site's feeds on every page, and on a release's page, or an entry's,
// the feeds of the releases concerned too.
func (r *Renderer) feedLinks(p *Page) []FeedLink {
	links := feedTrio("", r.site.Title)
	switch {
	case p.Release != nil:
		links = append(feedTrio(p.Release.Path(), p.Release.Name), links...)
	case p.Entry != nil && !p.Entry.AllReleases:
		var own []FeedLink
		for _, id := range p.Entry.Releases {
			rel := r.site.Release(id)
			own = append(own, feedTrio(rel.Path(), rel.Name)...)
		}
		links = append(own, links...)
	}
	return links
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
