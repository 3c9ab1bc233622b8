//go:build linux

// Command bench measures bulletin side by side with Hugo, the generator a
// distribution would pick instead, on the same synthetic entries: for each
// size it writes the entries in both tools' formats (package synth), builds
// each site several times, every size with every tool in turn so that the
// machine's moods hit all alike, and prints the medians of wall time,
// processor time and peak memory, with
//
//   - the write floor: the time to write bulletin's output files from
//     memory, the least any generator of those files needs;
//   - serve: the time from saving one entry to `bulletin serve` serving
//     the edited page, measured as a browser sees it (its event stream,
//     then the page).
//
// Run it from the repository on a quiet machine, with Hugo installed
// (Debian: apt-get install hugo):
//
//	go run ./cmd/bench -n 1000,10000
//
// Output goes to /dev/shm when there is one, so that the figures measure
// the tools rather than the disk; -work changes that.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/synth"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "bench:", err)
		}
		os.Exit(1)
	}
}

// config is what to measure.
type config struct {
	sizes    []int
	runs     int
	seed     uint64
	hugo     string // the Hugo binary; "" to measure bulletin alone
	bulletin string // the bulletin binary
	work     string
	edits    int
	log      io.Writer
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("n", "1000,10000", "the numbers of entries to measure, comma-separated")
	runs := fs.Int("runs", 5, "timed builds of each site by each tool, after one untimed")
	seed := fs.Uint64("seed", 1, "the seed of the synthetic entries")
	hugo := fs.String("hugo", "hugo", "the Hugo `binary`; \"none\" to measure bulletin alone")
	bulletin := fs.String("bulletin", "", "the bulletin `binary` (default: go build ./cmd/bulletin)")
	work := fs.String("work", "", "the `folder` for content and output (default: /dev/shm, else the temporary folder)")
	edits := fs.Int("edits", 10, "timed edits of one entry under bulletin serve, per size; 0 for none")
	keep := fs.Bool("keep", false, "keep the content and output after the run")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: bench [flags]\n\n"+
			"Builds the same synthetic sites with bulletin and Hugo, alternately, and\n"+
			"prints medians of time and peak memory, the write floor and serve's latency.\n\n"+
			"Example:\n  go run ./cmd/bench -n 1000,10000 -runs 5\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg := config{runs: *runs, seed: *seed, edits: *edits, log: stderr}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-n %s: want numbers of entries such as 1000,10000", *sizes)
		}
		cfg.sizes = append(cfg.sizes, n)
	}
	if cfg.runs < 1 {
		return fmt.Errorf("-runs %d: want at least 1", cfg.runs)
	}
	if *hugo != "none" {
		path, err := exec.LookPath(*hugo)
		if err != nil {
			return fmt.Errorf("%v; install Hugo (apt-get install hugo) or pass -hugo none", err)
		}
		cfg.hugo = path
	}

	root := *work
	if root == "" {
		root = os.TempDir()
		if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
			root = "/dev/shm"
		}
	}
	dir, err := os.MkdirTemp(root, "bulletin-bench-")
	if err != nil {
		return err
	}
	cfg.work = dir
	if *keep {
		fmt.Fprintf(stderr, "keeping %s\n", dir)
	} else {
		defer os.RemoveAll(dir)
	}

	cfg.bulletin = *bulletin
	if cfg.bulletin == "" {
		cfg.bulletin = filepath.Join(dir, "bulletin")
		fmt.Fprintf(stderr, "go build -o %s ./cmd/bulletin\n", cfg.bulletin)
		build := exec.CommandContext(ctx, "go", "build", "-o", cfg.bulletin, "./cmd/bulletin")
		build.Stdout, build.Stderr = stderr, stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build ./cmd/bulletin (run bench from the repository, or pass -bulletin): %w", err)
		}
	}

	results, err := measure(ctx, cfg)
	if err != nil {
		return err
	}
	report(stdout, cfg, results)
	return nil
}

// sample is one run of a command.
type sample struct {
	wall, cpu time.Duration
	rss       int64 // peak resident memory, bytes
}

