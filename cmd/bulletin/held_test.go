package main

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator/synth"
)

// manifest returns the SHA-256 of every file below dir, by path inside it.
func manifest(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(name)
		rel, _ := filepath.Rel(dir, name)
		sum := sha256.Sum256(data)
		m[rel] = hex.EncodeToString(sum[:])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestKilledBuilds kills bulletin build with SIGKILL at random moments,
// 20 times, alternating two sites into one output folder: each time the
// folder must hold one of the two whole, and the next build must run, as
// if nothing had been killed (what a killed build leaves beside the folder
// goes with it).
func TestKilledBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("20 builds of 300 entries")
	}
	tmp := t.TempDir()
	epoch := []string{"SOURCE_DATE_EPOCH=1795262400"}
	var contents [2]string
	var want [2]map[string]string
	var took time.Duration
	for i := range contents {
		contents[i] = filepath.Join(tmp, "content"+string(rune('a'+i)))
		if err := synth.Write(contents[i], 300, uint64(i+1)); err != nil {
			t.Fatal(err)
		}
		ref := filepath.Join(tmp, "ref", string(rune('a'+i)))
		start := time.Now()
		if out, err := bulletin(epoch, "build", "-content", contents[i], "-out", ref).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		took = max(took, time.Since(start))
		want[i] = manifest(t, ref)
	}
	out := filepath.Join(tmp, "site", "public")
	if out, err := bulletin(epoch, "build", "-content", contents[0], "-out", out).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		cmd := bulletin(epoch, "build", "-content", contents[round%2], "-out", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took))))
		cmd.Process.Kill()
		cmd.Wait()
		got := manifest(t, out)
		if !maps.Equal(got, want[0]) && !maps.Equal(got, want[1]) {
			t.Fatalf("round %d: after a kill the output is neither site whole (%d files)", round, len(got))
		}
	}
	if out, err := bulletin(epoch, "build", "-content", contents[1], "-out", out).CombinedOutput(); err != nil {
		t.Fatalf("the build after the kills: %v\n%s", err, out)
	}
	if got := manifest(t, out); !maps.Equal(got, want[1]) {
		t.Errorf("the build after the kills did not publish its site whole")
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "site", ".public*")); len(left) > 0 {
		t.Errorf("left beside the output after a build: %v", left)
	}
}

// TestDeterministicAcrossEnvironments builds the sample site in other
// time zones and languages, on one core and on four, from and into a
// tmpfs and the disk, and wants the same bytes each time: only the
// content and the build clock go into a build.
func TestDeterministicAcrossEnvironments(t *testing.T) {
	tmp := t.TempDir()
	shm := ""
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "bulletin-test-"); err == nil {
			shm = d
			t.Cleanup(func() { os.RemoveAll(d) })
		}
	}
	var want map[string]string
	for i, env := range [][]string{
		{"TZ=UTC", "LANG=C", "LC_ALL=C", "GOMAXPROCS=2"},
		{"TZ=Pacific/Kiritimati", "LANG=tr_TR.UTF-8", "LC_ALL=tr_TR.UTF-8", "GOMAXPROCS=1"},
		{"TZ=America/St_Johns", "LANG=de_DE.UTF-8", "LC_ALL=de_DE.UTF-8", "GOMAXPROCS=4"},
	} {
		root := tmp
		if i == 1 && shm != "" {
			root = shm // the content and the output on another file system
		}
		content := filepath.Join(root, "content", string(rune('a'+i)))
		if err := os.CopyFS(content, os.DirFS("../../content")); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(root, "public", string(rune('a'+i)))
		if o, err := bulletin(append(env, "SOURCE_DATE_EPOCH=1795262400"), "build", "-content", content, "-out", out).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", env, err, o)
		}
		got := manifest(t, out)
		if want == nil {
			want = got
			continue
		}
		for name, sum := range want {
			if got[name] != sum {
				t.Errorf("%v: %s differs", env, name)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%v: %d files, want %d", env, len(got), len(want))
		}
	}
}
