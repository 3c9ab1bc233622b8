package content

import (
	"regexp"
	"strings"
)

// bodhiID matches a Bodhi update id: FEDORA-2026-5a1e9c03d2,
// FEDORA-EPEL-2026-…, FEDORA-FLATPAK-2026-….
var bodhiID = regexp.MustCompile(`^FEDORA(-[A-Z]+)?-[0-9]{4}-[0-9a-f]+$`)

// PackageName returns the name of the package that a NEVR names
// ("mesa-vulkan-drivers-25.2.7-2.fc43" is mesa-vulkan-drivers, "shim-x64-16.1-4"
// shim-x64), or s itself when it is a name already, or an update that is
// not one package build (a Bodhi update id, an image version): what the
// statistics count incidents by. A NEVR ends in a version and a release,
// each starting with a digit (an epoch, "1:2.3", too).
func PackageName(s string) string {
	if bodhiID.MatchString(s) {
		return s
	}
	parts := strings.Split(s, "-")
	digit := func(p string) bool { return p != "" && '0' <= p[0] && p[0] <= '9' }
	if n := len(parts); n >= 3 && digit(parts[n-1]) && digit(parts[n-2]) {
		return strings.Join(parts[:n-2], "-")
	}
	return s
}
