package chart

import (
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden charts in testdata")

const (
	hour = time.Hour
	day  = 24 * time.Hour
)

// samples are one chart of each kind, with what trips a drawing up: a
// month without incidents, a row of one incident, a zero duration, text
// too long for the width and text that is markup.
var samples = map[string]interface{ SVG() string }{
	"columns": Columns{
		ID: "months", Title: "Incidents per month", Desc: "3 incidents from January to March 2026.",
		Labels: []Label{{"Dec", "2025"}, {"Jan", "2026"}, {"Feb", "2026"}, {"Mar", "2026"}},
		Series: []Series{{"Critical", "s-critical"}, {"Major", "s-major"}, {"Minor", "s-minor"}},
		Values: [][]int{{0, 0, 0}, {1, 0, 2}, {0, 0, 0}, {0, 3, 4}},
	},
	"spreads": Spreads{
		ID: "resolve", Title: "Time to resolution", Desc: "Median 2 days.",
		Rows: []Spread{
			{Label: "All releases and services", Note: "median 2 d, 9 incidents", Min: 0, Q1: 3 * hour, Median: 2 * day, Q3: 4 * day, Max: 20 * day},
			{Label: "Fedora 43", Note: "1 incident", Min: 5 * hour, Q1: 5 * hour, Median: 5 * hour, Q3: 5 * hour, Max: 5 * hour},
			{Label: "<script>alert(1)</script> and a name far too long to fit beside its note in the width", Note: "median 1 d", Min: day, Q1: day, Median: day, Q3: day, Max: day},
		},
	},
	"bars": Bars{
		ID: "packages", Title: "Packages named in the most incidents", Desc: "mesa-vulkan-drivers, in 4.", Class: "s-package",
		Rows: []Bar{{Label: "mesa-vulkan-drivers", Value: 4}, {Label: "kernel", Note: "2 releases", Value: 2}, {Label: `a"b`, Value: 1}},
	},
}

// svgDoc is what the tests read of a chart.
type svgDoc struct {
	XMLName     xml.Name
	Attrs       []xml.Attr `xml:",any,attr"`
	Title       svgText    `xml:"title"`
	Desc        svgText    `xml:"desc"`
	Rects       []svgShape `xml:"rect"`
	Lines       []svgShape `xml:"line"`
	Texts       []svgText  `xml:"text"`
	Descendants []xml.Name // every element, in order
}

type svgText struct {
	ID    string `xml:"id,attr"`
	Class string `xml:"class,attr"`
	Text  string `xml:",chardata"`
	Spans []struct {
		Text string `xml:",chardata"`
	} `xml:"tspan"`
}

type svgShape struct {
	Class  string  `xml:"class,attr"`
	X      float64 `xml:"x,attr"`
	Y      float64 `xml:"y,attr"`
	Width  float64 `xml:"width,attr"`
	Height float64 `xml:"height,attr"`
	X1     float64 `xml:"x1,attr"`
	X2     float64 `xml:"x2,attr"`
}

func parse(t *testing.T, svg string) svgDoc {
	t.Helper()
	var doc svgDoc
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, svg)
	}
	dec := xml.NewDecoder(strings.NewReader(svg))
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok {
			doc.Descendants = append(doc.Descendants, se.Name)
			for _, a := range se.Attr {
				if a.Name.Local == "style" {
					t.Errorf("<%s> has a style attribute, which the site's Content-Security-Policy refuses", se.Name.Local)
				}
			}
		}
	}
	return doc
}

