//go:build !unix

package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// lock is the lock of one output folder, held by the one build that
// writes it: a file made only if it is not there. Without flock(2), a
// build that dies leaves it, and the message says what to do.
type lock struct{ name string }

func lockOut(parent, base, out string) (*lock, error) {
	name := filepath.Join(parent, "."+base+".lock")
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("cannot replace %s: another build is writing it (it holds %s); let it finish, or remove %s if no build runs", out, name, name)
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", out, err)
	}
	f.Close()
	return &lock{name}, nil
}

func (l *lock) release() { os.Remove(l.name) }

// writable reports whether the folder can be changed, as far as its mode
// tells.
func writable(dir string) bool {
	fi, err := os.Stat(dir)
	return err == nil && fi.Mode().Perm()&0o200 != 0
}
