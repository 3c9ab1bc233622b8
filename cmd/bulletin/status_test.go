package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/cmd/bulletin/rpm/rpmtest"
)

// TestStatusMachines runs bulletin status on each kind of real Fedora
// machine (generator/content/testdata/os-release; for Fedora CoreOS,
// rpm-ostree's output of a node too) against the sample site: each finds
// its release, by SPEC's rule, and says its state.
func TestStatusMachines(t *testing.T) {
	s := newSite(t, nil)
	// Fedora 41 is EOL on the sample site; its machines are Fedora 42's
	// file with 41 in it.
	f42, _ := os.ReadFile("../../generator/content/testdata/os-release/fedora-42-workstation")
	f41 := strings.NewReplacer("42", "41", "2026-05-13", "2025-12-15").Replace(string(f42))
	for _, tt := range []struct {
		osRelease, rpmOSTree string
		first                string // the first line printed
		code                 int
	}{
		{"fedora-43-workstation", "", "Fedora 43: major problems, 3 open incidents, none in packages installed here.", 3},
		{"fedora-42-workstation", "", "Fedora 42: major problems, 1 open incident, none in packages installed here.", 3},
		{"fedora-silverblue-43", "", "Fedora 43: major problems, 3 open incidents, none in packages installed here.", 3},
		{"fedora-rawhide", "", "Fedora Rawhide: minor problems, 1 open incident, none in packages installed here.", 3},
		{"fedora-coreos-42", "ostree-stable.json", "Fedora CoreOS stable: no known problems.", 0},
		{"fedora-coreos-43", "container-testing.json", "Fedora CoreOS testing: no known problems.", 0},
		{"fedora-41", "", "Fedora 41 reached its end of life on 2025-12-15: it gets no more updates, not even security fixes.", 5},
	} {
		t.Run(tt.osRelease, func(t *testing.T) {
			var root string
			if tt.osRelease == "fedora-41" {
				root = t.TempDir()
				writeFile(t, filepath.Join(root, "etc/os-release"), f41)
			} else {
				root = machine(t, tt.osRelease)
			}
			if tt.rpmOSTree != "" {
				fakeRPMOSTree(t, tt.rpmOSTree)
			}
			out, errOut, code := runOn(t, machineNow, nil, "", "status", "-url", s.url(), "-root", root, "-cache", t.TempDir(), "-packages", "-")
			first, _, _ := strings.Cut(out, "\n")
			if code != tt.code || first != tt.first || errOut != "" {
				t.Errorf("exit %d, first line %q, want %d, %q\n%s%s", code, first, tt.code, tt.first, out, errOut)
			}
			if tt.osRelease == "fedora-41" && !strings.Contains(out, "\nUpgrade to Fedora 43: "+s.url()+"releases/f43/\n") {
				t.Errorf("an EOL release does not say what to upgrade to:\n%s", out)
			}
		})
	}
}

