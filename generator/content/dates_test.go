package content

import (
	"strings"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	tests := []struct {
		in   string
		want time.Time
		bad  bool
	}{
		{in: "2026-11-02", want: utc(2026, 11, 2, 0, 0, 0)},
		{in: "2026-11-02T14:30:00Z", want: utc(2026, 11, 2, 14, 30, 0)},
		{in: "2026-11-02T14:30:00+02:00", want: utc(2026, 11, 2, 12, 30, 0)},
		{in: "2026-11-02T14:30:00.25-05:00", want: utc(2026, 11, 2, 19, 30, 0).Add(250 * time.Millisecond)},
		{in: "2026-11-02T14:30:00", want: utc(2026, 11, 2, 14, 30, 0)},
		{in: "2026-11-02 14:30:00", want: utc(2026, 11, 2, 14, 30, 0)},
		{in: "2026-11-02 14:30:00 +01:00", want: utc(2026, 11, 2, 13, 30, 0)},
		{in: "2026-11-02T14:30", want: utc(2026, 11, 2, 14, 30, 0)},
		{in: "2026-11-02t14:30:00z", want: utc(2026, 11, 2, 14, 30, 0)},
		{in: " 2026-11-02 ", want: utc(2026, 11, 2, 0, 0, 0)},
		{in: "2026-02-30", bad: true},
		{in: "2026-11-02T25:00:00Z", bad: true},
		{in: "02/11/2026", bad: true},
		{in: "next tuesday", bad: true},
		{in: "2026-11", bad: true},
		{in: "", bad: true},
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseTime(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, %v; want %v in UTC", tt.in, got, err, tt.want)
		}
	}
}

// TestTimesAtTheEdges wants every time in front matter within the years 1
// to 9999 in UTC, as RFC 3339 and the status API allow, and told at its
// line otherwise: year 0 or 10000 broke the build or wrote a time no
// client reads, and Go's zero time stood for "not given".
func TestTimesAtTheEdges(t *testing.T) {
	const f = "content/news/x.md"
	tests := []struct{ name, replace, with, want string }{
		{"the first instant, Go's zero time", "date: 2026-11-02", "date: 0001-01-01",
			f + `:3:7: date "0001-01-01" is not a date: it is in the first second of the year 1, which bulletin cannot tell from no date; give the real one`},
		{"year 10000 in UTC", "date: 2026-11-02", "date: 9999-12-31T23:00:00-02:00",
			f + `:3:7: date "9999-12-31T23:00:00-02:00" is not a date: it is in the year 10000 in UTC; give a time in the years 1 to 9999`},
		{"year 0 in UTC", "date: 2026-11-02", "date: 0001-01-01T00:30:00+01:00",
			f + `:3:7: date "0001-01-01T00:30:00+01:00" is not a date: it is in the year 0 in UTC; give a time in the years 1 to 9999`},
		{"an eta in year 10000", "status: identified", "status: identified\neta: 9999-12-31T22:00:00-05:00",
			f + `:7:6: eta "9999-12-31T22:00:00-05:00" is not a date: it is in the year 10000 in UTC; give a time in the years 1 to 9999`},
		{"a zone of 24 hours", "date: 2026-11-02", "date: 2026-11-02T10:00:00+24:00",
			f + `:3:7: date "2026-11-02T10:00:00+24:00" is not a date: the zone offset +24:00 is not one of -23:59 to +23:59`},
		{"a zone of 60 minutes", "date: 2026-11-02", "date: 2026-11-02T10:00:00-01:60",
			f + `:3:7: date "2026-11-02T10:00:00-01:60" is not a date: the zone offset -01:60 is not one of -23:59 to +23:59`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := openTest(t, testSiteYAML, map[string]string{"news/x.md": entry(strings.Replace(incident, tt.replace, tt.with, 1))})
			if err == nil || err.Error() != tt.want {
				t.Errorf("got:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
	// The edges themselves are times.
	for _, s := range []string{"0001-01-01T00:00:01Z", "9999-12-31T23:59:59Z", "2026-11-02T10:00:00+23:59", "9999-12-31"} {
		if _, err := ParseTime(s); err != nil {
			t.Errorf("ParseTime(%q): %v", s, err)
		}
	}
}
