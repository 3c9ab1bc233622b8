package write

import (
	"strings"
	"testing"
	"text/template"
)

// TestLayoutComments checks that what a comment says does not change how
// the markup after it is minified: an apostrophe in a comment once left
// the rest of a layout unminified.
func TestLayoutComments(t *testing.T) {
	const markup = "<section>\n<h2>History</h2>\n<p>{{.}}</p>\n</section>\n"
	want, err := Minify(true).Layout("plain.html", []byte(markup))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(want), "\n") {
		t.Fatalf("without a comment, minified to %q: not one line", want)
	}
	for _, comment := range []string{
		"{{/* the page's title */}}",
		"{{/* it's\n   two lines, \"quoted */}}",
		"{{- /* trims: <b>'</b> */ -}}",
	} {
		got, err := Minify(true).Layout("commented.html", []byte(comment+"\n"+markup))
		if err != nil {
			t.Fatal(err)
		}
		rest := string(got[strings.Index(string(got), "}}")+2:])
		if rest != string(want) && strings.TrimSpace(rest) != string(want) {
			t.Errorf("after %q, minified to %q, want %q", comment, rest, want)
		}
		if _, err := template.New("").Parse(string(got)); err != nil {
			t.Errorf("after %q: %v", comment, err)
		}
	}
	off, _ := Minify(false).Layout("commented.html", []byte("{{/* it's */}}"+markup))
	if string(off) != "{{/* it's */}}"+markup {
		t.Errorf("not minifying, the layout became %q", off)
	}
}
