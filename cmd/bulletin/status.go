package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bulletin-status/bulletin/cmd/bulletin/client"
	"github.com/bulletin-status/bulletin/cmd/bulletin/rpm"
	"github.com/bulletin-status/bulletin/generator"
)

// The exit statuses of status, for scripts to branch on; 0 is no known
// problem, 1 that it cannot tell.
const (
	statusIncidents = exitStatus(3) // open incidents affect the release
	statusInstalled = exitStatus(4) // one of them names a package installed here
	statusEOL       = exitStatus(5) // the release is end of life
)

var statusCommand = &command{
	name: "status",
	summary: "Tell what affects this machine: its release's state, open incidents, what to do.\n\n" +
		"It finds the machine's release on the site by its /etc/os-release (and, on\n" +
		"Fedora CoreOS, the stream of the booted deployment), fetches the release's\n" +
		"status.json and prints its state and each open incident, with the workaround,\n" +
		"the downgrade command for the release, when a fix is expected and the update\n" +
		"that fixes it; then maintenance and announced changes. An incident that names\n" +
		"a package installed here (rpm -q, or the list given with -packages) is marked\n" +
		"\"[installed here]\". The site is -url, $BULLETIN_URL, or url in\n" +
		"/etc/bulletin/status.conf. Documents are kept, and asked for again with\n" +
		"If-None-Match and If-Modified-Since; when the site cannot be reached, the\n" +
		"kept copy is shown, with how old it is.\n\n" +
		"Exit status: 0 no known problem; 3 open incidents affect the release; 4 one\n" +
		"of them names a package installed here; 5 the release is end of life; 1 it\n" +
		"cannot tell (no site, no release found, the site unreachable and nothing kept).",
	example: "bulletin status -url https://status.example.org/\n" +
		"rpm -qa | bulletin status -packages -     # another machine's packages\n" +
		"bulletin status -json | jq '.incidents[] | select(.installed != []) | .title'",
	flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		var mf machineFlags
		mf.register(fs)
		packages := fs.String("packages", "", "the installed packages, one a line as rpm -qa prints them, from this `file` (- for standard input), instead of asking rpm")
		asJSON := fs.Bool("json", false, "print a JSON document for programs, described in README.md")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				fmt.Fprintf(e.stderr, "bulletin status: unexpected argument %q\n", args[0])
				return errUsage
			}
			o, err := mf.options(e)
			if err != nil {
				return err
			}
			st, err := client.Check(ctx, o)
			if err != nil {
				return err
			}
			rep := newStatusReport(st, o, e.clock())
			if *packages != "" {
				pkgs, err := readPackages(e, *packages)
				if err != nil {
					return err
				}
				rep.addPackages(st, pkgs, "list")
			} else if pkgs, err := rpm.Installed(ctx, mf.root, client.PackageNames(st.Doc.Incidents)); err != nil {
				rep.PackagesError = describeRPMError(err)
			} else {
				rep.addPackages(st, pkgs, "rpm")
			}
			rep.finish()
			if *asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(rep); err != nil {
					return err
				}
			} else {
				rep.print(e.stdout)
			}
			if rep.ExitStatus != 0 {
				return exitStatus(rep.ExitStatus)
			}
			return nil
		}
	},
}

// describeRPMError says why the installed packages are not known, and
// what to do.
func describeRPMError(err error) string {
	if errors.Is(err, exec.ErrNotFound) {
		return "rpm is not installed here; give the packages with -packages (rpm -qa | bulletin status -packages -)"
	}
	return err.Error()
}

