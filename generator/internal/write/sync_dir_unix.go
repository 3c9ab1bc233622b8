//go:build unix

package write

import "os"

// syncDir puts the names in the folder dir on disk: a rename, the swap of
// the new site for the old, is durable only once its folder is synced.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
