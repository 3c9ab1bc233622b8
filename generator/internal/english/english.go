// Package english words counts and names for people: the one place where
// messages, logs and pages get their plurals and capitals.
package english

import (
	"strconv"
	"strings"
)

// Plural returns a count with its noun: "1 incident", "2 incidents",
// "3 entries".
func Plural(n int, word string) string {
	switch {
	case n == 1:
		return "1 " + word
	case strings.HasSuffix(word, "y") && !strings.HasSuffix(word, "ay") && !strings.HasSuffix(word, "ey"):
		return strconv.Itoa(n) + " " + strings.TrimSuffix(word, "y") + "ies"
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// UpperFirst returns s with its first letter in capitals: "major" → "Major".
func UpperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