// statusF43 is what status prints on a Fedora 43 machine with an affected
// build of Mesa installed, and plasma-workspace of another build.
const statusF43 = `Fedora 43: critical problems, 4 open incidents, 1 in packages installed here.
From https://status.example.org/releases/f43/status.json, published 2026-11-21 12:00 UTC, checked just now.

shim 16.2: Secure Boot machines must enrol Fedora's new key before they reboot
  critical, identified, since 2026-11-21 08:00 UTC
  https://status.example.org/news/shim-16-2-new-secure-boot-key/
  Action required: read it before you update; bulletin guard stops dnf5 until: sudo bulletin guard -ack shim-16-2-new-secure-boot-key
  None of its packages is installed here.
  Packages: shim-x64-16.2-1.fc43, mokutil
  Workaround:
      Before rebooting, enrol the new key, then confirm it in MokManager at the
      next boot:

          sudo mokutil --import /usr/share/shim/fedora-ca-2026.cer
  Fix expected: during 2026-11-24 (UTC)

[installed here] Mesa 25.2.7-2 update makes Steam games hang on AMD Radeon GPUs
  major, identified, since 2026-11-19 09:40 UTC
  https://status.example.org/news/mesa-25-2-7-steam-hangs-radv/
  Installed here: mesa-vulkan-drivers-25.2.7-2.fc43.x86_64.
  Packages: mesa-vulkan-drivers-25.2.7-2.fc43, mesa-dri-drivers-25.2.7-2.fc43, mesa-vulkan-drivers-25.2.7-2.fc42
  Workaround:
      Until the fixed build reaches stable, either downgrade Mesa with the
      command below, or start affected games with the RADV shader cache
      disabled: in Steam, open the game's Properties → Launch options and enter

          RADV_DEBUG=nocache %command%

      Games start more slowly the first time, but no longer hang. Remove the
      launch option once you have updated to mesa-25.2.7-3 or later.
  Downgrade: sudo dnf downgrade --releasever=43 mesa-vulkan-drivers mesa-dri-drivers mesa-libGL mesa-va-drivers
  Fix expected: 2026-11-23 18:00 UTC

KDE Plasma 6.5 update: session crashes right after login on NVIDIA GPUs
  major, monitoring, since 2026-11-17 14:20 UTC
  https://status.example.org/news/plasma-6-5-nvidia-login-crash/
  Installed here, builds it does not name: plasma-workspace-6.5.4-1.fc43.x86_64.
  Packages: plasma-workspace-6.5.3-1.fc43, kwin-6.5.3-1.fc43, kf6-kio-6.20.0-1.fc43
  Workaround:
      At the login screen, choose Plasma (X11) from the session menu in the
      lower left corner. The X11 session is not affected.

      If you already updated and cannot log in at all, switch to a text console
      with Ctrl+Alt+F3, log in, and undo the update with the command below (it
      undoes your last dnf transaction: check with dnf history list that it was
      the Plasma update), then reboot.
  Downgrade: sudo dnf history undo last
  Fix expected: 2026-11-22 12:00 UTC

Fingerprint login fails after the selinux-policy update
  minor, investigating, since 2026-11-18 12:00 UTC
  https://status.example.org/news/fprintd-selinux-denials/
  None of its packages is installed here.
  Packages: selinux-policy-42.17-1.fc43, selinux-policy-targeted-42.17-1.fc43
  Workaround:
      Log in with your password; fingerprint login works again after the fix. If
      you rely on the fingerprint reader, you can allow the denied access
      locally:

          sudo ausearch -c fprintd --raw | audit2allow -M local-fprintd
          sudo semodule -i local-fprintd.pp

      Remove the local module with sudo semodule -r local-fprintd once the fixed
      policy is installed.
  Downgrade: sudo dnf downgrade selinux-policy selinux-policy-targeted
  Fix expected: not known yet

Maintenance: Fedora 43 updates repository read-only while its metadata is rebuilt
  scheduled, 2026-11-25 14:00 UTC to 2026-11-25 16:00 UTC
  https://status.example.org/news/f43-updates-metadata-rebuild/

Coming: Fedora 43 updates are signed with a new key from 1 December
  from 2026-12-01 00:00 UTC, action required
  https://status.example.org/news/f43-new-signing-key/
`

// installedF43 is rpm -qa on that machine, in part.
const installedF43 = `kernel-6.17.8-300.fc43.x86_64
mesa-vulkan-drivers-25.2.7-2.fc43.x86_64
mesa-libGL-25.2.7-2.fc43.x86_64
plasma-workspace-6.5.4-1.fc43.x86_64
firefox-145.0-2.fc43.x86_64
`

