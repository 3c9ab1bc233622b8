package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestErrorText pins how problems name what is wrong where: a control
// character at its own line and column, and file names that would break
// a problem over two lines, color a terminal or are not UTF-8, quoted.
func TestErrorText(t *testing.T) {
	entryWith := func(extra string) []byte {
		return []byte(entry(incident + extra))
	}
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"a control character in front matter",
			fstest.MapFS{"news/x.md": {Data: entryWith("workaround: reboot \x07now\n")}},
			"content/news/x.md:7:20: a control character (U+0007) is not allowed in front matter: remove it"},
		{"a control character in site.yaml",
			fstest.MapFS{"site.yaml": {Data: []byte(testSiteYAML + "description: \x1b[31mred\n")}},
			"content/site.yaml:12:14: a control character (U+001B) is not allowed in site.yaml: remove it"},
		{"a line break in a file name",
			fstest.MapFS{"news/new\nline.md": {Data: entryWith("")}},
			`"content/news/new\nline.md":1:1: file name "news/new\nline.md" does not give a usable slug: use lowercase letters, digits and hyphens, like new-line.md`},
		{"an escape sequence in a file name",
			fstest.MapFS{"news/\x1b[2Jx.md": {Data: entryWith("")}},
			`"content/news/\x1b[2Jx.md":1:1: file name "news/\x1b[2Jx.md" does not give a usable slug: use lowercase letters, digits and hyphens, like 2jx.md`},
		{"a file name that is not UTF-8",
			fstest.MapFS{"news/bad\xffname.md": {Data: entryWith("")}},
			`"content/news/bad\xffname.md": the name is not valid UTF-8: rename it`},
		{"a folder name that is not UTF-8",
			fstest.MapFS{"news/\xff/x.md": {Data: entryWith("")}},
			`"content/news/\xff": the name is not valid UTF-8: rename it`},
		{"a badly named file in another's problem",
			fstest.MapFS{
				"news/a.md":        {Data: []byte(entry(incident + "id: a1\n"))},
				"old/\x1b[2J/a.md": {Data: []byte(entry(strings.Replace(incident, "2026-11-02", "2026-11-01", 1)))},
			},
			`content/news/a.md:1:1: slug "a" is also the slug of "content/old/\x1b[2J/a.md"; rename one of the files`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.fsys["site.yaml"] == nil {
				tt.fsys["site.yaml"] = &fstest.MapFile{Data: []byte(testSiteYAML)}
			}
			_, _, err := Load(t.Context(), tt.fsys, "content")
			if err == nil || err.Error() != tt.want {
				t.Errorf("got:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

// TestOldMacLineEnds reads files whose lines end in a lone carriage
// return, as classic Mac OS wrote them and some editors still can: they
// load as lines, and problems are told at the line an editor shows.
func TestOldMacLineEnds(t *testing.T) {
	cr := func(s string) string { return strings.ReplaceAll(s, "\n", "\r") }
	site, _, err := openTest(t, cr(testSiteYAML), map[string]string{"news/x.md": cr(entry(incident))})
	if err != nil {
		t.Fatal(err)
	}
	if e := site.Entries[0]; e.Title != "Mesa breaks Steam" || string(e.Body) != "Body.\n" || len(site.Releases) != 3 {
		t.Errorf("title %q, body %q, %d releases", e.Title, e.Body, len(site.Releases))
	}
	_, _, err = openTest(t, cr(testSiteYAML), map[string]string{"news/x.md": cr(entry(strings.Replace(incident, "[f43]", "[f99]", 1)))})
	want := `content/news/x.md:4:12: unknown release "f99"; known: f42, f43, f41, all`
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}
