// Package chart draws the charts of the statistics page as SVG, at build
// time, so that they need no script and cost no request: the page holds
// them inline.
//
// A chart carries no colour and no style of its own. Its parts have
// classes ("bar", "s-minor", "box", "median", "grid", "tick", "label",
// "note") that the theme's style sheet colours, and presentation
// attributes that fall back to the text colour (currentColor), so that a
// chart is legible, light or dark, even under a style sheet that knows
// nothing of charts; inline style attributes would break the site's
// Content-Security-Policy (style-src 'self').
//
// Every chart is an image to assistive technology (role="img"), named by
// its title and described by its description; the page puts the numbers
// behind it in a table. Text is fitted to the width by a rough measure
// (no font metrics at build time): what does not fit ends in "…", and the
// table holds it in full.
package chart

import (
	"html"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Width is the width of every chart, in the units its text sizes are
// given in: a phone's page shows it at about nine tenths of its size, so
// its text stays readable there, and a desktop's at its size.
const Width = 400

const (
	fontSize  = 13
	charWidth = 0.54 * fontSize // an average glyph of a wide sans-serif face (DejaVu Sans)
	pad       = 4
)

// Series is one kind of value that the columns of a chart stack.
type Series struct {
	Name  string // in the legend: "Critical"
	Class string // what colours it: "s-critical"
}

// Label names a column: its text, and a second line under it that is
// shown where it changes (the year under the months).
type Label struct{ Text, Sub string }

// Columns is a chart of vertical columns, one per label, each a stack of
// the series' values, bottom first: incidents per month by severity.
type Columns struct {
	ID          string // prefix of the ids of its elements, unique on the page
	Title, Desc string
	Labels      []Label
	Series      []Series
	Values      [][]int // by label, then by series
}

// SVG draws the chart.
func (c Columns) SVG() string {
	const (
		legend = 24 // the legend's row
		plotH  = 150
		top    = legend + 18 // room for the totals above the columns
		left   = 30          // the counts of the axis
		right  = 6
	)
	highest := 0
	for _, vs := range c.Values {
		highest = max(highest, sum(vs))
	}
	step, axisTop := niceScale(highest)
	height := top + plotH + 2*fontSize + 14
	y := func(v int) float64 { return top + plotH - float64(v)/float64(axisTop)*plotH }

	var b builder
	b.open(c.ID, c.Title, c.Desc, height)
	// The legend: a swatch and a name for each series, in stacking order.
	x := 0.0
	for _, s := range c.Series {
		b.rect("bar "+s.Class, x, 6, 12, 12)
		b.text("label", x+17, 16, "start", s.Name)
		x += 17 + textWidth(s.Name) + 16
	}
	for v := 0; v <= axisTop; v += step {
		b.line("grid", left, y(v), Width-right, y(v))
		b.text("tick", left-6, y(v)+4, "end", strconv.Itoa(v))
	}
	n := max(len(c.Labels), 1)
	slot := float64(Width-left-right) / float64(n)
	barW := math.Min(slot*0.64, 40)
	for i, l := range c.Labels {
		cx := left + slot*(float64(i)+0.5)
		base := 0
		for j, s := range c.Series {
			v := at(c.Values, i, j)
			if v > 0 {
				b.rect("bar "+s.Class, cx-barW/2, y(base+v), barW, y(base)-y(base+v))
			}
			base += v
		}
		if base > 0 {
			b.text("value", cx, y(base)-4, "middle", strconv.Itoa(base))
		}
		b.text("label", cx, top+plotH+fontSize+4, "middle", fit(l.Text, slot))
		if showSub(c.Labels, i, slot) {
			b.text("note", cx, top+plotH+2*fontSize+8, "middle", l.Sub)
		}
	}
	b.line("axis", left, y(0), Width-right, y(0))
	return b.close()
}

// showSub reports whether the second line of label i is shown: where it
// changes, if there is room for it before the next change (December's
// year gives way to January's, next to it).
func showSub(labels []Label, i int, slot float64) bool {
	sub := labels[i].Sub
	if sub == "" || (i > 0 && labels[i-1].Sub == sub) {
		return false
	}
	for j := i + 1; j < len(labels); j++ {
		if labels[j].Sub != sub {
			return float64(j-i)*slot >= textWidth(sub)+charWidth
		}
	}
	return true
}

// Spread is the durations of one row of a Spreads chart: its quartiles
// and its extremes.
type Spread struct {
	Label                    string // "Fedora 43"
	Note                     string // after the label, muted: "median 4 h, 5 incidents"
	Min, Q1, Median, Q3, Max time.Duration
}

// Spreads is a chart of durations, one row each, on a common time axis:
// the middle half as a box, the median as a mark across it, and a
// whisker from the shortest to the longest. The axis is close to
// logarithmic, since incidents take minutes to weeks, but starts at zero,
// which is common ("a workaround at once") and has no logarithm.
type Spreads struct {
	ID          string
	Title, Desc string
	Rows        []Spread
}

// rowHeight is the height of a row of Spreads and Bars: a line of text
// above a bar.
const rowHeight = 42

// SVG draws the chart.
func (c Spreads) SVG() string {
	const (
		left  = 8
		right = 16
		axisH = 2*fontSize + 6
	)
	var longest time.Duration
	for _, r := range c.Rows {
		longest = max(longest, r.Max)
	}
	axis := newTimeAxis(longest)
	plotW := float64(Width - left - right)
	x := func(d time.Duration) float64 { return left + axis.pos(d)*plotW }
	height := len(c.Rows)*rowHeight + axisH + 8
	plotBottom := float64(len(c.Rows)*rowHeight) + 4

	var b builder
	b.open(c.ID, c.Title, c.Desc, height)
	for _, t := range axis.ticks {
		b.line("grid", x(t.at), 0, x(t.at), plotBottom)
	}
	for i, r := range c.Rows {
		top := float64(i * rowHeight)
		b.labelled(left, top+fontSize+2, r.Label, r.Note)
		mid := top + 28
		b.line("whisker", x(r.Min), mid, x(r.Max), mid)
		// At least as wide as the median's mark, centred on it.
		x1, x3 := x(r.Q1), x(r.Q3)
		if x3-x1 < 3 {
			x1, x3 = (x1+x3)/2-1.5, (x1+x3)/2+1.5
		}
		b.rect("box", x1, mid-6, x3-x1, 12)
		b.line("median", x(r.Median), mid-9, x(r.Median), mid+9)
	}
	b.line("axis", left, plotBottom, Width-right, plotBottom)
	for _, t := range axis.ticks {
		b.text("tick", x(t.at), plotBottom+fontSize+4, "middle", t.label)
	}
	return b.close()
}

// Bar is one row of a Bars chart.
type Bar struct {
	Label string
	Note  string // after the label, muted
	Value int
}

// Bars is a chart of horizontal bars of counts, one row each, in the
// order given: the packages named in the most incidents.
type Bars struct {
	ID          string
	Title, Desc string
	Class       string // what colours the bars
	Rows        []Bar
}

// SVG draws the chart.
func (c Bars) SVG() string {
	const (
		left   = 0
		number = 36 // room for the count after the longest bar
	)
	most := 1
	for _, r := range c.Rows {
		most = max(most, r.Value)
	}
	plotW := float64(Width - left - number)
	height := len(c.Rows)*rowHeight + 4

	var b builder
	b.open(c.ID, c.Title, c.Desc, height)
	for i, r := range c.Rows {
		top := float64(i * rowHeight)
		b.labelled(left, top+fontSize+2, r.Label, r.Note)
		w := math.Max(float64(r.Value)/float64(most)*plotW, 2)
		b.rect(strings.TrimSpace("bar "+c.Class), left, top+20, w, 14)
		b.text("value", left+w+5, top+31, "start", strconv.Itoa(r.Value))
	}
	return b.close()
}

// timeAxis maps durations onto [0, 1], close to logarithmically.
type timeAxis struct {
	max   time.Duration // the end of the axis: the first tick at or past the longest
	ticks []tick
}

type tick struct {
	at    time.Duration
	label string
}

// timeTicks are the moments an axis may mark, far enough apart on it to
// be told apart.
var timeTicks = []tick{
	{0, "0"},
	{time.Hour, "1 h"},
	{6 * time.Hour, "6 h"},
	{24 * time.Hour, "1 d"},
	{7 * 24 * time.Hour, "1 w"},
	{28 * 24 * time.Hour, "4 w"},
	{13 * 7 * 24 * time.Hour, "13 w"},
	{52 * 7 * 24 * time.Hour, "52 w"},
}

// timeUnit is where the axis turns from linear to logarithmic: below it,
// a minute is a minute; above, each doubling of a duration takes about
// the same room.
const timeUnit = 10 * time.Minute

func newTimeAxis(longest time.Duration) timeAxis {
	a := timeAxis{max: timeTicks[len(timeTicks)-1].at}
	for _, t := range timeTicks {
		a.ticks = append(a.ticks, t)
		if t.at >= longest && t.at > 0 {
			a.max = t.at
			break
		}
	}
	return a
}

// pos returns where d is on the axis, from 0 to 1.
func (a timeAxis) pos(d time.Duration) float64 {
	d = min(max(d, 0), a.max)
	return math.Log1p(float64(d)/float64(timeUnit)) / math.Log1p(float64(a.max)/float64(timeUnit))
}

// niceScale returns a step for the ticks of an axis of counts up to most,
// and the top of the axis: at most five steps of 1, 2 or 5 times a power
// of ten.
func niceScale(most int) (step, top int) {
	if most <= 0 {
		return 1, 1
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * mag
			if top = (most + step - 1) / step * step; top/step <= 5 {
				return step, top
			}
		}
	}
}

