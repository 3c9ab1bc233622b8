package generator

import (
	"bufio"
	"bytes"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
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

// reservedIDs are element ids the entry page itself uses; a heading in the
// text that would take one gets a suffix instead ("workaround-1").
var reservedIDs = []string{"main", "status", "workaround", "downgrade", "timeline", "links", "details", "summary"}

// rendered is an entry's Markdown as HTML.
type rendered struct {
	body       template.HTML
	workaround template.HTML
	updates    []template.HTML
}

// entryHTML converts an entry's Markdown on first use and keeps the HTML
// for the pages and feeds that show it, until its own page has been
// rendered: from then on only its summary is kept (lists show it), and the
// few feeds and documents that come later convert it again. On a site of
// 100,000 entries that is a quarter of a gigabyte not held to the end.
type entryHTML struct {
	mu      sync.Mutex
	full    *rendered
	known   bool   // summary and titled are set
	summary string // the first paragraph, as plain text
	titled  bool   // the body starts with a heading
}

// headingIDs keeps element ids unique across all the Markdown of one page.
type headingIDs struct{ used map[string]bool }

func newHeadingIDs() *headingIDs {
	ids := &headingIDs{used: map[string]bool{}}
	for _, id := range reservedIDs {
		ids.used[id] = true
	}
	return ids
}

func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := Slugify(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; h.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.used[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// html returns the entry's Markdown as HTML, converting it if need be.
func (s *Site) html(e *Entry) *rendered {
	h := e.html
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.full != nil {
		return h.full
	}
	base := s.URL(e.Path())
	ids := newHeadingIDs()
	r := &rendered{updates: make([]template.HTML, len(e.Updates))}
	var body ast.Node
	r.body, body = convert(e.Body, base, ids)
	if !h.known {
		h.summary = summary(body, e.Body)
		h.titled = body.FirstChild() != nil && body.FirstChild().Kind() == ast.KindHeading
		h.known = true
	}
	if e.Workaround != "" {
		r.workaround, _ = convert([]byte(e.Workaround), base, ids)
	}
	for i, u := range e.Updates {
		r.updates[i], _ = convert([]byte(u.Text), base, ids)
	}
	h.full = r
	return r
}

// summary returns the first paragraph of the entry's text, as plain text,
// and whether the text starts with a heading.
func (s *Site) summary(e *Entry) (string, bool) {
	h := e.html
	h.mu.Lock()
	known := h.known
	h.mu.Unlock()
	if !known {
		s.html(e)
	}
	return h.summary, h.titled // set once, never changed after
}

// releaseHTML lets the entry's HTML go once its page is rendered.
func (s *Site) releaseHTML(e *Entry) {
	h := e.html
	h.mu.Lock()
	h.full = nil
	h.mu.Unlock()
}

// convert renders Markdown to HTML, resolving relative links against base.
func convert(src []byte, base *url.URL, ids parser.IDs) (template.HTML, ast.Node) {
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
// it may be linked: http, https, or (not for images) mailto. Browsers
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
		return u.String(), true
	case "mailto":
		return u.String(), !image
	case "":
		return u.String(), true // no base to resolve against: a fragment or path as written
	}
	return "", false
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

// summaryLength is about two lines of a list on a phone.
const summaryLength = 220

// summary returns the first paragraph of a document as plain text, cut at a
// word boundary.
func summary(doc ast.Node, src []byte) string {
	var para ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == ast.KindParagraph {
			para = n
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if para == nil {
		return ""
	}
	s := strings.Join(strings.Fields(PlainText(para, src)), " ")
	if utf8.RuneCountInString(s) <= summaryLength {
		// A paragraph that introduces a code block ("… fails with:")
		// reads as unfinished on its own.
		if t, ok := strings.CutSuffix(s, ":"); ok {
			return t + " …"
		}
		return s
	}
	cut := []rune(s)[:summaryLength]
	if i := strings.LastIndexByte(string(cut), ' '); i > summaryLength/2 {
		return strings.TrimRight(string(cut)[:i], ",;:.") + "…"
	}
	return string(cut) + "…"
}

// PlainText returns the text of a Markdown node and its children, as a
// reader of a plain-text feed or a terminal would want it: paragraphs
// separated by blank lines, list items marked, code kept as written, link
// targets after their text.
func PlainText(n ast.Node, src []byte) string {
	var b strings.Builder
	plainText(&b, n, src)
	return strings.TrimSpace(b.String())
}

func plainText(b *strings.Builder, n ast.Node, src []byte) {
	switch n := n.(type) {
	case *ast.Text:
		b.Write(n.Segment.Value(src))
		if n.SoftLineBreak() {
			b.WriteByte(' ')
		}
		if n.HardLineBreak() {
			b.WriteByte('\n')
		}
		return
	case *ast.String:
		b.Write(n.Value)
		return
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				b.Write(t.Segment.Value(src))
			}
		}
		return
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			b.WriteString("    ")
			b.Write(seg.Value(src))
		}
		b.WriteString("\n")
		return
	case *ast.RawHTML:
		for i := range n.Segments.Len() {
			seg := n.Segments.At(i)
			b.Write(seg.Value(src))
		}
		return
	case *ast.HTMLBlock:
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			b.Write(seg.Value(src))
		}
		b.WriteString("\n")
		return
	case *ast.AutoLink:
		b.Write(n.Label(src))
		return
	case *east.TaskCheckBox:
		if n.IsChecked {
			b.WriteString("[x] ")
		} else {
			b.WriteString("[ ] ")
		}
		return
	case *east.TableHeader, *east.TableRow:
		// One line a row, cells between bars, as Markdown writes them.
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c != n.FirstChild() {
				b.WriteString(" | ")
			}
			plainText(b, c, src)
		}
		b.WriteString("\n")
		return
	case *ast.ListItem:
		if l, ok := n.Parent().(*ast.List); ok && l.IsOrdered() {
			idx := l.Start
			for c := n.PreviousSibling(); c != nil; c = c.PreviousSibling() {
				idx++
			}
			b.WriteString(strconv.Itoa(idx) + ". ")
		} else {
			b.WriteString("- ")
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		plainText(b, c, src)
	}
	switch n := n.(type) {
	case *ast.Link:
		if dest := string(n.Destination); dest != "" && !strings.Contains(b.String()[max(0, b.Len()-len(dest)):], dest) {
			b.WriteString(" (" + dest + ")")
		}
	case *ast.Paragraph, *ast.Heading, *ast.Blockquote, *ast.ThematicBreak, *ast.List, *east.Table:
		endLine(b, 2)
	case *ast.TextBlock, *ast.ListItem:
		// Items of a tight list follow each other line by line.
		endLine(b, 1)
	}
}

// endLine ends the text so far with exactly n line breaks.
func endLine(b *strings.Builder, n int) {
	s := strings.TrimRight(b.String(), "\n")
	b.Reset()
	b.WriteString(s)
	b.WriteString(strings.Repeat("\n", n))
}

// MarkdownText renders a Markdown fragment as plain text.
func MarkdownText(src string, base *url.URL) string {
	ctx := parser.NewContext()
	ctx.Set(baseKey, base)
	source := []byte(src)
	doc := markdown.Parser().Parse(text.NewReader(source), parser.WithContext(ctx))
	return PlainText(doc, source)
}
