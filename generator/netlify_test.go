package generator_test

import (
	"mime"
	"net/textproto"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/bulletin-status/bulletin/feeds"
	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/internal/golden"
	"golang.org/x/net/html"
)

// netlifyRule is one [[headers]] table of netlify.toml.
type netlifyRule struct {
	For    string            `toml:"for"`
	Values map[string]string `toml:"values"`
	match  *regexp.Regexp
}

func readNetlifyRules(t *testing.T) []netlifyRule {
	t.Helper()
	var cfg struct {
		Headers []netlifyRule `toml:"headers"`
	}
	if _, err := toml.DecodeFile("../netlify.toml", &cfg); err != nil {
		t.Fatalf("netlify.toml: %v", err)
	}
	if len(cfg.Headers) == 0 {
		t.Fatal("netlify.toml sets no headers")
	}
	for i := range cfg.Headers {
		cfg.Headers[i].match = netlifyPattern(cfg.Headers[i].For)
	}
	return cfg.Headers
}

// netlifyPattern turns a rule's path into the expression Netlify matches
// requests with (@netlify/headers-parser): ":name" is one segment, a "*"
// segment is anything, even nothing, a "*" inside a segment is anything
// there (across "/" too), and case does not matter. Netlify leaves the rest
// of a segment with a "*" unescaped; quoting it here only makes "." stricter.
func netlifyPattern(rule string) *regexp.Regexp {
	var parts []string
	for _, p := range strings.Split(rule, "/") {
		p = strings.TrimRight(p, " \t")
		switch {
		case p == "":
		case strings.HasPrefix(p, ":"):
			parts = append(parts, "([^/]+)")
		case p == "*":
			parts = append(parts, "?(.*)")
		default:
			parts = append(parts, strings.ReplaceAll(regexp.QuoteMeta(p), `\*`, "(.*)"))
		}
	}
	return regexp.MustCompile("(?i)^/" + strings.Join(parts, "/") + "/?$")
}

// headersFor returns the headers Netlify sends for a request path, and the
// headers that two matching rules set (which netlify.toml must avoid).
func headersFor(rules []netlifyRule, p string) (map[string]string, []string) {
	got, from := map[string]string{}, map[string]string{}
	var clashes []string
	for _, r := range rules {
		if !r.match.MatchString(p) {
			continue
		}
		for k, v := range r.Values {
			k = textproto.CanonicalMIMEHeaderKey(k)
			if prev, ok := from[k]; ok {
				clashes = append(clashes, k+" set by both "+prev+" and "+r.For)
			}
			got[k], from[k] = v, r.For
		}
	}
	return got, clashes
}

func TestNetlifyPattern(t *testing.T) {
	tests := []struct {
		rule, path string
		want       bool
	}{
		{"/*", "/", true},
		{"/*", "/news/mesa/", true},
		{"/assets/*", "/assets/style.0123456789.css", true},
		{"/assets/*", "/news/assets.html", false},
		{"/*.json", "/status.json", true},
		{"/*.json", "/api/v2/incidents/unresolved.json", true},
		{"/*.json", "/status.jsonx", false},
		{"/feed.json", "/feed.json", true},
		{"/feed.json", "/releases/f43/feed.json", false},
		{"/releases/*/feed.json", "/releases/f43/feed.json", true},
		{"/releases/*/feed.json", "/feed.json", false},
		{"/releases/:id/status.json", "/releases/f43/status.json", true},
		{"/releases/:id/status.json", "/releases/a/b/status.json", false},
		{"/badges/*.svg", "/badges/f43.svg", true},
		{"/badges/*.svg", "/badges/f43.json", false},
		{"/*.ics", "/services/koji/maintenance.ics", true},
		{"/News/*", "/news/x/", true},
	}
	for _, tt := range tests {
		if got := netlifyPattern(tt.rule).MatchString(tt.path); got != tt.want {
			t.Errorf("%q matches %q: %v, want %v", tt.rule, tt.path, got, tt.want)
		}
	}
}

