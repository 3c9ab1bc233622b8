package content

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestLimits pins the problems of a file that goes past what one file may
// hold (see limits.go), each at the line where it does.
func TestLimits(t *testing.T) {
	const f = "content/news/x.md"
	var updates strings.Builder
	updates.WriteString("updates:\n")
	for i := range MaxUpdates + 1 {
		fmt.Fprintf(&updates, "  - at: 2026-11-03T%02d:%02d:%02dZ\n    status: identified\n    text: a\n", i/3600, i/60%60, i%60)
	}
	tests := []struct{ name, src, want string }{
		{"an entry too large", entry(incident) + strings.Repeat("Words and words.\n", 20000),
			f + ":15422:1: the file is more than 256 KiB, the most an entry may hold, from this line on: link to long logs or documents rather than paste them"},
		{"a field too large", entry(incident + "workaround: " + strings.Repeat("a", MaxFieldSize+1) + "\n"),
			f + ":7:13: workaround is more than 64 KiB, the most a field may hold: link to a longer text rather than paste it"},
		{"a line too large for a field", entry(incident + "fixed_in: " + strings.Repeat("a", MaxFieldSize+1) + "\n"),
			f + ":7:11: fixed_in is more than 64 KiB, the most a field may hold: link to a longer text rather than paste it"},
		{"too many updates", entry(strings.Replace(incident, "status: identified\n", "", 1) + updates.String()),
			f + ":7:3: 501 updates, more than the 500 an entry may have: start a new entry, and link to it from this one"},
		{"quotes nested too deep in the text", entry(incident) + "\n" + strings.Repeat("> ", 17) + "deep\n",
			f + ":10:1: more than 16 quotes and lists are nested on this line, the most Markdown text may nest"},
		{"lists nested too deep in the text", entry(incident) + "\n" + strings.Repeat("1. - ", 9) + "deep\n",
			f + ":10:1: more than 16 quotes and lists are nested on this line, the most Markdown text may nest"},
		{"a paragraph too long", entry(incident) + "\n" + strings.Repeat("Words and words.\n", 500),
			f + ":10:1: this paragraph is more than 8 KiB, the most one may be: split it with a blank line"},
		{"a table cell too long", entry(incident) + "\n| a | b |\n|---|---|\n| x | " + strings.Repeat("w", 9000) + " |\n",
			f + ":12:7: this table cell is more than 8 KiB, the most one may be: split it"},
		{"a workaround nested too deep", entry(incident + "workaround: |\n  " + strings.Repeat("- ", 17) + "x\n"),
			f + ":7:13: workaround: more than 16 quotes and lists are nested on one line, the most Markdown text may nest"},
		{"an update's text too long", entry(strings.Replace(incident, "status: identified\n", "updates:\n  - at: 2026-11-03\n    status: identified\n    text: |\n      "+strings.Repeat("Words and words. ", 500)+"\n", 1)),
			f + ":9:11: update 1: this paragraph is more than 8 KiB, the most one may be: split it with a blank line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := openTest(t, testSiteYAML, map[string]string{"news/x.md": tt.src})
			if err == nil || err.Error() != tt.want {
				t.Errorf("got:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}

	// Text within the limits loads: a table may be long, a code block
	// longer than a paragraph, and a line of dashes is a rule, not lists.
	fine := entry(incident) + "| a |\n|---|\n" + strings.Repeat("| a row of the table |\n", 1000) +
		"\n```\n" + strings.Repeat("a log line\n", 2000) + "```\n\n" + strings.Repeat("- ", 30) + "\n"
	if _, _, err := openTest(t, testSiteYAML, map[string]string{"news/x.md": fine}); err != nil {
		t.Errorf("text within the limits: %v", err)
	}
}

// TestLargeFileNotRead gives the content folder a file of 64 MiB, and
// wants it told as too large without being read whole. site.yaml of that
// size is the same problem.
func TestLargeFileNotRead(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(testSiteYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(filepath.Join(dir, "news"), 0o755)
	huge := filepath.Join(dir, "news", "huge.md")
	if err := os.WriteFile(huge, []byte("---\n"+incident+"---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 64<<20); err != nil {
		t.Fatal(err)
	}
	fsys, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, loadErr := Load(t.Context(), fsys, "content")
	runtime.ReadMemStats(&after)
	if read := after.TotalAlloc - before.TotalAlloc; read > 8<<20 {
		t.Errorf("loading allocated %d MiB", read>>20)
	}
	want := "content/news/huge.md:8:1: the file is more than 256 KiB, the most an entry may hold, from this line on: link to long logs or documents rather than paste them"
	if loadErr == nil || loadErr.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", loadErr, want)
	}
}
