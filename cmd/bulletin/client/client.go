// Package client is bulletin's side on users' machines: which release a
// machine runs (SPEC.md, "Which release am I"), that release's status
// document, fetched politely and kept for when the site cannot be
// reached, and which of the machine's packages the open incidents name.
// bulletin status and bulletin guard are its two users.
package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"
)

// Options say how to reach a machine's site, and where the machine's
// files are.
type Options struct {
	// Root is the root of the system: "/", or dnf5's installroot.
	Root    string
	Config  Config
	Fetcher *Fetcher
	// BootedStatus returns what rpm-ostree status --booted --json prints;
	// nil runs it (RPMOSTreeStatus).
	BootedStatus func(context.Context) ([]byte, error)
}

// Status is what the site says of a machine's release.
type Status struct {
	Machine *Machine  // nil when the release is configured and there is no os-release
	Release *Release  // the machine's release
	Doc     *Document // the release's own document
	Copy    *Copy     // that document as fetched: from where, when, or why from the cache
	// Site is the site's document, when it was read: to find the release,
	// or for the services the machine depends on.
	Site     *Document
	SiteCopy *Copy
	SiteErr  error // why the site's document could not be read for the services
}

// SiteURL returns the address of a site's status document from what a
// machine is configured with: the site's address, or its status.json.
func SiteURL(site string) (string, error) {
	u, err := url.Parse(site)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("%q is not the address of a site, such as https://status.example.org/", site)
	}
	if !strings.HasSuffix(u.Path, ".json") {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/status.json"
	}
	return u.String(), nil
}

// releaseURL is the address of a release's own document on the site whose
// document is at site.
func releaseURL(site, id string) string {
	u, _ := url.Parse(site)
	return u.ResolveReference(&url.URL{Path: "releases/" + url.PathEscape(id) + "/status.json"}).String()
}

// Check finds the machine's release on its site and fetches the release's
// document. It reads the site's document only to find the release (and
// keeps what it found until the machine changes, or for a day), so that a
// machine that polls asks for one small document, and mostly gets a 304.
func Check(ctx context.Context, o Options) (*Status, error) {
	site, err := SiteURL(o.Config.URL)
	if err != nil {
		return nil, err
	}
	st := &Status{}
	m, merr := ReadMachine(o.Root)
	st.Machine = m
	if o.Config.Release != "" {
		err := st.release(ctx, o, site, releaseURL(site, o.Config.Release), o.Config.Release)
		var se *StatusError
		if errors.As(err, &se) && se.Code == http.StatusNotFound {
			return nil, fmt.Errorf("the site has no release %q (release in %s): %v", o.Config.Release, filepath.Join(o.Root, ConfigFile), err)
		}
		return st, err
	}
	if merr != nil {
		return nil, merr
	}
	m.Stream = o.Config.Stream
	if found := o.loadMatch(site, m); found != nil {
		err := st.release(ctx, o, site, found.StatusURL, found.ID)
		var se *StatusError
		// A release that is gone from the site is found again below.
		if !errors.As(err, &se) || se.Code != http.StatusNotFound {
			return st, err
		}
	}
	if err := st.site(ctx, o, site); err != nil {
		return nil, err
	}
	// rpm-ostree tells of the booted system, not of one under another
	// root; no one installs Fedora CoreOS into an installroot.
	if m.Stream == "" && st.Site.needsStream(m.OSRelease) {
		run := o.BootedStatus
		if run == nil {
			run = RPMOSTreeStatus
		}
		out, err := run(ctx)
		if err == nil {
			m.Stream, err = BootedStream(out)
		}
		m.StreamErr = err
	}
	rel := st.Site.Match(m.Fields())
	if rel == nil {
		return nil, fmt.Errorf("no release of %s matches this machine (%s, in %s); give its release as release = ID in %s; the site's releases: %s",
			site, m.Describe(), m.File, filepath.Join(o.Root, ConfigFile), st.Site.releaseIDs())
	}
	o.saveMatch(site, m, rel)
	return st, st.release(ctx, o, site, rel.StatusURL, rel.ID)
}

// release fetches the release's own document, at url on the site whose
// document is at site.
func (st *Status) release(ctx context.Context, o Options, site, url, id string) error {
	c, err := o.Fetcher.Get(ctx, url)
	if err != nil {
		return err
	}
	doc, err := ParseDocument(c.Body)
	if err != nil {
		return fmt.Errorf("%s: %v", url, err)
	}
	r := doc.Release(id)
	if r == nil {
		return fmt.Errorf("%s: not the document of release %s", url, id)
	}
	st.Doc, st.Copy, st.Release = doc, c, r
	if len(o.Config.Services) > 0 && st.Site == nil {
		st.SiteErr = st.site(ctx, o, site)
	}
	return nil
}

// site fetches the site's document.
func (st *Status) site(ctx context.Context, o Options, url string) error {
	c, err := o.Fetcher.Get(ctx, url)
	if err != nil {
		return err
	}
	doc, err := ParseDocument(c.Body)
	if err != nil {
		return fmt.Errorf("%s: %v", url, err)
	}
	st.Site, st.SiteCopy = doc, c
	return nil
}

// match is a machine's release as found on its site, kept beside the
// copies: the next run asks for the release's document alone.
type match struct {
	Site      string    `json:"site"`
	Machine   string    `json:"machine"` // the os-release file's checksum and the configured stream
	ID        string    `json:"id"`
	StatusURL string    `json:"status_url"`
	Found     time.Time `json:"found"`
}

// matchLife is how long a release found is kept: a site may add a more
// specific release for a machine (a new edition, a stream), and a machine
// learns of it within a day.
const matchLife = 24 * time.Hour

func (o Options) matchFile() string { return filepath.Join(o.Fetcher.Dir, "release.json") }

func (o Options) loadMatch(site string, m *Machine) *match {
	if o.Fetcher.Dir == "" {
		return nil
	}
	data, err := readFile(o.matchFile())
	var found match
	if err != nil || data == nil || json.Unmarshal(data, &found) != nil {
		return nil
	}
	age := o.Fetcher.now().Sub(found.Found)
	// Offline, a release found long ago is still the best guess.
	if found.Site != site || found.Machine != m.sum+" "+m.Stream || (!o.Fetcher.Offline && (age < 0 || age > matchLife)) {
		return nil
	}
	return &found
}

func (o Options) saveMatch(site string, m *Machine, r *Release) {
	if o.Fetcher.Dir == "" {
		return
	}
	data, _ := json.Marshal(match{Site: site, Machine: m.sum + " " + m.Stream, ID: r.ID, StatusURL: r.StatusURL, Found: o.Fetcher.now()})
	// Not kept, it is found again next time: nothing to report.
	_ = writeFile(o.matchFile(), data)
}

// EntriesOf returns the document's incidents and maintenance that affect
// the service.
func (d *Document) EntriesOf(service string) []Entry {
	var out []Entry
	for _, e := range append(append([]Entry(nil), d.Incidents...), d.Maintenance...) {
		for _, s := range e.Services {
			if s == service {
				out = append(out, e)
				break
			}
		}
	}
	return out
}
