package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/bulletin-status/bulletin/generator/internal/sysfile"
)

// Dir returns the content folder dir as a file system, after checking that
// it is a folder, so that a mistyped content folder is told as such, not as
// a missing site.yaml.
func Dir(dir string) (fs.FS, error) {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %s", dir, noFolder(err))
	}
	return contentDir{os.DirFS(dir).(osDirFS), dir}, nil
}

// noFolder says what is wrong with a content folder that Stat found
// missing (err) or not a folder.
func noFolder(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such folder; the content folder holds site.yaml and the entries"
	case err != nil:
		return readError(err)
	}
	return "not a folder; the content folder holds site.yaml and the entries"
}

// osDirFS is what os.DirFS returns.
type osDirFS interface {
	fs.ReadDirFS
	fs.ReadFileFS
	fs.StatFS
	fs.ReadLinkFS
}

// contentDir is os.DirFS with a cheaper ReadFile.
type contentDir struct {
	osDirFS
	dir string
}

func (d contentDir) ReadFile(name string) ([]byte, error) {
	return d.readFileMax(name, int(^uint(0)>>1))
}

// readFileMax reads at most limit bytes of a file.
func (d contentDir) readFileMax(name string, limit int) ([]byte, error) {
	if !fs.ValidPath(name) {
		return d.osDirFS.ReadFile(name) // which says what is wrong with it
	}
	data, err := sysfile.ReadFile(d.dir+"/"+name, limit)
	if e, ok := err.(*os.PathError); ok {
		e.Path = name // as os.DirFS names it
	}
	return data, err
}

// readFile reads a content file, or as much of it as is needed to tell
// that it is larger than MaxFileSize: a file of gigabytes is not read.
// Only regular files are read (see refused).
func readFile(fsys fs.FS, name string) ([]byte, error) {
	const limit = MaxFileSize + 1
	if d, ok := fsys.(contentDir); ok {
		return d.readFileMax(name, limit)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return nil, err
	} else if why := refused(fi.Mode()); why != "" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New(why)}
	}
	return io.ReadAll(io.LimitReader(f, limit))
}

// refused tells why bulletin does not read a file of the mode, or "" if
// it does. Content comes from pull requests: a link could publish a file
// from elsewhere on the machine that builds the site, or show a secret
// in a problem; /dev/zero or a named pipe would never end.
func refused(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeSymlink != 0:
		return "a symbolic link, which bulletin does not follow: it reads only files inside the content folder; put the file itself here"
	case mode.IsRegular(), mode.IsDir():
		return ""
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe, not a file: bulletin reads only regular files"
	case mode&fs.ModeSocket != 0:
		return "a socket, not a file: bulletin reads only regular files"
	case mode&fs.ModeDevice != 0:
		return "a device, not a file: bulletin reads only regular files"
	}
	return "not a regular file: bulletin reads only regular files"
}

// lstatInside returns the file info of name, or of the first symbolic
// link along it: a file an entry links is published, and a link in its
// path (logs/ linked to /var/log) would publish a file from elsewhere on
// the machine that builds the site.
func lstatInside(fsys fs.FS, name string) (fs.FileInfo, error) {
	for i := 0; ; i++ {
		next := strings.IndexByte(name[i:], '/')
		part := name
		if next >= 0 {
			i += next
			part = name[:i]
		}
		fi, err := fs.Lstat(fsys, part)
		if err != nil || next < 0 || fi.Mode()&fs.ModeSymlink != 0 {
			return fi, err
		}
	}
}

// readError words why a content file could not be read.
func readError(err error) string {
	switch {
	case errors.Is(err, sysfile.ErrSymlink):
		return refused(fs.ModeSymlink)
	case errors.Is(err, sysfile.ErrNotRegular):
		return refused(fs.ModeIrregular)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// tooLarge reports a file larger than MaxFileSize, at the line that goes
// past the limit; what is the kind of file, for the message.
func tooLarge(display, what string, data []byte, probs *problems) bool {
	if len(data) <= MaxFileSize {
		return false
	}
	line := bytes.Count(data[:MaxFileSize], []byte("\n")) + 1
	probs.add(display, position{line, 1}, "the file is more than %d KiB, the most %s may hold, from this line on: link to long logs or documents rather than paste them", MaxFileSize>>10, what)
	return true
}

// entryFile is an entry file found in the content folder.
type entryFile struct {
	name string // inside the content folder
	d    fs.DirEntry
}

// entryFiles lists every entry file in the content folder, sorted. Hidden
// files and folders (".git", editor backups) are not content. It tells
// as problems the entry files and folders it does not read: links, and
// what is not a regular file (see refused); other files are not content,
// and not read, whatever they are.
func entryFiles(fsys fs.FS, root string, probs *problems) []entryFile {
	var files []entryFile
	// The walk itself fails on nothing: each folder it cannot read is a
	// problem of its own.
	_ = fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			// One problem among the others: a folder that cannot be
			// read must not hide what is wrong in the rest.
			probs.add(path.Join(root, name), position{}, "the folder cannot be read: %s", readError(err))
			return fs.SkipDir
		}
		if name != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		entry := path.Ext(name) == ".md"
		if (entry || d.IsDir()) && !utf8.ValidString(d.Name()) {
			// Not a path of fs.FS: it could not be read.
			probs.add(path.Join(root, name), position{}, "the name is not valid UTF-8: rename it")
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && !entry {
			// A link to a folder would hide its entries without a word.
			fi, err := fs.Stat(fsys, name)
			entry = err == nil && fi.IsDir()
		}
		if why := refused(d.Type()); why != "" && entry {
			probs.add(path.Join(root, name), position{}, "%s", why)
			return nil
		}
		if !d.IsDir() && entry {
			files = append(files, entryFile{name, d})
		}
		return nil
	})
	return files
}

// onEveryCore calls f(i) for every i from 0 to n-1, on as many goroutines
// as there are cores, and returns when all calls have, or when ctx is
// done and the calls under way have returned. The calls must not depend
// on each other.
func onEveryCore(ctx context.Context, n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	done := ctx.Done()
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				select {
				case <-done:
					return
				default:
				}
				f(i)
			}
		})
	}
	wg.Wait()
}
