//go:build !unix

package generator

import "os"

func writeSiteFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }
