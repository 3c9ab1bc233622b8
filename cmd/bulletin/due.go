package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
)

// errNotDue is the exit status 3 of due: nothing to rebuild.
const errNotDue = exitStatus(3)

var dueCommand = &command{
	name: "due",
	summary: "Tell whether the published site is due for a rebuild: for a scheduled job.\n\n" +
		"It reads the published /status.json and exits 0 when the moment it names as\n" +
		"next_change has come since it was generated (a maintenance window starts or\n" +
		"ends, an ETA passes, an announced change takes effect), or when the site is\n" +
		"older than -max-age; 3 when no rebuild is due; 1 when it cannot tell. A job\n" +
		"that runs it every few minutes and triggers a build on 0 rebuilds the site\n" +
		"within minutes of each such moment, and otherwise never.",
	example: "bulletin due                        # the site of content/site.yaml\n" +
		"bulletin due -url https://status.example.org/status.json -max-age 1h\n" +
		"if bulletin due; then curl -X POST -d '{}' \"$NETLIFY_BUILD_HOOK\"; fi",
	flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		dir := fs.String("content", "content", "the content `folder`, whose site.yaml gives the site's base_url")
		url := fs.String("url", "", "the published status document (default: base_url's status.json)")
		maxAge := fs.Duration("max-age", time.Hour, "rebuild anyway when the site is older than this; 0 for never")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				fmt.Fprintf(e.stderr, "bulletin due: unexpected argument %q\n", args[0])
				return errUsage
			}
			now, err := clock(e)
			if err != nil {
				return err
			}
			if *url == "" {
				if *url, err = statusURL(ctx, *dir); err != nil {
					return err
				}
			}
			published, err := fetchStatus(ctx, *url)
			if err != nil {
				return err
			}
			due, why := rebuildDue(published, now, *maxAge)
			fmt.Fprintln(e.stdout, why)
			if !due {
				return errNotDue
			}
			return nil
		}
	},
}

// publishedStatus is what due reads of a status document.
type publishedStatus struct {
	GeneratedAt *time.Time `json:"generated_at"`
	NextChange  *time.Time `json:"next_change"`
}

// rebuildDue decides whether the site is due for a rebuild at now, and
// says why in a line.
func rebuildDue(p publishedStatus, now time.Time, maxAge time.Duration) (bool, string) {
	if p.GeneratedAt == nil {
		return true, "due: the published status document does not say when it was generated"
	}
	age := now.Sub(*p.GeneratedAt).Round(time.Minute)
	switch {
	case p.NextChange != nil && !p.NextChange.After(now):
		return true, fmt.Sprintf("due: the site changes at %s, and was generated at %s", content.FormatTime(*p.NextChange), content.FormatTime(*p.GeneratedAt))
	case maxAge > 0 && age >= maxAge:
		return true, fmt.Sprintf("due: the site was generated %v ago, at %s (max-age %v)", age, content.FormatTime(*p.GeneratedAt), maxAge)
	case p.NextChange != nil:
		return false, fmt.Sprintf("not due: the site next changes at %s", content.FormatTime(*p.NextChange))
	}
	return false, "not due: no change to come is known"
}

// statusURL returns the address of the status document of the site in the
// content folder dir.
func statusURL(ctx context.Context, dir string) (string, error) {
	fsys, err := content.Dir(dir)
	if err != nil {
		return "", err
	}
	site, _, err := content.Load(ctx, fsys, dir)
	if site.BaseURL == nil {
		if err == nil {
			err = fmt.Errorf("%s/%s has no base_url", dir, content.SiteFile)
		}
		return "", err
	}
	return site.BaseURL.JoinPath("status.json").String(), nil
}

// fetchStatus reads a published status document, within a bounded time.
func fetchStatus(ctx context.Context, url string) (publishedStatus, error) {
	var p publishedStatus
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return p, err
	}
	// The CDN may hold the document for a minute; ask for a fresh one.
	req.Header.Set("Cache-Control", "no-cache")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return p, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return p, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(&p); err != nil {
		return p, fmt.Errorf("%s: not a status document: %v", url, err)
	}
	return p, nil
}
