package render

import (
	"fmt"
	"net/url"
	"runtime"
	"slices"
	"testing"

	"github.com/yuin/goldmark/ast"

	"github.com/bulletin-status/bulletin/generator/internal/markdown"
)

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
		if got, _ := markdown.Convert([]byte(tt.in), base, newHeadingIDs()); string(got) != tt.want {
			t.Errorf("convert(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
		}
	}
}

// TestHeadingIDsLinear gives one page thousands of headings of the same
// text, and wants each id found in a step, not by trying every number
// taken before it: an entry of many "# a" lines made a page cost the
// square of its headings.
func TestHeadingIDsLinear(t *testing.T) {
	ids := newHeadingIDs()
	const n = 20000
	var last []byte
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		last = ids.Generate([]byte("Workaround"), ast.KindHeading)
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 512 {
		t.Errorf("each of %d headings of the same text allocates %d bytes", n, per)
	}
	if want := fmt.Sprintf("workaround-%d", n); string(last) != want {
		t.Errorf("the last id is %q, want %q", last, want)
	}
	// An id taken by a heading whose text ends in a number stays taken.
	ids = newHeadingIDs()
	var got []string
	for _, text := range []string{"Step 1", "Step", "Step", "Step"} {
		got = append(got, string(ids.Generate([]byte(text), ast.KindHeading)))
	}
	if want := []string{"step-1", "step", "step-2", "step-3"}; !slices.Equal(got, want) {
		t.Errorf("ids %q, want %q", got, want)
	}
}
