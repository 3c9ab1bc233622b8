package content

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	yaml "go.yaml.in/yaml/v4"
)

// normalize makes a content file ready for parsing: valid UTF-8, no byte
// order mark, "\n" line ends (for "\r\n" and a lone "\r"). None of
// that changes line numbers.
func normalize(display string, src []byte, probs *problems) ([]byte, bool) {
	if !utf8.Valid(src) {
		bad := 0
		for bad < len(src) {
			r, size := utf8.DecodeRune(src[bad:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			bad += size
		}
		before := src[:bad]
		line := bytes.Count(before, []byte("\n")) + 1
		col := utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
		probs.add(display, position{line, col}, "the file is not valid UTF-8 (byte 0x%02x); save it as UTF-8", src[bad])
		return nil, false
	}
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		// A carriage return alone ends a line too (classic Mac OS, and
		// editors that still write it): the line an editor shows.
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src, true
}

// yamlFormat is the one front matter format bulletin reads: YAML between
// two "---" lines. It decodes into a node tree, not into structs, so that
// every field keeps its line and column.
var yamlFormat = frontmatter.NewFormat("---", "---", func(data []byte, v any) error {
	return yaml.Unmarshal(data, v)
})

// readers lend frontmatter its line reader: it takes a *bufio.Reader as it
// is, where it would make one of its own, 4 KB, for every file of a site.
var readers = sync.Pool{New: func() any { return bufio.NewReader(nil) }}

// frontMatter splits a file into its YAML node tree and the Markdown body.
// It returns the line of the opening "---" (where a missing field is
// reported) and false if the front matter cannot be read.
func frontMatter(display string, src []byte, probs *problems) (doc *yaml.Node, body []byte, open int, ok bool) {
	// frontmatter skips blank lines before the opening "---"; count them
	// to know on which line of the file the YAML starts.
	open = 1
	for rest := src; ; open++ {
		line, after, found := bytes.Cut(rest, []byte("\n"))
		if len(bytes.TrimSpace(line)) > 0 || !found {
			if string(bytes.TrimSpace(line)) != "---" {
				probs.add(display, position{open, 1}, `missing front matter: start the file with a line "---", then the fields (title: …), then another "---"`)
				return nil, nil, open, false
			}
			break
		}
		rest = after
	}
	var node yaml.Node
	br := readers.Get().(*bufio.Reader)
	br.Reset(bytes.NewReader(src))
	body, err := frontmatter.MustParse(br, &node, yamlFormat)
	br.Reset(nil)
	readers.Put(br)
	var le *yaml.LoadError
	switch {
	case errors.As(err, &le) && unprintable(le):
		// The YAML reader tells where it was reading, not where the
		// character is.
		at, what := findUnprintable(src)
		probs.add(display, at, "%s is not allowed in front matter: remove it", what)
		return nil, nil, open, false
	case errors.As(err, &le):
		at, msg := yamlProblem(le, src, open)
		probs.add(display, inside(src, at), "front matter is not valid YAML: %s", msg)
		return nil, nil, open, false
	case errors.Is(err, frontmatter.ErrNotFound):
		probs.add(display, position{open, 1}, `front matter is not closed: add a line "---" after the last field`)
		return nil, nil, open, false
	case err != nil:
		probs.add(display, position{open, 1}, "front matter is not valid YAML: %v", err)
		return nil, nil, open, false
	}
	doc = &node
	if doc.Kind == yaml.DocumentNode && len(doc.Content) == 1 {
		doc = doc.Content[0]
	}
	return doc, body, open, true
}

// yamlProblem words a YAML syntax error for an editor and places it
// where the mistake is. The parser stops where it gives up, which for a
// quote or a bracket that is never closed is lines below it: there the
// error points at the opening instead, which the parser gives as its
// context. offset is the number of lines before the YAML in src.
func yamlProblem(le *yaml.LoadError, src []byte, offset int) (position, string) {
	at := position{le.Mark.Line + offset, le.Mark.Column}
	ctx := position{le.ContextMark.Line + offset, le.ContextMark.Column}
	switch {
	case le.ContextMark.Line > 0 && strings.Contains(le.ContextMsg, "quoted scalar"):
		return ctx, fmt.Sprintf("the quote that starts here is never closed (%s at line %d); close it, or write the value without quotes", le.Message, at.Line)
	case le.ContextMark.Line > 0 && strings.Contains(le.ContextMsg, "flow sequence"):
		return ctx, fmt.Sprintf("the list that starts here with [ is not closed (%s at line %d); close it with ]", le.Message, at.Line)
	case le.ContextMark.Line > 0 && strings.Contains(le.ContextMsg, "flow mapping"):
		return ctx, fmt.Sprintf("the mapping that starts here with { is not closed (%s at line %d); close it with }", le.Message, at.Line)
	}
	return at, yamlMessage(le, src, at.Line)
}

// inside returns the position p, or the end of src if p is past it: YAML
// tells an error at the end of its text on the line after it, which a
// file without a last line break does not have.
func inside(src []byte, p position) position {
	lines := bytes.Count(src, []byte("\n")) + 1
	if p.Line <= lines {
		return p
	}
	last := src[bytes.LastIndexByte(src, '\n')+1:]
	return position{lines, utf8.RuneCount(last) + 1}
}

// unprintable reports whether a YAML error is about a character that YAML
// does not allow anywhere.
func unprintable(le *yaml.LoadError) bool {
	return strings.HasPrefix(le.Message, "control characters are not allowed") ||
		strings.HasPrefix(le.Message, "invalid Unicode character")
}

// findUnprintable returns the position of the first character of src
// that YAML does not allow, and names it.
func findUnprintable(src []byte) (position, string) {
	line, col := 1, 1
	for _, r := range string(src) {
		switch {
		case r == '\n':
			line, col = line+1, 1
			continue
		case r == '\t' || r == '\r' || r == 0x85 || (0x20 <= r && r <= 0x7e) || (0xa0 <= r && r <= 0xd7ff) ||
			(0xe000 <= r && r <= 0xfffd && r != 0xfeff) || (0x10000 <= r && r <= 0x10ffff):
		case r < 0x20 || (0x7f <= r && r <= 0x9f):
			return position{line, col}, fmt.Sprintf("a control character (U+%04X)", r)
		default:
			return position{line, col}, fmt.Sprintf("the character U+%04X", r)
		}
		col++
	}
	return position{1, 1}, "a character YAML does not allow"
}

// quotedText is what YAML errors quote of the text: 'x' or `x`.
var quotedText = regexp.MustCompile("'[^']*'|`[^`]*`")

// yamlMessage words a YAML syntax error for an editor: what was found, in
// what, and for the two most common mistakes what to do. line is the
// error's line in src.
func yamlMessage(le *yaml.LoadError, src []byte, line int) string {
	// What the YAML parser quotes of the text is left out: the file may
	// be no site file at all, but a secret put in its place.
	msg := quotedText.ReplaceAllString(le.Message, "…")
	if strings.HasPrefix(msg, "unknown anchor") {
		msg = "an alias (*name) names no anchor (&name)"
	}
	if le.ContextMsg != "" {
		msg += " (" + quotedText.ReplaceAllString(le.ContextMsg, "…") + ")"
	}
	text := ""
	if lines := bytes.Split(src, []byte("\n")); line >= 1 && line <= len(lines) {
		text = string(lines[line-1])
	}
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		msg += `; a value containing ": " must be quoted`
	case strings.HasPrefix(strings.TrimLeft(text, " "), "\t"):
		msg += "; indent with spaces, not tabs"
	}
	return msg
}
