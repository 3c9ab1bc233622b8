// Package markdown converts the Markdown that editors write into HTML and
// plain text, safely: CommonMark with GFM tables, strikethrough, autolinks
// and task lists; raw HTML shown as text, never passed through; links
// only to http(s) and mailto, resolved against the page they are on.
package markdown

import (
	"bufio"
	"bytes"
	"html/template"
	"net"
	"net/url"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/idna"
)

// markdown is the one converter for all content: CommonMark with GFM
// tables, strikethrough, autolinks and task lists, heading anchors, and
// nothing an editor writes can become markup or script of its own.
var markdown = goldmark.New(
	goldmark.WithExtensions(
		extension.Linkify,
		extension.Strikethrough,
		extension.TaskList,
		// Alignment as an attribute, not inline style, which the site's
		// Content-Security-Policy forbids.
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
	),
	goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(contentTransformer{}, 100)),
	),
	goldmark.WithRendererOptions(
		renderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100), util.Prioritized(accessibleGFM{}, 100)),
	),
)

// baseKey carries, through the parser context, the absolute URL that
// relative links in the text are resolved against.
var baseKey = parser.NewContextKey()

// Convert renders Markdown to HTML, resolving relative links against base.
// ids makes the ids of headings; it returns the document's tree too.
func Convert(src []byte, base *url.URL, ids parser.IDs) (template.HTML, ast.Node) {
	ctx := parser.NewContext(parser.WithIDs(ids))
	ctx.Set(baseKey, base)
	doc := markdown.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	out := outputs.Get().(*output)
	defer outputs.Put(out)
	out.buf.Reset()
	out.w.Reset(&out.buf)
	err := markdown.Renderer().Render(out.w, src, doc)
	if err == nil {
		err = out.w.Flush()
	}
	if err != nil {
		// Rendering into memory fails only on a bug in a node renderer;
		// show the text rather than lose it.
		return template.HTML("<pre>" + template.HTMLEscapeString(string(src)) + "</pre>"), doc
	}
	return template.HTML(out.buf.String()), doc
}

// output is where convert renders. Entries are converted by the ten
// thousand in a large build; reusing the buffer, and the bufio.Writer that
// goldmark would otherwise make for every call, spares most of the
// garbage.
type output struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var outputs = sync.Pool{New: func() any {
	out := new(output)
	out.w = bufio.NewWriter(&out.buf)
	return out
}}

// contentTransformer makes what editors write safe and portable: links
// resolved to absolute http(s) or mailto URLs (anything else, such as
// javascript:, loses its link and keeps its text), and headings demoted
// when the text uses a level-one heading, which the page title owns.
type contentTransformer struct{}

func (contentTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	base, _ := pc.Get(baseKey).(*url.URL)
	src := reader.Source()
	demote := false
	var unlink []ast.Node
	var autolinks []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level == 1 {
				demote = true
			}
		case *ast.Link:
			if u, ok := safeURL(string(n.Destination), base, false); ok {
				n.Destination = []byte(u)
			} else {
				unlink = append(unlink, n)
			}
		case *ast.Image:
			if u, ok := safeURL(string(n.Destination), base, true); ok {
				n.Destination = []byte(u)
			} else {
				unlink = append(unlink, n)
			}
		case *ast.AutoLink:
			autolinks = append(autolinks, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unlink {
		// Keep the text of the link, drop the link.
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	for _, n := range autolinks {
		label := n.Label(src)
		raw := string(n.URL(src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(raw), "mailto:") {
			raw = "mailto:" + raw
		}
		var repl ast.Node
		if u, ok := safeURL(raw, base, false); ok {
			link := ast.NewLink()
			link.Destination = []byte(u)
			link.AppendChild(link, ast.NewString(label))
			repl = link
		} else {
			repl = ast.NewString(label)
		}
		n.Parent().ReplaceChild(n.Parent(), n, repl)
	}
	if demote {
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if h, ok := n.(*ast.Heading); ok && entering && h.Level < 6 {
				h.Level++
			}
			return ast.WalkContinue, nil
		})
	}
}

// safeURL resolves a link from content against base and reports whether
// it may be linked: http or https with a host, or (not for images)
// mailto. Browsers
// ignore tabs and newlines inside a URL ("java\tscript:"), so a URL that
// holds any control character or space is refused rather than cleaned.
func safeURL(raw string, base *url.URL, image bool) (string, bool) {
	for _, r := range raw {
		if r <= ' ' || r == 0x7f {
			return "", false
		}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	if u.Scheme == "" && base != nil {
		u = base.ResolveReference(u)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		// "https:#x" is no address a reader can follow (a browser reads
		// it as a place on the page itself), nor is "//a\"b".
		return u.String(), validHost(u)
	case "mailto":
		return u.String(), !image
	case "":
		return u.String(), true // no base to resolve against: a fragment or path as written
	}
	return "", false
}

// validHost reports whether a URL names a host a browser can look up: an
// address, or a name (international ones too) of letters, digits and
// hyphens, with a port of digits.
func validHost(u *url.URL) bool {
	host, port := u.Hostname(), u.Port()
	if host == "" || strings.Trim(port, "0123456789") != "" {
		return false
	}
	if net.ParseIP(host) != nil {
		return true
	}
	_, err := idna.Lookup.ToASCII(host)
	return err == nil
}

// accessibleGFM renders the GFM nodes whose goldmark HTML fails WCAG:
//
//   - the box of a task list item ("- [x] reproduced") gets a name: a form
//     control without one is announced as a bare "checkbox" (4.1.2);
//   - a table sits in a box that scrolls sideways when the table is wider
//     than a phone, and that box takes keyboard focus, so that people who
//     do not use a pointer can scroll it too (2.1.1). (Squeezing the
//     columns instead breaks words into single letters.)
type accessibleGFM struct{}

func (accessibleGFM) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(east.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if n.(*east.TaskCheckBox).IsChecked {
				_, _ = w.WriteString(`<input type="checkbox" checked disabled aria-label="Done"> `)
			} else {
				_, _ = w.WriteString(`<input type="checkbox" disabled aria-label="Not done"> `)
			}
		}
		return ast.WalkContinue, nil
	})
	reg.Register(east.KindTable, func(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<div class="table-scroll" role="group" aria-label="Table" tabindex="0">` + "\n<table>\n")
		} else {
			_, _ = w.WriteString("</table>\n</div>\n")
		}
		return ast.WalkContinue, nil
	})
}

// escapedHTML renders raw HTML found in content as the text it is, so an
// editor sees what they wrote and no reader's browser runs it.
type escapedHTML struct{}

func (escapedHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := range segs.Len() {
				seg := segs.At(i)
				template.HTMLEscape(w, seg.Value(src))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		b := n.(*ast.HTMLBlock)
		if !entering {
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString("<p>")
		lines := b.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			template.HTMLEscape(w, seg.Value(src))
		}
		if b.HasClosure() {
			template.HTMLEscape(w, b.ClosureLine.Value(src))
		}
		_, _ = w.WriteString("</p>\n")
		return ast.WalkSkipChildren, nil
	})
}
