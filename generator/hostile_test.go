package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"github.com/bulletin-status/bulletin/themes"
)

// hostileSite has script where an editor's text goes: titles, bodies,
// workarounds, downgrade commands, update texts, packages, links, and the
// names in site.yaml.
var hostileSite = fstest.MapFS{
	"site.yaml": {Data: []byte(`title: "<script>alert('site')</script> Status"
base_url: https://status.example.org/
description: "\"><script>alert('description')</script>"
id_authority: example.org,2026
releases:
  - id: f43
    name: "<img src=x onerror=alert('release')>"
`)},
	"news/2026-11-02-xss.md": {Data: []byte(`---
title: "<script>alert('title')</script> Mesa"
date: 2026-11-02
releases: [f43]
severity: major
status: identified
packages: ["<b onmouseover=alert('package')>mesa</b>"]
fixed_in: "\"><script>alert('fixed')</script>"
workaround: |
  <img src=x onerror=alert('workaround')> then [click](JaVaScRiPt:alert('workaround'))
downgrade: "sudo dnf downgrade mesa </code></pre><script>alert('downgrade')</script>"
eta: unknown
links:
  - title: "<script>alert('link')</script>"
    url: "https://example.org/\"><script>alert('url')</script>"
updates:
  - at: 2026-11-03
    status: identified
    text: "<script>alert('update')</script> [x](vbscript:msgbox) <svg onload=alert('update')>"
---

<script>alert('body')</script>

<div onclick="alert('block')">a block</div>

<iframe src="https://evil.example/"></iframe>

[plain](javascript:alert('body')) [tab](java&#9;script:alert('body')) [entity](&#106;avascript:alert('body'))
<javascript:alert('autolink')> ![img](javascript:alert('img')) [data](data:text/html;base64,PHNjcmlwdD4=)
<a href="javascript:alert('raw')">raw</a> <img src=x onerror="alert('inline')">
`)},
}

// TestHostileContent renders the hostile site and checks every file it
// produces, and every HTML fragment inside feeds and JSON, for markup that
// would run: script elements (other than the theme's own), event handler
// attributes, and script URLs.
func TestHostileContent(t *testing.T) {
	site, err := OpenFS(hostileSite, "content")
	if err != nil {
		t.Fatal(err)
	}
	for _, minify := range []bool{false, true} {
		r, err := NewRenderer(site, themes.Default, Options{Now: goldenNow, Minify: minify})
		if err != nil {
			t.Fatal(err)
		}
		var out Files
		if err := r.RenderAll(&out); err != nil {
			t.Fatal(err)
		}
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
// for HTML, every text and attribute value of XML (feed content is escaped
// HTML), every string of JSON.
func htmlIn(t *testing.T, name string, data []byte) []fragment {
	switch path.Ext(name) {
	case ".html":
		return []fragment{{string(data), true}}
	case ".xml", ".atom", ".rss":
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
