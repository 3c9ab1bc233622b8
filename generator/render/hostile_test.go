package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/bulletin-status/bulletin/themes"
)

// hostileSite has script where an editor's text goes: titles, bodies,
// workarounds, downgrade commands, update texts, packages, links, and the
// names in site.yaml.
var hostileSite = os.DirFS("../testdata/hostile/content")

// TestHostileContent renders the hostile site and checks every file it
// produces, and every HTML fragment inside feeds and JSON, for markup that
// would run: script elements (other than the theme's own), event handler
// attributes, and script URLs.
func TestHostileContent(t *testing.T) {
	site := load(t, hostileSite)
	for _, minify := range []bool{false, true} {
		_, out := renderAll(t, site, themes.Default, Options{Now: goldenNow, Minify: minify})
		for _, name := range out.Names() {
			data, _ := out.Get(name)
			for _, frag := range htmlIn(t, name, data) {
				for _, problem := range unsafeMarkup(frag.html, frag.page) {
					t.Errorf("%s (minify %v): %s", name, minify, problem)
				}
			}
		}
		page, _ := out.Get("news/xss/index.html")
		text := textOf(t, page)
		for _, want := range []string{"<script>alert('title')</script> Mesa", "<script>alert('body')</script>", "sudo dnf downgrade mesa </code></pre><script>alert('downgrade')</script>"} {
			if !strings.Contains(text, want) {
				t.Errorf("minify %v: the entry page does not show %q as text", minify, want)
			}
		}
	}
}

type fragment struct {
	html string
	page bool // a whole page of the site, which may load the theme's script
}

// htmlIn returns the HTML a client may render from a file: the file itself
// for HTML; in a feed, what its format says is HTML, and every URL; every
// text and attribute value of other XML; every string of other JSON.
func htmlIn(t *testing.T, name string, data []byte) []fragment {
	switch {
	case path.Base(name) == "feed.json", path.Ext(name) == ".atom", path.Ext(name) == ".rss":
		return feedHTML(t, name, data)
	}
	switch path.Ext(name) {
	case ".html":
		return []fragment{{string(data), true}}
	case ".svg":
		// A badge opened by itself is a document that could run script.
		return []fragment{{string(data), false}}
	case ".xml":
		var out []fragment
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			switch tok := tok.(type) {
			case xml.CharData:
				out = append(out, fragment{html: string(tok)})
			case xml.StartElement:
				for _, a := range tok.Attr {
					out = append(out, fragment{html: a.Value})
				}
			}
		}
	case ".json":
		// In JSON, HTML is where the format says so: the status API's
		// "html", JSON Feed's "content_html". Every other string is plain
		// text that clients show as text, so it carries the editor's words
		// as written, "<script>" included, as the pages do.
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var out []fragment
		var walk func(key string, v any)
		walk = func(key string, v any) {
			switch v := v.(type) {
			case string:
				if key == "html" || strings.HasSuffix(key, "_html") {
					out = append(out, fragment{html: v})
				}
			case []any:
				for _, x := range v {
					walk(key, x)
				}
			case map[string]any:
				for k, x := range v {
					walk(k, x)
				}
			}
		}
		walk("", v)
		return out
	}
	return nil
}

// feedHTML returns the HTML in a feed: Atom text constructs of type html,
// RSS item descriptions, JSON Feed's content_html, and every URL as a link.
// Titles, summaries of type text, names, labels and content_text are plain
// text in their formats, and readers (newsboat among them) show them as
// such; TestFeedHostileText checks that they hold the editor's text as it
// was written.
func feedHTML(t *testing.T, name string, data []byte) []fragment {
	var out []fragment
	link := func(url string) fragment { return fragment{html: `<a href="` + html.EscapeString(url) + `">`} }
	if path.Ext(name) == ".json" {
		var doc struct {
			HomePageURL string `json:"home_page_url"`
			FeedURL     string `json:"feed_url"`
			Items       []struct {
				URL         string `json:"url"`
				ContentHTML string `json:"content_html"`
			} `json:"items"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, link(doc.HomePageURL), link(doc.FeedURL))
		for _, it := range doc.Items {
			out = append(out, link(it.URL), fragment{html: it.ContentHTML})
		}
		return out
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	isHTML, inItem := false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inItem = inItem || tok.Name.Local == "item"
			isHTML = inItem && tok.Name.Local == "description"
			for _, a := range tok.Attr {
				switch a.Name.Local {
				case "type":
					isHTML = isHTML || a.Value == "html" || a.Value == "xhtml"
				case "href", "src":
					out = append(out, link(a.Value))
				}
			}
			if tok.Name.Local == "link" || tok.Name.Local == "guid" {
				isHTML = false
			}
		case xml.EndElement:
			isHTML = false
			inItem = inItem && tok.Name.Local != "item"
		case xml.CharData:
			if isHTML {
				out = append(out, fragment{html: string(tok)})
			}
		}
	}
}

// unsafeMarkup lists what in an HTML document or fragment would run.
func unsafeMarkup(src string, page bool) []string {
	var problems []string
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return problems
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script":
			src := attr(tok, "src")
			if !page || !strings.HasPrefix(src, "/assets/") {
				problems = append(problems, "script element: "+tok.String())
			}
		case "iframe", "object", "embed", "frame", "base", "form":
			problems = append(problems, tok.Data+" element: "+tok.String())
		}
		for _, a := range tok.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				problems = append(problems, "event handler: "+tok.String())
			}
			switch strings.ToLower(a.Key) {
			case "href", "src", "action", "formaction", "xlink:href", "poster":
				v := strings.ToLower(strings.Map(func(r rune) rune {
					if r <= ' ' {
						return -1
					}
					return r
				}, a.Val))
				for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
					if strings.HasPrefix(v, scheme) {
						problems = append(problems, "script URL: "+tok.String())
					}
				}
			}
		}
	}
}

func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf returns the text a reader sees on a page.
func textOf(t *testing.T, page []byte) string {
	var b strings.Builder
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		}
	}
}
