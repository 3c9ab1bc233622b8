package markdown

import (
	"net/url"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
)

// FuzzMarkdownSafe converts any text as an entry's Markdown and wants no
// executable markup out: only the elements and attributes the renderer
// itself writes, links only to http, https or mailto, images only from
// http or https, no event handler, no style. Check, Summary and PlainText
// must take the same text without a panic. go test runs the seeds (and
// testdata/fuzz/FuzzMarkdownSafe); go test -fuzz FuzzMarkdownSafe looks
// for more.
func FuzzMarkdownSafe(f *testing.F) {
	for _, seed := range []string{
		"One *two* `three`.\n\n- a\n- b\n\n1. c\n",
		"[x](javascript:alert(1)) ![i](javascript:x) <javascript:y>",
		"[x](java&#9;script:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html,<script>alert(1)</script>)",
		"<script>alert(1)</script>\n\n<b onclick=\"x\">bold</b> <img src=x onerror=alert(1)>",
		"<div>\nblock\n</div>\n\n<!-- comment --><?php x ?><![CDATA[x]]>",
		"[a]: javascript:alert(1)\n\n[link][a] ![img][a]",
		"| a | b |\n|:--|--:|\n| <i>x</i> | [y](vbscript:msgbox) |\n",
		"- [x] done\n- [ ] not <input type=text>\n",
		"# Title {#id onclick=x}\n\n## Workaround\n\n```html\n<script>alert(1)</script>\n```\n",
		"www.example.org https://example.org/\"onmouseover=\"x <mailto:a@b.example> a@b.example",
		"![x](http://img.example.org/a.png \"title\") ![y](//evil.example/a.png)",
		"[x](<javascript:alert(1)>) [y](\x00javascript:alert(1)) [z](\u2028javascript:alert(1))",
		"~~strike~~ **bold** _em_ \\<script>",
		strings.Repeat("> ", 20) + "deep\n\n" + strings.Repeat("[a](", 50),
	} {
		f.Add(seed)
	}
	base, _ := url.Parse("https://status.example.org/news/x/")
	f.Fuzz(func(t *testing.T, src string) {
		for _, p := range Check(src) {
			if !strings.HasPrefix(p.Message, "image ") {
				return // refused as slow to convert: never converted
			}
		}
		out, doc := Convert([]byte(src), base, ids{})
		Summary(doc, []byte(src))
		PlainText(doc, []byte(src))
		for _, problem := range executable(string(out)) {
			t.Errorf("%s\nin %q\nfrom %q", problem, out, src)
		}
	})
}

// ids makes heading ids as simply as can be: the fuzzer is after what
// the text makes of the markup, not the ids.
type ids struct{}

func (ids) Generate(value []byte, _ ast.NodeKind) []byte { return []byte("h") }
func (ids) Put([]byte)                                   {}

// allowed are the elements the renderer writes and the attributes each
// may have.
var allowed = map[string][]string{
	"p": nil, "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
	"a": {"href", "title"}, "img": {"src", "alt", "title"},
	"ul": nil, "ol": {"start"}, "li": nil, "blockquote": nil, "pre": nil, "code": {"class"},
	"em": nil, "strong": nil, "del": nil, "hr": nil, "br": nil,
	"div": {"class", "role", "aria-label", "tabindex"}, "table": nil, "thead": nil, "tbody": nil,
	"tr": nil, "th": {"align"}, "td": {"align"},
	"input": {"type", "checked", "disabled", "aria-label"},
}

