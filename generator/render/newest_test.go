package render

import (
	"cmp"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/synth"
)

// TestNewestItems checks that the feeds' newest items, which pass over
// the entries that cannot have one, are those of a sort of every event
// of every entry: on the sites at hand, for every size of feed, at
// moments when entries change and a second either side of them.
func TestNewestItems(t *testing.T) {
	synthetic := filepath.Join(t.TempDir(), "content")
	if err := synth.Write(synthetic, 2000, 1); err != nil {
		t.Fatal(err)
	}
	everyItem := func(entries []*content.Entry, now time.Time) []feedRef {
		var refs []feedRef
		for _, e := range entries {
			var prev content.Status
			for _, ev := range e.Events(now) {
				refs = append(refs, feedRef{e: e, ev: ev, prev: prev})
				prev = ev.Status
			}
		}
		slices.SortStableFunc(refs, func(a, b feedRef) int {
			return cmp.Or(b.ev.At.Compare(a.ev.At), strings.Compare(a.e.ID, b.e.ID))
		})
		return refs
	}
	show := func(refs []feedRef) string {
		var b strings.Builder
		for _, r := range refs {
			fmt.Fprintf(&b, "%s#%s %s\n", r.e.ID, r.ev.Anchor, r.prev)
		}
		return b.String()
	}
	for _, dir := range []string{"../../content", "../testdata/golden/content", "../testdata/realworld/content", synthetic} {
		fsys, err := content.Dir(dir)
		if err != nil {
			t.Fatal(err)
		}
		site := load(t, fsys)
		// The moments: around the changes of a few entries spread over
		// the site, newest and oldest included, and long after.
		var moments []time.Time
		for i := 0; i < len(site.Entries); i += max(1, len(site.Entries)/15) {
			e := site.Entries[i]
			for _, m := range []time.Time{e.Date, e.Starts, e.Ends, e.Resolved} {
				if !m.IsZero() {
					moments = append(moments, m.Add(-time.Second), m, m.Add(time.Second))
				}
			}
			for _, u := range e.Updates {
				moments = append(moments, u.At)
			}
		}
		moments = append(moments, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
		for _, now := range moments {
			all := everyItem(site.Entries, now)
			for _, n := range []int{1, 2, 5, 20, 100, math.MaxInt} {
				want := show(all[:min(n, len(all))])
				if got := show(newestItems(site.Entries, n, "", now)); got != want {
					t.Fatalf("%s: the newest %d items at %s:\n%s\nwant:\n%s", dir, n, now.Format(time.RFC3339), got, want)
				}
			}
		}
	}
}
