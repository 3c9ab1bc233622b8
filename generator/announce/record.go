package announce

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"
)

// Record is what announce has done: which items it has seen and, for each,
// which channels it was sent to. It only grows, so that two records can
// always be merged, and it is kept in a Store that survives CI's fresh
// machines (a branch of the site's repository).
type Record struct {
	Version int `json:"version"`
	// Runs counts the runs that saved it; each item and channel keeps the
	// run that first saw it.
	Runs     int                       `json:"runs"`
	Channels map[string]*ChannelRecord `json:"channels"`
	Items    map[string]*ItemRecord    `json:"items"`
	// Lock is held by the run that is sending, so that an overlapping run
	// waits instead of sending the same items.
	Lock *Lock `json:"lock,omitempty"`
}

// ChannelRecord is what the record keeps of a channel.
type ChannelRecord struct {
	// FirstRun is the run that first saw the channel: it is sent the
	// items that run and later ones saw, never the history before it.
	FirstRun int `json:"first_run"`
}

// ItemRecord is what the record keeps of an item.
type ItemRecord struct {
	// FirstRun is the run that first saw the item; 0 for the items a
	// site already had when announce first ran, which are never sent.
	FirstRun int                 `json:"first_run"`
	Sent     map[string]Delivery `json:"sent,omitempty"` // by channel id
}

// Delivery is one item sent to one channel.
type Delivery struct {
	At time.Time `json:"at"`
	// Ref is what the channel calls the message, where a later item of the
	// same entry refers to it: a Matrix event id, a Discourse topic id.
	Ref string `json:"ref,omitempty"`
}

// Lock says which run is sending, and until when its claim holds: a run
// that died leaves a lock that the next run may take once it expires.
type Lock struct {
	Run   string    `json:"run"`
	Until time.Time `json:"until"`
}

const recordVersion = 1

func newRecord() *Record {
	return &Record{Version: recordVersion, Channels: map[string]*ChannelRecord{}, Items: map[string]*ItemRecord{}}
}

func decodeRecord(data []byte, name string) (*Record, error) {
	r := newRecord()
	if err := json.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("%s: not a record of announcements: %v", name, err)
	}
	if r.Version != recordVersion {
		return nil, fmt.Errorf("%s: record version %d, and this bulletin reads version %d", name, r.Version, recordVersion)
	}
	if r.Channels == nil {
		r.Channels = map[string]*ChannelRecord{}
	}
	if r.Items == nil {
		r.Items = map[string]*ItemRecord{}
	}
	return r, nil
}

// encode writes the record as JSON with one channel and one item to a
// line, sorted: the record of a large site holds tens of thousands of
// items, and each save changes a line or two, which is all that a diff
// of the record's branch then shows.
func (r *Record) encode() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "{\n  \"version\": %d,\n  \"runs\": %d,\n", r.Version, r.Runs)
	if r.Lock != nil {
		fmt.Fprintf(&b, "  \"lock\": %s,\n", mustJSON(r.Lock))
	}
	writeMap(&b, "channels", r.Channels, ",")
	writeMap(&b, "items", r.Items, "")
	b.WriteString("}\n")
	return b.Bytes()
}

func writeMap[V any](b *bytes.Buffer, name string, m map[string]V, after string) {
	fmt.Fprintf(b, "  %q: {", name)
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(b, "\n    %s: %s", mustJSON(k), mustJSON(m[k]))
	}
	if len(m) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("}" + after + "\n")
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // the record's types always encode
	}
	return data
}

// sent returns the delivery of the item to the channel, if there was one.
func (r *Record) sent(item, channel string) (Delivery, bool) {
	if ir := r.Items[item]; ir != nil {
		d, ok := ir.Sent[channel]
		return d, ok
	}
	return Delivery{}, false
}

// markSent records a delivery.
func (r *Record) markSent(item, channel string, d Delivery) {
	ir := r.Items[item]
	if ir == nil {
		ir = &ItemRecord{FirstRun: r.Runs}
		r.Items[item] = ir
	}
	if ir.Sent == nil {
		ir.Sent = map[string]Delivery{}
	}
	ir.Sent[channel] = d
}

// merge adds what other knows and r does not: two runs that overlapped in
// spite of the lock still end with every delivery of both recorded.
func (r *Record) merge(other *Record) {
	r.Runs = max(r.Runs, other.Runs)
	for id, c := range other.Channels {
		if r.Channels[id] == nil {
			r.Channels[id] = c
		}
	}
	for id, it := range other.Items {
		mine := r.Items[id]
		if mine == nil {
			r.Items[id] = it
			continue
		}
		mine.FirstRun = min(mine.FirstRun, it.FirstRun)
		for ch, d := range it.Sent {
			if _, ok := mine.Sent[ch]; !ok {
				if mine.Sent == nil {
					mine.Sent = map[string]Delivery{}
				}
				mine.Sent[ch] = d
			}
		}
	}
}

// Store keeps the record between runs. Save is a compare-and-swap: it
// fails with ErrConflict when the record changed since the version given,
// so that of two runs that read the same record only one takes the lock.
type Store interface {
	// Load returns the record and its version; a store that holds none
	// yet returns nil and "".
	Load(ctx context.Context) (r *Record, version string, err error)
	// Save replaces the record of the version with r, and returns the new
	// version.
	Save(ctx context.Context, r *Record, version, message string) (string, error)
	// String names the store for people: "announced.json",
	// "branch bulletin-announced of origin".
	String() string
}

// ErrConflict is Save's error when another run saved the record first.
var ErrConflict = errors.New("the record changed since it was read")

// FileStore keeps the record in a file: for a machine that keeps its
// files, and for tests.
type FileStore struct{ Path string }

func (s FileStore) String() string { return s.Path }

func (s FileStore) Load(ctx context.Context) (*Record, string, error) {
	data, err := os.ReadFile(s.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	r, err := decodeRecord(data, s.Path)
	return r, fileVersion(data), err
}

func (s FileStore) Save(ctx context.Context, r *Record, version, message string) (string, error) {
	// The check and the write happen under an exclusive lock of a file
	// beside it, so that two processes cannot both pass the check.
	lock, err := os.OpenFile(s.Path+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", err
	}
	defer syscall.Flock(int(lock.Fd()), syscall.LOCK_UN)
	cur, err := os.ReadFile(s.Path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		cur = nil
	case err != nil:
		return "", err
	}
	if fileVersion(cur) != version {
		return "", ErrConflict
	}
	data := r.encode()
	tmp, err := os.CreateTemp(filepath.Dir(s.Path), ".announced-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // not secret: it is on a branch of the repository
		return "", err
	}
	if err := os.Rename(tmp.Name(), s.Path); err != nil {
		return "", err
	}
	return fileVersion(data), nil
}

// fileVersion is a file's content hash; "" when there is no file.
func fileVersion(data []byte) string {
	if data == nil {
		return ""
	}
	sum := sha256.Sum256(bytes.TrimSpace(data))
	return hex.EncodeToString(sum[:8])
}