// statusReport is what status finds, for people and, as -json prints it,
// for programs.
type statusReport struct {
	// State is what the exit status says: clear, incidents, installed or
	// eol.
	State      string `json:"state"`
	ExitStatus int    `json:"exit_status"`
	Release    struct {
		ID        string  `json:"id"`
		Name      string  `json:"name"`
		State     string  `json:"state"`
		Indicator string  `json:"indicator"`
		URL       string  `json:"url"`
		EndOfLife *string `json:"end_of_life"`
		UpgradeTo *struct {
			ID   string `json:"id"`
			Name string `json:"name"`
			URL  string `json:"url"`
		} `json:"upgrade_to"`
	} `json:"release"`
	Machine struct {
		OSRelease string  `json:"os_release"` // the file
		Stream    *string `json:"stream"`
	} `json:"machine"`
	Document struct {
		URL         string     `json:"url"`
		GeneratedAt *time.Time `json:"generated_at"`
		Checked     time.Time  `json:"checked"` // when the site last confirmed it
		Offline     bool       `json:"offline"` // the site could not be asked: this is the kept copy
		Error       *string    `json:"error"`   // why
	} `json:"document"`
	// Packages says where the installed packages come from: rpm, or the
	// list given; null when they are not known (PackagesError says why).
	Packages      *string         `json:"packages"`
	PackagesError string          `json:"packages_error,omitempty"`
	Incidents     []reportEntry   `json:"incidents"`
	Maintenance   []reportWindow  `json:"maintenance"`
	Changes       []reportChange  `json:"changes"`
	Services      []reportService `json:"services"`

	now       time.Time
	notes     []string // said before the incidents: the copy is old, a service is unknown
	installed bool     // an incident names an installed package
}

type reportEntry struct {
	ID             string     `json:"id"`
	URL            string     `json:"url"`
	Title          string     `json:"title"`
	Severity       string     `json:"severity"`
	Status         string     `json:"status"`
	Started        *time.Time `json:"started"`
	Packages       []string   `json:"packages"`
	Installed      []string   `json:"installed"`       // installed builds it names
	OtherInstalled []string   `json:"other_installed"` // installed builds of its packages that it does not name
	Workaround     *string    `json:"workaround"`
	Downgrade      *string    `json:"downgrade"` // for this release
	ETA            *time.Time `json:"eta"`
	ETADate        *string    `json:"eta_date"`
	ETAUnknown     bool       `json:"eta_unknown"`
	FixedIn        *string    `json:"fixed_in"`
	FixURL         *string    `json:"fix_url"`
	FixCommand     *string    `json:"fix_command"`
	ActionRequired bool       `json:"action_required"`
	Acknowledged   bool       `json:"acknowledged"`
}

type reportWindow struct {
	ID     string     `json:"id"`
	URL    string     `json:"url"`
	Title  string     `json:"title"`
	Status string     `json:"status"`
	Starts *time.Time `json:"starts"`
	Ends   *time.Time `json:"ends"`
}

type reportChange struct {
	ID             string     `json:"id"`
	URL            string     `json:"url"`
	Title          string     `json:"title"`
	Effective      *time.Time `json:"effective"`
	ActionRequired bool       `json:"action_required"`
}

type reportService struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	Indicator string        `json:"indicator"`
	URL       string        `json:"url"`
	Incidents []reportEntry `json:"incidents"`
}

func newStatusReport(st *client.Status, o client.Options, now time.Time) *statusReport {
	rep := &statusReport{now: now, Incidents: []reportEntry{}, Maintenance: []reportWindow{}, Changes: []reportChange{}, Services: []reportService{}}
	r := &rep.Release
	rel := st.Release
	r.ID, r.Name, r.State, r.Indicator, r.URL, r.EndOfLife = rel.ID, rel.Name, rel.State, rel.Indicator, rel.URL, rel.EndOfLife
	if to := rel.UpgradeTo; to != nil {
		r.UpgradeTo = &struct {
			ID   string `json:"id"`
			Name string `json:"name"`
			URL  string `json:"url"`
		}{to.ID, to.Name, to.URL}
	}
	if m := st.Machine; m != nil {
		rep.Machine.OSRelease = m.File
		if m.Stream != "" {
			rep.Machine.Stream = &m.Stream
		}
	}
	d := &rep.Document
	d.URL, d.GeneratedAt, d.Checked = st.Copy.URL, st.Doc.GeneratedAt, st.Copy.Checked
	if err := st.Copy.Err; err != nil {
		msg := err.Error()
		d.Offline, d.Error = true, &msg
		rep.notes = append(rep.notes, fmt.Sprintf("Could not ask the site (%s); this is the copy kept %s, at %s.", msg, age(now, st.Copy.Checked), when(st.Copy.Checked)))
	}
	if err := st.Copy.KeepErr; err != nil {
		rep.notes = append(rep.notes, fmt.Sprintf("Note: %v.", err))
	}

	// Unreadable acknowledgements are the guard's to report.
	acks, _ := client.LoadAcks(filepath.Join(o.Root, client.StateDir))
	for _, e := range st.Doc.Incidents {
		rep.Incidents = append(rep.Incidents, reportIncident(e, rel.ID, acks))
	}
	for _, e := range st.Doc.Maintenance {
		rep.Maintenance = append(rep.Maintenance, reportWindow{ID: e.ID, URL: e.URL, Title: e.Title, Status: e.Status, Starts: e.Starts, Ends: e.Ends})
	}
	for _, c := range st.Doc.Changes {
		rep.Changes = append(rep.Changes, reportChange{ID: c.ID, URL: c.URL, Title: c.Title, Effective: c.Effective, ActionRequired: c.ActionRequired})
	}
	rep.addServices(st, o.Config.Services)
	return rep
}