// builder writes one chart's SVG, an element a line.
type builder struct{ strings.Builder }

func (b *builder) open(id, title, desc string, height int) {
	h := strconv.Itoa(height)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ` + strconv.Itoa(Width) + ` ` + h + `" width="` + strconv.Itoa(Width) + `" height="` + h + `"`)
	b.WriteString(` role="img" aria-labelledby="` + esc(id) + `-title" aria-describedby="` + esc(id) + `-desc" font-size="` + strconv.Itoa(fontSize) + `">` + "\n")
	b.WriteString(`<title id="` + esc(id) + `-title">` + esc(title) + "</title>\n")
	b.WriteString(`<desc id="` + esc(id) + `-desc">` + esc(desc) + "</desc>\n")
}

func (b *builder) close() string {
	b.WriteString("</svg>")
	return b.String()
}

func (b *builder) rect(class string, x, y, w, h float64) {
	b.WriteString(`<rect class="` + class + `" x="` + num(x) + `" y="` + num(y) + `" width="` + num(w) + `" height="` + num(h) + `" fill="currentColor"/>` + "\n")
}

func (b *builder) line(class string, x1, y1, x2, y2 float64) {
	b.WriteString(`<line class="` + class + `" x1="` + num(x1) + `" y1="` + num(y1) + `" x2="` + num(x2) + `" y2="` + num(y2) + `" stroke="currentColor"/>` + "\n")
}

