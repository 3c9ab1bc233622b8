// Package synth writes realistic synthetic content folders for benchmarks
// and tests: a site.yaml with releases over ten years and N entries that use
// every front matter field, with bodies of 150 to 400 words holding
// headings, lists, tables and code. The same N and seed always give the
// same bytes.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator"
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
	r := rand.New(rand.NewPCG(seed, 0x62756c6c6574696e))
	for i := range n {
		name, data := Entry(r, i)
		if err := os.WriteFile(filepath.Join(dir, "news", name), data, 0o644); err != nil {
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
	return []byte(b.String())
}

// Entry returns the file name and contents of entry i drawn from r.
func Entry(r *rand.Rand, i int) (string, []byte) {
	pick := func(ss []string) string { return ss[r.IntN(len(ss))] }
	rel := releases[r.IntN(len(releases))]
	year := rel.from + r.IntN(rel.to-rel.from+1)
	date := time.Date(min(year, 2026), time.Month(1+r.IntN(10)), 1+r.IntN(28), r.IntN(24), r.IntN(60), 0, 0, time.UTC)
	rels := []string{rel.id}
	for _, other := range releases {
		if other.id != rel.id && other.from <= year && year <= other.to && r.IntN(5) == 0 {
			rels = append(rels, other.id)
		}
	}
	c := components[r.IntN(len(components))]
	ver := fmt.Sprintf("%d.%d.%d-%d.%s", 1+r.IntN(30), r.IntN(10), r.IntN(20), 1+r.IntN(4), rel.dist)
	hw, sym := pick(c.hardware), pick(c.symptoms)

	var fm strings.Builder
	kind := []string{"incident", "incident", "incident", "incident", "incident", "announcement", "maintenance"}[r.IntN(7)]
	var title string
	switch kind {
	case "incident":
		title = fmt.Sprintf("%s %s: %s on %s", c.src, ver, sym, hw)
	case "announcement":
		title = fmt.Sprintf("%s: %s is rebased to a new major version", rel.name, c.src)
	default:
		title = "Planned maintenance of " + pick(services)
	}
	slug := fmt.Sprintf("%s-%06d", generator.Slugify(title), i)
	name := date.Format("2006-01-02") + "-" + slug + ".md"

	fmt.Fprintf(&fm, "---\nid: %s\ntitle: %q\ndate: %s\nkind: %s\nreleases: [%s]\n", slug, title, date.Format(time.RFC3339), kind, strings.Join(rels, ", "))
	updates := r.IntN(5)
	statuses := []string{"investigating", "identified", "monitoring", "resolved"}
	resolved := date.Year() < 2026 || r.IntN(2) == 0
	switch kind {
	case "incident":
		fmt.Fprintf(&fm, "severity: %s\n", []string{"minor", "minor", "major", "critical"}[r.IntN(4)])
		fm.WriteString("packages:\n")
		for _, s := range c.subs[:1+r.IntN(len(c.subs))] {
			fmt.Fprintf(&fm, "  - %s-%s\n", s, ver)
		}
		fmt.Fprintf(&fm, "workaround: |\n  Boot the previous kernel, or hold the update with `sudo dnf versionlock add %s-%s` until the fix lands.\n", c.subs[0], ver)
		if len(rels) > 1 {
			fm.WriteString("downgrade:\n")
			for _, id := range rels {
				fmt.Fprintf(&fm, "  %s: sudo dnf downgrade %s\n", id, strings.Join(c.subs[:min(2, len(c.subs))], " "))
			}
		} else {
			fmt.Fprintf(&fm, "downgrade: sudo dnf downgrade %s\n", c.subs[0])
		}
		if resolved {
			fmt.Fprintf(&fm, "fixed_in: FEDORA-%d-%010x\nresolved: %s\n", date.Year(), r.Uint64()>>24, date.Add(time.Duration(updates+1)*30*time.Hour).Format(time.RFC3339))
		} else if r.IntN(2) == 0 {
			fmt.Fprintf(&fm, "eta: %s\n", date.Add(time.Duration(24+r.IntN(300))*time.Hour).Format(time.RFC3339))
		} else {
			fm.WriteString("eta: unknown\n")
		}
		if updates > 0 {
			fm.WriteString("updates:\n")
			for u := range updates {
				st := statuses[min(u+1, 2)]
				if resolved && u == updates-1 {
					st = "resolved"
				}
				fmt.Fprintf(&fm, "  - at: %s\n    status: %s\n    text: %q\n", date.Add(time.Duration(u+1)*30*time.Hour).Format(time.RFC3339), st, pick(filler))
			}
		}
		if !resolved {
			st := statuses[min(updates, 2)]
			fmt.Fprintf(&fm, "status: %s\n", st)
		}
	case "maintenance":
		start := date.Add(time.Duration(24+r.IntN(200)) * time.Hour)
		fmt.Fprintf(&fm, "starts: %s\nends: %s\n", start.Format(time.RFC3339), start.Add(time.Duration(2+r.IntN(10))*time.Hour).Format(time.RFC3339))
	case "announcement":
		if r.IntN(3) == 0 {
			fm.WriteString("action_required: true\n")
		}
	}
	fmt.Fprintf(&fm, "links:\n  - title: \"Bug %d\"\n    url: https://bugzilla.redhat.com/show_bug.cgi?id=%d\n", 2200000+i, 2200000+i)
	fm.WriteString("---\n\n")

	// The body: 150 to 400 words with headings, a list, a table and code.
	target := 150 + r.IntN(251)
	var body strings.Builder
	fmt.Fprintf(&body, "After the %s-%s update, users of %s report that %s.\n\n", c.src, ver, hw, sym)
	fmt.Fprintf(&body, "## Affected systems\n\n- **%s** with `%s-%s`\n- Hardware: %s\n- Tracking bug: [rhbz#%d](https://bugzilla.redhat.com/show_bug.cgi?id=%d)\n\n", rel.name, c.subs[0], ver, hw, 2200000+i, 2200000+i)
	fmt.Fprintf(&body, "## Checking\n\n```console\n$ rpm -q %s\n%s-%s.x86_64\n$ journalctl -b -1 -p err | tail -n 1\n%s\n```\n\n", c.subs[0], c.subs[0], ver, c.log)
	fmt.Fprintf(&body, "| Release | Package | State |\n|---|---|---|\n")
	for _, id := range rels {
		fmt.Fprintf(&body, "| %s | `%s-%s` | affected |\n", id, c.subs[0], ver)
	}
	body.WriteString("\n## Notes\n\n")
	for words(body.String()) < target {
		body.WriteString(pick(filler) + " ")
	}
	body.WriteString("\n")
	return name, []byte(fm.String() + body.String())
}

func words(s string) int { return len(strings.Fields(s)) }