// stats are the medians of a command's runs.
type stats struct {
	wall, cpu time.Duration
	rss       int64
}

func summarize(samples []sample) stats {
	pick := func(f func(sample) int64) int64 {
		vs := make([]int64, len(samples))
		for i, s := range samples {
			vs[i] = f(s)
		}
		slices.Sort(vs)
		return vs[len(vs)/2]
	}
	return stats{
		wall: time.Duration(pick(func(s sample) int64 { return int64(s.wall) })),
		cpu:  time.Duration(pick(func(s sample) int64 { return int64(s.cpu) })),
		rss:  pick(func(s sample) int64 { return s.rss }),
	}
}

// result is what was measured for one size.
type result struct {
	n              int
	bulletin, hugo stats
	files          int
	bytes          int64
	floor          time.Duration
	edits          []time.Duration
}

// size is one size of site under measurement: its content, the builds of
// it, and what was measured.
type size struct {
	result
	dir, content string
	tools        []*tool
}

// measure measures every size. The builds of all sizes and tools take
// turns, one run of each in every round, so that a change in the
// machine's load spreads over all of them rather than skewing one size
// or one tool (and with it the growth from one size to the next).
func measure(ctx context.Context, cfg config) ([]result, error) {
	var sizes []*size
	for _, n := range cfg.sizes {
		sz, err := prepare(cfg, n)
		if err != nil {
			return nil, err
		}
		sizes = append(sizes, sz)
	}
	// One untimed round, then the timed ones.
	for i := -1; i < cfg.runs; i++ {
		for _, sz := range sizes {
			for _, t := range sz.tools {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				s, err := t.measure()
				if err != nil {
					return nil, err
				}
				if i >= 0 {
					t.samples = append(t.samples, s)
					fmt.Fprintf(cfg.log, "  n=%d %s run %d: %v\n", sz.n, t.name, i+1, s.wall.Round(time.Millisecond))
				}
			}
		}
	}
	var results []result
	for _, sz := range sizes {
		res := sz.result
		res.bulletin = summarize(sz.tools[0].samples)
		if cfg.hugo != "" {
			res.hugo = summarize(sz.tools[1].samples)
		}
		var err error
		res.floor, res.files, res.bytes, err = writeFloor(sz.tools[0].out, filepath.Join(sz.dir, "floor"), cfg.runs)
		if err != nil {
			return nil, err
		}
		if cfg.edits > 0 {
			fmt.Fprintf(cfg.log, "  n=%d: %d edits under bulletin serve\n", sz.n, cfg.edits)
			if res.edits, err = serveEdits(ctx, cfg.bulletin, sz.content, cfg.edits); err != nil {
				return nil, fmt.Errorf("serve: %w", err)
			}
		}
		os.RemoveAll(sz.dir) // the next size needs the memory more (tmpfs)
		results = append(results, res)
	}
	return results, nil
}

// prepare writes the content of a site of n entries for each tool.
func prepare(cfg config, n int) (*size, error) {
	sz := &size{result: result{n: n}, dir: filepath.Join(cfg.work, strconv.Itoa(n))}
	sz.content = filepath.Join(sz.dir, "content")
	hugoSite := filepath.Join(sz.dir, "hugo")
	fmt.Fprintf(cfg.log, "writing %d synthetic entries for bulletin and Hugo\n", n)
	if err := synth.Write(sz.content, n, cfg.seed); err != nil {
		return nil, err
	}
	// As an editor's files are: older than the moment serve's loader
	// distrusts a file's time stamp and reads it again to be sure.
	if err := age(sz.content, time.Hour); err != nil {
		return nil, err
	}
	out := filepath.Join(sz.dir, "public")
	sz.tools = []*tool{{name: "bulletin", args: []string{cfg.bulletin, "build", "-content", sz.content, "-out", out}, out: out}}
	if cfg.hugo != "" {
		if err := synth.WriteHugo(hugoSite, n, cfg.seed); err != nil {
			return nil, err
		}
		out := filepath.Join(sz.dir, "hugo-public")
		sz.tools = append(sz.tools, &tool{name: "hugo", args: []string{cfg.hugo, "--quiet", "--minify", "-s", hugoSite, "-d", out},
			env: []string{"HUGO_CACHEDIR=" + filepath.Join(sz.dir, "hugo-cache")}, out: out})
	}
	return sz, nil
}

