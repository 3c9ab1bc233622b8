// Package themes holds the default theme, embedded in the binary, and lets
// a site override it file by file.
//
// A theme is a folder with two parts:
//
//	layouts/  html/template files, one per kind of page (see package
//	          generator for the names and the data each receives)
//	assets/   files copied to the site; style sheets and scripts get a
//	          content hash in their name so that they can be cached forever
//
// A site's own theme folder needs only the files it changes: any file it
// does not have comes from the default theme.
//
// Pages must work under the Content-Security-Policy in netlify.toml
// (script-src 'self'; style-src 'self'): no inline scripts, style
// attributes or event handlers, and nothing loaded from another host. The
// default theme is checked for that, and for accessibility, in a real
// browser (browser_test.go).
package themes

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
)

//go:embed all:default
var embedded embed.FS

// Default is the theme built into bulletin.
var Default fs.FS = must(fs.Sub(embedded, "default"))

func must(fsys fs.FS, err error) fs.FS {
	if err != nil {
		panic(err)
	}
	return fsys
}

// Open returns the theme to build with: the folder dir over the default
// theme, or the default theme alone when dir is "".
func Open(dir string) (fs.FS, error) {
	if dir == "" {
		return Default, nil
	}
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("theme %s: no such folder; a theme folder holds the files that replace the default theme's (layouts/, assets/, static/)", dir)
	case err != nil:
		return nil, fmt.Errorf("theme %s: %w", dir, errors.Unwrap(err))
	case !info.IsDir():
		return nil, fmt.Errorf("theme %s: not a folder; a theme folder holds the files that replace the default theme's (layouts/, assets/, static/)", dir)
	}
	return Overlay(os.DirFS(dir), Default), nil
}

// Overlay returns a file system in which files of top hide files of the
// same name in base, and folders hold the entries of both.
func Overlay(top, base fs.FS) fs.FS { return overlay{top, base} }

type overlay struct{ top, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	var info fs.FileInfo
	for _, layer := range []fs.FS{o.top, o.base} {
		f, err := layer.Open(name)
		if err != nil {
			continue
		}
		st, err := f.Stat()
		if err == nil && !st.IsDir() {
			return f, nil
		}
		f.Close()
		if err == nil && info == nil {
			info = st
		}
	}
	if info == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	// A folder: list what both layers hold.
	entries, err := o.ReadDir(name)
	if err != nil {
		return nil, err
	}
	return &dir{info: info, entries: entries}, nil
}

func (o overlay) ReadFile(name string) ([]byte, error) {
	data, err := fs.ReadFile(o.top, name)
	if err == nil {
		return data, nil
	}
	return fs.ReadFile(o.base, name)
}

// ReadDir merges the folder's entries from both layers, top first, sorted
// by name (as fs.ReadDir promises).
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	top, terr := fs.ReadDir(o.top, name)
	base, berr := fs.ReadDir(o.base, name)
	if terr != nil && berr != nil {
		return nil, berr
	}
	seen := make(map[string]bool, len(top))
	out := make([]fs.DirEntry, 0, len(top)+len(base))
	for _, e := range top {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range base {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// dir is a folder of the overlay, open for reading its entries.
type dir struct {
	info    fs.FileInfo
	entries []fs.DirEntry
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dir) Close() error               { return nil }

func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.Name(), Err: errors.New("is a directory")}
}

// ReadDir follows fs.ReadDirFile: n > 0 reads the next n entries (io.EOF
// at the end), n <= 0 all that are left.
func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	if n <= 0 {
		rest := d.entries
		d.entries = nil
		return rest, nil
	}
	if len(d.entries) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.entries))
	next := d.entries[:n]
	d.entries = d.entries[n:]
	return next, nil
}
