package content

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// This file is about the rule of SPEC.md's "Which release am I": a
// release's os_release lists fields of /etc/os-release that must all
// equal a machine's for the release to be that machine's, the most
// specific release winning. Clients (bulletin status, and anyone's jq)
// implement it; here are the rule itself and the checks that keep
// site.yaml to values real machines have.

// MatchRelease returns the release of a machine whose /etc/os-release has
// the fields (keys lowercased, as ParseOSRelease gives them), or nil: the
// release whose os_release fields all equal the machine's, the one with the
// most fields where several do, the first in site.yaml on a tie. stream,
// which no os-release file has, is the update stream of a Fedora CoreOS
// node's booted deployment, for the caller to add.
func (s *Site) MatchRelease(machine map[string]string) *Release {
	var best *Release
	for _, r := range s.Releases {
		if len(r.OSRelease) == 0 || (best != nil && len(r.OSRelease) <= len(best.OSRelease)) {
			continue
		}
		if matches(r.OSRelease, machine) {
			best = r
		}
	}
	return best
}

func matches(want, machine map[string]string) bool {
	for k, v := range want {
		if machine[k] != v {
			return false
		}
	}
	return true
}

// ParseOSRelease reads an os-release file (os-release(5)): KEY=value lines,
// values optionally quoted, # comments. Keys come back lowercased.
func ParseOSRelease(data []byte) map[string]string {
	fields := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		key, value, ok := strings.Cut(line, "=")
		if !ok || strings.HasPrefix(line, "#") || !osReleaseName.MatchString(key) {
			continue
		}
		if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
			quote := value[0]
			value = value[1 : len(value)-1]
			if quote == '"' {
				value = unescaper.Replace(value)
			}
		}
		fields[strings.ToLower(key)] = value
	}
	return fields
}

var (
	osReleaseName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	unescaper     = strings.NewReplacer(`\"`, `"`, `\\`, `\`, `\$`, `$`, "\\`", "`")
	// osValue is what os-release(5) allows in ID, VERSION_ID, VARIANT_ID
	// and the like: lower-case letters, digits, and a few punctuation marks.
	osValue = regexp.MustCompile(`^[a-z0-9._~-]+$`)
)

// osReleaseFields are the fields of os-release(5), and the distributions'
// own that clients meet on Fedora machines.
var osReleaseFields = map[string]bool{
	"name": true, "id": true, "id_like": true, "pretty_name": true, "cpe_name": true,
	"variant": true, "variant_id": true, "version": true, "version_id": true,
	"version_codename": true, "build_id": true, "image_id": true, "image_version": true,
	"release_type": true, "home_url": true, "documentation_url": true, "support_url": true,
	"bug_report_url": true, "privacy_policy_url": true, "support_end": true, "logo": true,
	"ansi_color": true, "vendor_name": true, "vendor_url": true, "default_hostname": true,
	"architecture": true, "sysext_level": true, "confext_level": true, "platform_id": true,
	"redhat_support_product": true, "redhat_support_product_version": true,
	"redhat_bugzilla_product": true, "redhat_bugzilla_product_version": true,
	"ostree_version": true, "experiment": true, "experiment_url": true,
}

// osReleaseWarnings tells of os_release fields that no real machine can
// have, so that a client never fails to find its release: a field that is
// not in os-release(5), a value it does not allow, a Fedora version that is
// not a number (Rawhide's VERSION_ID is the number of the coming release),
// a stream outside Fedora CoreOS, and two releases that no machine can tell
// apart.
func osReleaseWarnings(s *Site, src *Source, probs *problems) {
	file := src.siteFile()
	seen := map[string]*Release{}
	for _, r := range s.Releases {
		at := src.osRelease[r]
		keys := sortedKeys(r.OSRelease)
		for _, k := range keys {
			v := r.OSRelease[k]
			switch {
			case k == "stream":
				if r.OSRelease["variant_id"] != "coreos" {
					probs.add(file, at[k], "os_release of %s: stream is the update stream of a Fedora CoreOS node; give it with variant_id: coreos, or leave it out", r.ID)
				}
			case !osReleaseFields[k]:
				probs.add(file, at[k], "os_release of %s: no /etc/os-release has a field %s; see os-release(5) for the fields, or leave it out", r.ID, strings.ToUpper(k))
			case (k == "id" || k == "version_id" || k == "variant_id" || k == "id_like") && !osValue.MatchString(strings.ReplaceAll(v, " ", "")):
				probs.add(file, at[k], "os_release of %s: %s %q is not a value os-release(5) allows: lower-case letters, digits, \".\", \"_\", \"-\"", r.ID, k, v)
			case k == "version_id" && r.OSRelease["id"] == "fedora" && !isNumber(v):
				probs.add(file, at[k], "os_release of %s: no Fedora machine has version_id %q, which is always a number (Rawhide's is the number of the coming release); recognise Rawhide by redhat_support_product_version: rawhide", r.ID, v)
			}
		}
		if len(r.OSRelease) == 0 {
			continue
		}
		sig := signature(r.OSRelease)
		if other := seen[sig]; other != nil {
			probs.add(file, src.releases[r.ID], "os_release of %s is the same as of %s: no machine can tell which it runs", r.ID, other.ID)
		} else {
			seen[sig] = r
		}
	}
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

// signature is an os_release as one comparable string.
func signature(m map[string]string) string {
	var b strings.Builder
	for _, k := range sortedKeys(m) {
		b.WriteString(k + "=" + m[k] + "\n")
	}
	return b.String()
}
