package client

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"
)

// ConfigFile is where a machine keeps its settings, under its root.
const ConfigFile = "/etc/bulletin/status.conf"

// Config is a machine's settings for bulletin status and bulletin guard:
// the file /etc/bulletin/status.conf, one "setting = value" a line, #
// comments, on their own lines or after a value.
type Config struct {
	// URL is the site (its base URL) or its status.json.
	URL string
	// Release is the id of the machine's release on the site, for a
	// machine whose /etc/os-release no release of the site matches.
	Release string
	// Stream is a Fedora CoreOS node's update stream, when rpm-ostree
	// cannot tell it.
	Stream string
	// Services are the ids of the site's services the machine depends on
	// (its mirrors, its update service), shown by bulletin status.
	Services []string
	// Timeout bounds each request to the site; 0 for the default.
	Timeout time.Duration
}

var settings = []string{"url", "release", "stream", "services", "timeout"}

// ReadConfig reads a configuration file; a file that does not exist is
// the empty configuration. Mistakes are errors at their line and column.
func ReadConfig(path string) (Config, error) {
	var c Config
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	var errs []error
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		col := len(line) - len(strings.TrimLeft(line, " \t")) + 1
		// A comment may follow a value, after a space: "#" alone may be in
		// a URL.
		if i := strings.Index(trimmed, " #"); i >= 0 {
			trimmed = trimmed[:i]
		}
		if i := strings.Index(trimmed, "\t#"); i >= 0 {
			trimmed = trimmed[:i]
		}
		key, value, ok := strings.Cut(trimmed, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		at := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s:%d:%d: %s", path, n, col, fmt.Sprintf(format, args...)))
		}
		if !ok {
			at("want a setting and its value, as in url = https://status.example.org/")
			continue
		}
		switch key {
		case "url":
			c.URL = value
		case "release":
			c.Release = value
		case "stream":
			c.Stream = value
		case "services":
			c.Services = nil
			for _, id := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
				c.Services = append(c.Services, id)
			}
		case "timeout":
			d, err := time.ParseDuration(value)
			if err != nil || d <= 0 {
				col += strings.Index(line[col-1:], value)
				at("timeout %q is not a duration, such as 10s", value)
				continue
			}
			c.Timeout = d
		default:
			at("unknown setting %q; known: %s", key, strings.Join(settings, ", "))
		}
	}
	return c, errors.Join(errs...)
}
