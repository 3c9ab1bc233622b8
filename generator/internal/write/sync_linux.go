package write

import "golang.org/x/sys/unix"

// syncTree puts every file written to the folder dir on disk. One
// syncfs(2) of its file system does it, where an fsync of each of a
// site's thousands of files would wait for the disk thousands of times;
// it also writes what other processes have pending on that file system,
// which a build's output usually has to itself.
func syncTree(dir string) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return unix.Syncfs(fd)
}
