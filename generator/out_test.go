package generator_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/internal/golden"
	"github.com/bulletin-status/bulletin/generator/synth"
)

// TestConcurrentBuilds starts two builds into the same output folder at
// once, again and again. Each must publish the whole site or refuse,
// saying why; the folder must always hold one whole site, and nothing
// may be left beside it. One build used to remove the other's temporary
// folder while it was written, and the half site was swapped in.
func TestConcurrentBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a site of 300 entries 25 times")
	}
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := synth.Write(content, 300, 1); err != nil {
		t.Fatal(err)
	}
	cfg := generator.Config{Content: content, Out: filepath.Join(tmp, "reference"), Now: deployNow}
	if _, err := generator.Build(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	want := golden.ReadTree(t, cfg.Out)

	out := filepath.Join(tmp, "site", "public")
	cfg.Out = out
	refused := 0
	for round := range 12 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() { _, errs[i] = generator.Build(t.Context(), cfg) })
		}
		wg.Wait()
		for _, err := range errs {
			switch {
			case err == nil:
			case strings.Contains(err.Error(), "another build is writing it"):
				refused++
			default:
				t.Fatalf("round %d: %v", round, err)
			}
		}
		if errs[0] != nil && errs[1] != nil {
			t.Fatalf("round %d: both builds failed: %v; %v", round, errs[0], errs[1])
		}
		assertTree(t, out, want)
		if t.Failed() {
			t.Fatalf("round %d: the output is not the whole site", round)
		}
		if left, _ := filepath.Glob(filepath.Join(tmp, "site", ".public*")); len(left) > 0 {
			t.Fatalf("round %d: left beside the output: %v", round, left)
		}
	}
	t.Logf("%d of 24 builds refused", refused)
}

// TestOutThroughLink refuses an output folder inside the content folder
// when the path to it goes through a symbolic link: compared as written,
// link/public (link → content) was not inside content, and the build
// wrote into the content folder.
func TestOutThroughLink(t *testing.T) {
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := os.CopyFS(content, os.DirFS("testdata/golden/content")); err != nil {
		t.Fatal(err)
	}
	for name, target := range map[string]string{"link": content, "up": tmp} {
		if err := os.Symlink(target, filepath.Join(tmp, name)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct{ out, why string }{
		{filepath.Join(tmp, "link", "public"), "it is inside the content folder " + content},
		{filepath.Join(tmp, "link"), "it is the content folder"},
		{filepath.Join(tmp, "up", "content", "news"), "it is inside the content folder " + content},
		{filepath.Join(tmp, "up"), "it holds the content folder " + content},
	} {
		_, err := generator.Build(t.Context(), generator.Config{Content: content, Out: tt.out, Now: goldenNow})
		want := "refusing to replace " + tt.out + " with the site: " + tt.why + "; name a folder of its own, such as public"
		if err == nil || err.Error() != want {
			t.Errorf("-out %s:\n got %v\nwant %s", tt.out, err, want)
		}
	}
	left, _ := filepath.Glob(filepath.Join(content, "*"))
	if len(left) != 2 { // news and site.yaml
		t.Errorf("the content folder holds %v", left)
	}
}

// TestReadOnlyOut builds into an output folder that the build may not
// change. It used to swap the new site in, then fail to remove the old one
// and exit 1, leaving it in a temporary folder for good. An error must
// mean the old site stays, whole, with nothing beside it.
func TestReadOnlyOut(t *testing.T) {
	if asNobody(t) {
		return
	}
	tmp := t.TempDir()
	content := filepath.Join(tmp, "content")
	if err := os.CopyFS(content, os.DirFS("testdata/golden/content")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "public")
	for _, readOnly := range []string{out, filepath.Join(out, "news", "mesa-hang")} {
		os.RemoveAll(out)
		if _, err := generator.Build(t.Context(), generator.Config{Content: content, Out: out, Now: goldenNow}); err != nil {
			t.Fatal(err)
		}
		before := golden.ReadTree(t, out)
		if err := os.Chmod(readOnly, 0o555); err != nil {
			t.Fatal(err)
		}
		_, err := generator.Build(t.Context(), generator.Config{Content: content, Out: out, Now: goldenNow.Add(1)})
		want := "cannot replace " + out + ": " + readOnly + " is not writable, so the old site cannot be removed; make it writable (chmod -R u+w " + out + ")"
		if err == nil || err.Error() != want {
			t.Errorf("read-only %s:\n got %v\nwant %s", readOnly, err, want)
		}
		assertTree(t, out, before)
		if left, _ := filepath.Glob(filepath.Join(tmp, ".public*")); len(left) > 0 {
			t.Errorf("read-only %s: left beside the output: %v", readOnly, left)
		}
		os.Chmod(readOnly, 0o755)
	}
}

// asNobody runs the calling test again as the user nobody when the tests
// run as root, to whom no folder is read-only, and reports whether it
// did: the caller then returns. It skips the test where that cannot be.
func asNobody(t *testing.T) bool {
	t.Helper()
	if os.Geteuid() != 0 {
		return false
	}
	if os.Getenv("BULLETIN_TEST_AS_NOBODY") != "" {
		t.Fatal("still root as nobody")
	}
	// The test binary sits in a folder only root may enter.
	dir, err := os.MkdirTemp("", "bulletin-nobody-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	bin := filepath.Join(dir, "test")
	data, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run", "^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), "BULLETIN_TEST_AS_NOBODY=1", "TMPDIR="+os.TempDir(), "HOME=/nonexistent")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		t.Errorf("as nobody:\n%s", out.String())
	case err != nil:
		t.Skipf("cannot run as nobody: %v", err)
	case !strings.Contains(out.String(), "--- PASS: "+t.Name()):
		t.Errorf("as nobody, the test did not pass:\n%s", out.String())
	}
	return true
}

