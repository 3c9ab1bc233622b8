// Package synth writes realistic synthetic content folders for benchmarks
// and tests: a site.yaml with releases over ten years and a few services,
// and N entries that use every front matter field, with bodies of 150 to
// 400 words holding headings, lists, tables and code. Incidents tell what
// every chart of the statistics needs: the time their cause was
// identified, workarounds given with the first report or by a later
// update, and reviews naming the update that caused them, with follow-ups
// done and open. The same N and seed always give the same bytes.
//
// It writes the same entries for Hugo too (WriteHugo), into a Hugo site
// made for the same job, so that the two can be timed side by side on
// exactly the same content (cmd/bench).
package synth

import (
	"cmp"
	"embed"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
)

// release is one release of the synthetic distribution.
type release struct {
	id, name, state, dist string
	from, to              int // years in which it gets incidents
}

// releases span ten years, as a long-lived site's do; the old ones are EOL.
var releases = func() []release {
	var rs []release
	for v := 34; v <= 44; v++ {
		year := 2016 + (v - 34)
		state := "eol"
		if v >= 42 {
			state = "current"
		}
		rs = append(rs, release{id: fmt.Sprintf("f%d", v), name: fmt.Sprintf("Fedora %d", v), state: state, dist: fmt.Sprintf("fc%d", v), from: year, to: year + 1})
	}
	rs = append(rs,
		release{id: "rawhide", name: "Fedora Rawhide", state: "prerelease", dist: "fc45", from: 2016, to: 2026},
		release{id: "fcos-stable", name: "Fedora CoreOS stable", state: "current", dist: "fc43", from: 2020, to: 2026},
		release{id: "fcos-testing", name: "Fedora CoreOS testing", state: "current", dist: "fc43", from: 2020, to: 2026},
		release{id: "fcos-next", name: "Fedora CoreOS next", state: "prerelease", dist: "fc44", from: 2020, to: 2026},
	)
	return rs
}()

type component struct {
	src      string
	subs     []string
	hardware []string
	symptoms []string
	log      string
}

var components = []component{
	{"mesa", []string{"mesa-dri-drivers", "mesa-vulkan-drivers", "mesa-libGL", "mesa-va-drivers"},
		[]string{"AMD Radeon RX 7800 XT", "Intel Arc A770", "AMD Radeon 780M", "Intel Iris Xe"},
		[]string{"Vulkan games crash on start", "the screen stays black after login", "video playback stutters", "Steam games hang at the loading screen"},
		"radv: Failed to load pipeline cache: VK_ERROR_INITIALIZATION_FAILED"},
	{"kernel", []string{"kernel", "kernel-core", "kernel-modules", "kernel-modules-extra"},
		[]string{"Framework Laptop 13", "ThinkPad X1 Carbon", "Intel AX210 Wi-Fi", "Intel E810 NICs"},
		[]string{"suspend fails", "Wi-Fi drops every few minutes", "boot hangs at the initial ramdisk", "the network links never come up"},
		"iwlwifi 0000:00:14.3: Microcode SW error detected. Restarting 0x0."},
	{"systemd", []string{"systemd", "systemd-udev", "systemd-resolved"},
		[]string{"LUKS2 with TPM2 unlock", "split DNS setups", "a separate /var partition"},
		[]string{"boot stalls for 90 seconds", "DNS fails after resume", "the journal fills /var"},
		"systemd[1]: Timed out waiting for device dev-disk-by\\x2duuid-3f1c.device."},
	{"gnome-shell", []string{"gnome-shell", "mutter"},
		[]string{"fractional scaling", "HiDPI laptops", "NVIDIA GPUs"},
		[]string{"the session crashes when a monitor is plugged in", "extensions fail to load", "the lock screen rejects the password"},
		"gnome-shell[2214]: JS ERROR: TypeError: this._monitor is undefined"},
	{"pipewire", []string{"pipewire", "pipewire-pulseaudio", "wireplumber"},
		[]string{"USB audio interfaces", "Bluetooth headsets", "HDMI audio"},
		[]string{"there is no sound after login", "headset microphones are silent", "audio crackles in calls"},
		"wireplumber[1873]: spa.bluez5: Failed to acquire transport: Operation not permitted"},
	{"dnf5", []string{"dnf5", "libdnf5"},
		[]string{"third-party repositories", "hosts behind a proxy"},
		[]string{"upgrades abort with a transaction check error", "metadata downloads are slow"},
		"Transaction failed: Rpm transaction failed."},
	{"grub2", []string{"grub2-efi-x64", "grub2-tools"},
		[]string{"Secure Boot firmware", "dual-boot systems"},
		[]string{"systems stop at the grub rescue prompt", "older kernels vanish from the menu"},
		"error: ../../grub-core/kern/efi/sb.c:182:bad shim signature."},
	{"podman", []string{"podman", "netavark", "crun"},
		[]string{"rootless containers", "Quadlet services"},
		[]string{"containers lose networking after a restart", "image pulls fail with a signature error"},
		"Error: netavark: nftables error: nft did not return successfully"},
}