func reportIncident(e client.Entry, release string, acks *client.Acks) reportEntry {
	out := reportEntry{
		ID: e.ID, URL: e.URL, Title: e.Title, Status: e.Status, Started: e.Started,
		Packages: e.Packages, Installed: []string{}, OtherInstalled: []string{},
		ETA: e.ETA, ETADate: e.ETADate, ETAUnknown: e.ETAUnknown,
		ActionRequired: e.ActionRequired,
	}
	if out.Packages == nil {
		out.Packages = []string{}
	}
	if e.Severity != nil {
		out.Severity = *e.Severity
	}
	if e.Workaround != nil {
		out.Workaround = &e.Workaround.Text
	}
	if cmd, ok := e.Downgrade[release]; ok {
		out.Downgrade = &cmd
	}
	if f := e.Fix(release); f != nil {
		out.FixedIn, out.FixURL, out.FixCommand = &f.Update, f.URL, f.Command
	}
	out.Acknowledged = acks != nil && acks.Has(e.ID)
	return out
}

// addPackages marks the incidents that name packages of the machine.
func (rep *statusReport) addPackages(st *client.Status, pkgs []rpm.Package, from string) {
	rep.Packages = &from
	for i, e := range st.Doc.Incidents {
		hits := e.Hits(st.Release.ID, pkgs, nil)
		for _, h := range hits {
			rep.Incidents[i].Installed = append(rep.Incidents[i].Installed, h.Package.String())
		}
		for _, name := range client.PackageNames([]client.Entry{e}) {
			for _, p := range pkgs {
				if p.Name == name && !slices.Contains(rep.Incidents[i].Installed, p.String()) {
					rep.Incidents[i].OtherInstalled = append(rep.Incidents[i].OtherInstalled, p.String())
				}
			}
		}
		if len(hits) > 0 {
			rep.installed = true
		}
	}
}

// addServices reports the services the machine depends on (services in
// its configuration file), from the site's document.
func (rep *statusReport) addServices(st *client.Status, services []string) {
	if st.Site == nil {
		if st.SiteErr != nil {
			rep.notes = append(rep.notes, fmt.Sprintf("Could not read the site's services: %v.", st.SiteErr))
		}
		return
	}
	for _, id := range services {
		sv := st.Site.Service(id)
		if sv == nil {
			rep.notes = append(rep.notes, fmt.Sprintf("The site has no service %q (services in the configuration file).", id))
			continue
		}
		out := reportService{ID: sv.ID, Name: sv.Name, Indicator: sv.Indicator, URL: sv.URL, Incidents: []reportEntry{}}
		for _, e := range st.Site.EntriesOf(id) {
			if e.Kind == "incident" {
				out.Incidents = append(out.Incidents, reportIncident(e, "", nil))
			}
		}
		rep.Services = append(rep.Services, out)
	}
}

