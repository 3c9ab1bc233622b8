package render

import (
	"bytes"
	"fmt"
)

// robots is /robots.txt: everything may be crawled; here is the map. A
// theme's static/robots.txt replaces it.
type robots struct{ r *Renderer }

func (v robots) targets() []target {
	return []target{{name: "robots.txt", render: func(buf *bytes.Buffer) error {
		fmt.Fprintf(buf, "User-agent: *\nAllow: /\n\nSitemap: %s\n", v.r.absURL("/sitemap.xml"))
		return nil
	}}}
}
