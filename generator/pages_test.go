package generator_test

import (
	"strings"
	"testing"

	"github.com/bulletin-status/bulletin/generator"
)

// TestSamplePages checks, on the sample site, what readers got wrong
// before: each page says it as its reader needs it.
func TestSamplePages(t *testing.T) {
	out := render(t, generatorConfig("../content"))
	page := func(name string) string {
		t.Helper()
		data, ok := out.Get(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		return string(data)
	}
	for _, tt := range []struct {
		name, page  string
		has, hasNot []string
	}{
		{"a resolved incident leads with its fix; the rest is history", "news/grub2-secure-boot-rescue/index.html",
			[]string{
				`<h2 id="fix">Get the fix</h2>`,
				`<pre data-copy><code>sudo dnf upgrade --refresh --advisory=FEDORA-2026-0d41c7a8b3</code></pre>`,
				`<a href="https://bodhi.fedoraproject.org/updates/FEDORA-2026-0d41c7a8b3"><code>FEDORA-2026-0d41c7a8b3</code></a>`,
				`<h2 id="history">Before the fix</h2>`,
			},
			[]string{`<h2 id="workaround">`, `<h2 id="downgrade">`}},
		{"an action required, in the words of an update", "news/grub2-secure-boot-rescue/index.html",
			[]string{`<strong>Action required.</strong> Read this before you update <a href="/releases/f42/">Fedora 42</a>.</p>`}, nil},
		{"an action required, in the words of an announcement", "news/fedora-42-end-of-life/index.html",
			[]string{`<strong>Action required.</strong> Read this before the change takes effect.</p>`}, []string{"before you update"}},
		{"an EOL release tells what to upgrade to", "releases/f41/index.html",
			[]string{`>End of life</p>`, `Upgrade to <a href="/releases/f43/">Fedora 43</a>.`, "15 December 2025"},
			[]string{"No known problems"}},
		{"an EOL release's card too", "releases/index.html",
			[]string{`End of life: upgrade to Fedora 43`}, nil},
		{"a day as ETA is a day, not overdue during it", "news/fcos-next-netavark-restart/index.html",
			[]string{`<dt>Fix expected</dt><dd><time datetime="2026-11-24">24 November 2026</time></dd>`}, []string{"overdue"}},
		{"per-release fixes, each with its own link and command", "news/fcos-kernel-6-17-7-ice-network/index.html",
			[]string{"Fedora CoreOS stable: <a href=\"https://fedoraproject.org/coreos/release-notes/?stream=stable#43.20261116.3.1\"><code>43.20261116.3.1</code></a>", "<code>sudo rpm-ostree upgrade</code>"}, nil},
		{"a summary that introduces code shows it", "index.html",
			[]string{"offline upgrades stop after the reboot with: “Transaction failed: Rpm transaction failed.”"}, nil},
		{"no build time on a page", "news/mesa-25-2-7-steam-hangs-radv/index.html",
			nil, []string{"2026-11-21T12:00:00Z"}},
		{"a review after the timeline, its cause linked, its follow-ups done or open", "news/grub2-secure-boot-rescue/index.html",
			[]string{
				`<h2 id="review">Review</h2>`,
				`Caused by <a href="https://bodhi.fedoraproject.org/updates/grub2-2.12-41.fc42"><code>grub2-2.12-41.fc42</code></a>`,
				`<li><span class="badge st-resolved">Done</span> <a href="https://pagure.io/fedora-qa/os-autoinst-distri-fedora/issue/398">`,
				`<li><span class="badge">Open</span> <a href="https://pagure.io/releng/issue/13104">`,
			}, nil},
		{"a workaround an update gave: the one in force, and in its place in the timeline", "news/plasma-6-5-nvidia-login-crash/index.html",
			[]string{`<h2 id="workaround">Workaround</h2>`, `<div class="new-workaround">`, "choose <strong>Plasma (X11)</strong>"}, nil},
		{"a release's own numbers, linked to its row of the statistics", "releases/f42/index.html",
			[]string{`<h2 id="numbers">In numbers</h2>`, `<a href="/stats/#for-f42">All statistics</a>`}, nil},
		{"the statistics: the sample's kernels, and its open follow-ups", "stats/index.html",
			[]string{"kernel: named in 3 incidents, the most of the", `<tr id="for-fcos-stable">`, `<a href="https://pagure.io/releng/issue/13104">Choose the signing certificate by release, not by date</a>`}, nil},
	} {
		p := page(tt.page)
		for _, s := range tt.has {
			if !strings.Contains(p, s) {
				t.Errorf("%s: %s lacks %q", tt.name, tt.page, s)
			}
		}
		for _, s := range tt.hasNot {
			if strings.Contains(p, s) {
				t.Errorf("%s: %s has %q", tt.name, tt.page, s)
			}
		}
	}
	// The history is for the record, not to be copied.
	p := page("news/grub2-secure-boot-rescue/index.html")
	if history := p[strings.Index(p, `id="history"`):]; strings.Contains(history[:strings.Index(history, "</section>")], "data-copy") {
		t.Error("a command in the history has a Copy button")
	}
}

// generatorConfig is how the tests render a content folder: at the moment
// the sample describes, unminified, so that what they look for reads well.
func generatorConfig(content string) generator.Config {
	return generator.Config{Content: content, Now: deployNow}
}
