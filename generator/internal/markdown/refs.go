package markdown

import (
	"bytes"
	"html"
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Ref is a file that Markdown links by a relative path: an image beside
// an entry ("shot.png"), a log it quotes ("dmesg.txt").
type Ref struct {
	Name   string // the path as linked, cleaned: "img/shot.png"
	Offset int    // where the link is in the source, in bytes
}

// FileRefs returns the files the Markdown links by a relative path, in
// the order they appear. A link to a page ("../other/", "#section", "/",
// "https://…") is not a file: only a relative path that does not end in
// "/" and stays in its folder or below is.
func FileRefs(src []byte) []Ref {
	// Most texts link no file at all; spare them a second parse (the
	// page's conversion is the first): on a site of 10,000 entries it
	// was a seventh of the load.
	if !mayLinkFile(src) {
		return nil
	}
	return parseRefs(src)
}

// parseRefs is FileRefs without the quick look first.
func parseRefs(src []byte) []Ref {
	doc := markdown.Parser().Parse(text.NewReader(src))
	var refs []Ref
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest []byte
		switch n := n.(type) {
		case *ast.Link:
			dest = n.Destination
		case *ast.Image:
			dest = n.Destination
		default:
			return ast.WalkContinue, nil
		}
		if name, ok := fileName(string(dest)); ok {
			refs = append(refs, Ref{Name: name, Offset: offset(n)})
		}
		return ast.WalkContinue, nil
	})
	return refs
}

// mayLinkFile reports whether src may link a file by a relative path: it
// does not when every "](" and "]:" (where a link's or a reference's
// destination starts) is followed by a destination that is a web or mail
// address, a place on the page or a path from the root. It errs on the
// side of yes: FileRefs parses to be sure.
func mayLinkFile(src []byte) bool {
	open := -1 // the last "[" before i, found as i moves on
	for i, seen := 0, 0; ; {
		j := indexDestination(src[i:])
		if j < 0 {
			return false
		}
		i += j
		if k := bytes.LastIndexByte(src[seen:i], '['); k >= 0 {
			open = seen + k
		}
		seen = i
		if src[i+1] == ':' && !mayBeLabel(src, open) {
			i += 2
			continue // "systemd[1]: Timed out", a log line in a code block
		}
		i += 2
		dest := bytes.TrimLeft(src[i:], " \t\r\n<")
		if !hasNonFilePrefix(dest) {
			return true
		}
	}
}

// mayBeLabel reports whether the "[" at open (-1 for none) may open the
// label of a link reference definition, which starts its line: nothing
// is before it on its line but indentation, quote and list markers. A
// label holds no bracket that is not escaped, so the nearest "[" before
// a "]:" is its opening one, unless it is escaped itself. It looks back
// no further than the markers of MaxNesting containers, and past that
// says yes, so that a text of many "]:" stays linear.
func mayBeLabel(src []byte, open int) bool {
	if open < 0 {
		return false
	}
	if open > 0 && src[open-1] == '\\' {
		return true // not the opening one: which is, parsing tells
	}
	for k := open - 1; k >= max(0, open-16*MaxNesting); k-- {
		switch c := src[k]; {
		case c == '\n':
			return true
		case !strings.ContainsRune(" \t>-*+.)0123456789", rune(c)):
			return false
		}
	}
	return true // the start of the text, or more markers than containers may have
}

// indexDestination returns the index of the first "](" or "]:" in b, or -1.
func indexDestination(b []byte) int {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], ']')
		if j < 0 || i+j+1 >= len(b) {
			return -1
		}
		i += j
		if c := b[i+1]; c == '(' || c == ':' {
			return i
		}
		i++
	}
}

// nonFilePrefixes start destinations that are never a file beside the
// text, in lower case.
var nonFilePrefixes = [][]byte{[]byte("https://"), []byte("http://"), []byte("mailto:"), []byte("#"), []byte("/")}

func hasNonFilePrefix(dest []byte) bool {
	for _, p := range nonFilePrefixes {
		if len(dest) >= len(p) && bytes.EqualFold(dest[:len(p)], p) {
			return true
		}
	}
	return false
}

// fileName returns a link's destination as a file beside the text, if it
// is one.
func fileName(dest string) (string, bool) {
	// As a browser reads it: entities decoded ("&#106;avascript:" is a
	// script link, not a file), and a control character makes no file.
	dest = html.UnescapeString(dest)
	if strings.IndexFunc(dest, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0 {
		return "", false
	}
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(u.Path, "/") || strings.HasSuffix(u.Path, "/") {
		return "", false
	}
	name := path.Clean(u.Path)
	if name == "." || name == ".." || strings.HasPrefix(name, "../") {
		return "", false
	}
	return name, true
}

// offset is where a link starts in the source: its "[" (or an image's
// "!["), found from its text, else where its paragraph starts.
func offset(n ast.Node) int {
	if t, ok := n.FirstChild().(*ast.Text); ok {
		if _, image := n.(*ast.Image); image {
			return max(0, t.Segment.Start-2)
		}
		return max(0, t.Segment.Start-1)
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}
