package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestWarnings(t *testing.T) {
	now := time.Date(2026, 11, 10, 12, 0, 0, 0, time.UTC)
	site := loaderSiteYAML + "  - id: f41\n    name: Fedora 41\n    state: eol\n"
	entry := func(fields string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: T\n" + fields + "---\n")}
	}
	fsys := fstest.MapFS{
		"site.yaml": {Data: []byte(site)},
		"fine.md": entry("date: 2026-11-09\nreleases: [f43]\nseverity: major\nstatus: identified\n" +
			"workaround: Hold the update.\neta: 2026-11-12\n"),
		"eta-passed.md":     entry("date: 2026-11-09\nreleases: [f43]\nseverity: minor\nstatus: identified\neta: 2026-11-10T09:00:00Z\n"),
		"no-workaround.md":  entry("date: 2026-11-09\nreleases: [f43]\nseverity: critical\nstatus: investigating\n"),
		"eol.md":            entry("date: 2026-11-09\nreleases: [f41, f43]\nseverity: minor\nstatus: investigating\n"),
		"stale.md":          entry("date: 2026-09-01\nreleases: [f43]\nseverity: minor\nstatus: monitoring\n"),
		"resolved-bare.md":  entry("date: 2026-11-01\nreleases: [f43]\nseverity: minor\nstatus: resolved\n"),
		"resolved-field.md": entry("date: 2026-11-01\nreleases: [f43]\nseverity: minor\nresolved: 2026-11-02\n"),
		"resolved-fine.md": entry("date: 2026-11-01\nreleases: [f43]\nseverity: minor\nfixed_in: mesa-25.2.8-1.fc43\n" +
			"updates:\n  - at: 2026-11-02\n    status: resolved\n    text: Fixed.\n"),
		"future.md":           entry("date: 2026-11-11\nkind: announcement\n"),
		"old-announcement.md": entry("date: 2025-01-01\nkind: announcement\n"),
	}
	s, src, err := Load(t.Context(), fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	// The positions and messages, without the "warning: " marker that
	// Error adds: each warning is checked to carry it below.
	var got []string
	for _, w := range Warnings(s, src, now) {
		got = append(got, fmt.Sprintf("%s:%d:%d: %s", w.File, w.Line, w.Col, w.Err))
		if !w.Warning || !strings.Contains(w.Error(), ": warning: "+w.Err.Error()) {
			t.Errorf("%q is not marked as a warning", w.Error())
		}
	}
	want := []string{
		`content/eol.md:4:12: release f41 is eol: the incident does not count in the overall status`,
		`content/eta-passed.md:7:6: the eta (2026-11-10T09:00:00Z) has passed and the incident is not resolved; give a new eta, or unknown`,
		`content/future.md:3:7: date 2026-11-11T00:00:00Z is in the future; the entry is published now all the same`,
		`content/no-workaround.md:5:11: a critical incident without a workaround: tell users what to do until the fix lands`,
		`content/resolved-bare.md:6:9: a resolved incident without fixed_in: name the update that fixed it`,
		`content/resolved-bare.md:6:9: resolved, but not when: add resolved: with the time, or an update with status resolved`,
		`content/resolved-field.md:6:11: a resolved incident without fixed_in: name the update that fixed it`,
		`content/stale.md:6:9: no news for 70 days and not resolved: add an update, or resolve it`,
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("warnings:\n%s\nwant:\n%s", g, w)
	}
}
