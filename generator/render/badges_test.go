package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/bulletin-status/bulletin/themes"
)

// svgBadge is the part of a badge that people and screen readers get.
type svgBadge struct {
	Width     int    `xml:"width,attr"`
	Role      string `xml:"role,attr"`
	AriaLabel string `xml:"aria-label,attr"`
	Title     string `xml:"title"`
	Rects     []struct {
		X     int    `xml:"x,attr"`
		Width int    `xml:"width,attr"`
		Fill  string `xml:"fill,attr"`
	} `xml:"g>rect"`
	Texts []struct {
		X          float64 `xml:"x,attr"`
		Fill       string  `xml:"fill,attr"`
		TextLength int     `xml:"textLength,attr"`
		Text       string  `xml:",chardata"`
	} `xml:"g>text"`
}

// shieldsHex is how shields.io's badge-maker recognises a colour given as
// hex digits (badge-maker/lib/color.js, isHexColor).
var shieldsHex = regexp.MustCompile(`(?i)^([\da-f]{3}){1,2}$`)

// checkShieldsEndpoint checks a document against the rules shields.io's
// endpoint badge validates it with (services/endpoint-common.js, a Joi
// schema): unknown keys are refused; schemaVersion is the number 1; label
// is a string, possibly empty; message a non-empty string; color and
// labelColor strings, which it draws when they are named colours, hex
// digits or CSS colours, and replaces by its default otherwise.
func checkShieldsEndpoint(data []byte) (map[string]any, error) {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	known := []string{"schemaVersion", "label", "message", "color", "labelColor", "isError", "namedLogo", "logoSvg", "logoColor", "logoWidth", "logoPosition", "style", "cacheSeconds"}
	for k := range doc {
		if !slices.Contains(known, k) {
			return nil, fmt.Errorf("unknown key %q", k)
		}
	}
	if v, ok := doc["schemaVersion"].(float64); !ok || v != 1 {
		return nil, fmt.Errorf("schemaVersion %v, want the number 1", doc["schemaVersion"])
	}
	if _, ok := doc["label"].(string); !ok {
		return nil, fmt.Errorf("label %v is not a string", doc["label"])
	}
	if m, ok := doc["message"].(string); !ok || m == "" {
		return nil, fmt.Errorf("message %v is not a non-empty string", doc["message"])
	}
	for _, k := range []string{"color", "labelColor"} {
		if c, ok := doc[k].(string); ok && !shieldsHex.MatchString(c) {
			return nil, fmt.Errorf("%s %q is not hex digits", k, c)
		} else if _, there := doc[k]; there && !ok {
			return nil, fmt.Errorf("%s %v is not a string", k, doc[k])
		}
	}
	return doc, nil
}

// TestBadges checks each release's and service's badge and its shields.io
// twin: what they say (the state in words, "end of life" for an EOL
// release), in the theme's colour of the state, accessible, with text that
// fits its box and contrasts with it.
func TestBadges(t *testing.T) {
	r, out := renderSite(t, contentFS(t), Options{Now: feedNow})
	s := r.site
	want := map[string][2]string{ // message, theme variable
		"f43": {"minor problems", "ind-minor"},   // the open OpenSSL incident; Mesa's is resolved
		"f42": {"critical problems", "ind-crit"}, // the kernel that breaks Wi-Fi
		"f44": {"no known problems", "ind-ok"},   // a prerelease is not EOL
		"f41": {"end of life", "ind-eol"},
		"f40": {"end of life", "ind-eol"},
	}
	for _, sub := range subjectPaths(s) {
		w, ok := want[sub.id]
		if !ok {
			t.Fatalf("no expectation for %s", sub.id)
		}
		color := r.badges().colors[w[1]]
		data, ok := out.Get("badges/" + sub.id + ".svg")
		if !ok {
			t.Fatalf("no badges/%s.svg", sub.id)
		}
		var b svgBadge
		if err := xml.Unmarshal(data, &b); err != nil {
			t.Fatalf("badges/%s.svg: %v", sub.id, err)
		}
		title := sub.name + ": " + w[0]
		if b.Role != "img" || b.AriaLabel != title || b.Title != title {
			t.Errorf("%s: role %q, aria-label %q, title %q; want img and %q", sub.id, b.Role, b.AriaLabel, b.Title, title)
		}
		if len(b.Rects) != 2 || len(b.Texts) != 2 || b.Texts[0].Text != sub.name || b.Texts[1].Text != w[0] {
			t.Fatalf("%s: %+v", sub.id, b)
		}
		if b.Rects[1].Fill != color || b.Rects[0].Width+b.Rects[1].Width != b.Width || b.Rects[1].X != b.Rects[0].Width {
			t.Errorf("%s: boxes %+v in a badge %d wide, want the message on %s", sub.id, b.Rects, b.Width, color)
		}
		for i, text := range b.Texts {
			box := b.Rects[i]
			if c := contrast(box.Fill, map[string]string{"#fff": "#ffffff", "#000": "#000000"}[text.Fill]); c < 4.5 {
				t.Errorf("%s: %q in %s on %s has contrast %.2f, below 4.5", sub.id, text.Text, text.Fill, box.Fill, c)
			}
			if float64(text.TextLength) < 0.8*float64(len(text.Text))*6 || text.X-float64(text.TextLength)/2 < float64(box.X) || text.X+float64(text.TextLength)/2 > float64(box.X+box.Width) {
				t.Errorf("%s: %q, %d wide at %v, does not fit its box %+v", sub.id, text.Text, text.TextLength, text.X, box)
			}
		}

		data, ok = out.Get("badges/" + sub.id + ".json")
		if !ok {
			t.Fatalf("no badges/%s.json", sub.id)
		}
		doc, err := checkShieldsEndpoint(data)
		if err != nil {
			t.Fatalf("badges/%s.json: %v\n%s", sub.id, err, data)
		}
		if doc["label"] != sub.name || doc["message"] != w[0] || "#"+doc["color"].(string) != color {
			t.Errorf("badges/%s.json: %s", sub.id, data)
		}
	}
}

