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
		"eta-today.md":      entry("date: 2026-11-09\nreleases: [f43]\nseverity: minor\nstatus: identified\neta: 2026-11-10\n"),
		"resolved-later.md": entry("date: 2026-11-01\nreleases: [f43]\nseverity: minor\nstatus: identified\nresolved: 2026-11-11T08:00:00Z\nfixed_in: mesa-25.2.8-1.fc43\n"),
		"stale.md":          entry("date: 2026-09-01\nreleases: [f43]\nseverity: minor\nstatus: monitoring\n"),
		"resolved-bare.md":  entry("date: 2026-11-01\nreleases: [f43]\nseverity: minor\nstatus: resolved\n"),
		"resolved-field.md": entry("date: 2026-11-01\nreleases: [f43]\nseverity: minor\nresolved: 2026-11-02\n"),
		"resolved-fine.md": entry("date: 2026-11-01\nreleases: [f43]\nseverity: minor\nfixed_in: mesa-25.2.8-1.fc43\n" +
			"updates:\n  - at: 2026-11-02\n    status: resolved\n    text: Fixed.\n"),
		"future.md": entry("date: 2026-11-11\nkind: announcement\n"),
		"ahead.md": entry("date: 2026-11-09\nreleases: [f43]\nseverity: minor\nstatus: investigating\nfixed_in: mesa-25.2.8-1.fc43\n" +
			"resolved: 2026-11-09T18:00:00Z\nupdates:\n  - at: 2026-11-09T12:00:00Z\n    status: resolved\n    text: Fixed.\n  - at: 2026-11-12T08:00:00Z\n    text: More.\n    status: resolved\n"),
		"unreviewed.md": entry("date: 2026-10-01\nreleases: [f43]\nseverity: major\nstatus: identified\nworkaround: Hold it.\n" +
			"resolved: 2026-10-20T08:00:00Z\nfixed_in: mesa-25.2.8-1.fc43\n"),
		"unreviewed-minor.md": entry("date: 2026-10-01\nreleases: [f43]\nseverity: minor\nstatus: identified\nresolved: 2026-10-20T08:00:00Z\nfixed_in: mesa-25.2.8-1.fc43\n"),
		"reviewed-recently.md": entry("date: 2026-11-01\nreleases: [f43]\nseverity: critical\nstatus: identified\nworkaround: Hold it.\n" +
			"resolved: 2026-11-02T08:00:00Z\nfixed_in: mesa-25.2.8-1.fc43\n"),
		"review-ahead.md": entry("date: 2026-10-01\nreleases: [f43]\nseverity: critical\nstatus: identified\nworkaround: Hold it.\n" +
			"resolved: 2026-10-02T08:00:00Z\nfixed_in: mesa-25.2.8-1.fc43\nreview:\n  published: 2026-11-12T09:00:00Z\n  cause: A bad build.\n"),
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
		`content/ahead.md:8:11: resolved (2026-11-09T18:00:00Z) and update 1, which resolves it (2026-11-09T12:00:00Z), disagree; keep one`,
		`content/ahead.md:13:9: update 2 is dated 2026-11-12T08:00:00Z, in the future: readers see it only from then on, though its status counts now`,
		`content/eta-passed.md:7:6: the eta (2026-11-10T09:00:00Z) has passed and the incident is not resolved; give a new eta, or unknown`,
		`content/future.md:3:7: date 2026-11-11T00:00:00Z is in the future; the entry is published now all the same`,
		`content/no-workaround.md:5:11: a critical incident without a workaround: tell users what to do until the fix lands`,
		`content/resolved-bare.md:6:9: a resolved incident without fixed_in: name the update that fixed it`,
		`content/resolved-bare.md:6:9: resolved, but not when: add resolved: with the time, or an update with status resolved`,
		`content/resolved-field.md:6:11: a resolved incident without fixed_in: name the update that fixed it`,
		`content/resolved-later.md:7:11: resolved 2026-11-11T08:00:00Z is in the future; the incident shows as resolved now all the same`,
		`content/review-ahead.md:11:14: the review's published time 2026-11-12T09:00:00Z is in the future; it shows from then on`,
		`content/stale.md:6:9: no news for 70 days and not resolved: add an update, or resolve it`,
		`content/unreviewed.md:8:11: a major incident resolved 21 days ago without a review: add review: with its cause, lessons and follow-ups`,
	}
	if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("warnings:\n%s\nwant:\n%s", g, w)
	}
}
