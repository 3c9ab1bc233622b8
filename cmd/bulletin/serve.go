package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/bulletin-status/bulletin/generator/preview"
)

var serveCommand = &command{
	name: "serve",
	summary: "Build the site in memory and serve it on localhost, rebuilding on every change.\n\n" +
		"Open pages reload by themselves after each build. While the content has\n" +
		"problems, the last good build stays up with the problems, as\n" +
		"file:line:col: message, at the top of every page. Ctrl-C stops it.",
	example: "bulletin serve\nbulletin serve -addr localhost:1313 -theme mytheme",
	flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		addr := fs.String("addr", "localhost:8080", "the `host:port` to listen on")
		content := fs.String("content", "content", "the content `folder`: site.yaml and the entries")
		theme := fs.String("theme", "", "a theme `folder` whose files override the default theme's")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				fmt.Fprintf(e.stderr, "bulletin serve: unexpected argument %q\n", args[0])
				return errUsage
			}
			if _, err := clock(e); err != nil {
				return err
			}
			ln, err := net.Listen("tcp", *addr)
			if err != nil {
				return err
			}
			defer ln.Close()
			base := listenURL(*addr, ln.Addr())
			srv, err := preview.Start(ctx, preview.Config{
				Content: *content,
				Theme:   *theme,
				BaseURL: base,
				// Read at each build, so that a maintenance window
				// that starts shows at the next one.
				Now: func() time.Time { t, _ := clock(e); return t },
				Log: log.New(e.stderr, "", log.Ltime),
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "serving %s at %s (Ctrl-C to stop)\n", *content, base)
			hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
			served := make(chan error, 1)
			go func() { served <- hs.Serve(ln) }()
			select {
			case err := <-served:
				return err
			case <-ctx.Done():
			}
			// The event streams end with the server's watch, so
			// that Shutdown does not wait for them.
			<-srv.Done()
			stop, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := hs.Shutdown(stop); err != nil && !errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			return nil
		}
	},
}

// listenURL returns the address to open in a browser: the host asked for,
// or localhost when it was left out or is every address (":8080",
// "0.0.0.0:8080"), with the port actually listened on (for ":0").
func listenURL(addr string, ln net.Addr) *url.URL {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" || net.ParseIP(host).IsUnspecified() {
		host = "localhost"
	}
	_, port, _ := net.SplitHostPort(ln.String())
	return &url.URL{Scheme: "http", Host: net.JoinHostPort(host, port), Path: "/"}
}
