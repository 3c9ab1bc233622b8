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
	"strings"
	"sync"
	"time"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/internal/english"
	"github.com/bulletin-status/bulletin/generator/render"
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
	loader *content.Loader
	run    string // tells this server's builds from an earlier one's

	watcher *fsnotify.Watcher
	done    chan struct{} // closed when the server has stopped watching
	// watched is, for each folder watched (content, theme), the folder
	// the watches are on, nil while it is gone: removed and made again,
	// or replaced by another, it is a new folder to watch.
	watched map[string]os.FileInfo

	mu      sync.Mutex
	builds  int
	current state
	subs    map[chan struct{}]bool // open event streams
}

// state is the outcome of the latest build.
type state struct {
	good     *render.Renderer    // the last build that succeeded; nil before one has
	problems []string            // why the latest build failed; nil if it did not
	build    string              // names the latest build, good or bad
	prepared *generator.Prepared // of the good build
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
	loader, err := generator.NewLoader(cfg.Content)
	if err != nil {
		return nil, err
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", cfg.Content, err)
	}
	s := &Server{
		cfg:     cfg,
		loader:  loader,
		run:     randomID(),
		watcher: w,
		done:    make(chan struct{}),
		subs:    map[chan struct{}]bool{},
	}
	s.watched = map[string]os.FileInfo{}
	for _, dir := range s.roots() {
		if err := s.watchTree(dir); err != nil {
			w.Close()
			return nil, err
		}
		s.watched[dir], _ = os.Stat(dir)
	}
	// Watch before the first build, so that no change falls between.
	s.rebuild(ctx, batch{all: true})
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
func (s *Server) rebuild(ctx context.Context, b batch) {
	start := time.Now()
	now := s.cfg.Now()
	p, err := s.build(ctx, b, now)
	took := time.Since(start).Round(100 * time.Microsecond)
	if ctx.Err() != nil {
		return // the server is stopping: this build is no one's news
	}

	s.mu.Lock()
	serving := "serving the last good build"
	if s.current.good == nil && err != nil {
		serving = "nothing to serve until it builds"
	}
	s.builds++
	s.current.build = fmt.Sprintf("%s-%d", s.run, s.builds)
	if err == nil {
		s.current.good, s.current.prepared, s.current.problems = p.Renderer, p, nil
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
		what = "rebuilt after " + english.Plural(b.events, "change")
	}
	if err != nil {
		probs := strings.Split(err.Error(), "\n")
		s.cfg.Log.Printf("%s in %v: %s; %s\n\t%s",
			what, took, english.Plural(len(probs), "problem"), serving, strings.Join(probs, "\n\t"))
		return
	}
	msg := fmt.Sprintf("%s in %v: %s", what, took, english.Plural(len(p.Site.Entries), "entry"))
	if n := len(p.Warnings); n > 0 {
		msg += fmt.Sprintf(", %s (on their entries' pages; bulletin check lists them)", english.Plural(n, "warning"))
	}
	s.cfg.Log.Print(msg)
}

// build loads the content, reparsing only what changed, and prepares to
// render it as of now.
func (s *Server) build(ctx context.Context, b batch, now time.Time) (*generator.Prepared, error) {
	switch {
	case b.all:
		s.loader.Changed()
	case len(b.files) > 0:
		s.loader.Changed(b.files...)
	}
	p, err := generator.Prepare(ctx, generator.Config{
		Content: s.cfg.Content,
		Theme:   s.cfg.Theme,
		Now:     now,
		BaseURL: s.cfg.BaseURL,
		Loader:  s.loader,
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// entryWarnings returns the warnings about the entry whose page is name
// (news/<slug>/index.html), as check prints them: an entry's warnings
// show on its page, where its editor looks.
func (st state) entryWarnings(name string) []string {
	slug, ok := strings.CutPrefix(name, "news/")
	slug, ok2 := strings.CutSuffix(slug, "/index.html")
	if !ok || !ok2 || st.prepared == nil {
		return nil
	}
	for _, e := range st.prepared.Site.Entries {
		if e.Slug != slug {
			continue
		}
		var out []string
		for _, w := range st.prepared.EntryWarnings(e) {
			out = append(out, w.Error())
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
