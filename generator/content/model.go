package content

import (
	"io/fs"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Site is the whole content folder, loaded, checked and resolved:
// site.yaml and every entry.
type Site struct {
	Title       string
	Description string
	Language    string
	BaseURL     *url.URL // absolute, its path ends in "/"
	IDAuthority string   // tag URI authority ("fedoraproject.org,2026"); ids are minted from it
	Releases    []*Release
	Services    []*Service
	FeedItems   int // how many items each feed holds, and windows each calendar
	PerPage     int // entries on the home page and on each archive page
	// Collections is where the releases are published as the retired
	// Fedora package database listed them, for GNOME Software.
	Collections Collections
	// Announce says where bulletin announce sends new items, and which
	// WebSub hub the feeds name; nil when site.yaml has no announce section.
	Announce *Announce

	Entries []*Entry // newest first; ties broken by slug

	fsys     fs.FS               // the content folder, for the files entries link
	releases map[string]*Release // by id
	order    map[string]int      // each release's place in site.yaml, from 1 (see releaseOrder)
	services map[string]*Service // by id
	index    *index              // what pages and feeds look up, made by resolve
}

// Release returns the release with the id, or nil.
func (s *Site) Release(id string) *Release { return s.releases[id] }

// Service returns the service with the id, or nil.
func (s *Site) Service(id string) *Service { return s.services[id] }

// Groups returns the services in their groups, in site.yaml order of each
// group's first service; services without a group come first, in a group
// with no name.
func (s *Site) Groups() []ServiceGroup {
	var groups []ServiceGroup
	index := map[string]int{}
	if slices.ContainsFunc(s.Services, func(sv *Service) bool { return sv.Group == "" }) {
		groups, index[""] = []ServiceGroup{{}}, 0
	}
	for _, sv := range s.Services {
		i, ok := index[sv.Group]
		if !ok {
			i = len(groups)
			index[sv.Group] = i
			groups = append(groups, ServiceGroup{Name: sv.Group})
		}
		groups[i].Services = append(groups[i].Services, sv)
	}
	return groups
}

// ServiceGroup is services shown and reported together: "Build and update
// infrastructure", "Public APIs".
type ServiceGroup struct {
	Name     string // "" for the services in no group
	Services []*Service
}

// ReadFile reads a file of the content folder that an entry links (see
// Entry.Files).
func (s *Site) ReadFile(name string) ([]byte, error) { return fs.ReadFile(s.fsys, name) }

// Release is one release that users run (Fedora 43, Fedora CoreOS stable).
type Release struct {
	ID          string
	Name        string
	State       ReleaseState
	Description string
	// OSRelease holds the /etc/os-release fields (id, version_id,
	// variant_id, …) by which a client recognises that it runs this release.
	OSRelease map[string]string
	// EndOfLife is when an EOL release stopped getting updates; zero if
	// not said. An incident published after it is refused.
	EndOfLife time.Time
	// UpgradeTo is the release its users should move to once it is EOL:
	// as site.yaml says, else the first current release of the same
	// distribution and variant.
	UpgradeTo string
	// FixedIn says how an update that fixes an incident on this release
	// is linked and installed.
	FixedIn FixLinks
	// Collection is the release as a collection of the package database,
	// which GNOME Software offers upgrades from; nil for a release that
	// is not one, such as a Fedora CoreOS stream.
	Collection *Collection
}

// DefaultCollectionsPath is where the collections document is published
// unless site.yaml says otherwise.
const DefaultCollectionsPath = "/api/pkgdb/collections.json"

// Collections says where the collections document is published.
type Collections struct {
	Path string // in the site: "/api/pkgdb/collections.json"
}

// Collection is a release as the retired Fedora package database (pkgdb2)
// described it in /api/collections/, whose static successor GNOME
// Software still reads: it offers an upgrade to a collection whose Name is
// the machine's os-release NAME and whose Version is one or two above its
// VERSION_ID.
type Collection struct {
	Name     string // os-release NAME of the release's machines: "Fedora Linux"
	Version  string // "43"; a word such as "devel" for a branch with no number, which GNOME Software skips
	Branch   string // the branch of the packages' sources: the release id unless given
	KojiName string // the build system's tag: the branch unless given
	DistTag  string // ".fc43"; "" when not given
}

// FixLinks are templates in which "{fixed_in}" stands for an update that
// fixes an incident, such as a Bodhi update id.
type FixLinks struct {
	URL     string // the update's page: "https://bodhi.fedoraproject.org/updates/{fixed_in}"
	Command string // what installs it: "sudo dnf upgrade --refresh --advisory={fixed_in}"
}

// Path returns a release's page: "/releases/<id>/".
func (r *Release) Path() string { return "/releases/" + r.ID + "/" }

// Service is a system users depend on besides their release: the build
// system, the update system, the mirrors, a public API.
type Service struct {
	ID          string // in the same namespace as release ids
	Name        string
	Group       string // the services it is shown with; "" for none
	Description string
	URL         string // the service itself, for people
}

// Path returns a service's page: "/services/<id>/".
func (sv *Service) Path() string { return "/services/" + sv.ID + "/" }

// ReleaseState says whether a release still gets incidents.
type ReleaseState string

const (
	Current    ReleaseState = "current"
	Prerelease ReleaseState = "prerelease"
	EOL        ReleaseState = "eol" // kept for history; not part of the overall status
)

// Kind is what an entry is about.
type Kind string

const (
	Incident     Kind = "incident"
	Announcement Kind = "announcement"
	Maintenance  Kind = "maintenance"
)

// Noun is the kind with its article, as a sentence names it: "an incident".
func (k Kind) Noun() string {
	if k != "" && strings.ContainsRune("aeiou", rune(k[0])) {
		return "an " + string(k)
	}
	return "a " + string(k)
}

// Severity is how badly an incident hurts; it orders as minor < major < critical.
type Severity string

const (
	Minor    Severity = "minor"
	Major    Severity = "major"
	Critical Severity = "critical"
)

// Label is the severity as a word to show: "Major".
func (s Severity) Label() string {
	switch s {
	case Minor:
		return "Minor"
	case Major:
		return "Major"
	case Critical:
		return "Critical"
	}
	return string(s)
}

// Status is where an incident stands, or (for updates of a maintenance) where
// the work stands.
type Status string

const (
	Investigating Status = "investigating"
	Identified    Status = "identified"
	Monitoring    Status = "monitoring"
	Resolved      Status = "resolved"

	Scheduled  Status = "scheduled"
	InProgress Status = "in_progress"
	Verifying  Status = "verifying"
	Completed  Status = "completed"
)

// Label is the status as a heading word: "In progress", "Resolved".
func (s Status) Label() string {
	if s == "" {
		return "Update"
	}
	return strings.ToUpper(string(s[:1])) + strings.ReplaceAll(string(s[1:]), "_", " ")
}

// updateStatuses are the statuses an update may carry, by kind.
var updateStatuses = map[Kind][]Status{
	Incident:    {Investigating, Identified, Monitoring, Resolved},
	Maintenance: {Scheduled, InProgress, Verifying, Completed},
}

// Entry is one Markdown file: an incident, an announcement or a maintenance.
// It holds what the file says, with the defaults filled in; where each
// field is written is kept beside it, in the Source of its load.
type Entry struct {
	File  string // slash-separated path inside the content folder
	Slug  string // URL name: the file name without extension and date prefix
	ID    string // permanent; feed and API ids derive from it
	Title string
	Date  time.Time // first published
	Kind  Kind

	// Releases are the ids of the releases the entry affects, in site.yaml
	// order; "all" (or, on an announcement or a maintenance, neither
	// releases nor services) is every non-EOL release.
	Releases    []string
	AllReleases bool
	// Services are the ids of the services the entry affects, in site.yaml
	// order.
	Services []string

	Severity Severity
	// InitialStatus is an incident's status when it was first published;
	// Status is its status now: the latest update's, or resolved once
	// resolved is set.
	InitialStatus Status
	Status        Status
	Packages      []string
	// InitialWorkaround is the workaround as first published (Markdown);
	// Workaround is the one in force now: that of the latest update that
	// gives one, else the initial one. Users are told the current one; the
	// statistics, when one was first given.
	InitialWorkaround string
	Workaround        string
	Downgrade         []Downgrade // in site.yaml order of their releases
	ETA               time.Time
	ETADay            bool // the ETA is a whole day, UTC: the fix is due by its end
	ETAUnknown        bool // "eta: unknown": said, not just absent
	FixedIn           []Fix
	Resolved          time.Time
	Updates           []Update // oldest first
	Links             []Link
	Starts, Ends      time.Time // the maintenance window
	// Effective is when an announced change (an API break, a retired URL)
	// takes effect: upcoming until then, history after.
	Effective      time.Time
	ActionRequired bool
	// Review is the post-incident review of a resolved incident, or nil.
	Review *Review

	Body []byte // Markdown, front matter removed
	// Files are the files beside the entry that its Markdown links by a
	// relative path ("shot.png"), published with its page: slash-separated
	// paths inside the content folder, by the name the page links them.
	Files []File
}

// File is a file an entry links, published beside its page.
type File struct {
	Name string // as the page links it, relative to the page: "shot.png"
	Path string // inside the content folder: "news/shot.png"
}

// Fix is the update that fixes an entry on a release, with how to get it.
type Fix struct {
	Release string // the release it fixes; "" when one update fixes every release
	Update  string // a Bodhi update id, a NEVR, an image version
	URL     string // the update's page, from site.yaml's fixed_in.url; "" if none
	Command string // what installs it, from site.yaml's fixed_in.command; "" if none
}

// Downgrade is the command that returns a release to the last good packages.
type Downgrade struct {
	Release string // "" when one command serves every release
	Command string
}

// Update is one step in an entry's timeline.
type Update struct {
	At     time.Time
	Status Status // "" where the kind has no status (announcements)
	Text   string // Markdown
	// Workaround, when not "", is a new workaround (Markdown) that
	// replaces the one before from this update on.
	Workaround string
}

// Review is what was learnt from an incident once it was resolved: why it
// happened, what to change, and the work agreed to change it.
type Review struct {
	Published time.Time // when the review was published: an event of the entry's story
	Cause     string    // Markdown: what went wrong
	Lessons   string    // Markdown: what to do differently; "" if not said
	// CausedBy are the updates that broke it, one for every release or
	// one per release, in site.yaml order of their releases.
	CausedBy  []Cause
	FollowUps []FollowUp
}

// Cause is an update that caused an incident, on one release or ("") on
// every release the incident affects.
type Cause struct {
	Release string
	Update  string // a Bodhi update id, a NEVR, an image version
	URL     string // the update's page, as fixed_in links it; "" if none
}

// FollowUp is a piece of work agreed in a review, tracked elsewhere.
type FollowUp struct {
	Title string
	URL   string // the ticket; "" if none
	Done  bool
}

// Link points to a bug report, an update page or a discussion.
type Link struct {
	Title string
	URL   string
}

// Path returns the entry's page, relative to the site root: "/news/<slug>/".
func (e *Entry) Path() string { return "/news/" + e.Slug + "/" }

// Updated is when the entry last changed: its newest update, when it was
// resolved, or when its review was published, or else when it was first
// published.
func (e *Entry) Updated() time.Time {
	t := e.Date
	if n := len(e.Updates); n > 0 && e.Updates[n-1].At.After(t) {
		t = e.Updates[n-1].At
	}
	if e.Resolved.After(t) {
		t = e.Resolved
	}
	if e.Review != nil && e.Review.Published.After(t) {
		t = e.Review.Published
	}
	return t
}

// Affects reports whether the entry concerns the release or service.
func (e *Entry) Affects(id string) bool {
	return slices.Contains(e.Releases, id) || slices.Contains(e.Services, id)
}

// Subjects returns the ids of the releases and services the entry
// affects, releases first.
func (e *Entry) Subjects() []string { return slices.Concat(e.Releases, e.Services) }

// cloneEntry returns a copy of the entry that resolveEntry may fill in without
// touching the original: only Releases and the scalars change.
func cloneEntry(e *Entry) *Entry {
	c := *e
	c.Releases = slices.Clone(e.Releases)
	c.Services = slices.Clone(e.Services)
	return &c
}