// TestStatusPolling runs status as a machine that polls does: the first
// time it finds its release and fetches its document; then it asks for
// that document alone, conditionally, and gets 304; when the site is down
// it shows the copy it kept, saying how old; when the site has changed it
// shows the new state.
func TestStatusPolling(t *testing.T) {
	s := newSite(t, machineEntries)
	root, cache := machine(t, "fedora-43-workstation"), t.TempDir()
	status := func(now time.Time) (string, string, int) {
		t.Helper()
		out, errOut, code := runOn(t, now, nil, installedF43, "status", "-url", s.url(), "-root", root, "-cache", cache, "-packages", "-")
		return s.clean(out), errOut, code
	}

	out, errOut, code := status(machineNow)
	if out != statusF43 || errOut != "" || code != 4 {
		t.Errorf("exit %d, want 4\n%s\nwant:\n%s%s", code, out, statusF43, errOut)
	}
	if got, want := s.requests(), "200 /status.json\n200 /releases/f43/status.json"; got != want {
		t.Errorf("first run:\n%s\nwant:\n%s", got, want)
	}

	// A 304 is a check too: the copy is as of now.
	later := machineNow.Add(10 * time.Minute)
	out, _, code = status(later)
	if out != statusF43 || code != 4 {
		t.Errorf("polling again: exit %d\n%s", code, out)
	}
	if got, want := s.requests(), "304 /releases/f43/status.json"; got != want {
		t.Errorf("polling again:\n%s\nwant:\n%s", got, want)
	}

	s.setDown(true)
	days := later.Add(3 * 24 * time.Hour)
	out, _, code = status(days)
	first, rest, _ := strings.Cut(out, "\n")
	note := "From https://status.example.org/releases/f43/status.json, published 2026-11-21 12:00 UTC.\n" +
		"Could not ask the site (Get \"https://status.example.org/releases/f43/status.json\": EOF); this is the copy kept 3 days ago, at 2026-11-21 12:40 UTC.\n"
	if code != 4 || first != "Fedora 43: critical problems, 4 open incidents, 1 in packages installed here." || !strings.HasPrefix(rest, note) {
		t.Errorf("site down: exit %d\n%s\nwant after the first line:\n%s", code, out, note)
	}
	// Three days on, the ETAs have passed.
	if !strings.Contains(out, "Fix expected: 2026-11-23 18:00 UTC (overdue)") {
		t.Errorf("site down: the passed ETA is not said overdue:\n%s", out)
	}

	// The site changes: Mesa is fixed, and the shim incident resolved.
	s.setDown(false)
	mesa, _ := os.ReadFile(filepath.Join(s.content, "news/2026-11-19-mesa-25-2-7-steam-hangs-radv.md"))
	s.write("news/2026-11-19-mesa-25-2-7-steam-hangs-radv.md", strings.Replace(string(mesa), "updates:\n", "resolved: 2026-11-22T10:00:00Z\nfixed_in: {f43: FEDORA-2026-5a1e9c03d2, f42: FEDORA-2026-7d3b2a9f11}\nupdates:\n", 1))
	s.write("news/2026-11-21-shim-16-2-new-secure-boot-key.md", strings.Replace(shimEntry, "status: identified", "status: identified\nresolved: 2026-11-22T09:00:00Z\nfixed_in: FEDORA-2026-9e8d7c6b5a", 1))
	s.build(epoch(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)))
	out, _, code = status(days)
	first, _, _ = strings.Cut(out, "\n")
	if code != 3 || first != "Fedora 43: major problems, 2 open incidents, none in packages installed here." || strings.Contains(out, "Mesa") {
		t.Errorf("after the fix: exit %d\n%s", code, out)
	}
	if got, want := s.requests(), "200 /releases/f43/status.json"; got != want {
		t.Errorf("after the fix:\n%s\nwant:\n%s", got, want)
	}
}