// tool is a generator's build command and its runs.
type tool struct {
	name    string
	args    []string
	env     []string // added to the environment
	out     string   // the folder it builds into
	samples []sample
}

// measure runs a build into an emptied output folder, as a first build
// after a clean checkout.
func (t *tool) measure() (sample, error) {
	if err := os.RemoveAll(t.out); err != nil {
		return sample{}, err
	}
	cmd := exec.Command(t.args[0], t.args[1:]...)
	cmd.Env = append(os.Environ(), t.env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %v\n%s", strings.Join(t.args, " "), err, stderr.String())
	}
	ps := cmd.ProcessState
	rss := ps.SysUsage().(*syscall.Rusage).Maxrss * 1024 // Linux reports kilobytes
	return sample{wall: wall, cpu: ps.UserTime() + ps.SystemTime(), rss: rss}, nil
}

// age sets the time stamps of every file under dir to d ago.
func age(dir string, d time.Duration) error {
	t := time.Now().Add(-d)
	return filepath.WalkDir(dir, func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		return os.Chtimes(name, t, t)
	})
}

// writeFloor reads the tree src into memory and writes it to dst runs
// times, one folder and one file after the other as a generator would,
// and returns the median time of a write with the tree's size.
func writeFloor(src, dst string, runs int) (floor time.Duration, files int, size int64, err error) {
	type file struct {
		name string
		data []byte
	}
	var dirs []string
	var tree []file
	err = filepath.WalkDir(src, func(name string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, name)
		if e.IsDir() {
			dirs = append(dirs, rel)
			return nil
		}
		data, err := os.ReadFile(name)
		tree = append(tree, file{rel, data})
		size += int64(len(data))
		return err
	})
	if err != nil {
		return 0, 0, 0, err
	}
	var times []time.Duration
	for range runs {
		if err := os.RemoveAll(dst); err != nil {
			return 0, 0, 0, err
		}
		start := time.Now()
		for _, d := range dirs {
			if err := os.Mkdir(filepath.Join(dst, d), 0o755); err != nil {
				return 0, 0, 0, err
			}
		}
		for _, f := range tree {
			if err := os.WriteFile(filepath.Join(dst, f.name), f.data, 0o644); err != nil {
				return 0, 0, 0, err
			}
		}
		times = append(times, time.Since(start))
	}
	os.RemoveAll(dst)
	slices.Sort(times)
	return times[len(times)/2], len(tree), size, nil
}

// serveEdits starts bulletin serve on the content folder and edits one
// entry edits times, each time measuring from the save to the edited page
// being served. It waits as a browser does, for the server's event that a
// build is done and then for the page, so that the wait does not compete
// with the build for the processor.
func serveEdits(ctx context.Context, bin, dir string, edits int) ([]time.Duration, error) {
	cmd := exec.CommandContext(ctx, bin, "serve", "-content", dir, "-addr", "127.0.0.1:0")
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var logs strings.Builder
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	// "serving content at http://127.0.0.1:41234/ (Ctrl-C to stop)",
	// once the first build is done.
	line, err := bufio.NewReader(stdout).ReadString('\n')
	fields := strings.Fields(line)
	if err != nil || len(fields) < 4 {
		return nil, fmt.Errorf("no address from bulletin serve: %q %v\n%s", line, err, logs.String())
	}
	base := fields[3]

	resp, err := http.Get(base + "_bulletin/events")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	builds := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if id, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				builds <- id
			}
		}
		close(builds)
	}()
	<-builds // the build the page opened on

	files, err := filepath.Glob(filepath.Join(dir, "news", "*.md"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no entries in %s", dir)
	}
	slices.Sort(files)
	name := files[len(files)/2]
	original, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	defer os.WriteFile(name, original, 0o644)
	page := base + "news/" + content.SlugOf(name) + "/"

	var took []time.Duration
	for i := range edits {
		// An editor's pace: one save, then a look at the page.
		time.Sleep(300 * time.Millisecond)
		text := fmt.Sprintf("Edit number %d of the benchmark.", i)
		start := time.Now()
		if err := os.WriteFile(name, append(slices.Clip(original), "\n"+text+"\n"...), 0o644); err != nil {
			return nil, err
		}
		for served := false; !served; {
			select {
			case _, ok := <-builds:
				if !ok {
					return nil, fmt.Errorf("the event stream ended\n%s", logs.String())
				}
			case <-time.After(30 * time.Second):
				return nil, fmt.Errorf("edit %d not served within 30s\n%s", i, logs.String())
			}
			served, err = pageHas(page, text)
			if err != nil {
				return nil, err
			}
		}
		took = append(took, time.Since(start))
	}
	return took, nil
}

