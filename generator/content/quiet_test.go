package content

import (
	"strings"
	"testing"
)

// TestQuietMistakes pins what once loaded without a word: text that only
// looks empty, a key given twice, a link that is not a URL, an image the
// site's Content-Security-Policy blocks.
func TestQuietMistakes(t *testing.T) {
	const f, s = "content/news/x.md", "content/site.yaml"
	tests := []struct{ name, site, entry, want string }{
		{"a title of zero-width characters", testSiteYAML, entry(strings.Replace(incident, "Mesa breaks Steam", "\"\u200b\u200d\u2060\"", 1)),
			f + `:2:8: title is empty`},
		{"a title of a Hangul filler", testSiteYAML, entry(strings.Replace(incident, "Mesa breaks Steam", "\u3164", 1)),
			f + `:2:8: title is empty`},
		{"a package of soft hyphens", testSiteYAML, entry(incident + "packages: [mesa, \"\u00ad\u00ad\"]\n"),
			f + `:7:18: a package is empty`},
		{"an update of a zero-width space", testSiteYAML, entry(incident + "updates:\n  - at: 2026-11-03\n    status: identified\n    text: \"\u200b\"\n"),
			f + `:8:5: update 1 has no text`},
		{"a link with a password", testSiteYAML, entry(incident + "links:\n  - https://jane:hunter2@bugs.example.org/1\n"),
			f + `:8:5: link "https://jane:xxxxx@bugs.example.org/1" must not hold a user name or password`},
		{"a link to no host", testSiteYAML, entry(incident + "links:\n  - https:///path\n"),
			f + `:8:5: link "https:///path" must be an absolute http:// or https:// URL`},
		{"an os_release key given twice", testSiteYAML + "  - id: f44\n    name: Fedora 44\n    os_release:\n      id: fedora\n      version_id: \"44\"\n      id: centos\n", entry(incident),
			s + `:17:7: os_release field "id" given twice (first at line 15); keep one`},
		{"an os_release key given twice in two cases", testSiteYAML + "  - id: f44\n    name: Fedora 44\n    os_release: {ID: fedora, id: centos}\n", entry(incident),
			s + `:14:30: os_release field "id" given twice (first at line 14); keep one`},
		{"an http image in the text", testSiteYAML, entry(incident) + "\nSee:\n\n![the error](http://img.example.org/error.png)\n",
			f + `:12:1: image http://img.example.org/error.png would not show: the site's Content-Security-Policy takes images from https only; link it over https`},
		{"an http image by reference", testSiteYAML, entry(incident) + "\n![the error][e]\n\n[e]: HTTP://img.example.org/error.png\n",
			f + `:10:1: image http://img.example.org/error.png would not show: the site's Content-Security-Policy takes images from https only; link it over https`},
		{"an http image in a workaround", testSiteYAML, entry(incident + "workaround: \"Click ![here](http://img.example.org/x.png)\"\n"),
			f + `:7:13: workaround: image http://img.example.org/x.png would not show: the site's Content-Security-Policy takes images from https only; link it over https`},
		{"an http image in an update's workaround", testSiteYAML, entry(incident + "updates:\n  - at: 2026-11-03\n    status: identified\n    text: Found.\n    workaround: \"![here](http://img.example.org/x.png)\"\n"),
			f + `:11:17: the workaround of update 1: image http://img.example.org/x.png would not show: the site's Content-Security-Policy takes images from https only; link it over https`},
		{"an http image in a review", testSiteYAML, entry(resolvedIncident + "review:\n  published: 2026-11-20\n  cause: \"![graph](http://img.example.org/g.png)\"\n"),
			f + `:11:10: review cause: image http://img.example.org/g.png would not show: the site's Content-Security-Policy takes images from https only; link it over https`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := openTest(t, tt.site, map[string]string{"news/x.md": tt.entry})
			if err == nil || err.Error() != tt.want {
				t.Errorf("got:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

// TestLinksNormalized wants every link an absolute http(s) URL written as
// a browser would send it: pages escape what they show, but JSON and feed
// readers take the string as it is.
func TestLinksNormalized(t *testing.T) {
	tests := []struct{ in, want string }{
		{`https://bugs.example.org/"><script>alert(1)</script>`, `https://bugs.example.org/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E`},
		{`https://bugs.example.org/search?q="><b>x</b>&n=1`, `https://bugs.example.org/search?q=%22%3E%3Cb%3Ex%3C/b%3E&n=1`},
		{`https://bugs.example.org/a#"><svg>`, `https://bugs.example.org/a#%22%3E%3Csvg%3E`},
		{`HTTPS://Bugs.Example.ORG/Show?id=1`, `https://bugs.example.org/Show?id=1`},
		{`https://bücher.example/ä?q=ü`, `https://xn--bcher-kva.example/%C3%A4?q=%C3%BC`},
		{`https://bugzilla.redhat.com/show_bug.cgi?id=2397110`, `https://bugzilla.redhat.com/show_bug.cgi?id=2397110`},
		{`https://example.org/a%20b?x=%41`, `https://example.org/a%20b?x=%41`},
	}
	for _, tt := range tests {
		site, _, err := openTest(t, testSiteYAML, map[string]string{"news/x.md": entry(incident + "links:\n  - '" + tt.in + "'\n")})
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if got := site.Entries[0].Links[0].URL; got != tt.want {
			t.Errorf("link %s\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}
