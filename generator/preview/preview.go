// Package preview serves a site from memory while its content is edited:
// the server behind bulletin serve.
//
// It builds the site, renders each page when it is asked for, watches the
// content and theme folders, builds again after every change and tells
// open browsers to reload. While the content is broken it keeps serving
// the last good build, with the problems shown at the top of every page:
// in the HTML itself, so that they show without JavaScript too.
//
// Nothing here reaches the built site: the reload script and the problems
// are added to pages as they are served, and only by this package.
package preview

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/themes"
	"github.com/fsnotify/fsnotify"
)

// Config says what to serve.
type Config struct {
	Content string // the content folder
	Theme   string // a theme folder over the default theme, or "" for the default alone
	// BaseURL is where the server is reached. Pages link there rather than
	// to the site's base_url, so that every link stays in the preview.
	BaseURL *url.URL
	Now     func() time.Time // the build clock, read at each build
	Log     *log.Logger      // where each build is told; nil for nowhere
}

// Server serves the site and builds it again on every change. It is an
// http.Handler.
type Server struct {
	cfg    Config
	loader *generator.Loader
	run    string // tells this server's builds from an earlier one's

	watcher *fsnotify.Watcher
	done    chan struct{} // closed when the server has stopped watching

	mu      sync.Mutex
	builds  int
	current state
	subs    map[chan struct{}]bool // open event streams
}

// state is the outcome of the latest build.
type state struct {
	good     *generator.Renderer // the last build that succeeded; nil before one has
	problems []string            // why the latest build failed; nil if it did not
	build    string              // names the latest build, good or bad
	site     *generator.Site     // of the good build
	now      time.Time           // its build clock
}

// Start builds the site, starts watching its folders and returns the
// server, which builds again after every change until ctx is done. A
// broken site is no reason to fail: the server shows its problems until
// they are fixed. Start fails only when it cannot watch the folders.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = log.New(io.Discard, "", 0)
	}
	if err := generator.CheckContentDir(cfg.Content); err != nil {
		return nil, err
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", cfg.Content, err)
	}
	s := &Server{
		cfg:     cfg,
		loader:  generator.NewLoader(os.DirFS(cfg.Content), filepath.ToSlash(filepath.Clean(cfg.Content))),
		run:     randomID(),
		watcher: w,
		done:    make(chan struct{}),
		subs:    map[chan struct{}]bool{},
	}
	for _, dir := range s.roots() {
		if err := s.watchTree(dir); err != nil {
			w.Close()
			return nil, err
		}
	}
	// Watch before the first build, so that no change falls between.
	s.rebuild(batch{all: true})
	go s.watch(ctx)
	return s, nil
}

// Done is closed when the server has stopped watching, after ctx is done.
func (s *Server) Done() <-chan struct{} { return s.done }

// roots are the folders to watch.
func (s *Server) roots() []string {
	if s.cfg.Theme == "" {
		return []string{s.cfg.Content}
	}
	return []string{s.cfg.Content, s.cfg.Theme}
}

// rebuild builds the site after the changes in b, keeps the result if it
// is good, and tells the open pages to reload.
func (s *Server) rebuild(b batch) {
	start := time.Now()
	now := s.cfg.Now()
	r, site, err := s.build(b, now)
	took := time.Since(start).Round(100 * time.Microsecond)

	s.mu.Lock()
	serving := "serving the last good build"
	if s.current.good == nil && err != nil {
		serving = "nothing to serve until it builds"
	}
	s.builds++
	s.current.build = fmt.Sprintf("%s-%d", s.run, s.builds)
	if err == nil {
		s.current.good, s.current.site, s.current.now, s.current.problems = r, site, now, nil
	} else {
		s.current.problems = strings.Split(err.Error(), "\n")
	}
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default: // already told; it reads the latest build when it wakes
		}
	}
	s.mu.Unlock()

	what := "built"
	if b.events > 0 {
		what = fmt.Sprintf("rebuilt after %d %s", b.events, plural(b.events, "change"))
	}
	if err != nil {
		probs := strings.Split(err.Error(), "\n")
		s.cfg.Log.Printf("%s in %v: %d %s; %s\n\t%s",
			what, took, len(probs), plural(len(probs), "problem"), serving, strings.Join(probs, "\n\t"))
		return
	}
	warnings := len(generator.Errors(site.Warnings(now)))
	msg := fmt.Sprintf("%s in %v: %d %s", what, took, len(site.Entries), plural(len(site.Entries), "entry"))
	if warnings > 0 {
		msg += fmt.Sprintf(", %d %s (on their entries' pages; bulletin check lists them)", warnings, plural(warnings, "warning"))
	}
	s.cfg.Log.Print(msg)
}

// build loads the content, reparsing only what changed, and prepares to
// render it as of now.
func (s *Server) build(b batch, now time.Time) (*generator.Renderer, *generator.Site, error) {
	load := s.loader.Load
	if !b.all {
		load = func() (*generator.Site, error) { return s.loader.LoadChanged(b.files) }
	}
	site, err := load()
	if s.cfg.BaseURL != nil {
		// Before anything is rendered: Markdown links are made absolute
		// against it when first rendered.
		site.BaseURL = s.cfg.BaseURL
	}
	if err := generator.JoinErrors(err, site.Validate()); err != nil {
		return nil, nil, err
	}
	theme, err := themes.Open(s.cfg.Theme)
	if err != nil {
		return nil, nil, err
	}
	r, err := generator.NewRenderer(site, theme, generator.Options{Now: now})
	if err != nil {
		return nil, nil, err
	}
	r.Names() // list the files now rather than on the first request
	return r, site, nil
}

// entryWarnings returns the warnings about the entry whose page is name
// (news/<slug>/index.html), as check prints them: an entry's warnings
// show on its page, where its editor looks.
func (st state) entryWarnings(name string) []string {
	slug, ok := strings.CutPrefix(name, "news/")
	slug, ok2 := strings.CutSuffix(slug, "/index.html")
	if !ok || !ok2 || st.site == nil {
		return nil
	}
	for _, e := range st.site.Entries {
		if e.Slug != slug {
			continue
		}
		var out []string
		for _, w := range generator.Errors(st.site.EntryWarnings(e, st.now)) {
			marked := *w
			marked.Err = fmt.Errorf("warning: %w", w.Err)
			out = append(out, marked.Error())
		}
		return out
	}
	return nil
}

// state returns the outcome of the latest build.
func (s *Server) state() state {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.current
}

func randomID() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func plural(n int, word string) string {
	switch {
	case n == 1:
		return word
	case strings.HasSuffix(word, "y"):
		return strings.TrimSuffix(word, "y") + "ies"
	}
	return word + "s"
}
