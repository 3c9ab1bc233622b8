package preview

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"mime"
	"net"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/bulletin-status/bulletin/generator/internal/write"
)

// The preview's own files live under a prefix no page of a site can
// have: slugs and release ids start with a letter or a digit.
const (
	eventsPath = "/_bulletin/events"
	scriptPath = "/_bulletin/reload.js"
	stylePath  = "/_bulletin/preview.css"
)

var (
	//go:embed reload.js
	reloadJS []byte
	//go:embed preview.css
	previewCSS []byte
)

// contentType returns the media type a file is served with: as the
// published site serves it, or else as Go knows it.
func contentType(name string, data []byte) string {
	if t := write.MediaType(name); t != "" {
		return t
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// ServeHTTP serves the site's files as the last good build renders them,
// the 404 page for paths it does not have, and the preview's own files.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.local(r.Host) {
		names := "localhost or an address"
		if s.cfg.BaseURL != nil {
			names = "localhost, an address or " + s.cfg.BaseURL.Hostname()
		}
		http.Error(w, fmt.Sprintf("bulletin serve answers requests for %s, not for %q: "+
			"a page on another site may be trying to read the preview through DNS rebinding", names, r.Host),
			http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "only GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	// Always fresh: the point of a preview.
	w.Header().Set("Cache-Control", "no-store")
	switch r.URL.Path {
	case eventsPath:
		s.events(w, r)
		return
	case scriptPath:
		respond(w, r, http.StatusOK, scriptPath, reloadJS)
		return
	case stylePath:
		respond(w, r, http.StatusOK, stylePath, previewCSS)
		return
	}

	st := s.state()
	if st.good == nil {
		respond(w, r, http.StatusInternalServerError, "index.html", s.inject(emptyPage("The site does not build"), st, nil, nil))
		return
	}

	urlPath := r.URL.Path
	name := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	if strings.HasSuffix(urlPath, "/") {
		name = path.Join(name, "index.html")
	}
	status := http.StatusOK
	data, ok, err := st.good.Render(name)
	if !ok {
		// As a static host would: /news/x is the folder /news/x/.
		if !strings.HasSuffix(urlPath, "/") && hasFile(st, name+"/index.html") {
			target := "/" + name + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		status, name = http.StatusNotFound, "404.html"
		data, _, err = st.good.Render(name)
	}
	var renderErr []string
	if err != nil {
		// A theme's template failed on this page: say so on the page, in
		// place of a page that cannot be shown.
		status, name = http.StatusInternalServerError, "error.html" // an HTML page, whatever was asked for
		data = emptyPage("This page does not render")
		renderErr = []string{err.Error()}
	}
	if path.Ext(name) == ".html" {
		var warnings []string
		if status == http.StatusOK {
			warnings = st.entryWarnings(name)
		}
		data = s.inject(data, st, renderErr, warnings)
	}
	respond(w, r, status, name, data)
}

// local reports whether a request's Host is one the preview answers: an
// address (a name made to resolve to 127.0.0.1 by another site, which a
// browser then lets that site's pages read, is a name), localhost and
// names under it, and the host it was started for.
func (s *Server) local(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	switch {
	case host == "":
		return false
	case net.ParseIP(host) != nil, host == "localhost", strings.HasSuffix(host, ".localhost"):
		return true
	}
	return s.cfg.BaseURL != nil && host == strings.ToLower(s.cfg.BaseURL.Hostname())
}

// emptyPage is a page to show problems on when there is no page to show.
func emptyPage(title string) []byte {
	return []byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>` +
		template.HTMLEscapeString(title) + `</title></head><body></body></html>`)
}

func hasFile(st state, name string) bool {
	_, found := slices.BinarySearch(st.good.Names(), name)
	return found
}

func respond(w http.ResponseWriter, r *http.Request, status int, name string, data []byte) {
	w.Header().Set("Content-Type", contentType(name, data))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// noticeTemplate shows at the top of a page the problems of the latest
// build, or the warnings about the entry on the page.
var noticeTemplate = template.Must(template.New("").Parse(`<div id="bulletin-{{.ID}}" role="{{if eq .ID "problems"}}alert{{else}}status{{end}}">
<link rel="stylesheet" href="{{.Style}}">
<p><strong>{{.Headline}}</strong> {{.Advice}}</p>
<pre>{{range .Lines}}{{.}}
{{end}}</pre>
</div>
`))

// inject adds to a page the problems of the latest build (and those of
// this page) or else the warnings about it, and the script that reloads
// it after the next build.
func (s *Server) inject(page []byte, st state, pageProblems, warnings []string) []byte {
	var top bytes.Buffer
	problems := slices.Concat(st.problems, pageProblems)
	notice := map[string]any{"Style": stylePath}
	switch {
	case len(problems) > 0:
		notice["ID"], notice["Lines"] = "problems", problems
		notice["Headline"] = "This page is from the last good build: the content has changed since, and does not build."
		switch {
		case len(st.problems) == 0:
			notice["Headline"] = "This page does not render."
		case st.good == nil:
			notice["Headline"] = "The site does not build."
		}
		notice["Advice"] = "Fix these problems and the page reloads by itself."
		if len(problems) == 1 {
			notice["Advice"] = "Fix this problem and the page reloads by itself."
		}
	case len(warnings) > 0:
		notice["ID"], notice["Lines"] = "warnings", warnings
		notice["Headline"] = "Warnings about this entry."
		notice["Advice"] = "They do not stop it from being published, but bulletin check -strict fails on them."
	}
	if notice["ID"] != nil {
		noticeTemplate.Execute(&top, notice)
	}
	script := fmt.Sprintf(`<script src="%s" data-build="%s" data-events="%s"></script>`+"\n",
		scriptPath, template.HTMLEscapeString(st.build), eventsPath)

	lower := bytes.ToLower(page)
	start := 0
	if i := bytes.Index(lower, []byte("<body")); i >= 0 {
		if j := bytes.IndexByte(page[i:], '>'); j >= 0 {
			start = i + j + 1
		}
	}
	end := bytes.LastIndex(lower, []byte("</body"))
	if end < start {
		end = len(page)
	}
	out := make([]byte, 0, len(page)+top.Len()+len(script)+1)
	out = append(out, page[:start]...)
	if top.Len() > 0 {
		out = append(out, '\n')
		out = append(out, top.Bytes()...)
	}
	out = append(out, page[start:end]...)
	out = append(out, script...)
	out = append(out, page[end:]...)
	return out
}

// events streams a "build" event, whose data names the build, when the
// stream opens and after every build, until the client goes or the
// server stops.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming not supported", http.StatusInternalServerError)
		return
	}
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	s.subs[ch] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "text/event-stream")
	// A browser reconnects by itself when the stream breaks; after a
	// restart of bulletin serve, within a second.
	fmt.Fprint(w, "retry: 1000\n\n")
	for {
		fmt.Fprintf(w, "event: build\ndata: %s\n\n", s.state().build)
		flusher.Flush()
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-ch:
		}
	}
}