// TestStatusJSON checks the document -json prints for programs.
func TestStatusJSON(t *testing.T) {
	s := newSite(t, machineEntries)
	root := machine(t, "fedora-43-workstation")
	out, errOut, code := runOn(t, machineNow, nil, "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64\nmokutil-0.7.2-3.fc43.x86_64\n", "status", "-json", "-url", s.url(), "-root", root, "-cache", t.TempDir(), "-packages", "-")
	var rep struct {
		State      string `json:"state"`
		ExitStatus int    `json:"exit_status"`
		Release    struct {
			ID, Name, State, Indicator string
		} `json:"release"`
		Machine struct {
			OSRelease string  `json:"os_release"`
			Stream    *string `json:"stream"`
		} `json:"machine"`
		Document struct {
			URL     string    `json:"url"`
			Checked time.Time `json:"checked"`
			Offline bool      `json:"offline"`
		} `json:"document"`
		Packages  *string `json:"packages"`
		Incidents []struct {
			ID             string   `json:"id"`
			Installed      []string `json:"installed"`
			Downgrade      *string  `json:"downgrade"`
			ETADate        *string  `json:"eta_date"`
			ActionRequired bool     `json:"action_required"`
			Acknowledged   bool     `json:"acknowledged"`
		} `json:"incidents"`
		Maintenance []struct{ ID string } `json:"maintenance"`
		Changes     []struct{ ID string } `json:"changes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 4 || errOut != "" {
		t.Fatalf("exit %d, %v\n%s%s", code, err, out, errOut)
	}
	if rep.State != "installed" || rep.ExitStatus != 4 || rep.Release.ID != "f43" || rep.Release.Indicator != "critical" ||
		rep.Machine.OSRelease != filepath.Join(root, "etc/os-release") || rep.Machine.Stream != nil ||
		rep.Document.URL != s.url()+"releases/f43/status.json" || !rep.Document.Checked.Equal(machineNow) || rep.Document.Offline ||
		rep.Packages == nil || *rep.Packages != "list" || len(rep.Incidents) != 4 || len(rep.Maintenance) != 1 || len(rep.Changes) != 1 {
		t.Errorf("got %+v", rep)
	}
	shim, mesa := rep.Incidents[0], rep.Incidents[1]
	if shim.ID != "shim-16-2-new-secure-boot-key" || !shim.ActionRequired || shim.Acknowledged || strings.Join(shim.Installed, " ") != "mokutil-0.7.2-3.fc43.x86_64" || *shim.ETADate != "2026-11-24" {
		t.Errorf("shim: %+v", shim)
	}
	if mesa.ID != "mesa-25-2-7-steam-hangs-radv" || strings.Join(mesa.Installed, " ") != "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64" || !strings.HasPrefix(*mesa.Downgrade, "sudo dnf downgrade --releasever=43 ") {
		t.Errorf("mesa: %+v", mesa)
	}
}

// TestStatusRPM asks a real rpm which packages are installed: Debian's
// rpm, on a database of packages built with rpmbuild under the machine's
// root.
func TestStatusRPM(t *testing.T) {
	s := newSite(t, nil)
	root := machine(t, "fedora-43-workstation")
	rpmtest.Install(t, root, "mesa-dri-drivers-25.2.7-2.fc43.x86_64", "kwin-6.5.3-2.fc43.x86_64", "bash-5.3.0-2.fc43.x86_64")
	out, errOut, code := runOn(t, machineNow, nil, "", "status", "-url", s.url(), "-root", root, "-cache", t.TempDir())
	for _, want := range []string{
		"Fedora 43: major problems, 3 open incidents, 1 in packages installed here.\n",
		"[installed here] Mesa 25.2.7-2 update makes Steam games hang on AMD Radeon GPUs\n",
		"  Installed here: mesa-dri-drivers-25.2.7-2.fc43.x86_64.\n",
		"  Installed here, builds it does not name: kwin-6.5.3-2.fc43.x86_64.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if code != 4 || errOut != "" {
		t.Errorf("exit %d, want 4\n%s", code, errOut)
	}
}

// TestStatusConfig reads the site and the services from
// /etc/bulletin/status.conf, and the site from BULLETIN_URL over it.
func TestStatusConfig(t *testing.T) {
	s := newSite(t, nil)
	root := machine(t, "fedora-coreos-43")
	fakeRPMOSTree(t, "ostree-stable.json")
	writeFile(t, filepath.Join(root, "etc/bulletin/status.conf"), "# where the news is\nurl = "+s.url()+"\nservices = fcos-updates, mirrors\n")
	out, errOut, code := runOn(t, machineNow, nil, "", "status", "-root", root, "-cache", t.TempDir(), "-packages", "-")
	for _, want := range []string{
		"Fedora CoreOS stable: no known problems.\n",
		"\nFedora CoreOS update service: no known problems.\n",
		"\nMirrors and MirrorManager: no known problems.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s%s", want, out, errOut)
		}
	}
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	out, errOut, code = runOn(t, machineNow, map[string]string{"BULLETIN_URL": "http://127.0.0.1:1/"}, "", "status", "-root", root, "-cache", t.TempDir(), "-packages", "-")
	if code != 1 || !strings.HasPrefix(errOut, `bulletin: Get "http://127.0.0.1:1/status.json": dial tcp 127.0.0.1:1: connect: connection refused`) {
		t.Errorf("BULLETIN_URL is not used: exit %d\n%s%s", code, out, errOut)
	}
}

// TestStatusCannotTell pins what status says, with exit status 1, when it
// cannot tell.
func TestStatusCannotTell(t *testing.T) {
	s := newSite(t, nil)
	debian := t.TempDir()
	writeFile(t, filepath.Join(debian, "etc/os-release"), "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no site", []string{"-root", machine(t, "fedora-43-workstation")},
			`bulletin: no site to ask: give -url, set BULLETIN_URL, or write "url = https://status.example.org/" (your distribution's status site) in ROOT/etc/bulletin/status.conf`},
		{"no os-release", []string{"-url", s.url(), "-root", machine(t, "")},
			"bulletin: no ROOT/etc/os-release or ROOT/usr/lib/os-release: cannot tell which release this machine runs; give it as release = ID in /etc/bulletin/status.conf"},
		{"another distribution", []string{"-url", s.url(), "-root", debian},
			"bulletin: no release of https://status.example.org/status.json matches this machine (Debian GNU/Linux 12 (bookworm), in ROOT/etc/os-release); give its release as release = ID in ROOT/etc/bulletin/status.conf; the site's releases: f43, f42, rawhide, fcos-stable, fcos-testing, fcos-next, f41"},
		{"a site that is down, nothing kept", []string{"-url", "http://127.0.0.1:1/", "-root", machine(t, "fedora-43-workstation")},
			`bulletin: Get "http://127.0.0.1:1/status.json": dial tcp 127.0.0.1:1: connect: connection refused`},
		{"offline, nothing kept", []string{"-url", s.url(), "-offline", "-root", machine(t, "fedora-43-workstation")},
			"bulletin: no copy of https://status.example.org/status.json in CACHE: run once with the network"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := tt.args[len(tt.args)-1]
			cache := t.TempDir()
			out, errOut, code := runOn(t, machineNow, nil, "", append([]string{"status", "-cache", cache, "-packages", "-"}, tt.args...)...)
			errOut = strings.NewReplacer(root, "ROOT", cache, "CACHE").Replace(s.clean(errOut))
			if code != 1 || out != "" || errOut != tt.want+"\n" {
				t.Errorf("exit %d\n%s%s\nwant:\n%s", code, out, errOut, tt.want)
			}
		})
	}
}

