package write

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOneWriterAtATime holds an output folder open for writing and wants
// a second writer refused by name, then admitted once the first is done,
// with nothing left beside the folder either way.
func TestOneWriterAtATime(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "public")
	content := filepath.Join(tmp, "content")
	first, err := NewDir(out, content)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.WriteFile("index.html", []byte("first")); err != nil {
		t.Fatal(err)
	}
	_, err = NewDir(out, content)
	want := "cannot replace " + out + ": another build is writing it (process " + strconv.Itoa(os.Getpid()) + " holds " + filepath.Join(tmp, ".public.lock") + "); let it finish, or run one build at a time"
	if err == nil || err.Error() != want {
		t.Errorf("a second writer:\n got %v\nwant %s", err, want)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, end := range []func(d *Dir) error{(*Dir).Commit, func(d *Dir) error { d.Abort(); return nil }} {
		d, err := NewDir(out, content)
		if err != nil {
			t.Fatalf("after the first is done: %v", err)
		}
		d.WriteFile("index.html", []byte("again"))
		if err := end(d); err != nil {
			t.Fatal(err)
		}
		if left, _ := filepath.Glob(filepath.Join(tmp, ".public*")); len(left) > 0 {
			t.Errorf("left beside the output: %v", left)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(out, "index.html")); string(data) != "again" {
		t.Errorf("the output holds %q", data)
	}
}

// TestNewFolderNotMadeAgain removes the new folder while a site is
// written to it, as another build once did: the next write must fail,
// not make the folder again for a half site to be swapped in.
func TestNewFolderNotMadeAgain(t *testing.T) {
	tmp := t.TempDir()
	d, err := NewDir(filepath.Join(tmp, "public"), filepath.Join(tmp, "content"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	os.RemoveAll(d.tmp)
	err = d.WriteFile("news/x/index.html", []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("write into a removed folder: %v", err)
	}
	if _, err := os.Stat(d.tmp); err == nil {
		t.Errorf("the new folder was made again")
	}
}
