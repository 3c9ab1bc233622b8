package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	yaml "go.yaml.in/yaml/v4"
)

var newCommand = &command{
	name: "new",
	args: ` "Title"`,
	summary: "Write a new entry, ready to edit, and print its path.\n\n" +
		"The file is content/news/YYYY-MM-DD-<slug>.md, dated by the build clock, with\n" +
		"its id and date filled in and the other fields as comments to fill in. It\n" +
		"passes check as it is written. An incident needs -release or -service; its severity\n" +
		"is minor unless -severity says otherwise. An existing file is never\n" +
		"overwritten; a slug already taken by an older entry gets a number.",
	example: `bulletin new -release f43 -severity major "Mesa 25.2.7 breaks Steam games"
bulletin new "Mirror maintenance" -kind maintenance
$EDITOR "$(bulletin new -release f42,f43 "GNOME Software fails to start")"
bulletin new -service koji -severity major "Koji builds fail to start"`,
	flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		dir := fs.String("content", "content", "the content `folder`: site.yaml and the entries")
		kind := fs.String("kind", string(content.Incident), "what the entry is: incident, announcement or maintenance")
		var releases, services []string
		fs.Func("release", "a release `id` from site.yaml, or all; repeat the flag or separate ids with commas", idList(&releases))
		fs.Func("service", "a service `id` from site.yaml; repeat the flag or separate ids with commas", idList(&services))
		severity := fs.String("severity", "", "for an incident: minor (the default), major or critical")
		slug := fs.String("slug", "", "the entry's `slug`, for its file name and URL (default: made from the title)")
		starts := fs.String("starts", "", "for a maintenance: when the window starts (`time`: 2026-11-24T13:00:00Z; UTC unless it says)")
		ends := fs.String("ends", "", "for a maintenance: when the window ends (`time`)")
		return func(ctx context.Context, e *env, args []string) error {
			// Flags may follow the title too, as people type them:
			// bulletin new "Title" -release f43.
			if len(args) > 1 {
				if err := fs.Parse(args[1:]); errors.Is(err, flag.ErrHelp) {
					return nil // the flag package printed the help
				} else if err != nil {
					return errUsage
				}
				args = append(args[:1], fs.Args()...)
			}
			if len(args) != 1 {
				fmt.Fprintf(e.stderr, "bulletin new: give the title as one argument, in quotes\n")
				return errUsage
			}
			now, err := clock(e)
			if err != nil {
				return err
			}
			path, err := newEntry(ctx, entrySpec{
				content: *dir, title: args[0], kind: content.Kind(*kind),
				releases: releases, services: services, severity: content.Severity(*severity), slug: *slug, now: now,
				starts: *starts, ends: *ends,
			})
			if err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, path)
			return nil
		}
	},
}

// entrySpec is what bulletin new was asked for.
type entrySpec struct {
	content  string
	title    string
	kind     content.Kind
	releases []string
	services []string
	severity content.Severity
	starts   string // the maintenance window, as given
	ends     string
	slug     string
	now      time.Time
}

