package client

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// StateDir is where a machine keeps what bulletin must remember, under
// its root: which entries its administrator has acknowledged.
const StateDir = "/var/lib/bulletin"

// Acks are the entries that ask users to act and whose action a machine's
// administrator has acknowledged (bulletin guard -ack ID): the guard no
// longer stops a transaction for them. They are kept in the file
// acknowledged, a line "<entry id> <time>" each, so that an administrator
// can read and edit it.
type Acks struct {
	path string
	at   map[string]time.Time
}

// LoadAcks reads the acknowledgements kept in dir.
func LoadAcks(dir string) (*Acks, error) {
	a := &Acks{path: filepath.Join(dir, "acknowledged"), at: map[string]time.Time{}}
	data, err := readFile(a.path)
	if err != nil {
		return nil, err
	}
	for n, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		var at time.Time
		if len(f) > 1 {
			if at, err = time.Parse(time.RFC3339, f[1]); err != nil {
				return nil, fmt.Errorf("%s:%d: %q is not a time, such as 2026-11-21T12:00:00Z", a.path, n+1, f[1])
			}
		}
		a.at[f[0]] = at
	}
	return a, nil
}

// Has reports whether the entry is acknowledged.
func (a *Acks) Has(id string) bool {
	_, ok := a.at[id]
	return ok
}

// Add acknowledges the entry, and keeps it.
func (a *Acks) Add(id string, at time.Time) error {
	a.at[id] = at.UTC()
	var b strings.Builder
	b.WriteString("# Entries whose action was acknowledged (bulletin guard -ack ID): the guard lets transactions go on.\n")
	for _, id := range slices.Sorted(maps.Keys(a.at)) {
		fmt.Fprintf(&b, "%s %s\n", id, a.at[id].Format(time.RFC3339))
	}
	return writeFile(a.path, []byte(b.String()))
}

// Path is the file the acknowledgements are kept in.
func (a *Acks) Path() string { return a.path }
