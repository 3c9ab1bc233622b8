package client

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/cmd/bulletin/rpm"
	"github.com/bulletin-status/bulletin/generator/content"
)

// Document is a status document (/status.json, /releases/<id>/status.json)
// as a client reads it: the published contract, schema version 1, and
// only the fields this client uses. It is not the generator's own type on
// purpose: a machine may run a newer bulletin than its site, or an older
// one, and reads what any client of the schema reads.
type Document struct {
	SchemaVersion int        `json:"schema_version"`
	GeneratedAt   *time.Time `json:"generated_at"`
	Site          struct {
		Title string `json:"title"`
		URL   string `json:"url"`
	} `json:"site"`
	Indicator   string    `json:"indicator"`
	Releases    []Release `json:"releases"`
	Services    []Service `json:"services"`
	Incidents   []Entry   `json:"incidents"`
	Maintenance []Entry   `json:"maintenance"`
	Changes     []Change  `json:"changes"`
}

// Release is a release of the site.
type Release struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	State     string            `json:"state"`
	OSRelease map[string]string `json:"os_release"`
	Indicator string            `json:"indicator"`
	URL       string            `json:"url"`
	StatusURL string            `json:"status_url"`
	EndOfLife *string           `json:"end_of_life"`
	UpgradeTo *struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		URL       string `json:"url"`
		StatusURL string `json:"status_url"`
	} `json:"upgrade_to"`
}

// Service is a service of the site.
type Service struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Indicator string `json:"indicator"`
	URL       string `json:"url"`
	StatusURL string `json:"status_url"`
}

// Entry is an unresolved incident, or a maintenance in progress or to
// come.
type Entry struct {
	ID         string   `json:"id"`
	URL        string   `json:"url"`
	Title      string   `json:"title"`
	Kind       string   `json:"kind"`
	Severity   *string  `json:"severity"`
	Status     string   `json:"status"`
	Releases   []string `json:"releases"`
	Services   []string `json:"services"`
	Packages   []string `json:"packages"`
	Workaround *struct {
		Text string `json:"text"`
	} `json:"workaround"`
	Downgrade      map[string]string `json:"downgrade"`
	ETA            *time.Time        `json:"eta"`
	ETADate        *string           `json:"eta_date"`
	ETAUnknown     bool              `json:"eta_unknown"`
	FixedIn        *string           `json:"fixed_in"`
	Fixes          []Fix             `json:"fixes"`
	ActionRequired bool              `json:"action_required"`
	Starts         *time.Time        `json:"starts"`
	Ends           *time.Time        `json:"ends"`
	Started        *time.Time        `json:"started"`
	Updated        *time.Time        `json:"updated"`
}

// Fix is an update that fixes an entry on a release.
type Fix struct {
	Release string  `json:"release"`
	Update  string  `json:"update"`
	URL     *string `json:"url"`
	Command *string `json:"command"`
}

// Change is an announced change that has not taken effect yet.
type Change struct {
	ID             string     `json:"id"`
	URL            string     `json:"url"`
	Title          string     `json:"title"`
	Effective      *time.Time `json:"effective"`
	ActionRequired bool       `json:"action_required"`
	Summary        string     `json:"summary"`
}

// schemaVersion is the version of the status documents this client reads.
const schemaVersion = 1

// ParseDocument reads a status document.
func ParseDocument(data []byte) (*Document, error) {
	var d Document
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("not a status document: %v", err)
	}
	if d.SchemaVersion != schemaVersion {
		return nil, fmt.Errorf("a status document of schema version %d; this bulletin reads version %d", d.SchemaVersion, schemaVersion)
	}
	return &d, nil
}

// Release returns the release with the id, or nil.
func (d *Document) Release(id string) *Release {
	for i := range d.Releases {
		if d.Releases[i].ID == id {
			return &d.Releases[i]
		}
	}
	return nil
}

// Service returns the service with the id, or nil.
func (d *Document) Service(id string) *Service {
	for i := range d.Services {
		if d.Services[i].ID == id {
			return &d.Services[i]
		}
	}
	return nil
}

// site is the document's releases as the content model has them, so that
// a machine finds its release by the generator's own MatchRelease: one
// rule, SPEC's, for the site and its clients.
func (d *Document) site() *content.Site {
	s := &content.Site{}
	for _, r := range d.Releases {
		s.Releases = append(s.Releases, &content.Release{ID: r.ID, Name: r.Name, OSRelease: r.OSRelease})
	}
	return s
}

// Match returns the release of a machine with the fields (its os-release,
// lowercased, and its stream), or nil.
func (d *Document) Match(fields map[string]string) *Release {
	if r := d.site().MatchRelease(fields); r != nil {
		return d.Release(r.ID)
	}
	return nil
}

// needsStream reports whether the site has a release for a Fedora CoreOS
// stream that the machine runs but for its stream: then, and only then,
// is rpm-ostree worth asking.
func (d *Document) needsStream(osRelease map[string]string) bool {
	for _, r := range d.Releases {
		if _, ok := r.OSRelease["stream"]; !ok {
			continue
		}
		matches := true
		for k, v := range r.OSRelease {
			if k != "stream" && osRelease[k] != v {
				matches = false
			}
		}
		if matches {
			return true
		}
	}
	return false
}

// releaseIDs lists the site's releases, for messages.
func (d *Document) releaseIDs() string {
	var ids []string
	for _, r := range d.Releases {
		ids = append(ids, r.ID)
	}
	return strings.Join(ids, ", ")
}

// Fix returns the fix of the entry on the release, or nil.
func (e *Entry) Fix(release string) *Fix {
	for i := range e.Fixes {
		if e.Fixes[i].Release == release {
			return &e.Fixes[i]
		}
	}
	return nil
}

// Hit is a package of a machine that an entry names.
type Hit struct {
	Spec    rpm.Spec    // as the entry names it
	Package rpm.Package // the machine's
}

// Hits returns the packages of pkgs that the entry names on the release,
// by the rules of rpm.Spec.Matches, the fix on the release bounding a
// NEVR's range. downgrade says that pkgs come to the machine as a
// downgrade: a bare name does not count then, since downgrading is what
// a workaround asks for, while a NEVR names the broken build whichever way
// it comes.
func (e *Entry) Hits(release string, pkgs []rpm.Package, downgrade func(rpm.Package) bool) []Hit {
	var fix *rpm.Package
	if f := e.Fix(release); f != nil {
		if p, ok := rpm.Parse(f.Update); ok {
			fix = &p
		}
	}
	var hits []Hit
	hit := map[string]bool{}
	for _, s := range e.Packages {
		spec := rpm.ParseSpec(s)
		for _, p := range pkgs {
			if hit[p.String()] || spec.Build == nil && downgrade != nil && downgrade(p) {
				continue
			}
			if spec.Matches(p, fix) {
				hit[p.String()] = true
				hits = append(hits, Hit{Spec: spec, Package: p})
			}
		}
	}
	return hits
}

// PackageNames are the names of the packages of the entries, each once,
// in order: what to ask rpm about.
func PackageNames(entries []Entry) []string {
	var names []string
	seen := map[string]bool{}
	for _, e := range entries {
		for _, s := range e.Packages {
			if name := rpm.ParseSpec(s).Name; !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	return names
}
