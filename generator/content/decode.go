package content

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	yaml "go.yaml.in/yaml/v4"
)

// decoder reads typed values out of a YAML node tree and records every
// problem at the position of the offending node, so that one pass over a
// file reports all that is wrong with it.
type decoder struct {
	file   string // as the user knows it
	offset int    // lines before the YAML text in the file
	probs  *problems
}

func (d *decoder) pos(n *yaml.Node) position {
	return position{Line: n.Line + d.offset, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.probs.add(d.file, d.pos(n), format, args...)
}

// resolve follows aliases ("*anchor") to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// field is one key of a mapping, with its value.
type field struct {
	name       string
	key, value *yaml.Node
}

// fields returns the keys of a mapping in order. It reports keys that are
// not in known (with the closest known one as a hint: a typo must not drop
// a field silently) and keys given twice; neither is returned.
func (d *decoder) fields(n *yaml.Node, what string, known []string) []field {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be a mapping of fields (key: value), not %s", what, describe(n))
		return nil
	}
	var out []field
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := k.Value
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "field names must be plain words, not %s", describe(k))
			continue
		}
		if !slices.Contains(known, name) {
			d.errorf(k, "unknown field %q in %s; %s", name, what, suggest(name, known, "known fields"))
			continue
		}
		if prev, ok := seen[name]; ok {
			d.errorf(k, "field %q given twice (first at line %d); keep one", name, d.pos(prev).Line)
			continue
		}
		seen[name] = k
		out = append(out, field{name: name, key: k, value: v})
	}
	return out
}

// describe names a node's kind for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "empty"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

// describeTop names the kind of a file's top node without quoting it: a
// file that is not a site file at all (a secret, linked or copied by
// mistake) must not show in a problem.
func describeTop(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		if strings.Contains(strings.TrimSpace(n.Value), "\n") {
			return "text"
		}
		return "a line of text"
	}
	return describe(n)
}

// blank reports whether text shows nothing: empty, spaces, or characters
// that take no room (zero-width spaces and joiners, soft hyphens, marks
// with nothing to mark, the Hangul and Braille fillers), which would make
// a title or an update that says nothing look given.
func blank(s string) bool {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Mn, r):
		case r == '\u115f', r == '\u1160', r == '\u3164', r == '\uffa0', r == '\u2800':
		default:
			return false
		}
	}
	return true
}

// isNull reports whether the node is an empty value ("field:" or "~").
func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// str returns a scalar as text.
func (d *decoder) str(f field) (string, bool) {
	n := resolve(f.value)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "%s must be text, not %s", f.name, describe(n))
		return "", false
	}
	if len(n.Value) > MaxFieldSize {
		d.errorf(n, "%s is more than %d KiB, the most a field may hold: link to a longer text rather than paste it", f.name, MaxFieldSize>>10)
		return "", false
	}
	return n.Value, true
}

// line returns a scalar that must fit on one line and not be blank.
func (d *decoder) line(f field) (string, bool) {
	s, ok := d.str(f)
	if !ok {
		return "", false
	}
	s = strings.TrimSpace(s)
	switch {
	case blank(s):
		d.errorf(f.value, "%s is empty", f.name)
		return "", false
	case strings.ContainsAny(s, "\n\r"):
		d.errorf(f.value, "%s must fit on one line", f.name)
		return "", false
	}
	return s, true
}

// oneOf returns a scalar that must be one of the allowed words.
func (d *decoder) oneOf(f field, allowed ...string) (string, bool) {
	s, ok := d.str(f)
	if !ok {
		return "", false
	}
	if !slices.Contains(allowed, s) {
		d.errorf(f.value, "%s %q is not one of %s", f.name, s, strings.Join(allowed, ", "))
		return "", false
	}
	return s, true
}

// time returns a scalar read as a date or time.
func (d *decoder) time(f field) (time.Time, bool) {
	s, ok := d.str(f)
	if !ok {
		return time.Time{}, false
	}
	t, err := ParseTime(s)
	if err != nil {
		d.errorf(f.value, "%s %q is not a date: %v", f.name, s, err)
		return time.Time{}, false
	}
	return t, true
}

// bool returns a YAML boolean.
func (d *decoder) bool(f field) (bool, bool) {
	n := resolve(f.value)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		switch strings.ToLower(n.Value) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	d.errorf(n, "%s must be true or false, not %s", f.name, describe(n))
	return false, false
}

// items returns the elements of a list. A single scalar counts as a list of
// one, which is what "releases: f43" means.
func (d *decoder) items(f field) []*yaml.Node {
	n := resolve(f.value)
	switch {
	case n.Kind == yaml.SequenceNode:
		return n.Content
	case n.Kind == yaml.ScalarNode && n.Tag != "!!null":
		return []*yaml.Node{n}
	}
	d.errorf(n, "%s must be a list, not %s", f.name, describe(n))
	return nil
}

// suggest returns a hint for an unknown word: the closest of the known ones
// if it is close enough to be a typo, else the whole list.
func suggest(word string, known []string, what string) string {
	// One edit in a short word, two or one in three letters in a longer
	// one, is a typo; more is another word ("f99" is not "f42"), and
	// suggesting it would mislead.
	limit := max(2, len(word)/3)
	if len(word) <= 4 {
		limit = 1
	}
	best, bestDist := "", limit+1
	for _, k := range known {
		if d := distance(strings.ToLower(word), k); d < bestDist && d < len(word) {
			best, bestDist = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return what + ": " + strings.Join(known, ", ")
}

// distance is the Damerau-Levenshtein distance (with adjacent swaps, the
// most common typo) between two short words.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
