//go:build !unix

package sysfile

import (
	"io"
	"os"
)

// ReadFile is os.ReadFile, reading no more than limit bytes.
func ReadFile(name string, limit int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, int64(limit)))
}

// WriteFile is os.WriteFile(name, data, 0o644).
func WriteFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
