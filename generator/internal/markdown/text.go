package markdown

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// summaryLength is about two lines of a list on a phone.
const summaryLength = 220

// Summary returns the first paragraph of a document as plain text, cut at a
// word boundary. A paragraph that introduces a code block ("… fails
// with:") reads as unfinished on its own, so the code's first line
// follows it, quoted.
func Summary(doc ast.Node, src []byte) string {
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
	if strings.HasSuffix(s, ":") {
		if code := firstCodeLine(para.NextSibling(), src); code != "" {
			s += " “" + code + "”"
		}
	}
	if utf8.RuneCountInString(s) <= summaryLength {
		return s
	}
	cut := []rune(s)[:summaryLength]
	if i := strings.LastIndexByte(string(cut), ' '); i > summaryLength/2 {
		return strings.TrimRight(string(cut)[:i], ",;:.") + "…"
	}
	return string(cut) + "…"
}

// firstCodeLine returns the first line of text of a code block, or "".
func firstCodeLine(n ast.Node, src []byte) string {
	switch n.(type) {
	case *ast.FencedCodeBlock, *ast.CodeBlock:
	default:
		return ""
	}
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		if line := strings.Join(strings.Fields(string(seg.Value(src))), " "); line != "" {
			return line
		}
	}
	return ""
}

// PlainText returns the text of a Markdown node and its children, as a
// reader of a plain-text feed or a terminal would want it: paragraphs
// separated by blank lines, list items marked, code kept as written, link
// targets after their text.
func PlainText(n ast.Node, src []byte) string {
	var b textBuffer
	b.node(n, src)
	return strings.TrimSpace(string(b))
}

// textBuffer is the plain text so far. A block ends by trimming the line
// breaks before it and adding its own, in place: rebuilding the text at
// each block made a document of many short paragraphs cost the square of
// its length.
type textBuffer []byte

func (b *textBuffer) write(p []byte)       { *b = append(*b, p...) }
func (b *textBuffer) writeString(s string) { *b = append(*b, s...) }

// endLine ends the text so far with exactly n line breaks.
func (b *textBuffer) endLine(n int) {
	*b = bytes.TrimRight(*b, "\n")
	for range n {
		*b = append(*b, '\n')
	}
}

func (b *textBuffer) node(n ast.Node, src []byte) {
	switch n := n.(type) {
	case *ast.Text:
		b.write(n.Segment.Value(src))
		if n.SoftLineBreak() {
			b.writeString(" ")
		}
		if n.HardLineBreak() {
			b.writeString("\n")
		}
		return
	case *ast.String:
		b.write(n.Value)
		return
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				b.write(t.Segment.Value(src))
			}
		}
		return
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			b.writeString("    ")
			b.write(seg.Value(src))
		}
		b.writeString("\n")
		return
	case *ast.RawHTML:
		for i := range n.Segments.Len() {
			seg := n.Segments.At(i)
			b.write(seg.Value(src))
		}
		return
	case *ast.HTMLBlock:
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			b.write(seg.Value(src))
		}
		b.writeString("\n")
		return
	case *ast.AutoLink:
		b.write(n.Label(src))
		return
	case *east.TaskCheckBox:
		if n.IsChecked {
			b.writeString("[x] ")
		} else {
			b.writeString("[ ] ")
		}
		return
	case *east.TableHeader, *east.TableRow:
		// One line a row, cells between bars, as Markdown writes them.
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c != n.FirstChild() {
				b.writeString(" | ")
			}
			b.node(c, src)
		}
		b.writeString("\n")
		return
	case *ast.List:
		// The list numbers its items, counting as it goes: an item that
		// counted its elder siblings made a long list cost its square.
		for i, c := 0, n.FirstChild(); c != nil; i, c = i+1, c.NextSibling() {
			if n.IsOrdered() {
				*b = strconv.AppendInt(*b, int64(n.Start+i), 10)
				b.writeString(". ")
			} else {
				b.writeString("- ")
			}
			b.node(c, src)
		}
		b.endLine(2)
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		b.node(c, src)
	}
	switch n := n.(type) {
	case *ast.Link:
		if dest := n.Destination; len(dest) > 0 && !bytes.Contains((*b)[max(0, len(*b)-len(dest)):], dest) {
			b.writeString(" (")
			b.write(dest)
			b.writeString(")")
		}
	case *ast.Paragraph, *ast.Heading, *ast.Blockquote, *ast.ThematicBreak, *east.Table:
		b.endLine(2)
	case *ast.TextBlock, *ast.ListItem:
		// Items of a tight list follow each other line by line.
		b.endLine(1)
	}
}

// Text renders a Markdown fragment as plain text.
func Text(src string, base *url.URL) string {
	ctx := parser.NewContext()
	ctx.Set(baseKey, base)
	source := []byte(src)
	doc := markdown.Parser().Parse(text.NewReader(source), parser.WithContext(ctx))
	return PlainText(doc, source)
}
