//go:build !unix

package sysfile

import (
	"io"
	"os"
)

// ReadFile is os.ReadFile for regular files only, reading no more than
// limit bytes. Without O_NOFOLLOW the link is looked at before the file
// is opened: a moment in which it could change, which the walk of the
// content folder has closed for every file but a replaced one.
func ReadFile(name string, limit int) ([]byte, error) {
	if fi, err := os.Lstat(name); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		return nil, &os.PathError{Op: "open", Path: name, Err: ErrSymlink}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if !fi.Mode().IsRegular() {
		return nil, &os.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	return io.ReadAll(io.LimitReader(f, int64(limit)))
}

// WriteFile is os.WriteFile(name, data, 0o644).
func WriteFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
