package themes_test

import (
	"io/fs"
	"net/url"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestSelfContained builds the sample and stress sites and reads every
// page they have, for what a strict Content-Security-Policy would block
// and for anything a browser would fetch from another host: no inline
// script, style attribute, <style> element or event handler, and every
// script, style sheet, icon and image from the site itself. It needs no
// browser, so it covers every page, where TestBrowser loads a few.
func TestSelfContained(t *testing.T) {
	for _, content := range []string{"../content", "testdata/stress"} {
		site, dir := buildSite(t, content)
		self := site.BaseURL.Host
		err := fs.WalkDir(os.DirFS(dir), ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || !strings.HasSuffix(name, ".html") {
				return err
			}
			data, err := fs.ReadFile(os.DirFS(dir), name)
			if err != nil {
				return err
			}
			doc, err := html.Parse(strings.NewReader(string(data)))
			if err != nil {
				return err
			}
			for _, problem := range inlineOrForeign(doc, self) {
				t.Errorf("%s: %s: %s", content, name, problem)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// inlineOrForeign lists what in the document a CSP of script-src 'self';
// style-src 'self' would block, and what the browser would load from a
// host other than self.
func inlineOrForeign(n *html.Node, self string) []string {
	var out []string
	if n.Type == html.ElementNode {
		attr := map[string]string{}
		for _, a := range n.Attr {
			attr[a.Key] = a.Val
			switch {
			case a.Key == "style":
				out = append(out, "inline style attribute on <"+n.Data+">")
			case strings.HasPrefix(a.Key, "on"):
				out = append(out, "event handler "+a.Key+" on <"+n.Data+">")
			}
		}
		// What the browser fetches by itself, without a click.
		var fetched string
		switch n.Data {
		case "style":
			out = append(out, "<style> element")
		case "script":
			if attr["src"] == "" {
				out = append(out, "inline <script>")
			}
			fetched = attr["src"]
		case "img", "iframe", "audio", "video", "source", "embed":
			fetched = attr["src"]
		case "link":
			switch attr["rel"] {
			case "stylesheet", "icon", "preload", "modulepreload", "manifest", "preconnect", "dns-prefetch", "prefetch":
				fetched = attr["href"]
			}
		}
		if u, err := url.Parse(fetched); fetched != "" && (err != nil || (u.Host != "" && u.Host != self) || (u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https")) {
			out = append(out, "<"+n.Data+"> loads "+fetched+" from elsewhere")
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, inlineOrForeign(c, self)...)
	}
	return out
}
