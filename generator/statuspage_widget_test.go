package generator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// widgetReport is what widget.mjs prints.
type widgetReport struct {
	Widgets  []paintedWidget `json:"widgets"`
	Requests []string        `json:"requests"` // all but the page and the widget script, as "GET <URL>"
	Errors   []string        `json:"errors"`   // logged by the page
}

// paintedWidget is what one widget painted in its shadow root.
type paintedWidget struct {
	ID            string `json:"id"`
	Appearance    string `json:"appearance"`
	Painted       bool   `json:"painted"`
	Class         string `json:"class"`  // of its indicator
	Colour        string `json:"colour"` // the indicator's background, computed
	Text          string `json:"text"`
	IndicatorText string `json:"indicatorText"` // the text on the indicator
	Href          string `json:"href"`
}

// TestStatuspageWidget embeds Atlassian's status widget
// (@statuspage/status-widget) for each site in a page on another origin,
// as a project's home page would, in both its appearances, and checks
// what it paints in Chromium: the indicator's class and colour, and the
// description, for an operational, minor, major and critical site, a
// maintenance window in progress (blue, not green) and a window with an
// incident open. The widget reads /api/v2/summary.json at the root of the
// origin of its src, whatever the path, across origins: a site served
// without netlify.toml's Access-Control-Allow-Origin shows nothing.
func TestStatuspageWidget(t *testing.T) {
	node, chromium := statuspageTools(t, "widget.mjs", true)

	type embed struct {
		id, src, appearance string
		c                   *spCase
	}
	var embeds []embed
	origins := map[string]*spCase{}
	for i := range spCases {
		c := &spCases[i]
		srv, _ := serveSite(t, buildCase(t, *c), false)
		origins[srv.URL] = c
		embeds = append(embeds,
			embed{c.name, srv.URL + "/", "", c},
			// A release's page is what a project would link to: the
			// widget still reads the views at the root.
			embed{c.name + "-badge", srv.URL + "/releases/f43/", "badge", c})
	}
	noCORS, _ := serveSite(t, buildCase(t, spCases[0]), true)
	embeds = append(embeds, embed{"no-cors", noCORS.URL + "/", "", nil})

	var page strings.Builder
	page.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>Status widgets</title></head><body>\n")
	var painted []string
	for _, e := range embeds {
		fmt.Fprintf(&page, "<statuspage-widget id=%q src=%q", e.id, e.src)
		if e.appearance != "" {
			fmt.Fprintf(&page, " appearance=%q title=\"Fedora\"", e.appearance)
		}
		page.WriteString("></statuspage-widget>\n")
		if e.c != nil {
			painted = append(painted, e.id)
		}
	}
	// The bundle ends by assigning an undeclared parcelRequire, which
	// strict mode reports as an error once the widget has registered.
	page.WriteString("<script>var parcelRequire;</script>\n<script src=\"/status-widget.js\"></script>\n</body></html>\n")
	widgetJS := filepath.Join(statuspageDir, "node_modules", "@statuspage", "status-widget", "dist", "index.js")
	embedder := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(page.String()))
		case "/status-widget.js":
			http.ServeFile(w, r, widgetJS)
		default:
			http.NotFound(w, r)
		}
	}))
	defer embedder.Close()

	cfg, _ := json.Marshal(map[string]any{"page": embedder.URL + "/", "chromium": chromium, "painted": painted})
	var rep widgetReport
	runNode(t, node, "widget.mjs", cfg, time.Minute, &rep)

	for _, e := range embeds {
		i := slices.IndexFunc(rep.Widgets, func(w paintedWidget) bool { return w.ID == e.id })
		if i < 0 {
			t.Errorf("%s: no widget reported", e.id)
			continue
		}
		w := rep.Widgets[i]
		if e.c == nil {
			if w.Painted {
				t.Errorf("%s: painted %+v from a site served without Access-Control-Allow-Origin", e.id, w)
			}
			continue
		}
		c := e.c
		if !w.Painted {
			t.Errorf("%s: the widget painted nothing", e.id)
			continue
		}
		if want := "status-indicator " + c.indicator; w.Class != want {
			t.Errorf("%s: indicator class %q, want %q", e.id, w.Class, want)
		}
		if w.Colour != c.colour {
			t.Errorf("%s: indicator colour %s, want %s", e.id, w.Colour, c.colour)
		}
		// basic: the description beside the dot; badge: the title beside
		// the description on the dot.
		text, indicatorText := c.description, ""
		if e.appearance == "badge" {
			text, indicatorText = "Fedora", c.description
		}
		if w.Text != text || w.IndicatorText != indicatorText {
			t.Errorf("%s: text %q and %q on the indicator, want %q and %q", e.id, w.Text, w.IndicatorText, text, indicatorText)
		}
		if w.Href != e.src {
			t.Errorf("%s: links to %q, want %q", e.id, w.Href, e.src)
		}
	}

	// One request per site, for the summary at its root, whatever the path
	// of src: the widget caches it for both of a site's widgets.
	var want []string
	for origin := range origins {
		want = append(want, "GET "+origin+"/api/v2/summary.json")
	}
	want = append(want, "GET "+noCORS.URL+"/api/v2/summary.json")
	if got := slices.Sorted(slices.Values(rep.Requests)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("the widgets requested\n\t%q\nwant\n\t%q", got, want)
	}
	// The page logs no error but the refusal to read the site without the
	// header.
	cors := false
	for _, e := range rep.Errors {
		switch {
		case strings.Contains(e, noCORS.URL) && strings.Contains(e, "Access-Control-Allow-Origin"):
			cors = true
		case strings.Contains(e, noCORS.URL) || strings.Contains(e, "Failed to fetch"):
		default:
			t.Errorf("the page logged: %s", e)
		}
	}
	if !cors {
		t.Errorf("Chromium did not refuse the site served without Access-Control-Allow-Origin: %q", rep.Errors)
	}
}
