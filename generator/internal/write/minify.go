package write

import (
	"bytes"
	"fmt"
	"mime"
	"path"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minify is the whole minify policy of a build: how each kind of file is
// made small when it is on, and left readable when it is off. Minifying
// a page after it is rendered would cost as much as rendering it, so the
// work is done where it is cheapest:
//
//   - pages: their layouts are minified once, as they are parsed
//     (Layout), and the pages come out of them minified;
//   - JSON and feeds: encoded compact (Indent), not minified afterwards.
//     The XML minifier would also collapse the whitespace inside <pre>
//     in the escaped HTML of feed items;
//   - theme assets: minified once as they are read, before their content
//     hash is taken (File);
//   - every other file of the site (the sitemap, a theme's static files):
//     minified by its media type after it is rendered (File).
type Minify bool

// Indent is the indentation of encoders that write their own layout
// (JSON, feeds): none when minifying, two spaces for people otherwise.
func (m Minify) Indent() string {
	if bool(m) {
		return ""
	}
	return "  "
}

// Layout returns a layout's markup minified, its template actions ({{…}})
// left as they are. Minified, a layout is one line: the caller parses it
// as written first, so that a mistake is told on its own line.
func (m Minify) Layout(name string, src []byte) ([]byte, error) {
	if !bool(m) {
		return src, nil
	}
	// A comment writes nothing, but its words reach the minifier as text:
	// one apostrophe ("the page's title") opens a quote that it never
	// sees closed, and leaves the rest of the file as it is. Only the
	// comment's delimiters, which may trim spaces, need to stay.
	src = templateComment.ReplaceAll(src, []byte("{{$1/**/$2}}"))
	var buf bytes.Buffer
	if err := layouts.Minify("text/html", &buf, bytes.NewReader(src)); err != nil {
		return nil, fmt.Errorf("minify %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// templateComment is a comment of text/template, "{{/* … */}}", with the
// marks that trim the space around it ("{{- /* … */ -}}").
var templateComment = regexp.MustCompile(`(?s)\{\{(-? ?)/\*.*?\*/( ?-?)\}\}`)

// File writes data, the file with the name, to dst: minified by its media
// type when minifying, else as it is. Types without a minifier (feeds,
// text, images) are copied as they are.
func (m Minify) File(dst *bytes.Buffer, name string, data []byte) error {
	mt, _, _ := mime.ParseMediaType(MediaType(name))
	if !bool(m) || !minifiable[mt] {
		dst.Write(data)
		return nil
	}
	if err := files.Minify(mt, dst, bytes.NewReader(data)); err != nil {
		return fmt.Errorf("minify %s: %w", name, err)
	}
	return nil
}

// htmlOptions keep <html>, <head> and <body>: <html lang> must survive,
// and readers of the source expect a whole document.
var htmlOptions = html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true}

// files minifies every kind of text file the site has that File minifies.
var files = func() *minify.M {
	m := minify.New()
	m.Add("text/html", &htmlOptions)
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/xml", xml.Minify)
	m.AddFunc("application/json", json.Minify)
	return m
}()

var minifiable = map[string]bool{
	"text/html": true, "text/css": true, "text/javascript": true,
	"image/svg+xml": true, "application/xml": true, "application/json": true,
}

// layouts minifies the markup of layouts, leaving their actions as they are.
var layouts = func() *minify.M {
	m := minify.New()
	opts := htmlOptions
	opts.TemplateDelims = [2]string{"{{", "}}"}
	m.Add("text/html", &opts)
	return m
}()

// mediaTypes are the media types of the files a site has, as netlify.toml
// has the published site sent them; feeds in particular, which browsers
// and feed readers recognise by them.
var mediaTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".json": "application/json",
	".atom": "application/atom+xml; charset=utf-8",
	".rss":  "application/rss+xml; charset=utf-8",
	".xml":  "application/xml; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".svg":  "image/svg+xml",
	".ics":  "text/calendar; charset=utf-8",
}

// MediaType returns the media type a file of the site is served with, by
// its name, or "" for a kind of file the site does not make itself.
func MediaType(name string) string {
	if path.Base(name) == "feed.json" {
		return "application/feed+json; charset=utf-8"
	}
	return mediaTypes[path.Ext(name)]
}
