package render

import (
	"html/template"
	"strconv"
	"sync"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/internal/markdown"
	"github.com/yuin/goldmark/ast"
)

// htmlCache holds each entry's Markdown as HTML, converted on first use
// and kept for the pages and feeds that show it until its own page has
// been rendered: from then on only its summary is kept (lists show it),
// and the few feeds and documents that come later convert it again. On a
// site of 100,000 entries that is a quarter of a gigabyte not held to the
// end.
type htmlCache struct {
	r       *Renderer
	entries map[*content.Entry]*entryHTML
}

// entryHTML is the cache of one entry.
type entryHTML struct {
	mu      sync.Mutex
	full    *rendered
	known   bool   // summary and titled are set
	summary string // the first paragraph, as plain text
	titled  bool   // the body starts with a heading
}

// rendered is an entry's Markdown as HTML.
type rendered struct {
	body       template.HTML
	workaround template.HTML // the one in force now
	// initial is the workaround as first published, and updateWorkarounds
	// each update's new one ("" where it gives none).
	initial           template.HTML
	updates           []template.HTML
	updateWorkarounds []template.HTML
	cause, lessons    template.HTML // of the review
}

// workaroundAt is the workaround in force once update i was written; -1
// is when the entry was published.
func (r *rendered) workaroundAt(i int) template.HTML {
	for ; i >= 0; i-- {
		if w := r.updateWorkarounds[i]; w != "" {
			return w
		}
	}
	return r.initial
}

func newHTMLCache(r *Renderer) *htmlCache {
	c := &htmlCache{r: r, entries: make(map[*content.Entry]*entryHTML, len(r.site.Entries))}
	all := make([]entryHTML, len(r.site.Entries))
	for i, e := range r.site.Entries {
		c.entries[e] = &all[i]
	}
	return c
}

// of returns the entry's Markdown as HTML, converting it if need be.
func (c *htmlCache) of(e *content.Entry) *rendered {
	h := c.entries[e]
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.full != nil {
		return h.full
	}
	base := c.r.url(e.Path())
	ids := newHeadingIDs()
	r := &rendered{updates: make([]template.HTML, len(e.Updates))}
	var body ast.Node
	r.body, body = markdown.Convert(e.Body, base, ids)
	if !h.known {
		h.summary = markdown.Summary(body, e.Body)
		h.titled = body.FirstChild() != nil && body.FirstChild().Kind() == ast.KindHeading
		h.known = true
	}
	convert := func(md string) template.HTML {
		if md == "" {
			return ""
		}
		html, _ := markdown.Convert([]byte(md), base, ids)
		return html
	}
	r.initial = convert(e.InitialWorkaround)
	r.updateWorkarounds = make([]template.HTML, len(e.Updates))
	for i, u := range e.Updates {
		r.updates[i] = convert(u.Text)
		r.updateWorkarounds[i] = convert(u.Workaround)
	}
	r.workaround = r.workaroundAt(len(e.Updates) - 1)
	if e.Review != nil {
		r.cause, r.lessons = convert(e.Review.Cause), convert(e.Review.Lessons)
	}
	h.full = r
	return r
}

// summary returns the first paragraph of the entry's text, as plain text,
// and whether the text starts with a heading.
func (c *htmlCache) summary(e *content.Entry) (string, bool) {
	h := c.entries[e]
	h.mu.Lock()
	known := h.known
	h.mu.Unlock()
	if !known {
		c.of(e)
	}
	return h.summary, h.titled // set once, never changed after
}

// release lets the entry's HTML go once its page is rendered.
func (c *htmlCache) release(e *content.Entry) {
	h := c.entries[e]
	h.mu.Lock()
	h.full = nil
	h.mu.Unlock()
}

// text renders a Markdown fragment of the entry as plain text.
func (c *htmlCache) text(e *content.Entry, src string) string {
	return markdown.Text(src, c.r.url(e.Path()))
}

// reservedIDs are element ids the entry page itself uses; a heading in the
// text that would take one gets a suffix instead ("workaround-1").
var reservedIDs = map[string]bool{
	"main": true, "status": true, "workaround": true, "downgrade": true, "timeline": true,
	"links": true, "details": true, "summary": true, "fix": true, "history": true,
	"published": true, "started": true, "ended": true, "resolved": true, "review": true,
}

// headingIDs keeps element ids unique across all the Markdown of one page.
// Its maps are made when a page first has a heading: most texts have none.
type headingIDs struct {
	used map[string]bool
	// next is, for each text whose id was taken, the number to try
	// first: trying every number from 1 again made a page of many
	// headings of the same text cost the square of their count.
	next map[string]int
}

func newHeadingIDs() *headingIDs { return &headingIDs{} }

func (h *headingIDs) taken(id string) bool { return reservedIDs[id] || h.used[id] }

func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := content.Slugify(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	if h.taken(id) {
		i := max(h.next[base], 1)
		for id = base + "-" + strconv.Itoa(i); h.taken(id); id = base + "-" + strconv.Itoa(i) {
			i++
		}
		if h.next == nil {
			h.next = map[string]int{}
		}
		h.next[base] = i + 1
	}
	h.Put([]byte(id))
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) {
	if h.used == nil {
		h.used = map[string]bool{}
	}
	h.used[string(value)] = true
}
