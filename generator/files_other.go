//go:build !unix

package generator

import (
	"io/fs"
	"os"
)

func dirFS(dir string) fs.FS { return os.DirFS(dir) }

func writeSiteFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