var services = []string{"Bodhi", "Koji", "the mirror network", "the account system", "the CoreOS update graph"}

// service is a service of the synthetic distribution's site.yaml, which
// incidents name now and then instead of releases.
type service struct {
	id, name string
	symptoms []string
}

var siteServices = []service{
	{"bodhi", "Bodhi update system", []string{"pushes of stable updates stall", "new updates cannot be submitted"}},
	{"koji", "Koji build system", []string{"builds wait hours in the queue", "builds fail to start"}},
	{"mirrors", "Mirrors and MirrorManager", []string{"mirror lists point at stale mirrors", "metadata downloads time out"}},
}

// causes are what reviews say went wrong, and lessons and follow-ups what
// they agree on.
var (
	causes = []string{
		"A change taken from upstream into a stable update was not tested on the hardware it broke.",
		"The update passed gating: no automated test covers this configuration.",
		"A packaging change moved a file that another package still expected in its old place.",
		"The build picked up a newer library from the buildroot than the one users have installed.",
	}
	lessons = []string{
		"Updates of this package wait a week in testing, with karma from affected hardware.",
		"Add the failing case to the gating tests before the next update of this package.",
		"Announce the workaround as soon as it is known, not with the fix.",
	}
	followUps = []string{
		"Add a test of this case to openQA",
		"Require karma from a tester with the affected hardware",
		"Document the workaround in the release notes",
		"Ask upstream to add a regression test",
	}
)

var filler = []string{
	"Maintainers reproduced the problem and confirmed that the previous build does not show it.",
	"The upstream project is aware of the issue and a fix has been merged to the development branch.",
	"Systems that have not rebooted since the update are not affected yet.",
	"The faulty build passed automated gating because the tests do not cover this hardware.",
	"Logs collected from affected systems show the same error shortly before the failure.",
	"A patched build is being prepared and will be submitted as soon as it passes local testing.",
	"Please do not add comments that only say you are affected; follow the bug instead.",
	"The fix is small and low-risk, so it should reach stable with the usual karma.",
	"Attaching the full journal of an affected boot to the bug report helps triage.",
	"Not every machine is affected; firmware versions and kernel options seem to matter.",
	"Reverting the single commit responsible was tested on three different machines.",
	"The same change went into the development branch, where it was caught before the freeze.",
}

// Write writes a content folder with n entries into dir: dir/site.yaml
// and dir/news/*.md.
func Write(dir string, n int, seed uint64) error {
	if err := os.MkdirAll(filepath.Join(dir, "news"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), siteYAML(), 0o644); err != nil {
		return err
	}
	return writeEntries(filepath.Join(dir, "news"), n, seed, (*entry).bulletin)
}

// hugoSite is a Hugo site for the job bulletin does (a page per entry, the
// latest entries and the active ones on the home page, a page and an RSS
// feed per release, a JSON status file), with templates of its own. It is
// the skeleton the Hugo side of the benchmark was agreed on.
//
//go:embed all:hugo
var hugoSite embed.FS

