package generator_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/generator"
	"github.com/bulletin-status/bulletin/generator/synth"
)

// BenchmarkBuild measures a full build, minified, from a content folder
// to a written site, as `bulletin build` runs it: load, validate, render,
// write. It reports entries per second and the bytes written per build.
// The output goes to $BENCH_OUT (a tmpfs such as /dev/shm keeps the disk
// out of the figure) or to a temporary folder.
//
//	go test ./generator -run '^$' -bench Build -benchtime 5x
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			content := filepath.Join(b.TempDir(), "content")
			if err := synth.Write(content, n, 1); err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(outRoot(b), "public")
			cfg := generator.Config{Content: content, Out: out, Now: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC), Minify: true}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := generator.Build(b.Context(), cfg); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
			b.ReportMetric(float64(treeSize(b, out)), "bytes-written/op")
		})
	}
}

func outRoot(b *testing.B) string {
	if dir := os.Getenv("BENCH_OUT"); dir != "" {
		dir, err := os.MkdirTemp(dir, "bulletin-bench-")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	return b.TempDir()
}

func treeSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		n += info.Size()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}
