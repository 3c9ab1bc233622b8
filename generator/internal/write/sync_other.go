//go:build !unix

package write

import (
	"io/fs"
	"os"
	"path/filepath"
)

// syncTree puts every file written to the folder dir on disk, one file at
// a time.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.OpenFile(name, os.O_RDWR, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}

// syncDir does nothing: where folders cannot be opened as files (Windows),
// the system keeps a rename once it returns.
func syncDir(dir string) error { return nil }