func pageHas(url, text string) (bool, error) {
	resp, err := http.Get(url)
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return strings.Contains(string(body), text), err
}

// report prints the results as Markdown tables, ready for the README.
func report(w io.Writer, cfg config, results []result) {
	hugo := "none"
	if cfg.hugo != "" {
		if out, err := exec.Command(cfg.hugo, "version").Output(); err == nil {
			if f := strings.Fields(string(out)); len(f) > 1 {
				hugo = "Hugo " + f[1]
			}
		}
	}
	fmt.Fprintf(w, "bulletin (%s) and %s, %s/%s, %d cores, output in %s; medians of %d runs, alternating\n\n",
		runtime.Version(), hugo, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), filepath.Dir(cfg.work), cfg.runs)

	fmt.Fprintln(w, "| entries | bulletin build | Hugo --minify | Hugo ÷ bulletin | bulletin peak memory | Hugo peak memory | bulletin ÷ Hugo memory |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		hugoTime, ratio, hugoMem, memRatio := "–", "–", "–", "–"
		if cfg.hugo != "" {
			hugoTime = secs(r.hugo.wall)
			ratio = fmt.Sprintf("%.1f×", r.hugo.wall.Seconds()/r.bulletin.wall.Seconds())
			hugoMem = mib(r.hugo.rss)
			memRatio = fmt.Sprintf("%.2f", float64(r.bulletin.rss)/float64(r.hugo.rss))
		}
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %s | %s |\n",
			r.n, secs(r.bulletin.wall), hugoTime, ratio, mib(r.bulletin.rss), hugoMem, memRatio)
	}

	fmt.Fprintln(w)
	fmt.Fprintln(w, "| entries | bulletin processor time | output | write floor | build ÷ floor | time per entry | serve: edit to page, median (max) |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		serve := "–"
		if len(r.edits) > 0 {
			sorted := slices.Sorted(slices.Values(r.edits))
			serve = fmt.Sprintf("%d ms (%d ms)", sorted[len(sorted)/2].Milliseconds(), sorted[len(sorted)-1].Milliseconds())
		}
		fmt.Fprintf(w, "| %d | %s | %d files, %s | %s | %.1f× | %.0f µs | %s |\n",
			r.n, secs(r.bulletin.cpu), r.files, mib(r.bytes), secs(r.floor),
			r.bulletin.wall.Seconds()/r.floor.Seconds(),
			float64(r.bulletin.wall.Microseconds())/float64(r.n), serve)
	}
	if len(results) > 1 {
		first, last := results[0], results[len(results)-1]
		growth := float64(last.n) / float64(first.n)
		fmt.Fprintf(w, "\nFrom %d to %d entries (%.0f×), bulletin's build time grew %.1f× and its peak memory %.1f×.\n",
			first.n, last.n, growth, last.bulletin.wall.Seconds()/first.bulletin.wall.Seconds(),
			float64(last.bulletin.rss)/float64(first.bulletin.rss))
	}
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
