package content

import (
	"path"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// datePrefix is the optional "YYYY-MM-DD-" that keeps files in date order.
var datePrefix = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-`)

// SlugOf returns the slug of an entry file: its name without the extension
// and without a leading date.
func SlugOf(file string) string {
	name := strings.TrimSuffix(path.Base(file), path.Ext(file))
	if s := datePrefix.ReplaceAllString(name, ""); s != "" {
		return s
	}
	return name
}

// validName reports whether s can serve as a slug or an id: lowercase
// ASCII letters and digits, then those and ".", "_", "-". They become URL
// path segments and tag URI parts, so no "/", no "..", nothing to escape.
// (A loop, not a regular expression: serve checks every entry of a large
// site on each save, and the expression was half of that.)
func validName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case i > 0 && (c == '.' || c == '_' || c == '-'):
		default:
			return false
		}
	}
	return s != "" && !strings.Contains(s, "..")
}

// Slugify turns a title into a slug: lowercase ASCII letters and digits
// joined by single hyphens, accents folded ("Écran" → "ecran"), at most 60
// characters, cut at a word boundary.
func Slugify(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(title) {
		switch {
		case unicode.Is(unicode.Mn, r): // a combining accent: drop it, keep its letter
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
	}
	s := b.String()
	const max = 60
	if len(s) > max {
		s = s[:max]
		if i := strings.LastIndexByte(s, '-'); i > max/2 {
			s = s[:i]
		}
		s = strings.TrimRight(s, "-")
	}
	return s
}