// finish decides the state and the exit status.
func (rep *statusReport) finish() {
	switch {
	case rep.Release.State == "eol":
		rep.State, rep.ExitStatus = "eol", int(statusEOL)
	case rep.installed:
		rep.State, rep.ExitStatus = "installed", int(statusInstalled)
	case len(rep.Incidents) > 0:
		rep.State, rep.ExitStatus = "incidents", int(statusIncidents)
	default:
		rep.State = "clear"
	}
}

// indicatorWords say a release's indicator in a sentence.
var indicatorWords = map[string]string{
	"operational": "no known problems",
	"maintenance": "maintenance in progress",
	"minor":       "minor problems",
	"major":       "major problems",
	"critical":    "critical problems",
}

// print writes the report for people.
func (rep *statusReport) print(w io.Writer) {
	r := rep.Release
	if r.State == "eol" {
		eol := "has reached its end of life"
		if r.EndOfLife != nil {
			eol = "reached its end of life on " + *r.EndOfLife
		}
		fmt.Fprintf(w, "%s %s: it gets no more updates, not even security fixes.\n", r.Name, eol)
		if to := r.UpgradeTo; to != nil {
			fmt.Fprintf(w, "Upgrade to %s: %s\n", to.Name, to.URL)
		}
	} else {
		words := indicatorWords[r.Indicator]
		if words == "" {
			words = r.Indicator
		}
		line := fmt.Sprintf("%s: %s", r.Name, words)
		if n := len(rep.Incidents); n > 0 {
			line += ", " + generator.Plural(n, "open incident")
			if rep.Packages != nil {
				k := 0
				for _, inc := range rep.Incidents {
					if len(inc.Installed) > 0 {
						k++
					}
				}
				if k == 0 {
					line += ", none in packages installed here"
				} else {
					line += fmt.Sprintf(", %d in packages installed here", k)
				}
			}
		}
		fmt.Fprintln(w, line+".")
	}
	d := rep.Document
	fmt.Fprintf(w, "From %s", d.URL)
	if d.GeneratedAt != nil {
		fmt.Fprintf(w, ", published %s", when(*d.GeneratedAt))
	}
	if !d.Offline {
		fmt.Fprintf(w, ", checked %s", age(rep.now, d.Checked))
	}
	fmt.Fprintln(w, ".")
	for _, n := range rep.notes {
		fmt.Fprintln(w, n)
	}
	if rep.PackagesError != "" {
		fmt.Fprintf(w, "Which packages are installed is not known: %s.\n", rep.PackagesError)
	}
	for _, inc := range rep.Incidents {
		fmt.Fprintln(w)
		printEntry(w, inc, entryStyle{where: "installed here", label: "Installed here", known: rep.Packages != nil, now: rep.now})
	}
	if len(rep.Maintenance) > 0 {
		fmt.Fprintln(w)
		for _, m := range rep.Maintenance {
			fmt.Fprintf(w, "Maintenance: %s\n  %s", m.Title, strings.ReplaceAll(m.Status, "_", " "))
			if m.Starts != nil && m.Ends != nil {
				fmt.Fprintf(w, ", %s to %s", when(*m.Starts), when(*m.Ends))
			}
			fmt.Fprintf(w, "\n  %s\n", m.URL)
		}
	}
	if len(rep.Changes) > 0 {
		fmt.Fprintln(w)
		for _, c := range rep.Changes {
			var about []string
			if c.Effective != nil {
				about = append(about, "from "+when(*c.Effective))
			}
			if c.ActionRequired {
				about = append(about, "action required")
			}
			fmt.Fprintf(w, "Coming: %s\n", c.Title)
			if len(about) > 0 {
				fmt.Fprintf(w, "  %s\n", strings.Join(about, ", "))
			}
			fmt.Fprintf(w, "  %s\n", c.URL)
		}
	}
	for _, sv := range rep.Services {
		fmt.Fprintf(w, "\n%s: %s.\n", sv.Name, indicatorWords[sv.Indicator])
		for _, inc := range sv.Incidents {
			printEntry(w, inc, entryStyle{indent: "  ", where: "installed here", label: "Installed here", now: rep.now})
		}
	}
}