// TestStatusReleaseGone: a release kept from an earlier run whose
// document the site no longer has (a release renamed or removed) is
// looked for again, not shown from the copy.
func TestStatusReleaseGone(t *testing.T) {
	s := newSite(t, nil)
	root, cache := machine(t, "fedora-42-workstation"), t.TempDir()
	// A kept release that cannot be read is as none.
	writeFile(t, filepath.Join(cache, "release.json"), "")
	status := func() (string, int) {
		out, _, code := runOn(t, machineNow, nil, "", "status", "-url", s.url(), "-root", root, "-cache", cache, "-packages", "-")
		first, _, _ := strings.Cut(out, "\n")
		return first, code
	}
	if first, code := status(); code != 3 || first != "Fedora 42: major problems, 1 open incident, none in packages installed here." {
		t.Fatalf("exit %d: %s", code, first)
	}
	kept, err := os.ReadFile(filepath.Join(cache, "release.json"))
	if err != nil || !strings.Contains(string(kept), `"id":"f42"`) {
		t.Fatalf("the release found is not kept: %s, %v", kept, err)
	}
	writeFile(t, filepath.Join(cache, "release.json"), strings.NewReplacer(`"id":"f42"`, `"id":"f40"`, "/releases/f42/", "/releases/f40/").Replace(string(kept)))
	s.requests()
	if first, code := status(); code != 3 || first != "Fedora 42: major problems, 1 open incident, none in packages installed here." {
		t.Errorf("exit %d: %s", code, first)
	}
	if got, want := s.requests(), "404 /releases/f40/status.json\n304 /status.json\n304 /releases/f42/status.json"; got != want {
		t.Errorf("requests:\n%s\nwant:\n%s", got, want)
	}
}
