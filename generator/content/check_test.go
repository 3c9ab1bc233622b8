package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// testSiteYAML is the site.yaml the validation tests share.
const testSiteYAML = `title: Test Status
base_url: https://status.example.org/
id_authority: example.org,2026
releases:
  - id: f42
    name: Fedora 42
  - id: f43
    name: Fedora 43
  - id: f41
    name: Fedora 41
    state: eol
`

// incident is the front matter of a valid incident; cases add to it or
// replace a line of it.
const incident = "title: Mesa breaks Steam\ndate: 2026-11-02\nreleases: [f43]\nseverity: major\nstatus: identified\n"

func entry(front string) string { return "---\n" + front + "---\nBody.\n" }

// openTest loads (parses, checks and resolves) a site made of site.yaml
// and the files.
func openTest(t *testing.T, siteYAML string, files map[string]string) (*Site, *Source, error) {
	t.Helper()
	fsys := fstest.MapFS{"site.yaml": {Data: []byte(siteYAML)}}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return Load(t.Context(), fsys, "content")
}

// TestEntryErrors pins the exact message and position of every rule an
// entry can break: editors and CI jump to these positions.
func TestEntryErrors(t *testing.T) {
	const f = "content/news/x.md"
	tests := []struct {
		name string
		src  string
		want string // every problem, one to a line
	}{
		{"unknown field, typo", entry(incident + "serverity: critical\n"),
			f + `:7:1: unknown field "serverity" in the front matter; did you mean "severity"?`},
		{"unknown field, no near match", entry(incident + "author: jane\n"),
			f + `:7:1: unknown field "author" in the front matter; known fields: title, date, kind, id, releases, severity, status, packages, workaround, downgrade, eta, fixed_in, resolved, updates, links, starts, ends, action_required`},
		{"field given twice", entry(incident + "title: Again\n"),
			f + `:7:1: field "title" given twice (first at line 2); keep one`},
		{"unknown release", entry(strings.Replace(incident, "[f43]", "[f43, f99]", 1)),
			f + `:4:17: unknown release "f99"; known: f42, f43, f41, all`},
		{"release typo", entry(strings.Replace(incident, "[f43]", "[f433]", 1)),
			f + `:4:12: unknown release "f433"; did you mean "f43"? known: f42, f43, f41, all`},
		{"release listed twice", entry(strings.Replace(incident, "[f43]", "[f43, f43]", 1)),
			f + `:4:17: release "f43" listed twice`},
		{"all with others", entry(strings.Replace(incident, "[f43]", "[all, f42]", 1)),
			f + `:4:11: releases names all and f42 too; all already covers every release`},
		{"empty releases", entry(strings.Replace(incident, "[f43]", "[]", 1)),
			f + `:4:11: releases is empty: name the affected releases (f42, f43, f41) or all`},
		{"missing title", entry(strings.Replace(incident, "title: Mesa breaks Steam\n", "", 1)),
			f + `:1:1: missing field "title"`},
		{"blank title", entry(strings.Replace(incident, "Mesa breaks Steam", `""`, 1)),
			f + `:2:8: title is empty`},
		{"title on two lines", entry(strings.Replace(incident, "Mesa breaks Steam", `"Mesa\nbreaks"`, 1)),
			f + `:2:8: title must fit on one line`},
		{"title is a list", entry(strings.Replace(incident, "Mesa breaks Steam", "[a, b]", 1)),
			f + `:2:8: title must be text, not a list`},
		{"missing date", entry(strings.Replace(incident, "date: 2026-11-02\n", "", 1)),
			f + `:1:1: missing field "date"`},
		{"bad date", entry(strings.Replace(incident, "2026-11-02", "2026-13-02", 1)),
			f + `:3:7: date "2026-13-02" is not a date: want RFC 3339 ("2026-11-02T14:30:00Z") or a date ("2026-11-02")`},
		{"unknown kind", entry(incident + "kind: outage\n"),
			f + `:7:7: kind "outage" is not one of incident, announcement, maintenance`},
		{"incident without releases, severity, status", entry("title: A\ndate: 2026-11-02\n"),
			f + `:1:1: missing field "releases": name the affected releases (f42, f43, f41) or all` + "\n" +
				f + `:1:1: missing field "severity": minor, major or critical` + "\n" +
				f + `:1:1: missing field "status": investigating, identified, monitoring or resolved`},
		{"bad severity", entry(strings.Replace(incident, "severity: major", "severity: huge", 1)),
			f + `:5:11: severity "huge" is not one of minor, major, critical`},
		{"bad status", entry(strings.Replace(incident, "status: identified", "status: fixed", 1)),
			f + `:6:9: status "fixed" is not one of investigating, identified, monitoring, resolved`},
		{"severity on an announcement", entry("title: A\ndate: 2026-11-02\nkind: announcement\nseverity: major\n"),
			f + `:5:11: severity applies to incidents only, and this entry is an announcement (kind: announcement)`},
		{"window on an incident", entry(incident + "starts: 2026-11-03\n"),
			f + `:7:9: starts applies to maintenances only, and this entry is an incident (kind: incident)`},
		{"maintenance without window", entry("title: A\ndate: 2026-11-02\nkind: maintenance\n"),
			f + `:1:1: missing field "ends"` + "\n" + f + `:1:1: missing field "starts"`},
		{"window ends before it starts", entry("title: A\ndate: 2026-11-02\nkind: maintenance\nstarts: 2026-11-05T10:00:00Z\nends: 2026-11-05T09:00:00Z\n"),
			f + `:6:7: ends (2026-11-05T09:00:00Z) must be after starts (2026-11-05T10:00:00Z)`},
		{"resolved before published", entry(strings.Replace(incident, "identified", "resolved", 1) + "resolved: 2026-11-01\n"),
			f + `:7:11: resolved (2026-11-01T00:00:00Z) is before the entry was published (date: 2026-11-02T00:00:00Z)`},
		{"resolved but status says otherwise", entry(incident + "resolved: 2026-11-03\n"),
			f + `:6:9: status is "identified", but resolved is set; make it resolved, or remove resolved`},
		{"resolved on a maintenance", entry("title: A\ndate: 2026-11-02\nkind: maintenance\nstarts: 2026-11-05T10:00:00Z\nends: 2026-11-05T11:00:00Z\nresolved: 2026-11-05\n"),
			f + `:7:11: resolved applies to incidents only; a maintenance ends by its updates or its window`},
		{"bad eta", entry(incident + "eta: soon\n"),
			f + `:7:6: eta "soon" is not a date: want RFC 3339 ("2026-11-02T14:30:00Z") or a date ("2026-11-02")`},
		{"eta before published", entry(incident + "eta: 2026-10-01\n"),
			f + `:7:6: eta (2026-10-01T00:00:00Z) is before the entry was published (date: 2026-11-02T00:00:00Z)`},
		{"downgrade for a release not affected", entry(incident + "downgrade:\n  f42: sudo dnf downgrade mesa\n"),
			f + `:8:3: downgrade for f42, but the entry does not affect f42 (releases: f43)`},
		{"downgrade for an unknown release", entry(incident + "downgrade:\n  f99: sudo dnf downgrade mesa\n"),
			f + `:8:3: downgrade for unknown release "f99"; known: f42, f43, f41, all`},
		{"empty downgrade command", entry(incident + "downgrade:\n  f43: \"  \"\n"),
			f + `:8:8: the downgrade command for f43 is empty`},
		{"downgrade is a list", entry(incident + "downgrade: [a, b]\n"),
			f + `:7:12: downgrade must be a command, or a map of release id to command, not a list`},
		{"script link", entry(incident + "links:\n  - title: Bug\n    url: javascript:alert(1)\n"),
			f + `:9:10: link "javascript:alert(1)" must be an absolute http:// or https:// URL`},
		{"relative link", entry(incident + "links:\n  - /news/other/\n"),
			f + `:8:5: link "/news/other/" must be an absolute http:// or https:// URL`},
		{"link without url", entry(incident + "links:\n  - title: Bug\n"),
			f + `:8:5: link 1 has no url`},
		{"link field typo", entry(incident + "links:\n  - titel: Bug\n    url: https://bugzilla.redhat.com/\n"),
			f + `:8:5: unknown field "titel" in link 1; did you mean "title"?`},
		{"unsafe id", entry(incident + "id: ../../etc\n"),
			f + `:7:5: id "../../etc" must be lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, without ".."`},
		{"id with a slash", entry(incident + "id: a/b\n"),
			f + `:7:5: id "a/b" must be lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, without ".."`},
		{"id with two dots", entry(incident + "id: a..b\n"),
			f + `:7:5: id "a..b" must be lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, without ".."`},
		{"action_required not a boolean", entry(incident + "action_required: maybe\n"),
			f + `:7:18: action_required must be true or false, not "maybe"`},
		{"updates not a list", entry(incident + "updates: yes\n"),
			f + `:7:10: updates must be a list of {at, status, text}, not "yes"`},
		{"update out of order", entry(incident + "updates:\n  - at: 2026-11-04\n    status: investigating\n    text: a\n  - at: 2026-11-03\n    status: identified\n    text: b\n"),
			f + `:11:9: update 2 (2026-11-03T00:00:00Z) is older than update 1 (2026-11-04T00:00:00Z); list updates oldest first, newest last`},
		{"update before published", entry(incident + "updates:\n  - at: 2026-11-01\n    status: identified\n    text: a\n"),
			f + `:8:9: update 1 (2026-11-01T00:00:00Z) is before the entry was published (date: 2026-11-02T00:00:00Z)`},
		{"update without status", entry(incident + "updates:\n  - at: 2026-11-03\n    text: a\n"),
			f + `:8:5: update 1 has no status; one of investigating, identified, monitoring, resolved`},
		{"update with a bad status", entry(incident + "updates:\n  - at: 2026-11-03\n    status: done\n    text: a\n"),
			f + `:9:13: status "done" is not one of investigating, identified, monitoring, resolved`},
		{"update without time and text", entry(incident + "updates:\n  - status: identified\n"),
			f + `:8:5: update 1 has no "at" time` + "\n" + f + `:8:5: update 1 has no text`},
		{"update field typo", entry(incident + "updates:\n  - at: 2026-11-03\n    status: identified\n    txt: a\n"),
			f + `:8:5: update 1 has no text` + "\n" + f + `:10:5: unknown field "txt" in update 1; did you mean "text"?`},
		{"status disagrees with the latest update", entry(incident + "updates:\n  - at: 2026-11-03\n    status: resolved\n    text: a\n"),
			f + `:6:9: status is "identified", but the latest update says "resolved"; make them agree`},
		{"status on an announcement update", entry("title: A\ndate: 2026-11-02\nkind: announcement\nupdates:\n  - at: 2026-11-03\n    status: resolved\n    text: a\n"),
			f + `:7:13: updates of an announcement have no status; remove it`},
		{"maintenance update with an incident status", entry("title: A\ndate: 2026-11-02\nkind: maintenance\nstarts: 2026-11-05T10:00:00Z\nends: 2026-11-05T11:00:00Z\nupdates:\n  - at: 2026-11-05T10:00:00Z\n    status: resolved\n    text: a\n"),
			f + `:9:13: status "resolved" is not one of scheduled, in_progress, verifying, completed`},
		{"value with a colon", entry("title: Mesa: broken\n"),
			f + `:2:12: front matter is not valid YAML: mapping values are not allowed in this context; a value containing ": " must be quoted`},
		{"tab indentation", entry(incident + "packages:\n\t- mesa\n"),
			f + `:8:1: front matter is not valid YAML: found character that cannot start any token (while scanning for the next token); indent with spaces, not tabs`},
		{"front matter is a list", "---\n- a\n- b\n---\n",
			f + `:2:1: the front matter must be a mapping of fields (key: value), not a list`},
		{"no front matter", "# Mesa breaks Steam\n",
			f + `:1:1: missing front matter: start the file with a line "---", then the fields (title: …), then another "---"`},
		{"front matter not closed", "---\n" + incident,
			f + `:1:1: front matter is not closed: add a line "---" after the last field`},
		{"not UTF-8", entry(incident) + "caf\xe9\n",
			f + `:9:4: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8`},
		{"empty front matter", "---\n---\n",
			f + `:1:1: missing field "date"` + "\n" +
				f + `:1:1: missing field "releases": name the affected releases (f42, f43, f41) or all` + "\n" +
				f + `:1:1: missing field "severity": minor, major or critical` + "\n" +
				f + `:1:1: missing field "status": investigating, identified, monitoring or resolved` + "\n" +
				f + `:1:1: missing field "title"`},
		{"blank lines before the front matter", "\n\n---\ntitle: A\n---\n",
			f + `:3:1: missing field "date"` + "\n" +
				f + `:3:1: missing field "releases": name the affected releases (f42, f43, f41) or all` + "\n" +
				f + `:3:1: missing field "severity": minor, major or critical` + "\n" +
				f + `:3:1: missing field "status": investigating, identified, monitoring or resolved`},
		{"several problems, sorted", entry("title: A\ndate: someday\nreleases: [f99]\nseverity: huge\nstatus: identified\nserverity: major\n"),
			f + `:3:7: date "someday" is not a date: want RFC 3339 ("2026-11-02T14:30:00Z") or a date ("2026-11-02")` + "\n" +
				f + `:4:12: unknown release "f99"; known: f42, f43, f41, all` + "\n" +
				f + `:5:11: severity "huge" is not one of minor, major, critical` + "\n" +
				f + `:7:1: unknown field "serverity" in the front matter; did you mean "severity"?`},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if seen[tt.name] {
				t.Fatalf("two cases named %q", tt.name)
			}
			seen[tt.name] = true
			site, src, err := openTest(t, testSiteYAML, map[string]string{"news/x.md": tt.src})
			if err == nil {
				t.Fatalf("no error; want:\n%s", tt.want)
			}
			// Load returns what it could read along with the problems
			// (where OpenFS returned no site); it must not be rendered.
			if site == nil || src == nil {
				t.Errorf("no site or source came back with the error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			for _, e := range Errors(err) {
				if e.File != f || e.Line < 1 || e.Col < 1 {
					t.Errorf("problem without a full position: %#v", e)
				}
			}
		})
	}
}

