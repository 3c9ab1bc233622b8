package render

import (
	"net/url"
	"strings"
)

// path turns a site path ("/news/x/") into the path a browser requests,
// under the base URL's own path when the site does not live at the root
// of its host.
func (r *Renderer) path(p string) string {
	return strings.TrimSuffix(r.base.Path, "/") + p
}

// url turns a site path into an absolute URL, as feeds and APIs need.
func (r *Renderer) url(p string) *url.URL {
	u := *r.base
	u.Path = r.path(p)
	return &u
}

// absURL is url as text.
func (r *Renderer) absURL(p string) string { return r.url(p).String() }
