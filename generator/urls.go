package generator

import (
	"net/url"
	"strings"
)

// Path returns the entry's page, relative to the site root: "/news/<slug>/".
func (e *Entry) Path() string { return "/news/" + e.Slug + "/" }

// Path returns a release's page: "/releases/<id>/".
func (r *Release) Path() string { return "/releases/" + r.ID + "/" }

// Path turns a site path ("/news/x/") into the path a browser requests,
// under the base URL's own path when the site does not live at the root of
// its host.
func (s *Site) Path(p string) string {
	return strings.TrimSuffix(s.BaseURL.Path, "/") + p
}

// URL turns a site path into an absolute URL, as feeds and APIs need.
func (s *Site) URL(p string) *url.URL {
	u := *s.BaseURL
	u.Path = s.Path(p)
	return &u
}

// AbsURL is URL as text.
func (s *Site) AbsURL(p string) string { return s.URL(p).String() }