// badges returns the badges view of the renderer, as New made it.
func (r *Renderer) badges() badgesView { return newBadges(r, r.theme.fsys) }

// TestBadgeColorsFromTheme checks that badges take the indicator colours of
// the theme's style sheet (the first value of each, the light scheme's),
// and the default theme's where it sets none.
func TestBadgeColorsFromTheme(t *testing.T) {
	def := newBadges(nil, themes.Default).colors
	for _, name := range []string{"ind-ok", "ind-minor", "ind-major", "ind-crit", "ind-maint", "ind-eol"} {
		if !regexp.MustCompile(`^#[0-9a-f]{6}$`).MatchString(def[name]) {
			t.Errorf("the default theme's %s is %q", name, def[name])
		}
	}
	if def["ind-ok"] != "#1a7f37" {
		t.Errorf("the default theme's light ind-ok is %q, not the first value in its style sheet", def["ind-ok"])
	}
	theme := themes.Overlay(fstest.MapFS{"assets/style.css": {Data: []byte(":root { --ind-ok: #0A0; --ind-major:#123456 }\n@media (prefers-color-scheme: dark) { :root { --ind-ok: #fff; } }\n")}}, themes.Default)
	got := newBadges(nil, theme).colors
	for name, want := range map[string]string{"ind-ok": "#00aa00", "ind-major": "#123456", "ind-eol": def["ind-eol"]} {
		if got[name] != want {
			t.Errorf("%s is %q, want %q", name, got[name], want)
		}
	}
}

// TestBadgeTextContrast checks the promise textColor makes: whatever the
// colour of the ground, its text has WCAG AA contrast.
func TestBadgeTextContrast(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	grounds := []string{"#777777", "#767676", "#808080", "#ff0000", "#00ff00", "#0000ff", "#ffff00", badgeLabelColor}
	for range 2000 {
		grounds = append(grounds, fmt.Sprintf("#%06x", rng.IntN(1<<24)))
	}
	for _, g := range grounds {
		fg := map[string]string{"#fff": "#ffffff", "#000": "#000000"}[textColor(g)]
		if c := contrast(g, fg); c < 4.5 {
			t.Errorf("text %s on %s has contrast %.2f", fg, g, c)
		}
	}
	// WCAG's own examples: black on white is 21:1, and a colour on itself 1:1.
	if c := contrast("#000000", "#ffffff"); strconv.FormatFloat(c, 'f', 2, 64) != "21.00" {
		t.Errorf("black on white: %v", c)
	}
	if c := contrast("#1a7f37", "#1a7f37"); c != 1 {
		t.Errorf("a colour on itself: %v", c)
	}
}

// TestBadgeText checks that a name with markup is text in the badge, and
// that the width grows with the text, whatever its script.
func TestBadgeText(t *testing.T) {
	var buf bytes.Buffer
	writeBadge(&buf, badge{Label: `<b>"Fedora" & co</b>`, Message: "no known problems", Color: "#1a7f37"})
	var b svgBadge
	if err := xml.Unmarshal(buf.Bytes(), &b); err != nil {
		t.Fatal(err)
	}
	if b.Texts[0].Text != `<b>"Fedora" & co</b>` || b.Title != `<b>"Fedora" & co</b>: no known problems` {
		t.Errorf("label %q, title %q", b.Texts[0].Text, b.Title)
	}
	for _, tt := range []struct{ shorter, longer string }{
		{"iiii", "MMMM"}, {"Fedora", "Fedora 43"}, {"Fédora", "Fédora Linux"}, {"日本", "日本語"},
	} {
		if textWidth(tt.shorter) >= textWidth(tt.longer) {
			t.Errorf("%q is %d wide, %q %d", tt.shorter, textWidth(tt.shorter), tt.longer, textWidth(tt.longer))
		}
	}
}
