package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Fetcher gets a site's documents for a machine that polls them, from
// millions of machines through a CDN: it keeps each document with the
// validators the site sent (ETag, Last-Modified) and asks again with
// If-None-Match and If-Modified-Since, so that a document that has not
// changed costs a 304 and no body; it does not ask at all while the site's
// Cache-Control max-age says the copy is fresh; and it falls back on the
// copy when the site cannot be reached.
type Fetcher struct {
	Dir       string        // where copies are kept; "" keeps none
	Client    *http.Client  // nil: http.DefaultClient
	Timeout   time.Duration // for each request; 0: DefaultTimeout
	Now       func() time.Time
	Offline   bool   // never ask the site: the copies only
	UserAgent string // who asks, so that a site can tell its clients
}

// DefaultTimeout bounds a request to the site.
const DefaultTimeout = 10 * time.Second

// Copy is a document as the site last sent it.
type Copy struct {
	URL          string          `json:"url"`
	ETag         string          `json:"etag,omitempty"`
	LastModified string          `json:"last_modified,omitempty"`
	Checked      time.Time       `json:"checked"`              // when the site last said it is current
	FreshUntil   time.Time       `json:"fresh_until,omitzero"` // until when not to ask again
	Body         json.RawMessage `json:"body"`

	// Err, when the site could not be asked, is why: the copy is the one
	// kept, as old as Checked says.
	Err error `json:"-"`
	// NotModified says that the site was asked and answered 304.
	NotModified bool `json:"-"`
	// KeepErr is why a new copy could not be kept (a cache folder not
	// writable by the user): this run is fine, the next one asks again.
	KeepErr error `json:"-"`
}

// StatusError is an answer of the site that is not the document.
type StatusError struct {
	URL    string
	Status string
	Code   int
}

func (e *StatusError) Error() string { return fmt.Sprintf("GET %s: %s", e.URL, e.Status) }

// Get returns the document at url: the kept copy while it is fresh, else
// the site's answer to a conditional request. When the site cannot be
// reached, or answers with an error, Get returns the kept copy with Err
// set, or the error when there is none. An answer 404 is never covered by
// the copy: the document is gone.
func (f *Fetcher) Get(ctx context.Context, url string) (*Copy, error) {
	now := f.now()
	kept := f.load(url)
	if f.Offline {
		if kept == nil {
			return nil, fmt.Errorf("no copy of %s in %s: run once with the network", url, f.Dir)
		}
		kept.Err = errors.New("not asked (offline)")
		return kept, nil
	}
	if kept != nil && now.Before(kept.FreshUntil) {
		return kept, nil
	}
	c, err := f.ask(ctx, url, kept, now)
	var status *StatusError
	switch {
	case err == nil:
		c.KeepErr = f.save(c)
		return c, nil
	case errors.As(err, &status) && status.Code == http.StatusNotFound, kept == nil:
		return nil, err
	}
	kept.Err = err
	return kept, nil
}

func (f *Fetcher) ask(ctx context.Context, url string, kept *Copy, now time.Time) (*Copy, error) {
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	if f.UserAgent != "" {
		req.Header.Set("User-Agent", f.UserAgent)
	}
	if kept != nil {
		if kept.ETag != "" {
			req.Header.Set("If-None-Match", kept.ETag)
		}
		if kept.LastModified != "" {
			req.Header.Set("If-Modified-Since", kept.LastModified)
		}
	}
	client := f.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified && kept != nil:
		c := *kept
		c.Checked, c.FreshUntil, c.NotModified = now, freshUntil(resp.Header, now), true
		// A 304 may bring new validators (RFC 9110, 15.4.5).
		if v := resp.Header.Get("ETag"); v != "" {
			c.ETag = v
		}
		if v := resp.Header.Get("Last-Modified"); v != "" {
			c.LastModified = v
		}
		return &c, nil
	case resp.StatusCode != http.StatusOK:
		return nil, &StatusError{URL: url, Status: resp.Status, Code: resp.StatusCode}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %v", url, err)
	}
	if !json.Valid(body) {
		return nil, fmt.Errorf("GET %s: the answer is not JSON", url)
	}
	return &Copy{
		URL:          url,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		Checked:      now,
		FreshUntil:   freshUntil(resp.Header, now),
		Body:         body,
	}, nil
}

// freshUntil is until when a response may be used without asking again,
// by its Cache-Control max-age; now when it says nothing or no-cache.
func freshUntil(h http.Header, now time.Time) time.Time {
	var maxAge int
	for _, d := range strings.Split(h.Get("Cache-Control"), ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(strings.ToLower(d)), "=")
		switch name {
		case "no-cache", "no-store":
			return now
		case "max-age":
			if n, err := strconv.Atoi(strings.Trim(value, `"`)); err == nil && n > 0 {
				maxAge = n
			}
		}
	}
	return now.Add(time.Duration(maxAge) * time.Second)
}

func (f *Fetcher) now() time.Time {
	if f.Now != nil {
		return f.Now().UTC()
	}
	return time.Now().UTC().Truncate(time.Second)
}

// file is where the copy of the document at url is kept.
func (f *Fetcher) file(url string) string {
	sum := sha256.Sum256([]byte(url))
	return filepath.Join(f.Dir, hex.EncodeToString(sum[:8])+".json")
}

func (f *Fetcher) load(url string) *Copy {
	if f.Dir == "" {
		return nil
	}
	data, err := os.ReadFile(f.file(url))
	if err != nil {
		return nil
	}
	var c Copy
	// A copy that cannot be read, or of another address, is as none.
	if json.Unmarshal(data, &c) != nil || c.URL != url || !json.Valid(c.Body) {
		return nil
	}
	return &c
}

func (f *Fetcher) save(c *Copy) error {
	if f.Dir == "" {
		return nil
	}
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := writeFile(f.file(c.URL), data); err != nil {
		return fmt.Errorf("cannot keep a copy of %s: %v", c.URL, err)
	}
	return nil
}

// writeFile replaces a file whole, so that a reader never sees half of
// it, even when two runs (a timer and a dnf5 transaction) write at once.
func writeFile(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// readFile reads a file that may not be there yet.
func readFile(name string) ([]byte, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return data, err
}