// TestEntryAccepted pins what must load without complaint: the friendly
// forms an editor is likely to write.
func TestEntryAccepted(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, e *Entry)
	}{
		{"CRLF and a byte order mark", "\uFEFF---\r\n" + strings.ReplaceAll(incident, "\n", "\r\n") + "---\r\nBody.\r\n",
			func(t *testing.T, e *Entry) {
				if e.Title != "Mesa breaks Steam" || string(e.Body) != "Body.\n" {
					t.Errorf("title %q, body %q", e.Title, e.Body)
				}
			}},
		{"a single release without brackets", entry(strings.Replace(incident, "[f43]", "f43", 1)),
			func(t *testing.T, e *Entry) {
				if strings.Join(e.Releases, ",") != "f43" {
					t.Errorf("releases %v", e.Releases)
				}
			}},
		{"all means every release that is not EOL", entry(strings.Replace(incident, "[f43]", "all", 1)),
			func(t *testing.T, e *Entry) {
				if strings.Join(e.Releases, ",") != "f42,f43" || !e.AllReleases {
					t.Errorf("releases %v, all %v", e.Releases, e.AllReleases)
				}
			}},
		{"resolved implies the status", entry(strings.Replace(incident, "status: identified\n", "resolved: 2026-11-03T10:00:00Z\n", 1)),
			func(t *testing.T, e *Entry) {
				if e.Status != Resolved {
					t.Errorf("status %q", e.Status)
				}
			}},
		{"the latest update gives the status", entry(strings.Replace(incident, "status: identified\n", "updates:\n  - at: 2026-11-03\n    status: monitoring\n    text: a\n", 1)),
			func(t *testing.T, e *Entry) {
				if e.Status != Monitoring {
					t.Errorf("status %q", e.Status)
				}
			}},
		{"eta unknown, bare links, one downgrade for all", entry(incident + "eta: unknown\nlinks:\n  - https://bugzilla.redhat.com/show_bug.cgi?id=1\ndowngrade: sudo dnf downgrade mesa\n"),
			func(t *testing.T, e *Entry) {
				if !e.ETAUnknown || e.Links[0].URL != "https://bugzilla.redhat.com/show_bug.cgi?id=1" || e.Downgrade[0].Command != "sudo dnf downgrade mesa" {
					t.Errorf("eta unknown %v, links %v, downgrade %v", e.ETAUnknown, e.Links, e.Downgrade)
				}
			}},
		{"an empty field counts as absent", entry(incident + "eta:\nfixed_in:\n"),
			func(t *testing.T, e *Entry) {
				if !e.ETA.IsZero() || e.FixedIn != "" {
					t.Errorf("eta %v, fixed_in %q", e.ETA, e.FixedIn)
				}
			}},
		{"the id defaults to the slug", entry(incident),
			func(t *testing.T, e *Entry) {
				if e.ID != "x" || e.Slug != "x" {
					t.Errorf("id %q, slug %q", e.ID, e.Slug)
				}
			}},
		{"a site-wide announcement concerns every release", entry("title: A\ndate: 2026-11-02\nkind: announcement\n"),
			func(t *testing.T, e *Entry) {
				if !e.AllReleases || strings.Join(e.Releases, ",") != "f42,f43" {
					t.Errorf("releases %v", e.Releases)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, _, err := openTest(t, testSiteYAML, map[string]string{"news/x.md": tt.src})
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, site.Entries[0])
		})
	}
}

