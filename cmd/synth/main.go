// Command synth writes a synthetic content folder for benchmarks and
// trials: site.yaml and N realistic entries using every field, the same
// bytes for the same N and seed. With -hugo it writes the same entries as
// a Hugo site instead, for comparing the two tools.
//
//	go run ./cmd/synth -n 10000 /tmp/big
//	go run ./cmd/bulletin build -content /tmp/big -out /tmp/big-public
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/bulletin-status/bulletin/generator/synth"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if err != flag.ErrHelp {
			fmt.Fprintln(os.Stderr, "synth:", err)
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 1000, "the number of entries")
	seed := fs.Uint64("seed", 1, "the seed: the same seed gives the same entries")
	hugo := fs.Bool("hugo", false, "write a Hugo site with the same entries instead")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: synth [-n N] [-seed S] [-hugo] FOLDER\n\n"+
			"Writes a synthetic content folder (FOLDER/site.yaml, FOLDER/news/) for\n"+
			"benchmarks, or with -hugo a Hugo site with the same entries.\n\n"+
			"Example:\n  synth -n 10000 /tmp/big && bulletin build -content /tmp/big -out /tmp/big-public\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *n < 0 {
		fs.Usage()
		return fmt.Errorf("want one folder and a number of entries of 0 or more")
	}
	dir := fs.Arg(0)
	write := synth.Write
	if *hugo {
		write = synth.WriteHugo
	}
	if err := write(dir, *n, *seed); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d entries into %s\n", *n, dir)
	return nil
}
