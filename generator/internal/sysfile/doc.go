// Package sysfile reads and writes whole files in plain system calls.
//
// os.Open and os.OpenFile put every file they open through the network
// poller, which refuses regular files, at four system calls more than
// reading or writing it needs: on each of a site's thousands of files
// that is a measurable part of a build.
package sysfile

import "errors"

// Errors of ReadFile for what is not a regular file.
var (
	ErrSymlink    = errors.New("a symbolic link")
	ErrNotRegular = errors.New("not a regular file")
)
