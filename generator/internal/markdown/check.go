package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Limits on Markdown text. goldmark takes time that grows with the square
// of some texts: of a paragraph that opens links or emphasis and never
// closes them (87,000 "*a_" took three minutes), of a line that nests
// quotes or lists in each other. Within these limits the worst text
// converts in well under a second per 256 KiB; real text stays far below
// them.
const (
	MaxNesting   = 16      // quotes and lists opened on one line
	MaxParagraph = 8 << 10 // bytes in one paragraph, heading or table cell
)

// Problem is what Check finds wrong in a text.
type Problem struct {
	Offset  int // where in the text, in bytes
	Message string
}

// Check reports what in a Markdown text goes past the limits above, the
// first of each kind. It reads the text of every entry on every load, as
// it is, without a copy.
func Check[T ~string | ~[]byte](src T) []Problem {
	var probs []Problem
	if at, ok := nested(src); !ok {
		// Not parsed further: the parse is what would be slow.
		return append(probs, Problem{at, fmt.Sprintf("more than %d quotes and lists are nested on this line, the most Markdown text may nest", MaxNesting)})
	}
	if len(src) > MaxParagraph {
		if p, ok := longBlock([]byte(src)); ok {
			return append(probs, p)
		}
	}
	if hasHTTP(src) {
		probs = append(probs, httpImages([]byte(src))...)
	}
	return probs
}

// hasHTTP reports whether "http:" is in src, in any case: only a text
// that has it can show an image over http, and only such a text is
// parsed whole by Check.
func hasHTTP[T ~string | ~[]byte](src T) bool {
	for i := 0; i+5 <= len(src); i++ {
		if src[i]|0x20 == 'h' && src[i+1]|0x20 == 't' && src[i+2]|0x20 == 't' && src[i+3]|0x20 == 'p' && src[i+4] == ':' {
			return true
		}
	}
	return false
}

// httpImages reports the images of src that a browser would load over
// http: the site's Content-Security-Policy (img-src 'self' https:) blocks
// them, so the page would show a broken image where the editor meant one.
func httpImages(src []byte) []Problem {
	var probs []Problem
	doc := markdown.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && hasHTTP(img.Destination[:min(5, len(img.Destination))]) {
			probs = append(probs, Problem{img.Pos(), fmt.Sprintf("image %s would not show: the site's Content-Security-Policy takes images from https only; link it over https", img.Destination)})
		}
		return ast.WalkContinue, nil
	})
	return probs
}

// nested reports whether no line of src opens more than MaxNesting quotes
// and lists, and if one does, where it starts.
func nested[T ~string | ~[]byte](src T) (int, bool) {
	for start := 0; start < len(src); {
		line := src[start:]
		end := index(line, '\n')
		if end >= 0 {
			line = line[:end]
		}
		if containers(line) > MaxNesting && !rule(line) {
			return start, false
		}
		if end < 0 {
			break
		}
		start += end + 1
	}
	return 0, true
}

// containers counts the quote and list markers that open a line: "> > - 1. x"
// opens four.
func containers[T ~string | ~[]byte](line T) int {
	n, i := 0, 0
	space := func(i int) bool { return i < len(line) && (line[i] == ' ' || line[i] == '\t') }
	for {
		for space(i) {
			i++
		}
		switch {
		case i >= len(line):
			return n
		case line[i] == '>':
			i++
		case (line[i] == '-' || line[i] == '+' || line[i] == '*') && space(i+1):
			i += 2
		case '0' <= line[i] && line[i] <= '9':
			j := i
			for j < len(line) && j-i < 9 && '0' <= line[j] && line[j] <= '9' {
				j++
			}
			if j >= len(line) || (line[j] != '.' && line[j] != ')') || !space(j+1) {
				return n
			}
			i = j + 2
		default:
			return n
		}
		n++
	}
}

// rule reports whether a line is a thematic break ("- - - -"), whose
// markers open no lists.
func rule[T ~string | ~[]byte](line T) bool {
	var mark byte
	for i := range len(line) {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
		case mark == 0 && (c == '-' || c == '*' || c == '_'):
			mark = c
		case c != mark:
			return false
		}
	}
	return mark != 0
}

// index is strings.IndexByte or bytes.IndexByte.
func index[T ~string | ~[]byte](s T, c byte) int {
	switch s := any(s).(type) {
	case string:
		return strings.IndexByte(s, c)
	case []byte:
		return bytes.IndexByte(s, c)
	}
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// blocks parses the blocks of a text, not what is inside them: linear in
// the length of any text, it finds the paragraphs whose inline parse
// would not be.
var blocks = parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithParagraphTransformers(append(parser.DefaultParagraphTransformers(),
		util.Prioritized(extension.NewTableParagraphTransformer(), 200))...),
)

// longBlock returns the first paragraph, heading or table cell of src that
// is longer than MaxParagraph.
func longBlock(src []byte) (Problem, bool) {
	var found *Problem
	doc := blocks.Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		var what string
		switch n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			what = "paragraph"
		case *ast.Heading:
			what = "heading"
		case *east.TableCell:
			what = "table cell"
		default:
			return ast.WalkContinue, nil
		}
		lines, size := n.Lines(), 0
		for i := range lines.Len() {
			seg := lines.At(i)
			size += seg.Len()
		}
		if size > MaxParagraph {
			advice := "split it with a blank line"
			if what != "paragraph" {
				advice = "split it"
			}
			found = &Problem{lines.At(0).Start, fmt.Sprintf("this %s is more than %d KiB, the most one may be: %s", what, MaxParagraph>>10, advice)}
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if found == nil {
		return Problem{}, false
	}
	return *found, true
}