// WriteHugo writes a Hugo site into dir with the same n entries as Write
// with the same seed: the skeleton, and the entries in
// dir/content/incidents/ in the front matter its templates read.
func WriteHugo(dir string, n int, seed uint64) error {
	site, err := fs.Sub(hugoSite, "hugo")
	if err != nil {
		return err
	}
	if err := os.CopyFS(dir, site); err != nil {
		return err
	}
	incidents := filepath.Join(dir, "content", "incidents")
	if err := os.MkdirAll(incidents, 0o755); err != nil {
		return err
	}
	return writeEntries(incidents, n, seed, (*entry).hugo)
}

// writeEntries draws n entries from seed and writes each into dir as
// format makes it.
func writeEntries(dir string, n int, seed uint64, format func(*entry) []byte) error {
	r := rand.New(rand.NewPCG(seed, 0x62756c6c6574696e))
	for i := range n {
		e := draw(r, i)
		if err := os.WriteFile(filepath.Join(dir, e.file), format(e), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func siteYAML() []byte {
	var b strings.Builder
	b.WriteString("title: Fedora Status (synthetic)\nbase_url: https://status.example.org/\n")
	b.WriteString("description: A synthetic site for benchmarks.\nid_authority: example.org,2026\nreleases:\n")
	for _, rel := range releases {
		fmt.Fprintf(&b, "  - id: %s\n    name: %s\n    state: %s\n", rel.id, rel.name, rel.state)
	}
	b.WriteString("services:\n")
	for _, sv := range siteServices {
		fmt.Fprintf(&b, "  - id: %s\n    name: %s\n    group: Infrastructure\n", sv.id, sv.name)
	}
	return []byte(b.String())
}

// Entry returns the file name and contents of entry i drawn from r, in
// bulletin's format.
func Entry(r *rand.Rand, i int) (string, []byte) {
	e := draw(r, i)
	return e.file, e.bulletin()
}

// entry is one synthetic entry, drawn once and written in either format.
type entry struct {
	file, id, title, kind string
	date                  time.Time
	releases              []string
	services              []string // incidents of a service name it instead of releases
	severity, status      string   // incidents
	packages              []string
	workaround            string // given when first published; "" if an update gives it, or none does
	downgrade             []command
	fixedIn, eta          string // eta: RFC 3339 or "unknown"
	resolved              time.Time
	updates               []update
	review                *review
	starts, ends          time.Time // maintenance
	actionRequired        bool
	bug                   int
	body                  string
}

type review struct {
	published      time.Time
	causedBy       string
	cause, lessons string
	followUps      []string
	done           []bool
}

type command struct{ release, text string } // release "" applies to all

type update struct {
	at         time.Time
	status     string
	text       string
	workaround string // a workaround the update gives
}

// draw draws entry i from r.
func draw(r *rand.Rand, i int) *entry {
	pick := func(ss []string) string { return ss[r.IntN(len(ss))] }
	rel := releases[r.IntN(len(releases))]
	year := rel.from + r.IntN(rel.to-rel.from+1)
	e := &entry{
		date:     time.Date(min(year, 2026), time.Month(1+r.IntN(10)), 1+r.IntN(28), r.IntN(24), r.IntN(60), 0, 0, time.UTC),
		releases: []string{rel.id},
		bug:      2200000 + i,
	}
	for _, other := range releases {
		if other.id != rel.id && other.from <= year && year <= other.to && r.IntN(5) == 0 {
			e.releases = append(e.releases, other.id)
		}
	}
	c := components[r.IntN(len(components))]
	ver := fmt.Sprintf("%d.%d.%d-%d.%s", 1+r.IntN(30), r.IntN(10), r.IntN(20), 1+r.IntN(4), rel.dist)
	hw, sym := pick(c.hardware), pick(c.symptoms)

	e.kind = []string{"incident", "incident", "incident", "incident", "incident", "announcement", "maintenance"}[r.IntN(7)]
	switch e.kind {
	case "incident":
		e.title = fmt.Sprintf("%s %s: %s on %s", c.src, ver, sym, hw)
	case "announcement":
		e.title = fmt.Sprintf("%s: %s is rebased to a new major version", rel.name, c.src)
	default:
		e.title = "Planned maintenance of " + pick(services)
	}
	e.id = fmt.Sprintf("%s-%06d", content.Slugify(e.title), i)
	e.file = e.date.Format("2006-01-02") + "-" + e.id + ".md"

	updates := r.IntN(5)
	statuses := []string{"investigating", "identified", "monitoring", "resolved"}
	resolved := e.date.Year() < 2026 || r.IntN(2) == 0
	switch e.kind {
	case "incident":
		e.severity = []string{"minor", "minor", "major", "critical"}[r.IntN(4)]
		for _, s := range c.subs[:1+r.IntN(len(c.subs))] {
			e.packages = append(e.packages, s+"-"+ver)
		}
		if r.IntN(8) == 0 {
			// An outage of a service, which no update of a release causes
			// and no downgrade undoes.
			sv := siteServices[r.IntN(len(siteServices))]
			e.title = fmt.Sprintf("%s: %s", sv.name, pick(sv.symptoms))
			e.releases, e.services, e.packages = nil, []string{sv.id}, nil
		}
		workaround := fmt.Sprintf("Boot the previous kernel, or hold the update with `sudo dnf versionlock add %s-%s` until the fix lands.", c.subs[0], ver)
		// When users first get a workaround: with the first report, with
		// the first update, or (for some minor ones) never.
		given, laterWorkaround := r.IntN(6), ""
		switch {
		case given < 3 || updates == 0:
			e.workaround = workaround
		case given < 5 || e.severity != "minor":
			laterWorkaround = workaround
		}
		if len(e.services) > 0 {
			// Nothing to downgrade.
		} else if len(e.releases) > 1 {
			for _, id := range e.releases {
				e.downgrade = append(e.downgrade, command{id, "sudo dnf downgrade " + strings.Join(c.subs[:min(2, len(c.subs))], " ")})
			}
		} else {
			e.downgrade = []command{{"", "sudo dnf downgrade " + c.subs[0]}}
		}
		switch {
		case resolved:
			e.fixedIn = fmt.Sprintf("FEDORA-%d-%010x", e.date.Year(), r.Uint64()>>24)
			// When its last update resolves it: the two times agree.
			e.resolved = e.date.Add(time.Duration(max(updates, 1)) * 30 * time.Hour)
		case r.IntN(2) == 0:
			e.eta = e.date.Add(time.Duration(24+r.IntN(300)) * time.Hour).Format(time.RFC3339)
		default:
			e.eta = "unknown"
		}
		for u := range updates {
			st := statuses[min(u+1, 2)]
			if resolved && u == updates-1 {
				st = "resolved"
			}
			e.updates = append(e.updates, update{at: e.date.Add(time.Duration(u+1) * 30 * time.Hour), status: st, text: pick(filler)})
		}
		if laterWorkaround != "" {
			e.updates[0].workaround = laterWorkaround
		}
		if !resolved {
			e.status = statuses[min(updates, 2)]
		}
		// Most major and critical incidents get a review once resolved,
		// as check asks; a minor one now and then.
		if resolved && (e.severity != "minor" && r.IntN(5) != 0 || r.IntN(10) == 0) {
			rv := &review{
				published: e.resolved.Add(time.Duration(48+r.IntN(300)) * time.Hour),
				cause:     pick(causes),
				lessons:   pick(lessons),
			}
			if len(e.releases) > 0 {
				rv.causedBy = c.src + "-" + ver
			}
			for range 1 + r.IntN(3) {
				rv.followUps = append(rv.followUps, pick(followUps))
				rv.done = append(rv.done, r.IntN(2) == 0)
			}
			e.review = rv
		}
	case "maintenance":
		e.starts = e.date.Add(time.Duration(24+r.IntN(200)) * time.Hour)
		e.ends = e.starts.Add(time.Duration(2+r.IntN(10)) * time.Hour)
	case "announcement":
		e.actionRequired = r.IntN(3) == 0
	}

	// The body: 150 to 400 words with headings, a list, a table and code.
	target := 150 + r.IntN(251)
	var body strings.Builder
	fmt.Fprintf(&body, "After the %s-%s update, users of %s report that %s.\n\n", c.src, ver, hw, sym)
	fmt.Fprintf(&body, "## Affected systems\n\n- **%s** with `%s-%s`\n- Hardware: %s\n- Tracking bug: [rhbz#%d](https://bugzilla.redhat.com/show_bug.cgi?id=%d)\n\n", rel.name, c.subs[0], ver, hw, e.bug, e.bug)
	fmt.Fprintf(&body, "## Checking\n\n```console\n$ rpm -q %s\n%s-%s.x86_64\n$ journalctl -b -1 -p err | tail -n 1\n%s\n```\n\n", c.subs[0], c.subs[0], ver, c.log)
	fmt.Fprintf(&body, "| Release | Package | State |\n|---|---|---|\n")
	for _, id := range e.releases {
		fmt.Fprintf(&body, "| %s | `%s-%s` | affected |\n", id, c.subs[0], ver)
	}
	body.WriteString("\n## Notes\n\n")
	// Count words as they are added: counting the whole body each time
	// made writing 100,000 entries take minutes.
	for n := words(body.String()); n < target; {
		s := pick(filler)
		body.WriteString(s + " ")
		n += words(s)
	}
	body.WriteString("\n")
	e.body = body.String()
	return e
}

// bulletin writes the entry as bulletin reads it.
func (e *entry) bulletin() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: %s\ntitle: %q\ndate: %s\nkind: %s\n", e.id, e.title, e.date.Format(time.RFC3339), e.kind)
	if len(e.services) > 0 {
		fmt.Fprintf(&b, "services: [%s]\n", strings.Join(e.services, ", "))
	} else {
		fmt.Fprintf(&b, "releases: [%s]\n", strings.Join(e.releases, ", "))
	}
	switch e.kind {
	case "incident":
		fmt.Fprintf(&b, "severity: %s\n", e.severity)
		if len(e.packages) > 0 {
			b.WriteString("packages:\n")
		}
		for _, p := range e.packages {
			fmt.Fprintf(&b, "  - %s\n", p)
		}
		if e.workaround != "" {
			fmt.Fprintf(&b, "workaround: |\n  %s\n", e.workaround)
		}
		switch {
		case len(e.downgrade) == 1 && e.downgrade[0].release == "":
			fmt.Fprintf(&b, "downgrade: %s\n", e.downgrade[0].text)
		case len(e.downgrade) > 0:
			b.WriteString("downgrade:\n")
			for _, c := range e.downgrade {
				fmt.Fprintf(&b, "  %s: %s\n", c.release, c.text)
			}
		}
		if !e.resolved.IsZero() {
			fmt.Fprintf(&b, "fixed_in: %s\nresolved: %s\n", e.fixedIn, e.resolved.Format(time.RFC3339))
		}
		if e.eta != "" {
			fmt.Fprintf(&b, "eta: %s\n", e.eta)
		}
		if len(e.updates) > 0 {
			b.WriteString("updates:\n")
			for _, u := range e.updates {
				fmt.Fprintf(&b, "  - at: %s\n    status: %s\n    text: %q\n", u.at.Format(time.RFC3339), u.status, u.text)
				if u.workaround != "" {
					fmt.Fprintf(&b, "    workaround: %q\n", u.workaround)
				}
			}
		}
		if e.status != "" {
			fmt.Fprintf(&b, "status: %s\n", e.status)
		}
		if rv := e.review; rv != nil {
			fmt.Fprintf(&b, "review:\n  published: %s\n  cause: %q\n  lessons: %q\n", rv.published.Format(time.RFC3339), rv.cause, rv.lessons)
			if rv.causedBy != "" {
				fmt.Fprintf(&b, "  caused_by: %s\n", rv.causedBy)
			}
			b.WriteString("  follow_ups:\n")
			for i, f := range rv.followUps {
				fmt.Fprintf(&b, "    - title: %q\n      url: https://pagure.io/fedora-qa/issue/%d\n      done: %v\n", f, e.bug%10000+i, rv.done[i])
			}
		}
	case "maintenance":
		fmt.Fprintf(&b, "starts: %s\nends: %s\n", e.starts.Format(time.RFC3339), e.ends.Format(time.RFC3339))
	case "announcement":
		if e.actionRequired {
			b.WriteString("action_required: true\n")
		}
	}
	fmt.Fprintf(&b, "links:\n  - title: \"Bug %d\"\n    url: https://bugzilla.redhat.com/show_bug.cgi?id=%d\n", e.bug, e.bug)
	b.WriteString("---\n\n")
	b.WriteString(e.body)
	return []byte(b.String())
}

// hugo writes the entry as the Hugo site's templates read it: the same
// fields where Hugo has a place for them, the timeline as a section of the
// body (Hugo has no structured updates), and a status on every entry,
// because its home page lists as active every entry not resolved.
func (e *entry) hugo() []byte {
	var b strings.Builder
	status := e.status
	switch {
	case e.kind != "incident":
		status = "resolved" // announcements and maintenance are never active incidents
	case status == "":
		status = "resolved"
	}
	// Hugo has one taxonomy: a service's page is a term of it, as a
	// release's is.
	fmt.Fprintf(&b, "---\ntitle: %q\ndate: %s\nkind: %s\nstatus: %s\nreleases: [%s]\n", e.title, e.date.Format(time.RFC3339), e.kind, status, strings.Join(slices.Concat(e.releases, e.services), ", "))
	if e.kind == "incident" {
		fmt.Fprintf(&b, "severity: %s\npackages:\n", e.severity)
		for _, p := range e.packages {
			fmt.Fprintf(&b, "  - %s\n", p)
		}
		workaround := e.workaround
		for _, u := range e.updates {
			workaround = cmp.Or(u.workaround, workaround)
		}
		if workaround != "" {
			fmt.Fprintf(&b, "workaround: |\n  %s\n", workaround)
		}
		if len(e.downgrade) > 0 {
			b.WriteString("downgrade: |\n")
		}
		for _, c := range e.downgrade {
			fmt.Fprintf(&b, "  %s\n", c.text)
		}
		if e.eta != "" && e.eta != "unknown" {
			fmt.Fprintf(&b, "eta: %s\n", e.eta)
		}
		if !e.resolved.IsZero() {
			fmt.Fprintf(&b, "resolved: %s\n", e.resolved.Format(time.RFC3339))
		}
	}
	fmt.Fprintf(&b, "links:\n  - https://bugzilla.redhat.com/show_bug.cgi?id=%d\n---\n\n", e.bug)
	b.WriteString(e.body)
	if len(e.updates) > 0 {
		b.WriteString("\n## Updates\n")
		for _, u := range e.updates {
			fmt.Fprintf(&b, "\n### %s · %s\n\n%s\n", u.at.Format("2006-01-02 15:04 UTC"), u.status, u.text)
			if u.workaround != "" {
				fmt.Fprintf(&b, "\nNew workaround: %s\n", u.workaround)
			}
		}
	}
	if rv := e.review; rv != nil {
		fmt.Fprintf(&b, "\n## Review\n\nPublished %s. Caused by %s.\n\n%s\n\n### Lessons\n\n%s\n\n### Follow-ups\n\n", rv.published.Format("2006-01-02 15:04 UTC"), cmp.Or(rv.causedBy, "no update"), rv.cause, rv.lessons)
		for i, f := range rv.followUps {
			fmt.Fprintf(&b, "- [%s] %s\n", map[bool]string{true: "x", false: " "}[rv.done[i]], f)
		}
	}
	return []byte(b.String())
}

func words(s string) int { return len(strings.Fields(s)) }