// entryStyle is how printEntry writes an incident: for status, or for
// the guard.
type entryStyle struct {
	indent string
	where  string // where its packages were found: "installed here", "in this transaction"
	label  string // the same, leading a line: "Installed here"
	known  bool   // the machine's packages are known: say when none is there
	now    time.Time
}

// printEntry writes one incident for people.
func printEntry(w io.Writer, inc reportEntry, st entryStyle) {
	title := inc.Title
	if len(inc.Installed) > 0 {
		title = "[" + st.where + "] " + title
	}
	fmt.Fprintf(w, "%s%s\n", st.indent, title)
	in := st.indent + "  "
	fmt.Fprintf(w, "%s%s, %s", in, inc.Severity, inc.Status)
	if inc.Started != nil {
		fmt.Fprintf(w, ", since %s", when(*inc.Started))
	}
	fmt.Fprintf(w, "\n%s%s\n", in, inc.URL)
	if inc.ActionRequired {
		if inc.Acknowledged {
			fmt.Fprintf(w, "%sAction required (acknowledged).\n", in)
		} else {
			fmt.Fprintf(w, "%sAction required: read it before you update; bulletin guard stops dnf5 until: sudo bulletin guard -ack %s\n", in, inc.ID)
		}
	}
	switch {
	case len(inc.Installed) > 0:
		fmt.Fprintf(w, "%s%s: %s.\n", in, st.label, strings.Join(inc.Installed, ", "))
	case len(inc.OtherInstalled) > 0:
		fmt.Fprintf(w, "%s%s, builds it does not name: %s.\n", in, st.label, strings.Join(inc.OtherInstalled, ", "))
	case st.known && len(inc.Packages) > 0:
		fmt.Fprintf(w, "%sNone of its packages is %s.\n", in, st.where)
	}
	if len(inc.Packages) > 0 {
		fmt.Fprintf(w, "%sPackages: %s\n", in, strings.Join(inc.Packages, ", "))
	}
	if inc.Workaround != nil {
		fmt.Fprintf(w, "%sWorkaround:\n", in)
		for _, line := range wrap(*inc.Workaround, 76-len(in)) {
			if line == "" {
				fmt.Fprintln(w)
				continue
			}
			fmt.Fprintf(w, "%s    %s\n", in, line)
		}
	}
	if inc.Downgrade != nil {
		fmt.Fprintf(w, "%sDowngrade: %s\n", in, *inc.Downgrade)
	}
	switch {
	case inc.ETADate != nil:
		fmt.Fprintf(w, "%sFix expected: during %s (UTC)%s\n", in, *inc.ETADate, overdue(st.now, inc.ETA, 24*time.Hour))
	case inc.ETA != nil:
		fmt.Fprintf(w, "%sFix expected: %s%s\n", in, when(*inc.ETA), overdue(st.now, inc.ETA, 0))
	case inc.ETAUnknown:
		fmt.Fprintf(w, "%sFix expected: not known yet\n", in)
	}
	if inc.FixedIn != nil {
		fmt.Fprintf(w, "%sFixed in: %s", in, *inc.FixedIn)
		if inc.FixURL != nil {
			fmt.Fprintf(w, ", %s", *inc.FixURL)
		}
		fmt.Fprintln(w)
		if inc.FixCommand != nil {
			fmt.Fprintf(w, "%sTo install the fix: %s\n", in, *inc.FixCommand)
		}
	}
}

// wrap breaks the paragraphs of a plain text into lines of at most width
// characters where it can; lines that start with spaces (code, commands
// to copy) stay whole.
func wrap(text string, width int) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, " ") || utf8.RuneCountInString(line) <= width {
			out = append(out, line)
			continue
		}
		cur := ""
		for _, word := range strings.Fields(line) {
			if cur != "" && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(word) > width {
				out = append(out, cur)
				cur = ""
			}
			if cur != "" {
				cur += " "
			}
			cur += word
		}
		out = append(out, cur)
	}
	return out
}

// overdue says so when an ETA, plus grace (the rest of its day), has
// passed.
func overdue(now time.Time, eta *time.Time, grace time.Duration) string {
	if eta != nil && now.After(eta.Add(grace)) {
		return " (overdue)"
	}
	return ""
}
