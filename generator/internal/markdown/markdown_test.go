package markdown

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"
)

func TestMarkdownText(t *testing.T) {
	base, _ := url.Parse("https://status.example.org/news/x/")
	tests := []struct{ in, want string }{
		{"One *two* `three`.\n\nFour.", "One two three.\n\nFour."},
		{"- a\n- b\n- c\n\nAfter.", "- a\n- b\n- c\n\nAfter."},
		{"1. first\n2. second", "1. first\n2. second"},
		{"- loose\n\n- list", "- loose\n- list"},
		{"See [the bug](https://bugs.example.org/1).", "See the bug (https://bugs.example.org/1)."},
		{"See [other](../y/).", "See other (https://status.example.org/news/y/)."},
		{"Run:\n\n```sh\nsudo dnf upgrade\n```", "Run:\n\n    sudo dnf upgrade"},
		{"<b>raw</b> text", "<b>raw</b> text"},
		{"# Title\n\nText", "Title\n\nText"},
		{"| GPU | Affected |\n|---|---|\n| AMD | yes |\n| Intel | no |\n\nAfter.", "GPU | Affected\nAMD | yes\nIntel | no\n\nAfter."},
		{"- [x] reproduced\n- [ ] fixed", "- [x] reproduced\n- [ ] fixed"},
	}
	for _, tt := range tests {
		if got := Text(tt.in, base); got != tt.want {
			t.Errorf("Text(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
		}
	}
}

// TestSummary checks the summary lists show: the first paragraph, cut at
// a word, and a paragraph that introduces code followed by the code's
// first line, so that it does not read as cut off.
func TestSummary(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"First *paragraph*.\n\nSecond.", "First paragraph."},
		{"# Title\n\nText under it.", "Text under it."},
		{"Since the update, dnf aborts with:\n\n```\n\nError: Transaction failed\nmore\n```\n", "Since the update, dnf aborts with: “Error: Transaction failed”"},
		{"It fails with:\n\n- a list, not code", "It fails with:"},
		{strings.Repeat("word ", 60), strings.TrimSpace(strings.Repeat("word ", 44)) + "…"},
	} {
		src := []byte(tt.in)
		doc := markdown.Parser().Parse(text.NewReader(src))
		if got := Summary(doc, src); got != tt.want {
			t.Errorf("Summary(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestFileRefs checks which links are to files beside the text.
func TestFileRefs(t *testing.T) {
	src := []byte("![a](shot.png) [b](logs/x.txt?raw=1) [c](../other/) [d](/news/) [e](https://example.org/f.png) [f](#top) [g](../../etc/passwd) [h](&#106;avascript:x) [i](./shot.png)\n")
	var got []string
	for _, r := range FileRefs(src) {
		got = append(got, fmt.Sprintf("%s@%d", r.Name, r.Offset))
	}
	if want := "shot.png@0 logs/x.txt@15 shot.png@150"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %s", got, want)
	}
}
