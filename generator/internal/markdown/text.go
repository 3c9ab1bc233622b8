package markdown

import (
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

// Text renders a Markdown fragment as plain text.
func Text(src string, base *url.URL) string {
	ctx := parser.NewContext()
	ctx.Set(baseKey, base)
	source := []byte(src)
	doc := markdown.Parser().Parse(text.NewReader(source), parser.WithContext(ctx))
	return PlainText(doc, source)
}