// newEntry writes the new entry and returns its path.
func newEntry(ctx context.Context, spec entrySpec) (string, error) {
	// A wrong flag value gets its hint alone, not buried under the usage.
	fail := func(format string, args ...any) (string, error) {
		return "", fmt.Errorf(format, args...)
	}
	spec.title = strings.TrimSpace(spec.title)
	switch {
	case spec.title == "":
		return fail("the title is empty")
	case strings.ContainsAny(spec.title, "\r\n"):
		return fail("the title must fit on one line")
	}
	switch spec.kind {
	case content.Incident:
		if spec.severity == "" {
			spec.severity = content.Minor
		}
		if !slices.Contains([]content.Severity{content.Minor, content.Major, content.Critical}, spec.severity) {
			return fail("-severity %q is not one of minor, major, critical", spec.severity)
		}
	case content.Announcement, content.Maintenance:
		if spec.severity != "" {
			return fail("-severity is for incidents, and this is %s", spec.kind.Noun())
		}
	default:
		return fail("-kind %q is not one of incident, announcement, maintenance", spec.kind)
	}
	window, err := checkWindow(spec)
	if err != nil {
		return "", err
	}

	// Read the site to check the releases and to avoid its slugs. The
	// other entries may be broken (an editor mid-fix): that is no reason
	// to refuse a new one, so only what site.yaml says counts here.
	fsys, err := content.Dir(spec.content)
	if err != nil {
		return "", err
	}
	site, _, loadErr := content.Load(ctx, fsys, filepath.ToSlash(filepath.Clean(spec.content)))
	if len(site.Releases) == 0 {
		if loadErr == nil {
			loadErr = fmt.Errorf("%s names no releases", filepath.Join(spec.content, content.SiteFile))
		}
		return "", loadErr
	}
	if err := checkReleases(site, spec); err != nil {
		return fail("%v", err)
	}

	slug := spec.slug
	if slug == "" {
		slug = content.Slugify(spec.title)
		if slug == "" {
			return fail("the title has no letters or digits to make a file name of: give one with -slug")
		}
	} else if content.Slugify(slug) != slug {
		return fail("-slug %q must be lowercase letters, digits and hyphens, like %s", slug, content.Slugify(slug))
	}
	dir := filepath.Join(spec.content, "news")
	name := func(slug string) string {
		return filepath.Join(dir, spec.now.Format(time.DateOnly)+"-"+slug+".md")
	}
	// The same title on the same day is almost surely this entry written
	// twice: send the editor to it. On another day it is a new entry with
	// a title that recurs ("Mirror maintenance"), which gets a number.
	if _, err := os.Lstat(name(slug)); err == nil {
		return "", fmt.Errorf("%s already exists: edit it, or choose another title", name(slug))
	}
	taken := map[string]bool{}
	for _, en := range site.Entries {
		taken[en.Slug] = true
		taken[en.ID] = true
	}
	for base, n := slug, 2; taken[slug] || exists(name(slug)); n++ {
		slug = fmt.Sprintf("%s-%d", base, n)
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := name(slug)
	// O_EXCL: never overwrite, even a file that appeared just now.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("%s already exists: edit it, or choose another title", path)
		}
		return "", err
	}
	if _, err := f.WriteString(scaffold(spec, slug, window)); err != nil {
		f.Close()
		os.Remove(path)
		return "", err
	}
	return path, f.Close()
}

// checkWindow reads the window of a maintenance: both ends, given, the
// end after the start. A window made up by the scaffold would pass check
// unchanged and announce a time nobody chose.
func checkWindow(spec entrySpec) ([2]time.Time, error) {
	var w [2]time.Time
	if spec.kind != content.Maintenance {
		if spec.starts != "" || spec.ends != "" {
			return w, fmt.Errorf("-starts and -ends are for a maintenance, and this is %s", spec.kind.Noun())
		}
		return w, nil
	}
	if spec.starts == "" || spec.ends == "" {
		return w, fmt.Errorf("a maintenance needs its window: give -starts and -ends, like -starts %s -ends %s",
			spec.now.UTC().Truncate(time.Hour).Add(25*time.Hour).Format(time.RFC3339), spec.now.UTC().Truncate(time.Hour).Add(26*time.Hour).Format(time.RFC3339))
	}
	for i, v := range []string{spec.starts, spec.ends} {
		t, err := content.ParseTime(v)
		if err != nil {
			return w, fmt.Errorf("-%s %q is not a time: %v", []string{"starts", "ends"}[i], v, err)
		}
		w[i] = t
	}
	if !w[1].After(w[0]) {
		return w, fmt.Errorf("-ends %s must be after -starts %s", content.FormatTime(w[1]), content.FormatTime(w[0]))
	}
	return w, nil
}

func exists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}

// idList is a flag's value that collects ids, repeated or comma-separated.
func idList(ids *[]string) func(string) error {
	return func(s string) error {
		for _, id := range strings.Split(s, ",") {
			if id = strings.TrimSpace(id); id != "" && !slices.Contains(*ids, id) {
				*ids = append(*ids, id)
			}
		}
		return nil
	}
}