// TestCrossEntryErrors covers the rules that span files: slugs and ids
// are unique, and the entry that came later is the one told to change.
func TestCrossEntryErrors(t *testing.T) {
	_, _, err := openTest(t, testSiteYAML, map[string]string{
		"news/2026-11-01-mesa.md":    entry(strings.Replace(incident, "2026-11-02", "2026-11-01", 1) + "id: mesa-1\n"),
		"archive/2026-11-05-mesa.md": entry(strings.Replace(incident, "2026-11-02", "2026-11-05", 1) + "id: mesa-2\n"),
		"news/2026-11-03-other.md":   entry(strings.Replace(incident, "2026-11-02", "2026-11-03", 1) + "id: mesa-1\n"),
		"news/Mesa Bug.md":           entry(incident),
	})
	want := `content/archive/2026-11-05-mesa.md:1:1: slug "mesa" is also the slug of content/news/2026-11-01-mesa.md; rename one of the files
content/news/2026-11-03-other.md:7:5: id "mesa-1" is also the id of content/news/2026-11-01-mesa.md; ids are permanent, so give this entry a new one
content/news/Mesa Bug.md:1:1: file name "news/Mesa Bug.md" does not give a usable slug: use lowercase letters, digits and hyphens, like mesa-bug.md`
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

// TestSiteErrors pins the problems site.yaml can have.
func TestSiteErrors(t *testing.T) {
	const f = "content/site.yaml"
	tests := []struct {
		name, yaml, want string
	}{
		{"missing fields", "title: T\n",
			f + `:1:1: missing field "base_url"` + "\n" + f + `:1:1: missing field "id_authority"` + "\n" + f + `:1:1: missing field "releases"`},
		{"relative base URL", strings.Replace(testSiteYAML, "https://status.example.org/", "status.example.org", 1),
			f + `:2:11: base_url "status.example.org" is not an absolute http(s) URL like https://status.example.org/`},
		{"bad id authority", strings.Replace(testSiteYAML, "example.org,2026", "https://example.org", 1),
			f + `:3:15: id_authority "https://example.org" is not a tag URI authority; write a domain you own and a year you owned it, like "fedoraproject.org,2026"`},
		{"release id twice", testSiteYAML + "  - id: f43\n    name: Again\n",
			f + `:12:9: release id "f43" given twice (first at line 7)`},
		{"release id with a slash", testSiteYAML + "  - id: f/44\n    name: F44\n",
			f + `:12:9: release id "f/44" must be lowercase letters, digits and hyphens, like f43 or fcos-stable`},
		{"release id all", testSiteYAML + "  - id: all\n    name: All\n",
			f + `:12:9: release id "all" is reserved: in an entry it means every release`},
		{"release without a name", testSiteYAML + "  - id: f44\n",
			f + `:12:5: missing field "name" in release 4`},
		{"bad release state", testSiteYAML + "  - id: f44\n    name: F44\n    state: beta\n",
			f + `:14:12: state "beta" is not one of current, prerelease, eol`},
		{"unknown field", testSiteYAML + "feed_item: 20\n",
			f + `:12:1: unknown field "feed_item" in site.yaml; did you mean "feed_items"?`},
		{"feed size out of range", testSiteYAML + "feed_items: 0\n",
			f + `:12:13: feed_items must be a whole number from 1 to 1000, not "0"`},
		{"not YAML", "title: [\n",
			f + `:2:1: not valid YAML: did not find expected node content (while parsing a flow node)`},
		{"not YAML, no line break at the end", "title: [",
			f + `:1:9: not valid YAML: did not find expected node content (while parsing a flow node)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := openTest(t, tt.yaml, nil)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

// TestMisnamedRelease checks that a release id site.yaml rejects is one
// problem, in site.yaml, not one more in every entry that names it.
func TestMisnamedRelease(t *testing.T) {
	site := testSiteYAML + "  - id: F44\n    name: Fedora 44\n"
	files := map[string]string{
		"news/a.md": entry(strings.Replace(incident, "[f43]", "[f44]", 1)),
		"news/b.md": entry(strings.Replace(incident, "[f43]", "[f43, F44]", 1) + "downgrade:\n  f44: sudo dnf downgrade mesa\n"),
		"news/c.md": entry(strings.Replace(incident, "[f43]", "[f45]", 1)),
	}
	_, _, err := openTest(t, site, files)
	want := `content/news/c.md:4:12: unknown release "f45"; did you mean "f42"? known: f42, f43, f41, all` + "\n" +
		`content/site.yaml:12:9: release id "F44" must be lowercase letters, digits and hyphens, like f43 or fcos-stable`
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}

func TestMissingSiteYAML(t *testing.T) {
	_, _, err := Load(t.Context(), fstest.MapFS{"news/x.md": {Data: []byte(entry(incident))}}, "content")
	want := "content/site.yaml: missing: every site needs one, with its title, base_url, id_authority and releases"
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}
