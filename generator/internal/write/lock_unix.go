//go:build unix

package write

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// lock is the lock of one output folder, held by the one build that
// writes it.
type lock struct {
	f    *os.File
	name string
}

// lockOut takes the lock of the output folder base in parent, or says
// which build holds it. The lock is flock(2) on a file beside the folder:
// the system lets it go when its process ends, however it ends, so that
// a build killed with -9 never blocks the next.
func lockOut(parent, base, out string) (*lock, error) {
	name := filepath.Join(parent, "."+base+".lock")
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", out, err)
		}
		if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
			holder, _ := os.ReadFile(name)
			f.Close()
			if errors.Is(err, unix.EWOULDBLOCK) {
				by := "another process"
				if pid, err := strconv.Atoi(strings.TrimSpace(string(holder))); err == nil {
					by = "process " + strconv.Itoa(pid)
				}
				return nil, fmt.Errorf("cannot replace %s: another build is writing it (%s holds %s); let it finish, or run one build at a time", out, by, name)
			}
			return nil, fmt.Errorf("lock %s: %w", out, err)
		}
		// The build that held the lock removes the file as it lets go:
		// a lock taken on a file already removed guards nothing.
		var held, now unix.Stat_t
		if unix.Fstat(int(f.Fd()), &held) == nil && unix.Stat(name, &now) == nil && held.Dev == now.Dev && held.Ino == now.Ino {
			f.Truncate(0)
			f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
			return &lock{f, name}, nil
		}
		f.Close()
	}
}

// release lets the lock go and removes its file, while it still holds
// it, so that nothing is left beside the output folder.
func (l *lock) release() {
	os.Remove(l.name)
	l.f.Close()
}

// writable reports whether this process may add and remove files in the
// folder dir. access(2) answers for this process, root included: a
// folder marked immutable, or on a file system mounted read-only, is not
// writable even to root.
func writable(dir string) bool {
	return unix.Access(dir, unix.W_OK|unix.X_OK) == nil
}
