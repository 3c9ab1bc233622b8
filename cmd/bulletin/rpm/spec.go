package rpm

import "regexp"

// Spec is one of an incident's packages, as its editors wrote it: a bare
// name, which stands for every build of the package, or a NEVR, which
// names the broken build.
type Spec struct {
	Name  string
	Build *Package // nil for a bare name
}

// ParseSpec reads one of an incident's packages.
func ParseSpec(s string) Spec {
	if p, ok := Parse(s); ok {
		return Spec{Name: p.Name, Build: &p}
	}
	return Spec{Name: s}
}

func (s Spec) String() string {
	if s.Build != nil {
		return s.Build.String()
	}
	return s.Name
}

// Matches reports whether the build p is one the spec names. A bare name
// names every build of it. A NEVR names its own build; and when the
// incident names the build that fixes it (fix, or nil), every build from
// the broken one up to, not including, the fix: the builds in between
// are broken too. The fix bounds the range only when it is a build of the
// same package or of its source package (mesa for mesa-vulkan-drivers:
// subpackages share their source's version), for the same release of the
// distribution (the same .fcNN).
func (s Spec) Matches(p Package, fix *Package) bool {
	if p.Name != s.Name {
		return false
	}
	b := s.Build
	if b == nil {
		return true
	}
	if b.Arch != "" && p.Arch != "" && b.Arch != p.Arch {
		return false
	}
	if Compare(p, *b) == 0 {
		return true
	}
	if fix == nil || !(fix.Name == s.Name || len(s.Name) > len(fix.Name) && s.Name[:len(fix.Name)+1] == fix.Name+"-") {
		return false
	}
	if dist(b.Release) != dist(fix.Release) {
		return false
	}
	return Compare(p, *b) > 0 && Compare(p, *fix) < 0
}

var distTag = regexp.MustCompile(`\.(fc|eln|el)[0-9]+`)

// dist is the release of the distribution a package's release was built
// for (".fc43"), or "".
func dist(release string) string {
	tags := distTag.FindAllString(release, -1)
	if len(tags) == 0 {
		return ""
	}
	return tags[len(tags)-1]
}
