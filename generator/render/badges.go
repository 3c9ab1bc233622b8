package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/themes"
)

// badgesView is a small status badge for each release and service, for
// READMEs and wikis: /badges/<id>.svg, and beside it /badges/<id>.json,
// the same as a shields.io endpoint badge, for those who want it in
// shields.io's styles (https://img.shields.io/endpoint?url=…).
//
// A badge says in words what its colour says: the release's or service's
// name, then its state ("no known problems", "major problems", "end of
// life"). It is an image with a title, for screen readers and for the
// tooltip, and its text has at least WCAG AA contrast on its colour.
type badgesView struct {
	r      *Renderer
	colors map[string]string // indicator colours by theme variable ("ind-ok"), "#rrggbb"
}

// badgeLabelColor is the left part of a badge, shields.io's grey.
const badgeLabelColor = "#555555"

// badgeFont is the font badges are drawn in, as shields.io draws them:
// Verdana where there is one, else a close kin. The width of the text is
// estimated, not measured (no font file is read), and the text is then
// fitted to that width (textLength), so that it never runs out of its box.
const badgeFont = "Verdana,DejaVu Sans,Geneva,sans-serif"

// indicatorVar is the theme's style sheet variable of each indicator's
// colour, and of end of life.
var indicatorVar = map[content.Indicator]string{
	content.Operational:      "ind-ok",
	content.MinorOutage:      "ind-minor",
	content.MajorOutage:      "ind-major",
	content.CriticalOutage:   "ind-crit",
	content.UnderMaintenance: "ind-maint",
}

// eolVar is the colour of an EOL release's badge.
const eolVar = "ind-eol"

// cssColor finds a colour variable of the style sheet: "--ind-ok: #1a7f37;".
var cssColor = regexp.MustCompile(`--(ind-[a-z]+)\s*:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\s*[;}]`)

// newBadges reads the indicator colours of the theme's assets/style.css:
// the first value of each variable, which is the light scheme's in the
// default theme (an image has no dark mode that every viewer honours). A
// colour the theme does not set as #rgb or #rrggbb is the default theme's.
func newBadges(r *Renderer, theme fs.FS) badgesView {
	colors := map[string]string{}
	for _, fsys := range []fs.FS{theme, themes.Default} {
		css, _ := fs.ReadFile(fsys, "assets/style.css")
		for _, m := range cssColor.FindAllSubmatch(css, -1) {
			name, hex := string(m[1]), strings.ToLower(string(m[2]))
			if len(hex) == 3 {
				hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
			}
			if _, ok := colors[name]; !ok {
				colors[name] = "#" + hex
			}
		}
	}
	return badgesView{r: r, colors: colors}
}

// badge is what a badge shows.
type badge struct {
	Label, Message string
	Color          string // "#rrggbb"
}

// shieldsEndpoint is a badge as shields.io's endpoint badge reads it: it
// accepts these keys and no others, a non-empty message, and colours as
// CSS colours or hex digits without "#".
type shieldsEndpoint struct {
	SchemaVersion int    `json:"schemaVersion"`
	Label         string `json:"label"`
	Message       string `json:"message"`
	Color         string `json:"color"`
	LabelColor    string `json:"labelColor"`
}

func (v badgesView) targets() []target {
	r := v.r
	var ts []target
	for _, sub := range subjectPaths(r.site) {
		ts = append(ts,
			target{name: "badges/" + sub.id + ".svg", final: true, render: func(buf *bytes.Buffer) error {
				writeBadge(buf, v.of(sub))
				return nil
			}},
			target{name: "badges/" + sub.id + ".json", final: true, render: func(buf *bytes.Buffer) error {
				b := v.of(sub)
				return r.writeJSON(buf, shieldsEndpoint{
					SchemaVersion: 1,
					Label:         b.Label,
					Message:       b.Message,
					Color:         b.Color[1:],
					LabelColor:    badgeLabelColor[1:],
				})
			}})
	}
	return ts
}

// of returns the badge of a release or service at the build time.
func (v badgesView) of(sub subject) badge {
	if rel := v.r.site.Release(sub.id); rel != nil && rel.State == content.EOL {
		return badge{Label: sub.name, Message: "end of life", Color: v.colors[eolVar]}
	}
	ind := v.r.site.Indicator(sub.id, v.r.now)
	return badge{Label: sub.name, Message: strings.ToLower(ind.Label()), Color: v.colors[indicatorVar[ind]]}
}

