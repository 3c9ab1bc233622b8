package render

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
)

// TestCollections checks the collections document against the shape of
// pkgdb2's /api/collections/ (Collection.to_json in
// pkgdb2/lib/model/__init__.py, and the file Fedora's infrastructure
// serves in its place): only releases that give a collection, in
// site.yaml order, each with pkgdb2's fields and types, the state as
// pkgdb2's status word, at the path site.yaml sets.
func TestCollections(t *testing.T) {
	fsys := contentFS(t)
	edit(t, fsys, "site.yaml", "releases:", "collections: {name: Fedora Linux, path: /pkgdb/api/collections.json}\nreleases:")
	edit(t, fsys, "site.yaml", `version_id: "43"}`, `version_id: "43"}`+"\n    collection: {version: \"43\", dist_tag: .fc43}")
	edit(t, fsys, "site.yaml", "    state: prerelease", "    state: prerelease\n    collection: {version: 44, branch: rawhide}")
	edit(t, fsys, "site.yaml", "  - id: f41\n    name: Fedora 41\n    state: eol", "  - id: f41\n    name: Fedora 41\n    state: eol\n    collection: {name: Fedora, version: \"41\"}")
	_, out := renderSite(t, fsys, Options{Now: feedNow})
	if _, ok := out.Get("api/pkgdb/collections.json"); ok {
		t.Error("the document is at the default path too")
	}
	data, ok := out.Get("pkgdb/api/collections.json")
	if !ok {
		t.Fatal("no pkgdb/api/collections.json")
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["output"] != "ok" || len(doc) != 2 {
		t.Errorf("top level %v, want collections and output: ok", slices.Sorted(maps.Keys(doc)))
	}
	list, _ := doc["collections"].([]any)
	want := []map[string]any{
		{"name": "Fedora Linux", "version": "43", "status": "Active", "branchname": "f43", "koji_name": "f43", "dist_tag": ".fc43", "allow_retire": false},
		{"name": "Fedora Linux", "version": "44", "status": "Under Development", "branchname": "rawhide", "koji_name": "rawhide", "dist_tag": nil, "allow_retire": true},
		{"name": "Fedora", "version": "41", "status": "EOL", "branchname": "f41", "koji_name": "f41", "dist_tag": nil, "allow_retire": true},
	}
	if len(list) != len(want) {
		t.Fatalf("%d collections, want %d (f42 and f40 give none):\n%s", len(list), len(want), data)
	}
	for i, c := range list {
		c := c.(map[string]any)
		if !maps.Equal(c, want[i]) {
			t.Errorf("collection %d is\n%v, want\n%v", i, c, want[i])
		}
	}

	// A site none of whose releases is a collection still has the
	// document, at the default path: a client finds an empty list, not
	// an error.
	out = renderFS(t, contentFS(t), Options{Now: feedNow})
	if data, _ := out.Get("api/pkgdb/collections.json"); string(data) != "{\n  \"collections\": [],\n  \"output\": \"ok\"\n}\n" {
		t.Errorf("without collections: %q", data)
	}
}
