// Package rpm reads package names and versions as rpm and dnf write them,
// orders versions as rpm does, and asks rpm what a machine has installed:
// what bulletin status and bulletin guard need to tell whether an
// incident's packages are on a machine, or coming to it.
package rpm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Package is one build of a package. Epoch is "" when it was not given
// (rpm -qa and most NEVRs leave out an epoch of 0); Arch may be "".
type Package struct {
	Name, Epoch, Version, Release, Arch string
}

// EVR is the package's [epoch:]version-release; an epoch of 0 is left
// out, as rpm and dnf write it.
func (p Package) EVR() string {
	evr := p.Version + "-" + p.Release
	if p.Epoch != "" && p.Epoch != "0" {
		evr = p.Epoch + ":" + evr
	}
	return evr
}

// String is the package as rpm -q writes it: name-[epoch:]version-release,
// and .arch when known; its name alone when its version is not known.
func (p Package) String() string {
	if p.Version == "" {
		return p.Name
	}
	s := p.Name + "-" + p.EVR()
	if p.Arch != "" {
		s += "." + p.Arch
	}
	return s
}

// arches are the architectures Fedora builds for, as a NEVRA ends with
// them; the list tells a NEVRA's arch from the end of its release.
var arches = map[string]bool{
	"noarch": true, "src": true, "x86_64": true, "i686": true, "i386": true, "aarch64": true,
	"ppc64le": true, "s390x": true, "armv7hl": true, "riscv64": true,
}

// Parse reads a NEVR or NEVRA (mesa-vulkan-drivers-25.2.7-2.fc43,
// firefox-2:145.0-2.fc43.x86_64). It reports false for a bare name such as
// mesa-vulkan-drivers: names have hyphens too, so a string is read as a
// build only when its last two parts, the version (after an optional
// epoch) and the release, start with a digit, as Fedora's do.
func Parse(s string) (Package, bool) {
	r := strings.LastIndexByte(s, '-')
	if r <= 0 {
		return Package{}, false
	}
	v := strings.LastIndexByte(s[:r], '-')
	if v <= 0 {
		return Package{}, false
	}
	p := Package{Name: s[:v], Version: s[v+1 : r], Release: s[r+1:]}
	if e, ver, ok := strings.Cut(p.Version, ":"); ok {
		if !isDigits(e) {
			return Package{}, false
		}
		p.Epoch, p.Version = e, ver
	}
	if dot := strings.LastIndexByte(p.Release, '.'); dot > 0 && arches[p.Release[dot+1:]] {
		p.Release, p.Arch = p.Release[:dot], p.Release[dot+1:]
	}
	if !startsWithDigit(p.Version) || !startsWithDigit(p.Release) {
		return Package{}, false
	}
	return p, true
}

func startsWithDigit(s string) bool { return s != "" && '0' <= s[0] && s[0] <= '9' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Compare orders two builds of a package as rpm does: by epoch, then
// version, then release. An epoch counts only when both give one: a NEVR
// without one, as rpm -qa and editors write them, means the build whatever
// its epoch.
func Compare(a, b Package) int {
	if a.Epoch != "" && b.Epoch != "" {
		if c := Vercmp(a.Epoch, b.Epoch); c != 0 {
			return c
		}
	}
	if c := Vercmp(a.Version, b.Version); c != 0 {
		return c
	}
	return Vercmp(a.Release, b.Release)
}

// Vercmp compares two versions (or two releases) as rpm's rpmvercmp does:
// -1, 0 or 1. Each is split into runs of digits and of letters, compared
// in turn, numbers as numbers, and a number above letters; "~" sorts
// before anything, even the end (1.0~rc1 < 1.0), and "^" after the end
// but before anything else (1.0 < 1.0^git1 < 1.0.1). Other characters
// only separate runs.
func Vercmp(a, b string) int {
	if a == b {
		return 0
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		for i < len(a) && !isAlnum(a[i]) && a[i] != '~' && a[i] != '^' {
			i++
		}
		for j < len(b) && !isAlnum(b[j]) && b[j] != '~' && b[j] != '^' {
			j++
		}
		ca, cb := at(a, i), at(b, j)
		if ca == '~' || cb == '~' {
			if ca != '~' {
				return 1
			}
			if cb != '~' {
				return -1
			}
			i, j = i+1, j+1
			continue
		}
		if ca == '^' || cb == '^' {
			switch {
			case ca == 0:
				return -1
			case cb == 0:
				return 1
			case ca != '^':
				return 1
			case cb != '^':
				return -1
			}
			i, j = i+1, j+1
			continue
		}
		if ca == 0 || cb == 0 {
			break
		}
		class := isAlpha
		if isDigit(ca) {
			class = isDigit
		}
		ei, ej := i, j
		for ei < len(a) && class(a[ei]) {
			ei++
		}
		for ej < len(b) && class(b[ej]) {
			ej++
		}
		segA, segB := a[i:ei], b[j:ej]
		if segB == "" {
			// A number against letters: the number is newer.
			if isDigit(ca) {
				return 1
			}
			return -1
		}
		if isDigit(ca) {
			segA, segB = strings.TrimLeft(segA, "0"), strings.TrimLeft(segB, "0")
			if len(segA) != len(segB) {
				if len(segA) > len(segB) {
					return 1
				}
				return -1
			}
		}
		if c := strings.Compare(segA, segB); c != 0 {
			return c
		}
		i, j = ei, ej
	}
	switch {
	case i >= len(a) && j >= len(b):
		return 0
	case i >= len(a):
		return -1
	}
	return 1
}

func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }

// queryFormat is how Installed asks rpm for each package: every field on
// its own, so that nothing needs guessing, and a prefix that tells these
// lines from rpm's "package x is not installed".
const queryFormat = "=%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH}\n"

// Installed asks rpm which of the named packages the system under root
// ("/" or "" for this one) has installed, each build of them (a kernel
// can be installed several times). It returns nothing for names not
// installed, and an error only when rpm cannot be run or fails otherwise.
func Installed(ctx context.Context, root string, names []string) ([]Package, error) {
	if len(names) == 0 {
		return nil, nil
	}
	args := []string{"-q", "--qf", queryFormat}
	if root != "" && root != "/" {
		args = append(args, "--root", root)
	}
	args = append(args, "--")
	cmd := exec.CommandContext(ctx, "rpm", append(args, names...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	// rpm -q exits with the number of packages that are not installed.
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() > 0 && exit.ExitCode() <= len(names)) {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("rpm -q: %v: %s", err, msg)
		}
		return nil, fmt.Errorf("rpm -q: %v", err)
	}
	var pkgs []Package
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(strings.TrimPrefix(line, "="))
		if !strings.HasPrefix(line, "=") || len(f) != 5 {
			continue
		}
		p := Package{Name: f[0], Epoch: f[1], Version: f[2], Release: f[3], Arch: f[4]}
		if p.Arch == "(none)" {
			p.Arch = "" // gpg-pubkey
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}
