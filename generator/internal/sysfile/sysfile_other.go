//go:build !unix

package sysfile

import "os"

// ReadFile is os.ReadFile.
func ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }

// WriteFile is os.WriteFile(name, data, 0o644).
func WriteFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