// sitePaths renders the sample site as it is deployed and returns the path
// of every file, the paths a browser requests for pages ("/news/mesa/"),
// and the feed URLs its pages link to, with the media type they give.
func sitePaths(t *testing.T) (paths []string, feedTypes map[string]string, out *golden.Files) {
	t.Helper()
	out = render(t, generator.Config{Content: "../content", Now: goldenNow, Minify: true})
	for _, name := range out.Names() {
		paths = append(paths, "/"+name)
		if dir, ok := strings.CutSuffix(name, "index.html"); ok {
			paths = append(paths, "/"+dir)
		}
	}
	p, err := generator.Prepare(t.Context(), generator.Config{Content: "../content", Now: goldenNow})
	if err != nil {
		t.Fatal(err)
	}
	feedTypes = map[string]string{}
	dirs := []string{"/"}
	for _, rel := range p.Site.Releases {
		dirs = append(dirs, rel.Path())
	}
	for _, sv := range p.Site.Services {
		dirs = append(dirs, sv.Path())
	}
	for _, dir := range dirs {
		for _, f := range feeds.Formats {
			link := dir + "feed" + f.Ext()
			feedTypes[link] = f.MediaType()
			if !slices.Contains(paths, link) {
				paths = append(paths, link)
			}
		}
	}
	return paths, feedTypes, out
}

// TestNetlifyHeaders checks netlify.toml against every file of the built
// sample site and every feed its pages link to.
func TestNetlifyHeaders(t *testing.T) {
	rules := readNetlifyRules(t)
	paths, feeds, _ := sitePaths(t)
	fingerprinted := regexp.MustCompile(`\.[0-9a-f]{10}\.[a-z]+$`)
	for _, p := range paths {
		h, clashes := headersFor(rules, p)
		for _, c := range clashes {
			t.Errorf("%s: %s", p, c)
		}
		if h["Content-Security-Policy"] == "" || h["X-Content-Type-Options"] != "nosniff" {
			t.Errorf("%s: no Content-Security-Policy or nosniff: %v", p, h)
		}
		maxAge := cacheMaxAge(h["Cache-Control"])
		ext := path.Ext(p)
		switch {
		case strings.HasPrefix(p, "/assets/"):
			if !fingerprinted.MatchString(p) {
				t.Errorf("%s: cached for good, but its name has no content hash", p)
			}
			if maxAge < 365*24*3600 || !strings.Contains(h["Cache-Control"], "immutable") {
				t.Errorf("%s: Cache-Control %q, want a year, immutable", p, h["Cache-Control"])
			}
		case ext == ".json" || ext == ".atom" || ext == ".rss" || ext == ".ics":
			if h["Access-Control-Allow-Origin"] != "*" {
				t.Errorf("%s: Access-Control-Allow-Origin %q, want *", p, h["Access-Control-Allow-Origin"])
			}
			if maxAge <= 0 || maxAge > 300 {
				t.Errorf("%s: Cache-Control %q, want a short max-age", p, h["Cache-Control"])
			}
		case strings.HasPrefix(p, "/badges/"):
			if maxAge <= 0 || maxAge > 300 {
				t.Errorf("%s: Cache-Control %q, want a short max-age: a badge shows the state of now", p, h["Cache-Control"])
			}
		default:
			// Pages keep Netlify's default, revalidated on every request,
			// so that a new incident shows at once.
			if h["Cache-Control"] != "" {
				t.Errorf("%s: Cache-Control %q on a page", p, h["Cache-Control"])
			}
		}
		wantType := map[string]string{".atom": "application/atom+xml", ".rss": "application/rss+xml", ".ics": "text/calendar"}[ext]
		if ft, ok := feeds[p]; ok {
			wantType = ft
		}
		gotType, params, _ := mime.ParseMediaType(h["Content-Type"])
		if gotType != wantType {
			t.Errorf("%s: Content-Type %q, want %q", p, h["Content-Type"], wantType)
		}
		if ext == ".ics" && params["charset"] != "utf-8" {
			// RFC 5545 text is UTF-8, but text/* defaults to US-ASCII.
			t.Errorf("%s: Content-Type %q, want charset=utf-8", p, h["Content-Type"])
		}
	}
	for _, want := range []string{"/status.json", "/releases/f43/status.json", "/api/v2/summary.json", "/schema/status-v1.json", "/feed.json", "/releases/f43/feed.atom",
		"/api/pkgdb/collections.json", "/maintenance.ics", "/releases/f43/maintenance.ics", "/services/koji/maintenance.ics", "/badges/f43.svg", "/badges/koji.json"} {
		if !slices.Contains(paths, want) {
			t.Errorf("%s is not among the paths checked", want)
		}
	}
}

