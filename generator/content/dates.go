package content

import (
	"errors"
	"fmt"
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
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		// time.Parse takes offsets up to 24:60; RFC 3339's end at 23:59.
		if n := len(s); n > 6 && (s[n-6] == '+' || s[n-6] == '-') && s[n-3] == ':' && (s[n-5:n-3] > "23" || s[n-2:] > "59") {
			return time.Time{}, fmt.Errorf("the zone offset %s is not one of -23:59 to +23:59", s[n-6:])
		}
		return checkYear(t.UTC())
	}
	return time.Time{}, errBadTime
}

// isDate reports whether a front matter time is written as a date alone,
// "2026-11-02": a whole day, not its first moment.
func isDate(s string) bool { return len(strings.TrimSpace(s)) == len(time.DateOnly) }

// Every time is in the years 1 to 9999 in UTC, as RFC 3339 and the status
// API's documents allow, and not Go's zero time, which stands for no time
// given: a time in its first second is refused rather than lost.
var (
	firstTime = time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC)
	lastTime  = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
)

// checkYear returns t if it is a time bulletin can publish.
func checkYear(t time.Time) (time.Time, error) {
	switch {
	case t.Year() < 1 || t.After(lastTime):
		return time.Time{}, fmt.Errorf("it is in the year %d in UTC; give a time in the years 1 to 9999", t.Year())
	case t.Before(firstTime):
		return time.Time{}, errors.New("it is in the first second of the year 1, which bulletin cannot tell from no date; give the real one")
	}
	return t, nil
}

// CheckClock returns an error if the build clock is not a time bulletin
// can publish, as generated_at and in feeds.
func CheckClock(now time.Time) error {
	if now.Before(firstTime) || now.After(lastTime) {
		return fmt.Errorf("the build clock (%s) is not in the years 1 to 9999", now.UTC().Format(time.RFC3339))
	}
	return nil
}

// FormatTime is how times appear in machine-readable output: RFC 3339, UTC,
// whole seconds.
func FormatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