// executable returns what in a fragment of HTML could run script or load
// what the page did not mean to.
func executable(fragment string) []string {
	var problems []string
	z := html.NewTokenizer(strings.NewReader(fragment))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return problems
		case html.CommentToken, html.DoctypeToken:
			problems = append(problems, "a comment or doctype: "+string(z.Raw()))
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			attrs, ok := allowed[tok.Data]
			if !ok {
				problems = append(problems, "element "+tok.Data)
				continue
			}
			for _, a := range tok.Attr {
				switch {
				case a.Namespace != "" || !contains(attrs, a.Key):
					problems = append(problems, tok.Data+" with attribute "+a.Key)
				case a.Key == "href" && !scheme(a.Val, "http", "https", "mailto"):
					problems = append(problems, "a link to "+a.Val)
				case a.Key == "src" && !scheme(a.Val, "http", "https"):
					problems = append(problems, "an image from "+a.Val)
				case tok.Data == "input" && a.Key == "type" && a.Val != "checkbox":
					problems = append(problems, "an input of type "+a.Val)
				}
			}
			if tok.Data == "input" && !hasAttr(tok, "disabled") {
				problems = append(problems, "an input that is not disabled")
			}
		}
	}
}

// scheme reports whether a URL, as a browser reads it, is absolute with
// one of the schemes.
func scheme(raw string, schemes ...string) bool {
	u, err := url.Parse(raw)
	if err != nil || strings.ContainsAny(raw, "\t\n\r\x00 ") || u.Host == "" && u.Scheme != "mailto" {
		return false
	}
	return contains(schemes, strings.ToLower(u.Scheme))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func hasAttr(tok html.Token, key string) bool {
	for _, a := range tok.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// TestExecutable checks the checker of FuzzMarkdownSafe: what it must
// find, it finds, and what the renderer writes, it lets be.
func TestExecutable(t *testing.T) {
	for _, bad := range []string{
		`<script>x</script>`, `<p onclick="x">a</p>`, `<a href="javascript:x">a</a>`, `<a href=" javascript:x">a</a>`,
		`<a href="JaVaScRiPt:x">a</a>`, `<img src="data:image/png;base64,x">`, `<a href="/relative">a</a>`,
		`<p style="x">a</p>`, `<iframe src="https://x.example/"></iframe>`, `<svg><a href="https://x.example/">`,
		`<input type="text" disabled>`, `<input type="checkbox">`, `<!-- x -->`, `<a href="mailto:a@b.example"><img src="mailto:x"></a>`,
	} {
		if len(executable(bad)) == 0 {
			t.Errorf("executable(%q) finds nothing", bad)
		}
	}
	base, _ := url.Parse("https://status.example.org/news/x/")
	good, _ := Convert([]byte("# A\n\n[b](../y/) ![c](https://i.example/c.png) <mailto:d@e.example>\n\n- [x] f\n\n| g |\n|:-|\n| h |\n\n```sh\ni\n```\n"), base, ids{})
	if p := executable(string(good)); len(p) > 0 {
		t.Errorf("executable finds %v in what the renderer writes:\n%s", p, good)
	}
}

// FuzzFileRefs checks FileRefs's quick look before it parses: a text in
// which the parse finds a file must never be passed over as linking none.
func FuzzFileRefs(f *testing.F) {
	for _, seed := range []string{
		"![a](shot.png) [b](logs/x.txt?raw=1) [c](../other/) [d](/news/) [e](https://example.org/f.png) [f](#top)",
		"[a](\n  shot.png) [b]( <logs/dmesg.txt> )",
		"[r]: shot.png\n\n![x][r]",
		"[r]:\n  logs/x.txt\n\n[x][r]",
		"[a](https://example.org/) then [b](HTTPS://example.org/) then [c](shot.png)",
		"[a](&#104;ttps://example.org/x.png) [b](mailto:a@b.example) [c](//cdn.example/x.png)",
		"Text [not a link] (shot.png) and a]:colon",
		"```\nsystemd[1]: Timed out\n```\n\n[a](https://example.org/)",
		"> [r]: shot.png\n>\n> [x][r]",
		"- [r]: logs/x.txt\n\n  [x][r]",
		"1. [r]: shot.png\n\n   ![x][r]",
		"[multi\nline]: shot.png\n\n[x][multi line]",
		"[a\\[b]: shot.png\n\n[x][a\\[b]",
		"  [r]:shot.png\n\n[r]",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if refs := parseRefs([]byte(src)); len(refs) > 0 && !mayLinkFile([]byte(src)) {
			t.Errorf("the quick look passes over %q, which links %v", src, refs)
		}
	})
}
