package render

import (
	"bytes"

	"github.com/bulletin-status/bulletin/generator/content"
)

// collectionsView is the release list GNOME Software reads to offer system
// upgrades: the document of the retired Fedora package database's
// /api/collections/ (pkgdb2), which Fedora's infrastructure now serves as a
// static file. Its fedora-pkgdb-collections plugin reads each collection's
// name, status and version, and nothing else; the other fields are
// pkgdb2's, for other readers of the old API.
type collectionsView struct{ r *Renderer }

// pkgdbCollections is the whole document, as pkgdb2 wrote it.
type pkgdbCollections struct {
	Collections []pkgdbCollection `json:"collections"`
	Output      string            `json:"output"`
}

// pkgdbCollection is one collection. Every field is text but
// allow_retire: GNOME Software drops a collection whose version is a
// JSON number, and one whose status is not one of pkgdbStatus's. pkgdb2
// listed its fields in alphabetical order, as here. It also had
// date_created and date_updated, which bulletin does not know and does
// not make up.
type pkgdbCollection struct {
	AllowRetire bool    `json:"allow_retire"`
	Branchname  string  `json:"branchname"`
	DistTag     *string `json:"dist_tag"` // null when site.yaml does not give it
	KojiName    string  `json:"koji_name"`
	Name        string  `json:"name"`
	Status      string  `json:"status"`
	Version     string  `json:"version"`
}

// pkgdbStatus is a release's state as pkgdb2 named it; GNOME Software
// knows these three words and skips a collection with any other.
var pkgdbStatus = map[content.ReleaseState]string{
	content.Current:    "Active",
	content.Prerelease: "Under Development",
	content.EOL:        "EOL",
}

func (v collectionsView) targets() []target {
	r := v.r
	return []target{{name: r.site.Collections.Path[1:], final: true, render: func(buf *bytes.Buffer) error {
		doc := pkgdbCollections{Collections: []pkgdbCollection{}, Output: "ok"}
		for _, rel := range r.site.Releases {
			c := rel.Collection
			if c == nil {
				continue
			}
			doc.Collections = append(doc.Collections, pkgdbCollection{
				// pkgdb2 let packages be retired in the development
				// branch and in EOL releases, not in a stable one.
				AllowRetire: rel.State != content.Current,
				Branchname:  c.Branch,
				DistTag:     optional(c.DistTag),
				KojiName:    c.KojiName,
				Name:        c.Name,
				Status:      pkgdbStatus[rel.State],
				Version:     c.Version,
			})
		}
		return r.writeJSON(buf, doc)
	}}}
}
