package markdown

import (
	"net/url"
	"testing"
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
