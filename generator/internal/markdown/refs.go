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
	// Most texts link no file at all; spare them the parse.
	if !bytes.Contains(src, []byte("](")) && !bytes.Contains(src, []byte("]:")) {
		return nil
	}
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
