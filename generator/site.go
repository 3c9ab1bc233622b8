package generator

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// Pos is a 1-based line and column in a content file.
type Pos struct{ Line, Col int }

// positions is where each field of an entry is written, by key ("title",
// "releases[1]", "updates[0].status"; "" for the front matter's first
// line). A short list rather than a map: an entry has a few dozen keys,
// looked up only while it is checked, and a map of them weighed 2.5 KB an
// entry, a quarter of the memory of loading a site of 100,000 entries.
type positions []keyPos

type keyPos struct {
	key string
	pos Pos
}

// set records where key is written; a later set of the same key wins.
func (ps *positions) set(key string, p Pos) { *ps = append(*ps, keyPos{key, p}) }

func (ps positions) get(key string) (Pos, bool) {
	for i := len(ps) - 1; i >= 0; i-- {
		if ps[i].key == key {
			return ps[i].pos, true
		}
	}
	return Pos{}, false
}

func (ps positions) has(key string) bool {
	_, ok := ps.get(key)
	return ok
}

// remove forgets key, as if it were never written.
func (ps *positions) remove(key string) {
	*ps = slices.DeleteFunc(*ps, func(kp keyPos) bool { return kp.key == key })
}

// Site is the whole content folder, loaded: site.yaml and every entry.
type Site struct {
	Title       string
	Description string
	Language    string
	BaseURL     *url.URL // absolute, its path ends in "/"
	IDAuthority string   // tag URI authority ("fedoraproject.org,2026"); ids are minted from it
	Releases    []*Release
	FeedItems   int // how many items each feed holds
	PerPage     int // entries on the home page and on each archive page

	Entries []*Entry // newest first; ties broken by slug

	file     string // site.yaml as the user knows it
	pos      map[string]Pos
	releases map[string]*Release
	// misnamed holds, lowercased, the release ids site.yaml gives in a
	// form it rejects: entries that name them are not told of an unknown
	// release, since the site's own problem is the one to fix.
	misnamed map[string]bool
	index    *index // built by Validate
}

// Release is one release that users run (Fedora 43, Fedora CoreOS stable).
type Release struct {
	ID          string
	Name        string
	State       ReleaseState
	Description string
	// OSRelease holds the /etc/os-release fields (id, version_id,
	// variant_id, …) by which a client recognises that it runs this release.
	OSRelease map[string]string

	pos Pos
}

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

// Entry is one Markdown file: an incident, an announcement or a maintenance.
type Entry struct {
	File  string // slash-separated path inside the content folder
	Slug  string // URL name: the file name without extension and date prefix
	ID    string // permanent; feed and API ids derive from it
	Title string
	Date  time.Time // first published
	Kind  Kind

	// Releases are the ids of the releases the entry affects, in site.yaml
	// order; "all" (or no releases on a non-incident) is every non-EOL release.
	Releases    []string
	AllReleases bool

	Severity       Severity
	Status         Status // for incidents: as written, implied by resolved, or the latest update's
	Packages       []string
	Workaround     string // Markdown
	Downgrade      []Downgrade
	ETA            time.Time
	ETAUnknown     bool
	FixedIn        string
	Resolved       time.Time
	Updates        []Update // oldest first
	Links          []Link
	Starts, Ends   time.Time // the maintenance window
	ActionRequired bool

	Body []byte // Markdown, front matter removed

	file string    // as the user knows it, for errors
	pos  positions // of the fields as parsed; read-only once parsed
	// releaseAt is where each release the entry names explicitly is
	// written, set by Validate, for warnings about one release.
	releaseAt map[string]Pos
	html      *entryHTML  // Markdown as HTML, made on first use
	check     *entryCheck // what Validate found, worked out once
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
}

// Link points to a bug report, an update page or a discussion.
type Link struct {
	Title string
	URL   string
}

// Updated is when the entry last changed: its newest update, or when it was
// resolved, or when it was first published.
func (e *Entry) Updated() time.Time {
	t := e.Date
	if n := len(e.Updates); n > 0 && e.Updates[n-1].At.After(t) {
		t = e.Updates[n-1].At
	}
	if e.Resolved.After(t) {
		t = e.Resolved
	}
	return t
}

// Affects reports whether the entry concerns the release.
func (e *Entry) Affects(release string) bool {
	for _, id := range e.Releases {
		if id == release {
			return true
		}
	}
	return false
}

// Release returns the release with the id, or nil.
func (s *Site) Release(id string) *Release { return s.releases[id] }