func attr(doc svgDoc, name string) string {
	for _, a := range doc.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// TestCharts checks what every chart must be: well-formed SVG, an image
// named by its title and described by its description, no wider than
// Width, its text escaped, and the same as testdata/<kind>.svg
// (go test -update rewrites them; open them in a browser to look).
func TestCharts(t *testing.T) {
	for name, c := range samples {
		svg := c.SVG()
		doc := parse(t, svg)
		if doc.XMLName.Local != "svg" || attr(doc, "role") != "img" {
			t.Errorf("%s: <%s role=%q>, want an svg image", name, doc.XMLName.Local, attr(doc, "role"))
		}
		if attr(doc, "aria-labelledby") != doc.Title.ID || attr(doc, "aria-describedby") != doc.Desc.ID || doc.Title.Text == "" || doc.Desc.Text == "" {
			t.Errorf("%s: labelled by %q, described by %q; title %+v, desc %+v", name, attr(doc, "aria-labelledby"), attr(doc, "aria-describedby"), doc.Title, doc.Desc)
		}
		if attr(doc, "width") != strconv.Itoa(Width) || !strings.HasPrefix(attr(doc, "viewBox"), "0 0 "+strconv.Itoa(Width)+" ") {
			t.Errorf("%s: width %q, viewBox %q", name, attr(doc, "width"), attr(doc, "viewBox"))
		}
		for _, s := range slices.Concat(doc.Rects, doc.Lines) {
			for _, x := range []float64{s.X, s.X + s.Width, s.X1, s.X2} {
				if x < 0 || x > Width {
					t.Errorf("%s: a %s reaches x=%v, outside the chart", name, s.Class, x)
				}
			}
		}
		for _, tx := range doc.Texts {
			if w := textWidth(tx.Text + spans(tx)); w > Width+0.5 {
				t.Errorf("%s: text %q is %.0f wide, wider than the chart", name, tx.Text+spans(tx), w)
			}
		}
		golden := filepath.Join("testdata", name+".svg")
		if *update {
			if err := os.WriteFile(golden, []byte(svg+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if string(want) != svg+"\n" {
			t.Errorf("%s differs from %s (go test ./generator/internal/chart -update rewrites it, if that is meant)", name, golden)
		}
	}
	// Markup in a label is text.
	doc := parse(t, samples["spreads"].SVG())
	if got := doc.Texts[2].Text; !strings.HasPrefix(got, "<script>alert(1)</script> and a name") || !strings.HasSuffix(got, "…") {
		t.Errorf("the long label with markup reads %q", got)
	}
}

func spans(tx svgText) string {
	var s string
	for _, sp := range tx.Spans {
		s += sp.Text
	}
	return s
}

// TestColumnsStack checks that a column's parts are as tall as their
// values, stacked in the series' order from the bottom, and that empty
// parts and empty months draw nothing.
func TestColumnsStack(t *testing.T) {
	doc := parse(t, samples["columns"].SVG())
	var bars []svgShape
	for _, r := range doc.Rects {
		if strings.HasPrefix(r.Class, "bar ") && r.Y > 20 { // not the legend's swatches
			bars = append(bars, r)
		}
	}
	// January: 1 critical, 2 minor; March: 3 major, 4 minor.
	want := []struct {
		class string
		value float64
	}{{"bar s-critical", 1}, {"bar s-minor", 2}, {"bar s-major", 3}, {"bar s-minor", 4}}
	if len(bars) != len(want) {
		t.Fatalf("%d parts, want %d: %+v", len(bars), len(want), bars)
	}
	unit := bars[0].Height
	for i, w := range want {
		// Coordinates are rounded to a tenth: so may each unit be.
		if d := bars[i].Height - w.value*unit; bars[i].Class != w.class || d > 0.1*w.value || d < -0.1*w.value {
			t.Errorf("part %d: %s of height %v, want %s of %v", i, bars[i].Class, bars[i].Height, w.class, w.value*unit)
		}
	}
	// Stacked: each part sits on the one below.
	if !near(bars[1].Y+bars[1].Height, bars[0].Y) || !near(bars[3].Y+bars[3].Height, bars[2].Y) {
		t.Errorf("parts do not stack: %+v", bars)
	}
	var years []string
	for _, tx := range doc.Texts {
		if tx.Class == "note" {
			years = append(years, tx.Text)
		}
	}
	if !slices.Equal(years, []string{"2025", "2026"}) {
		t.Errorf("years under the months: %q, want each once, where it changes", years)
	}
	// Twelve narrow months: December's year would run into January's,
	// and gives way to it.
	var year Columns
	for m := time.December; len(year.Labels) < 12; m = m%12 + 1 {
		y := "2026"
		if m == time.December {
			y = "2025"
		}
		year.Labels = append(year.Labels, Label{m.String()[:3], y})
	}
	years = nil
	for _, tx := range parse(t, year.SVG()).Texts {
		if tx.Class == "note" {
			years = append(years, tx.Text)
		}
	}
	if !slices.Equal(years, []string{"2026"}) {
		t.Errorf("years under twelve months: %q, want 2026 alone", years)
	}
}

// TestTimeAxis pins the axis of durations: zero at its start, the end at
// the first tick past the longest, order kept, and a day far from both a
// minute and a month.
func TestTimeAxis(t *testing.T) {
	for _, tt := range []struct {
		longest time.Duration
		end     string
	}{{0, "1 h"}, {50 * time.Minute, "1 h"}, {hour, "1 h"}, {hour + time.Second, "6 h"}, {3 * day, "1 w"}, {400 * day, "52 w"}} {
		a := newTimeAxis(tt.longest)
		if got := a.ticks[len(a.ticks)-1].label; got != tt.end {
			t.Errorf("longest %v: the axis ends at %s, want %s", tt.longest, got, tt.end)
		}
		if a.pos(0) != 0 || !near(a.pos(a.max), 1) || a.pos(2*a.max) != 1 {
			t.Errorf("longest %v: 0 at %v, its end at %v", tt.longest, a.pos(0), a.pos(a.max))
		}
	}
	a := newTimeAxis(28 * day)
	prev := -1.0
	for _, d := range []time.Duration{0, time.Minute, 10 * time.Minute, hour, day, 7 * day, 28 * day} {
		if p := a.pos(d); p <= prev {
			t.Errorf("%v at %v, not after the shorter one at %v", d, p, prev)
		} else {
			prev = p
		}
	}
	if p := a.pos(day); p < 0.4 || p > 0.75 {
		t.Errorf("a day is at %.2f of an axis of 4 weeks; want it well inside", p)
	}
}

func TestNiceScale(t *testing.T) {
	for _, tt := range []struct{ most, step, top int }{{0, 1, 1}, {1, 1, 1}, {4, 1, 4}, {5, 1, 5}, {6, 2, 6}, {9, 2, 10}, {11, 5, 15}, {24, 5, 25}, {26, 10, 30}, {1234, 500, 1500}} {
		if step, top := niceScale(tt.most); step != tt.step || top != tt.top {
			t.Errorf("niceScale(%d) = %d, %d; want %d, %d", tt.most, step, top, tt.step, tt.top)
		}
	}
}

func near(a, b float64) bool { return a-b < 0.11 && b-a < 0.11 }
