//go:build unix

package sysfile

import (
	"io"
	"os"
	"syscall"
)

// ReadFile is os.ReadFile in plain system calls, for regular files only,
// reading no more than limit bytes: a file larger than that gives its
// first limit bytes, and a caller that asks for one byte more than it
// accepts can tell. A symbolic link as the last part of name is not
// followed (ErrSymlink), and anything but a regular file (a named pipe,
// /dev/zero) is refused (ErrNotRegular) before it is read.
func ReadFile(name string, limit int) ([]byte, error) {
	// O_NONBLOCK: opening a named pipe waits for a writer, for ever.
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	})
	if err == syscall.ELOOP {
		err = ErrSymlink
	}
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, &os.PathError{Op: "stat", Path: name, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, &os.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	size := int(min(st.Size, int64(limit)))
	// One byte more than the size, so that the read that finds the end
	// needs no larger buffer.
	data := make([]byte, 0, min(limit, max(size+1, 512)))
	for len(data) < limit {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := ignoringEINTR(func() (int, error) { return syscall.Read(fd, data[len(data):min(cap(data), limit)]) })
		if err != nil {
			return nil, &os.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			break
		}
		data = data[:len(data)+n]
	}
	return data, nil
}

// WriteFile is os.WriteFile(name, data, 0o644) in plain system calls.
func WriteFile(name string, data []byte) error {
	fd, err := ignoringEINTR(func() (int, error) {
		return syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	})
	if err != nil {
		return &os.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		var n int
		n, err = ignoringEINTR(func() (int, error) { return syscall.Write(fd, data) })
		if err == nil && n == 0 {
			err = io.ErrShortWrite
		}
		if err != nil {
			break
		}
		data = data[n:]
	}
	if err != nil {
		syscall.Close(fd)
		return &os.PathError{Op: "write", Path: name, Err: err}
	}
	if err := syscall.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

func ignoringEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != syscall.EINTR {
			return n, err
		}
	}
}
