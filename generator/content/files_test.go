package content

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// TestOnlyRegularFilesRead links entries and site.yaml to files outside
// the content folder, to a secret, to /dev/zero, and puts a named pipe
// where an entry would be. Each is refused by name, at once, without
// being read; a secret never shows in a message.
func TestOnlyRegularFilesRead(t *testing.T) {
	tmp := t.TempDir()
	outside := filepath.Join(tmp, "outside")
	secret := filepath.Join(outside, "token")
	dir := filepath.Join(tmp, "content")
	for _, d := range []string{filepath.Join(outside, "more"), filepath.Join(dir, "news")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	write(secret, "hunter2-deploy-token\n")
	write(filepath.Join(outside, "elsewhere.md"), entry(incident))
	write(filepath.Join(outside, "more", "other.md"), entry(incident))
	write(filepath.Join(dir, "news", "fine.md"), entry(incident))
	link(secret, "site.yaml")
	link(filepath.Join(outside, "elsewhere.md"), "news/linked.md")
	link(filepath.Join(outside, "more"), "more")
	link("/dev/zero", "news/zero.md")
	link(filepath.Join(outside, "elsewhere.md"), "news/image.png") // not content: not read, not told
	if err := syscall.Mkfifo(filepath.Join(dir, "news", "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}

	fsys, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	var site *Site
	go func() {
		var err error
		site, _, err = Load(context.Background(), fsys, "content")
		done <- err
	}()
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Load has not returned after 20 s")
	}
	link2 := "a symbolic link, which bulletin does not follow: it reads only files inside the content folder; put the file itself here"
	want := "content/more: " + link2 + "\n" +
		"content/news/linked.md: " + link2 + "\n" +
		"content/news/pipe.md: a named pipe, not a file: bulletin reads only regular files\n" +
		"content/news/zero.md: " + link2 + "\n" +
		"content/site.yaml: " + link2
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
	if err != nil && strings.Contains(err.Error(), "hunter2") {
		t.Errorf("the secret shows in the problems:\n%v", err)
	}
	if site == nil || len(site.Entries) != 1 || site.Entries[0].File != "news/fine.md" {
		t.Errorf("entries loaded: %v", site)
	}
}

// TestSecretNotQuoted checks that a site.yaml or an entry that is not a
// site file at all (a one-line secret, an alias to nothing) is told as
// such, without a word of what it holds.
func TestSecretNotQuoted(t *testing.T) {
	tests := []struct{ site, entry, want string }{
		{"hunter2-deploy-token\n", entry(incident),
			"content/site.yaml:1:1: site.yaml must be a mapping of fields (key: value), not a line of text"},
		{"*hunter2\n", entry(incident),
			"content/site.yaml:1:1: not valid YAML: an alias (*name) names no anchor (&name)"},
		{testSiteYAML, "---\nhunter2-deploy-token\n---\n",
			"content/news/x.md:2:1: the front matter must be a mapping of fields (key: value), not a line of text"},
	}
	for _, tt := range tests {
		_, _, err := openTest(t, tt.site, map[string]string{"news/x.md": tt.entry})
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("got:\n%v\nwant:\n%s", err, tt.want)
		}
	}
}

// unreadableFS is a content folder in which some folders cannot be read,
// as a folder of another user's is to a build that is not root.
type unreadableFS struct {
	fstest.MapFS
	denied map[string]bool
}

func (u unreadableFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if u.denied[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return u.MapFS.ReadDir(name)
}

func (u unreadableFS) Open(name string) (fs.File, error) {
	if u.denied[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return u.MapFS.Open(name)
}

// TestUnreadableFolder wants a folder that cannot be read told as one
// problem among the others, by its name in the content folder, and the
// rest of the site loaded and checked.
func TestUnreadableFolder(t *testing.T) {
	fsys := unreadableFS{fstest.MapFS{
		"site.yaml":              {Data: []byte(testSiteYAML)},
		"news/good.md":           {Data: []byte(entry(incident))},
		"news/bad.md":            {Data: []byte(entry(strings.Replace(incident, "[f43]", "[f99]", 1)))},
		"news/private/secret.md": {Data: []byte(entry(incident))},
		"archive/old.md":         {Data: []byte(entry(incident))},
	}, map[string]bool{"news/private": true, "archive": true}}
	site, _, err := Load(t.Context(), fsys, "content")
	want := "content/archive: the folder cannot be read: permission denied\n" +
		`content/news/bad.md:4:12: unknown release "f99"; known: f42, f43, f41, all` + "\n" +
		"content/news/private: the folder cannot be read: permission denied"
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
	if site == nil || len(site.Entries) != 2 {
		t.Errorf("site loaded: %v", site)
	}
}

// TestLinkedFilesInside checks that a file an entry links, which is
// published with its page, is never read through a symbolic link: not
// the file itself, and not a folder on its way.
func TestLinkedFilesInside(t *testing.T) {
	tmp := t.TempDir()
	outside := filepath.Join(tmp, "outside")
	dir := filepath.Join(tmp, "content")
	for _, d := range []string{outside, filepath.Join(dir, "news", "real")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string]string{
		filepath.Join(outside, "id_ed25519"):     "secret key",
		filepath.Join(dir, "site.yaml"):          testSiteYAML,
		filepath.Join(dir, "news", "real", "ok"): "log",
		filepath.Join(dir, "news", "x.md"): entry(incident) + "\n" +
			"![a](key.png) [b](logs/id_ed25519) [c](real/ok)\n",
	}
	for name, data := range files {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for target, name := range map[string]string{
		filepath.Join(outside, "id_ed25519"): "news/key.png",
		outside:                              "news/logs",
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	fsys, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Load(t.Context(), fsys, "content")
	link := "a symbolic link, which bulletin does not follow: it reads only files inside the content folder; put the file itself here"
	want := "content/news/logs: " + link + "\n" +
		"content/news/x.md:10:1: links key.png, which is " + link + "\n" +
		"content/news/x.md:10:15: links logs/id_ed25519, which is " + link
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
}
