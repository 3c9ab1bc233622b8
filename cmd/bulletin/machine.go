package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/cmd/bulletin/client"
	"github.com/bulletin-status/bulletin/cmd/bulletin/rpm"
	"github.com/bulletin-status/bulletin/generator"
)

// machineFlags are the flags of the commands that run on a user's
// machine, status and guard: where its site is, and where its files are.
type machineFlags struct {
	url, root, config, cache string
	offline                  bool
}

func (mf *machineFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&mf.url, "url", "", "the `address` of the site, or of its status.json (default: $BULLETIN_URL, else url in the config file)")
	fs.StringVar(&mf.root, "root", "/", "the root `folder` of the system to check, as dnf5's --installroot")
	fs.StringVar(&mf.config, "config", "", "the configuration `file` (default: /etc/bulletin/status.conf under -root)")
	fs.StringVar(&mf.cache, "cache", "", "the `folder` to keep the documents fetched in (default: /var/cache/bulletin under -root for root, else ~/.cache/bulletin)")
	fs.BoolVar(&mf.offline, "offline", false, "do not ask the site: use the documents kept from the last time")
}

// options reads the machine's configuration file and returns what the
// client needs: the site's address from the flag, the environment or the
// file, in that order.
func (mf *machineFlags) options(e *env) (client.Options, error) {
	path := mf.config
	if path == "" {
		path = filepath.Join(mf.root, client.ConfigFile)
	}
	conf, err := client.ReadConfig(path)
	if err != nil {
		return client.Options{}, err
	}
	switch {
	case mf.url != "":
		conf.URL = mf.url
	case e.getenv("BULLETIN_URL") != "":
		conf.URL = e.getenv("BULLETIN_URL")
	case conf.URL == "":
		return client.Options{}, fmt.Errorf("no site to ask: give -url, set BULLETIN_URL, or write \"url = https://status.example.org/\" (your distribution's status site) in %s", path)
	}
	cache := mf.cache
	if cache == "" {
		cache = cacheDir(e, mf.root)
	}
	f := &client.Fetcher{Dir: cache, Timeout: conf.Timeout, Offline: mf.offline, UserAgent: "bulletin (+https://github.com/bulletin-status/bulletin)"}
	if e.now != nil {
		f.Now = e.now
	}
	return client.Options{Root: mf.root, Config: conf, Fetcher: f}, nil
}

// cacheDir is where documents are kept by default: the system's cache for
// root (dnf5 runs the guard as root), the user's own otherwise, which
// needs no privilege to write.
func cacheDir(e *env, root string) string {
	if os.Geteuid() == 0 {
		return filepath.Join(root, "/var/cache/bulletin")
	}
	if dir := e.getenv("XDG_CACHE_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "bulletin")
	}
	if home := e.getenv("HOME"); home != "" {
		return filepath.Join(home, ".cache", "bulletin")
	}
	return "" // nowhere to keep them: every run asks the site
}

// now is the command's clock.
func (e *env) clock() time.Time {
	if e.now != nil {
		return e.now().UTC()
	}
	return time.Now().UTC()
}

// readPackages reads a list of packages, one a line, as rpm -qa prints
// them (NEVRAs), or bare names; "-" is standard input.
func readPackages(e *env, name string) ([]rpm.Package, error) {
	var data []byte
	var err error
	if name == "-" {
		if e.stdin != nil {
			data, err = io.ReadAll(e.stdin)
		}
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, err
	}
	var pkgs []rpm.Package
	for _, line := range strings.Split(string(data), "\n") {
		for _, word := range strings.Fields(line) {
			pkgs = append(pkgs, parsePackage(word))
		}
	}
	return pkgs, nil
}

// parsePackage reads a NEVRA, or a bare name.
func parsePackage(s string) rpm.Package {
	if p, ok := rpm.Parse(s); ok {
		return p
	}
	return rpm.Package{Name: s}
}

// age says how long ago t was, for people.
func age(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return generator.Plural(int(d/time.Minute), "minute") + " ago"
	case d < 48*time.Hour:
		return generator.Plural(int(d/time.Hour), "hour") + " ago"
	}
	return generator.Plural(int(d/(24*time.Hour)), "day") + " ago"
}

// when writes a time for people, in UTC as the site does.
func when(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
