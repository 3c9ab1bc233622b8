package generator

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
		if got := MarkdownText(tt.in, base); got != tt.want {
			t.Errorf("MarkdownText(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
		}
	}
}

// TestMarkdownHTML checks what convert makes of a fragment, with relative
// links resolved against base.
func TestMarkdownHTML(t *testing.T) {
	base, _ := url.Parse("https://status.example.org/news/x/")
	tests := []struct{ in, want string }{
		{"[rel](../y/) [abs](https://a.example/) [mail](mailto:a@b.example)",
			`<p><a href="https://status.example.org/news/y/">rel</a> <a href="https://a.example/">abs</a> <a href="mailto:a@b.example">mail</a></p>` + "\n"},
		{"[x](javascript:alert(1)) ![i](javascript:x) <javascript:y>",
			"<p>x i javascript:y</p>\n"},
		// The entity makes the destination a relative path, not a scheme:
		// it resolves under the entry, where it can do no harm.
		{"[x](java&#9;script:alert(1))", `<p><a href="https://status.example.org/news/x/java%09script:alert(1)">x</a></p>` + "\n"},
		{"<b onclick=\"x\">bold</b>", "<p>&lt;b onclick=&#34;x&#34;&gt;bold&lt;/b&gt;</p>\n"},
		{"<div>\nblock\n</div>", "<p>&lt;div&gt;\nblock\n&lt;/div&gt;</p>\n"},
		{"# One\n\n## Two", "<h2 id=\"one\">One</h2>\n<h3 id=\"two\">Two</h3>\n"},
		{"## Workaround", "<h2 id=\"workaround-1\">Workaround</h2>\n"},
		{"www.example.org", `<p><a href="http://www.example.org">www.example.org</a></p>` + "\n"},
	}
	for _, tt := range tests {
		if got, _ := convert([]byte(tt.in), base, newHeadingIDs()); string(got) != tt.want {
			t.Errorf("convert(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
		}
	}
}