// cacheMaxAge returns the max-age of a Cache-Control value, or -1.
func cacheMaxAge(v string) int {
	for _, d := range strings.Split(v, ",") {
		if n, ok := strings.CutPrefix(strings.TrimSpace(d), "max-age="); ok {
			if age, err := strconv.Atoi(n); err == nil {
				return age
			}
		}
	}
	return -1
}

// csp is a Content-Security-Policy: the sources of each directive.
type csp map[string][]string

func parseCSP(t *testing.T, policy string) csp {
	t.Helper()
	c := csp{}
	for _, d := range strings.Split(policy, ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			continue
		}
		for _, src := range f[1:] {
			if src != "'self'" && src != "'none'" && src != "https:" {
				t.Fatalf("the test knows 'self', 'none' and https: sources only, not %s", src)
			}
		}
		c[f[0]] = f[1:]
	}
	return c
}

// allows reports whether the policy lets a page of the site at base load
// ref under directive (falling back to default-src, as browsers do).
func (c csp) allows(directive string, base *url.URL, ref string) bool {
	srcs, ok := c[directive]
	if !ok {
		srcs = c["default-src"]
	}
	u, err := base.Parse(ref)
	if err != nil {
		return false
	}
	for _, s := range srcs {
		switch {
		case s == "'self'" && u.Scheme == base.Scheme && u.Host == base.Host:
			return true
		case s == "https:" && u.Scheme == "https":
			return true
		}
	}
	return false
}

// TestContentSecurityPolicy renders the sample, real-world and hostile
// sites and checks that no page does what the policy in netlify.toml
// forbids: inline script or style, style attributes, event handlers,
// frames, forms, <base>, or loading from where it may not.
func TestContentSecurityPolicy(t *testing.T) {
	var policy string
	for _, r := range readNetlifyRules(t) {
		if r.For == "/*" {
			policy = r.Values["Content-Security-Policy"]
		}
	}
	c := parseCSP(t, policy)
	for _, want := range []string{"default-src", "script-src", "style-src", "img-src", "frame-ancestors", "base-uri", "form-action"} {
		if _, ok := c[want]; !ok {
			t.Errorf("the policy has no %s", want)
		}
	}
	sites := map[string]*golden.Files{
		"sample":     render(t, generator.Config{Content: "../content", Now: goldenNow, Minify: true}),
		"real world": render(t, generator.Config{Content: "testdata/realworld/content", Now: goldenNow}),
		"hostile":    render(t, generator.Config{Content: "testdata/hostile/content", Now: goldenNow}),
	}
	base, _ := url.Parse("https://status.example.org/")
	for site, out := range sites {
		for _, name := range out.Names() {
			if path.Ext(name) != ".html" {
				continue
			}
			data, _ := out.Get(name)
			for _, v := range cspViolations(c, base, string(data)) {
				t.Errorf("%s: %s: %s", site, name, v)
			}
		}
	}
}

func cspViolations(c csp, base *url.URL, page string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		bad := func(why string) { out = append(out, why+": "+tok.String()) }
		for _, a := range tok.Attr {
			switch {
			case a.Key == "style":
				bad("a style attribute")
			case strings.HasPrefix(a.Key, "on"):
				bad("an event handler")
			}
		}
		switch tok.Data {
		case "script":
			if src := attr(tok, "src"); src == "" {
				bad("an inline script")
			} else if !c.allows("script-src", base, src) {
				bad("a script from elsewhere")
			}
		case "style":
			bad("an inline style sheet")
		case "link":
			rel, href := attr(tok, "rel"), attr(tok, "href")
			switch {
			case rel == "stylesheet" && !c.allows("style-src", base, href):
				bad("a style sheet from elsewhere")
			case strings.Contains(rel, "icon") && !c.allows("img-src", base, href):
				bad("an icon from elsewhere")
			case rel == "manifest" && !c.allows("manifest-src", base, href):
				bad("a manifest from elsewhere")
			}
		case "img":
			if !c.allows("img-src", base, attr(tok, "src")) {
				bad("an image from where img-src forbids")
			}
		case "iframe", "frame", "object", "embed":
			if !c.allows("frame-src", base, attr(tok, "src")) {
				bad("a frame or plugin")
			}
		case "form":
			if !c.allows("form-action", base, attr(tok, "action")) {
				bad("a form")
			}
		case "base":
			if !c.allows("base-uri", base, attr(tok, "href")) {
				bad("a <base>")
			}
		}
	}
}

// attr returns the value of a token's attribute, or "".
func attr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