// writeBadge draws a badge: the label on grey, the message on its colour,
// each in the black or white that contrasts more with its ground.
func writeBadge(buf *bytes.Buffer, b badge) {
	const pad, height = 6, 20
	lw, mw := textWidth(b.Label), textWidth(b.Message)
	left, right := lw+2*pad, mw+2*pad
	width := left + right
	title := b.Label + ": " + b.Message
	fmt.Fprintf(buf, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`+"\n",
		width, height, width, height, xmlEscape(title))
	fmt.Fprintf(buf, "<title>%s</title>\n", xmlEscape(title))
	fmt.Fprintf(buf, `<clipPath id="round"><rect width="%d" height="%d" rx="3"/></clipPath>`+"\n", width, height)
	fmt.Fprintf(buf, `<g clip-path="url(#round)"><rect width="%d" height="%d" fill="%s"/><rect x="%d" width="%d" height="%d" fill="%s"/></g>`+"\n",
		left, height, badgeLabelColor, left, right, height, b.Color)
	fmt.Fprintf(buf, `<g font-family="%s" font-size="11" text-anchor="middle">`+"\n", badgeFont)
	text := func(x float64, w int, ground, s string) {
		fmt.Fprintf(buf, `<text x="%s" y="14" fill="%s" textLength="%d" lengthAdjust="spacingAndGlyphs">%s</text>`+"\n",
			strconv.FormatFloat(x, 'f', -1, 64), textColor(ground), w, xmlEscape(s))
	}
	text(float64(left)/2, lw, badgeLabelColor, b.Label)
	text(float64(left)+float64(right)/2, mw, b.Color, b.Message)
	buf.WriteString("</g>\n</svg>\n")
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// textWidth estimates the width in pixels of text in 11px Verdana, from
// the advance widths of its characters, rounded up. Verdana is the widest
// of the fonts badgeFont names, so the others fit in it too.
func textWidth(s string) int {
	var w float64
	for _, c := range s {
		switch {
		case c < 128 && verdanaWidths[c] > 0:
			w += verdanaWidths[c]
		case unicode.Is(unicode.Han, c) || unicode.Is(unicode.Hiragana, c) || unicode.Is(unicode.Katakana, c) || unicode.Is(unicode.Hangul, c):
			w += 11 // a square
		case unicode.Is(unicode.Mn, c):
			// a combining mark takes no room of its own
		default:
			w += 7.5 // an average letter, generously
		}
	}
	return int(math.Ceil(w))
}

// verdanaWidths are the advances of Verdana's ASCII characters at 11px,
// near enough, in classes of alike widths.
var verdanaWidths = func() [128]float64 {
	var t [128]float64
	set := func(chars string, w float64) {
		for _, c := range chars {
			t[c] = w
		}
	}
	set(" ", 3.9)
	set("il", 3.1)
	set("j", 3.7)
	set("f!.,:;'|", 3.9)
	set("t", 4.3)
	set("I-()[]", 4.8)
	set("r", 4.7)
	set("\"`", 4.6)
	set("Jcsz/\\", 5.8)
	set("FLT?_", 6.4)
	set("abdeghknopquvxy", 6.8)
	set("0123456789$+<=>^~#*", 7.0)
	set("EPYZ", 7.0)
	set("ABKRSVX", 7.6)
	set("CU", 7.9)
	set("DGHNO&Q", 8.6)
	set("%", 11.9)
	set("w", 9.0)
	set("M", 9.4)
	set("@", 11.0)
	set("m", 10.7)
	set("W", 10.9)
	set("{}", 7.0)
	return t
}()

// textColor returns black or white, whichever contrasts more with the
// ground. One of the two always reaches at least 4.58:1, above WCAG AA's
// 4.5:1 for text of a badge's size, whatever colour a theme picks.
func textColor(ground string) string {
	if contrast(ground, "#ffffff") >= contrast(ground, "#000000") {
		return "#fff"
	}
	return "#000"
}

// contrast is the WCAG 2 contrast ratio of two "#rrggbb" colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// luminance is the WCAG 2 relative luminance of a "#rrggbb" colour.
func luminance(c string) float64 {
	n, _ := strconv.ParseUint(strings.TrimPrefix(c, "#"), 16, 32)
	channel := func(v uint64) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(n>>16&0xff) + 0.7152*channel(n>>8&0xff) + 0.0722*channel(n&0xff)
}
