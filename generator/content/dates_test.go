package content

import (
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