// checkReleases checks the -release and -service ids against site.yaml, as
// check would, so that the file passes check as it is written.
func checkReleases(site *content.Site, spec entrySpec) error {
	var known []string
	for _, r := range site.Releases {
		known = append(known, r.ID)
	}
	if len(spec.releases) == 0 && len(spec.services) == 0 && spec.kind == content.Incident {
		if len(site.Services) > 0 {
			return fmt.Errorf("an incident needs -release: the affected releases (%s), or all; or -service: the affected services", strings.Join(known, ", "))
		}
		return fmt.Errorf("an incident needs -release: the affected releases (%s), or all", strings.Join(known, ", "))
	}
	var services []string
	for _, sv := range site.Services {
		services = append(services, sv.ID)
	}
	for _, id := range spec.services {
		switch {
		case site.Service(id) != nil:
		case site.Release(id) != nil:
			return fmt.Errorf("%s is a release: give it with -release", id)
		case len(services) == 0:
			return fmt.Errorf("unknown service %q: site.yaml lists no services", id)
		default:
			return fmt.Errorf("unknown service %q; known: %s", id, strings.Join(services, ", "))
		}
	}
	for _, id := range spec.releases {
		r := site.Release(id)
		switch {
		case id == "all" && len(spec.releases) > 1:
			return fmt.Errorf("-release all already covers every release; leave out %s", strings.Join(slices.DeleteFunc(slices.Clone(spec.releases), func(s string) bool { return s == "all" }), ", "))
		case id == "all":
		case r == nil:
			return fmt.Errorf("unknown release %q; %s", id, site.SuggestRelease(id))
		case r.State == content.EOL && spec.kind == content.Incident:
			return fmt.Errorf("release %s is eol: it gets no new incidents", id)
		}
	}
	return nil
}

// scaffold returns the text of the new entry: the fields it must have,
// filled in, and the others as comments that become valid fields when
// uncommented, each with a word on what it is for.
func scaffold(spec entrySpec, slug string, window [2]time.Time) string {
	var b strings.Builder
	field := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	now := spec.now.UTC()
	date := now.Format(time.RFC3339)

	field("---")
	field("title: %s", quote(spec.title))
	field("id: %s  # permanent: feed readers and clients know the entry by it", slug)
	field("date: %s", date)
	field("kind: %s", spec.kind)
	switch {
	case len(spec.releases) > 0:
		field("releases: [%s]", strings.Join(spec.releases, ", "))
	case len(spec.services) == 0:
		field("# releases: [RELEASE]  # leave out for every release")
	}
	if len(spec.services) > 0 {
		field("services: [%s]", strings.Join(spec.services, ", "))
	}
	switch spec.kind {
	case content.Incident:
		field("severity: %s  # minor, major or critical", spec.severity)
		field("status: investigating  # when first published: investigating, identified, monitoring or resolved; updates move it on")
		field("# Uncomment what you know; add the rest as you learn it.")
		field("# packages: [PACKAGE]  # names or NEVRs")
		field("# workaround: |  # Markdown: what users can do until the fix lands")
		field("#   Hold back the update: ...")
		field("# downgrade: sudo dnf downgrade PACKAGE  # a command to copy; or one per release: {RELEASE: command}")
		field("# eta: unknown  # when a fix is expected: a date, a time, or unknown")
		field("# fixed_in: UPDATE  # the update that fixes it")
		field("# resolved: %s  # when it was fixed; makes the status resolved", date)
		field("# action_required: true  # users must act before or after updating")
	case content.Maintenance:
		field("starts: %s  # the planned window", content.FormatTime(window[0]))
		field("ends: %s", content.FormatTime(window[1]))
	case content.Announcement:
		field("# action_required: true  # users must act before or after updating")
	}
	field("# links:  # bug reports, update pages, discussions")
	field("#   - title: Bug report")
	field("#     url: https://bugs.example.org/123456")
	field("# updates:  # the timeline, newest last")
	field("#   - at: %s", date)
	switch spec.kind {
	case content.Incident:
		field("#     status: identified  # investigating, identified, monitoring or resolved")
		field("#     text: The cause is known; a fix is on its way.")
	case content.Maintenance:
		field("#     status: in_progress  # scheduled, in_progress, verifying or completed")
		field("#     text: The work has started.")
	default:
		field("#     text: What changed.")
	}
	if spec.kind == content.Incident {
		field("# Once it is resolved, add what it taught as review: (see \"After the incident\"")
		field("# in README.md); a workaround found later goes in an update, as its workaround:.")
	}
	field("# After the closing line: the text, in Markdown. Say what happened, who is")
	field("# affected and how to tell; the fields above are shown on their own.")
	field("---")
	return b.String()
}

// quote returns s as a YAML scalar, quoted only where YAML needs it (a
// title such as "yes", or one with ": " in it).
func quote(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}