// text writes a line of text; anchor is start, middle or end.
func (b *builder) text(class string, x, y float64, anchor, s string) {
	b.WriteString(`<text class="` + class + `" x="` + num(x) + `" y="` + num(y) + `" text-anchor="` + anchor + `" fill="currentColor">` + esc(s) + "</text>\n")
}

// labelled writes a row's label and, after it, its note, both fitted into
// the width.
func (b *builder) labelled(x, y float64, label, note string) {
	room := float64(Width) - x
	label = fit(label, room)
	b.WriteString(`<text class="label" x="` + num(x) + `" y="` + num(y) + `" fill="currentColor">` + esc(label))
	if note != "" && room-textWidth(label) > 4*charWidth {
		b.WriteString(`<tspan class="note"> · ` + esc(fit(note, room-textWidth(label)-2*charWidth)) + `</tspan>`)
	}
	b.WriteString("</text>\n")
}

// fit shortens s to fit in room, ending it with "…" if it does not.
func fit(s string, room float64) string {
	if textWidth(s) <= room {
		return s
	}
	n := max(int(room/charWidth)-1, 1)
	r := []rune(s)
	if n >= len(r) {
		return s
	}
	return strings.TrimRight(string(r[:n]), " ") + "…"
}

func textWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) * charWidth }

// esc escapes text for SVG in HTML, in element content and in attributes.
func esc(s string) string { return html.EscapeString(s) }

// num writes a coordinate to a tenth of a unit, without trailing zeros:
// enough for a chart, and the same bytes on every machine.
func num(f float64) string {
	s := strconv.FormatFloat(math.Round(f*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

func sum(vs []int) int {
	t := 0
	for _, v := range vs {
		t += v
	}
	return t
}

func at(values [][]int, i, j int) int {
	if i < len(values) && j < len(values[i]) {
		return values[i][j]
	}
	return 0
}
