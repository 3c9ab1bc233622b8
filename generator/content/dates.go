package content

import (
	"errors"
	"strings"
	"time"
)

// timeLayouts are the forms a date may take in front matter, tried in order.
// Zone-less forms are read as UTC so that a build gives the same times on
// every machine.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
}

var errBadTime = errors.New(`want RFC 3339 ("2026-11-02T14:30:00Z") or a date ("2026-11-02")`)

// ParseTime reads a date or time as front matter gives it. A space may stand for the "T" (YAML
// timestamps allow it), and "z" for "Z".
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + strings.TrimLeft(s[11:], " ")
	}
	s = strings.Replace(s, " ", "", 1) // "14:30:00 +02:00"
	s = strings.Replace(s, "t", "T", 1)
	s = strings.Replace(s, "z", "Z", 1)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errBadTime
}

// isDate reports whether a front matter time is written as a date alone,
// "2026-11-02": a whole day, not its first moment.
func isDate(s string) bool { return len(strings.TrimSpace(s)) == len(time.DateOnly) }

// FormatTime is how times appear in machine-readable output: RFC 3339, UTC,
// whole seconds.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