// TestSyncBeforeSwap traces the system calls of two builds (into a new
// folder, then over it) and wants the new site's files on disk before
// the swap (syncfs of its file system), and the swap on disk after it
// (fsync of the folder that holds the output): else a power cut after a
// build may publish files that are empty, or lose the swap.
func TestSyncBeforeSwap(t *testing.T) {
	if out := os.Getenv("BULLETIN_TRACED_OUT"); out != "" {
		for range 2 {
			if _, err := generator.Build(t.Context(), generator.Config{Content: "testdata/golden/content", Out: out, Now: goldenNow}); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	requireTool(t, "strace", "strace")
	tmp := t.TempDir()
	out, trace := filepath.Join(tmp, "public"), filepath.Join(tmp, "trace")
	cmd := exec.Command("strace", "-f", "-qq", "-o", trace, "-e", "signal=none", "-e", "trace=sync,syncfs,fsync,fdatasync,rename,renameat,renameat2",
		os.Args[0], "-test.run", "^TestSyncBeforeSwap$")
	cmd.Env = append(os.Environ(), "BULLETIN_TRACED_OUT="+out)
	if output, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, output)
	}
	data, err := os.ReadFile(trace)
	if err != nil {
		t.Fatal(err)
	}
	synced, swaps, durable := false, 0, 0 // swaps not yet made durable
	for _, line := range strings.Split(string(data), "\n") {
		switch call := strings.TrimLeft(line, "0123456789 "); {
		case strings.HasPrefix(call, "syncfs(") || strings.HasPrefix(call, "sync("):
			synced = true
		case strings.HasPrefix(call, "rename") && strings.Contains(call, `"`+out+`"`):
			if !synced {
				t.Errorf("swapped before the site was synced: %s", call)
			}
			synced = false
			swaps++
		case strings.HasPrefix(call, "fsync(") && swaps > 0:
			durable++
			swaps = 0
		}
	}
	if durable != 2 {
		t.Errorf("want two swaps, each synced before and after; the trace:\n%s", data)
	}
}

// TestFullDisk builds onto a small file system that is full, of bytes
// and then of inodes, and wants each build to fail with the old site
// whole and nothing beside it. It mounts that file system, so it runs as
// root only.
func TestFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounts a small tmpfs, which only root may")
	}
	mnt := filepath.Join(t.TempDir(), "small")
	os.Mkdir(mnt, 0o755)
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=4m,nr_inodes=1000"); err != nil {
		t.Skipf("cannot mount a tmpfs: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, syscall.MNT_DETACH) })
	out := filepath.Join(mnt, "public")
	cfg := generator.Config{Content: "testdata/golden/content", Out: out, Now: goldenNow}
	if _, err := generator.Build(t.Context(), cfg); err != nil {
		t.Fatal(err)
	}
	before := golden.ReadTree(t, out)
	// fill fills the file system with write, then frees a little with
	// free, so that the build starts and runs out half way.
	fill := func(what string, write func(i int) error, free func()) {
		t.Helper()
		for i := 0; ; i++ {
			if err := write(i); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatal(err)
				}
				break
			}
		}
		free()
		cfg.Now = cfg.Now.Add(time.Hour)
		_, err := generator.Build(t.Context(), cfg)
		if err == nil || !strings.Contains(err.Error(), "no space left on device") {
			t.Errorf("a build onto a file system out of %s: %v", what, err)
		}
		t.Logf("out of %s: %v", what, err)
		assertTree(t, out, before)
		if left, _ := filepath.Glob(filepath.Join(mnt, ".public*")); len(left) > 0 {
			t.Errorf("out of %s: left beside the output: %v", what, left)
		}
	}
	filler := filepath.Join(mnt, "filler")
	fill("bytes", func(i int) error {
		f, err := os.OpenFile(filler, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = f.Write(make([]byte, 16<<10))
		return err
	}, func() {
		fi, _ := os.Stat(filler)
		os.Truncate(filler, fi.Size()-128<<10)
	})
	os.Remove(filler)
	os.Mkdir(filler, 0o755)
	fill("inodes", func(i int) error {
		return os.WriteFile(filepath.Join(filler, strconv.Itoa(i)), nil, 0o644)
	}, func() {
		for i := range 20 {
			os.Remove(filepath.Join(filler, strconv.Itoa(i)))
		}
	})
}
