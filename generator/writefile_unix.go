//go:build unix

package generator

import (
	"os"
	"syscall"
)

// writeSiteFile is os.WriteFile for a new file, without what os.OpenFile
// does for every file it opens on Linux: try to add it to the network
// poller (which refuses regular files) and set and clear non-blocking
// mode, four system calls wasted on each of the thousands of files of a
// site.
func writeSiteFile(name string, data []byte) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &os.PathError{Op: "open", Path: name, Err: err}
	}
	f := os.NewFile(uintptr(fd), name)
	_, err = f.Write(data)
	if err1 := f.Close(); err1 != nil && err == nil {
		err = err1
	}
	return err
}
