// Package announce tells subscribers of a site's new items, once each: to
// mailing lists (SMTP with STARTTLS), Matrix rooms, signed webhooks,
// Discourse forums and Slack channels, as site.yaml's announce section
// configures them, and then pings the WebSub hub the feeds name.
//
// The items are the feeds' items (render.Renderer.Items): an entry's own
// item and each later event of its story, under their permanent ids. What
// was sent is kept in a Record, in a Store that outlives CI's machines (a
// branch of the site's repository: GitStore). Why an item is sent once:
//
//   - A record of every delivery, item by channel, saved after each one: a
//     retried deploy, or a run after a failed one, sends only what the
//     record does not hold. A channel that fails stops for the run, the
//     others go on, the run says which failed and fails; the next run
//     sends that channel what it missed.
//   - A lock in the record, taken with a compare-and-swap save: of two
//     runs that overlap, one sends and the other stops without sending.
//     A run that dies leaves a lock that expires.
//   - Ids derived from the item's id and the channel's, for the one
//     delivery a dead run may have made without recording it: Matrix
//     transaction ids (the homeserver answers a repeat with the first
//     event, while it remembers), mail Message-IDs (archives and readers
//     drop a repeat), webhook-id (receivers drop a repeat), and Discourse's
//     external_id (the forum refuses a second topic with it).
//   - Items that the record did not hold before the first run (the
//     site's history), and those a channel did not exist for, are never
//     sent: a new site or a new channel does not flood its subscribers.
//   - An item is sent once its page on the live site shows it: a deploy
//     that failed leaves its items for the run after the next one.
package announce

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/generator/content"
	"github.com/bulletin-status/bulletin/generator/internal/english"
	"github.com/bulletin-status/bulletin/generator/render"
)

// Config says what to announce, where, and how.
type Config struct {
	Site  *content.Site
	Items []render.Item // oldest first
	Store Store
	Now   time.Time
	// Since is, on the first run (no record yet), the time from which
	// items are sent; the site's older items are recorded as announced
	// before. Zero: none is sent on the first run.
	Since time.Time
	// DryRun prints what would be sent, and sends and saves nothing.
	DryRun bool
	// Getenv reads the environment variables that hold the secrets.
	Getenv func(string) string
	Out    io.Writer // what was sent, what failed
	// Timeout bounds each connection and request: a slow server fails
	// its channel within it.
	Timeout time.Duration
	// Wait is how long to wait for the deploy: items whose pages the live
	// site does not show yet are checked again until then, and left for
	// the next run after.
	Wait time.Duration
	// RootCAs are the authorities that TLS servers must be certified by;
	// nil for the system's.
	RootCAs *x509.CertPool
}

// hubID is the record's name for the WebSub hub, which no channel id can
// take.
const hubID = "@websub"

// lockFor is how long a run's lock holds beyond what it may take.
const lockFor = 15 * time.Minute

// Run announces the items that are new since the last run to the channels
// that want them. It returns an error when a channel failed, after the
// others were sent what they wanted.
func Run(ctx context.Context, cfg Config) error {
	a := cfg.Site.Announce
	if a == nil || (len(a.Channels) == 0 && a.Hub == "") {
		// Not a failure: the workflow runs on every site, and only those
		// with channels announce.
		fmt.Fprintf(cfg.Out, "%s names no channel and no WebSub hub: nothing to announce\n", content.SiteFile)
		return nil
	}
	r := &run{cfg: cfg, red: &redactor{}}
	r.client = &http.Client{Timeout: cfg.Timeout, Transport: &http.Transport{
		TLSClientConfig:       &tls.Config{RootCAs: cfg.RootCAs},
		Proxy:                 http.ProxyFromEnvironment,
		ResponseHeaderTimeout: cfg.Timeout,
		TLSHandshakeTimeout:   cfg.Timeout,
	}}
	r.setup()
	if cfg.DryRun {
		return r.red.error(r.dryRun(ctx))
	}
	err := r.send(ctx)
	if f, ok := err.(*Failures); ok {
		return f // each redacted already
	}
	return r.red.error(err)
}

// Failures is Run's error when channels failed: one error for each, the
// others having been sent what they wanted.
type Failures struct{ Errs []error }

func (f *Failures) Error() string { return errors.Join(f.Errs...).Error() }

// run is one run of announce.
type run struct {
	cfg      Config
	client   *http.Client
	red      *redactor
	channels []*channel
	id       string // names the run in the lock

	rec     *Record
	version string
	first   bool // no record was found: this is the first run
}

// channel is a configured channel as a run uses it.
type channel struct {
	*content.Channel
	sender sender
	err    error // why it cannot send, or failed this run
}

// sender delivers items to one kind of channel.
type sender interface {
	// send delivers the message; ref is what the channel calls it, for
	// the later items of the same entry (a Matrix event, a Discourse
	// topic), or "".
	send(ctx context.Context, m *message) (ref string, err error)
	// preview is what send would send, for people: -dry-run prints it.
	preview(m *message) string
}

// message is one item for one channel.
type message struct {
	render.Item
	site    *content.Site
	channel string
	// rootRef is the Ref of the entry's own item on this channel, when it
	// was sent there: a later item is a reply to it.
	rootRef string
}

// own reports whether the item is the entry's own, not a later event's.
func (m *message) own() bool { return m.ID == m.Root }

// key is the id of this item on this channel, the same in every run:
// channels that can drop a repeat drop it by this key.
func (m *message) key() string { return deliveryKey(m.ID, m.channel) }

func deliveryKey(item, channel string) string {
	sum := sha256.Sum256([]byte(item + "\x00" + channel))
	return hex.EncodeToString(sum[:16])
}

// setup makes each channel's sender, with its secrets from the environment.
func (r *run) setup() {
	for _, c := range r.cfg.Site.Announce.Channels {
		ch := &channel{Channel: c}
		ch.sender, ch.err = r.newSender(c)
		r.channels = append(r.channels, ch)
	}
}

func (r *run) newSender(c *content.Channel) (sender, error) {
	switch {
	case c.Mail != nil:
		pass, err := r.secret(c, c.Mail.Password, c.Mail.Username != "")
		return &mailSender{cfg: c.Mail, password: pass, timeout: r.cfg.Timeout, roots: r.cfg.RootCAs}, err
	case c.Matrix != nil:
		token, err := r.secret(c, c.Matrix.Token, true)
		return &matrixSender{cfg: c.Matrix, token: token, client: r.client}, err
	case c.Webhook != nil:
		key, err := r.secret(c, c.Webhook.Secret, true)
		return &webhookSender{url: c.Webhook.URL, key: webhookKey(key), client: r.client}, err
	case c.Discourse != nil:
		key, err := r.secret(c, c.Discourse.APIKey, true)
		return &discourseSender{cfg: c.Discourse, key: key, client: r.client}, err
	}
	url, err := r.secret(c, c.Slack.URL, true)
	return &slackSender{url: url, client: r.client}, err
}

// secret reads a secret's variable, and remembers its value so that no
// message of the run can print it.
func (r *run) secret(c *content.Channel, s content.Secret, needed bool) (string, error) {
	if !needed {
		return "", nil
	}
	v := r.cfg.Getenv(s.Env)
	if v == "" {
		return "", &content.Error{File: s.File, Line: s.Line, Col: s.Col,
			Err: fmt.Errorf("environment variable %s is not set: channel %q needs it", s.Env, c.ID)}
	}
	r.red.add(v)
	return v, nil
}

// dryRun prints what a run would send now, from the record as it is.
func (r *run) dryRun(ctx context.Context) error {
	rec, _, err := r.cfg.Store.Load(ctx)
	if err != nil {
		return err
	}
	r.first = rec == nil
	if rec == nil {
		rec = newRecord()
	}
	r.rec = rec
	r.see()
	plan := r.plan()
	live := r.live(ctx, plan)
	w := r.cfg.Out
	if r.first {
		fmt.Fprintf(w, "first run: no record in %s yet; %s\n", r.cfg.Store, r.firstRunNote())
	}
	n := 0
	for _, d := range plan {
		if d.ch == nil {
			continue
		}
		state := "would send"
		if !live[d.item.ID] {
			state = "would wait for the live site to show"
		}
		fmt.Fprintf(w, "\n=== %s to %s (%s): %s\n", state, d.ch.ID, d.ch.Type(), d.item.ID)
		if d.ch.err != nil {
			fmt.Fprintf(w, "(it cannot be sent: %v)\n", r.red.error(d.ch.err))
		}
		fmt.Fprintln(w, r.red.string(d.ch.sender.preview(r.message(d))))
		n++
	}
	if hub := r.cfg.Site.Announce.Hub; hub != "" {
		if topics := hubTopics(r.cfg.Site, plan, live); len(topics) > 0 {
			fmt.Fprintf(w, "\n=== would ping %s for %s\n", hub, english.Plural(len(topics), "feed"))
		}
	}
	fmt.Fprintf(w, "\ndry run: %s to send; nothing sent\n", english.Plural(n, "message"))
	return nil
}

func (r *run) firstRunNote() string {
	if r.cfg.Since.IsZero() {
		return "the site's items so far are recorded as announced before, and none is sent (-since sends those from a time on)"
	}
	return "items from " + content.FormatTime(r.cfg.Since) + " on are sent, the older ones are recorded as announced before"
}

// see records the channels and items the record does not know yet, as
// first seen by this run, and reports whether there were any.
func (r *run) see() (news bool) {
	rec := r.rec
	run := rec.Runs + 1
	for _, c := range r.channels {
		if rec.Channels[c.ID] == nil {
			rec.Channels[c.ID] = &ChannelRecord{FirstRun: run}
			news = true
		}
	}
	if r.cfg.Site.Announce.Hub != "" && rec.Channels[hubID] == nil {
		rec.Channels[hubID] = &ChannelRecord{FirstRun: run}
		news = true
	}
	for _, it := range r.cfg.Items {
		if rec.Items[it.ID] != nil {
			continue
		}
		first := run
		if r.first && (r.cfg.Since.IsZero() || it.Event.At.Before(r.cfg.Since)) {
			first = 0 // history: announced before bulletin announced anything
		}
		rec.Items[it.ID] = &ItemRecord{FirstRun: first}
		news = true
	}
	rec.Runs = run
	return news || r.first
}

// delivery is an item to send to a channel; ch is nil for the hub.
type delivery struct {
	item *render.Item
	ch   *channel
}

// plan returns what the record says is still to send, channel by channel,
// each channel's items oldest first, then the hub's.
func (r *run) plan() []delivery {
	var plan []delivery
	owed := func(it *render.Item, id string) bool {
		ir, cr := r.rec.Items[it.ID], r.rec.Channels[id]
		_, sent := ir.Sent[id]
		return !sent && cr != nil && ir.FirstRun >= cr.FirstRun
	}
	for _, c := range r.channels {
		for i := range r.cfg.Items {
			it := &r.cfg.Items[i]
			if c.Wants(it.Entry) && owed(it, c.ID) {
				plan = append(plan, delivery{item: it, ch: c})
			}
		}
	}
	if r.cfg.Site.Announce.Hub != "" {
		for i := range r.cfg.Items {
			if it := &r.cfg.Items[i]; owed(it, hubID) {
				plan = append(plan, delivery{item: it})
			}
		}
	}
	return plan
}

func (r *run) message(d delivery) *message {
	m := &message{Item: *d.item, site: r.cfg.Site, channel: d.ch.ID}
	if root, ok := r.rec.sent(d.item.Root, d.ch.ID); ok {
		m.rootRef = root.Ref
	}
	return m
}

// send is a run that sends: it takes the lock, sends what is owed, and
// records each delivery as it is made.
func (r *run) send(ctx context.Context) error {
	// Most runs (every few minutes, by the clock) find nothing new: they
	// read the record and leave it as it is, with no lock and no commit.
	if busy, err := r.anything(ctx); err != nil || !busy {
		if err == nil {
			fmt.Fprintf(r.cfg.Out, "announced: nothing new since the last run\n")
		}
		return err
	}
	if err := r.lock(ctx); err != nil {
		return err
	}
	defer r.unlock()
	w := r.cfg.Out
	if r.first {
		fmt.Fprintf(w, "first run: started the record in %s; %s\n", r.cfg.Store, r.firstRunNote())
	}
	plan := r.plan()
	live := r.live(ctx, plan)
	var waiting []string
	sent := 0
	for _, d := range plan {
		if d.ch == nil {
			continue
		}
		c := d.ch
		switch {
		case !live[d.item.ID]:
			if !slices.Contains(waiting, d.item.Link) {
				waiting = append(waiting, d.item.Link)
			}
			continue
		case c.err != nil:
			continue
		}
		m := r.message(d)
		ref, err := c.sender.send(ctx, m)
		if err != nil {
			c.err = err
			continue
		}
		r.rec.markSent(d.item.ID, c.ID, Delivery{At: r.cfg.Now, Ref: ref})
		sent++
		fmt.Fprintf(w, "sent to %s (%s): %s\n", c.ID, c.Type(), d.item.Title)
		if err := r.save(ctx, "send "+d.item.ID+" to "+c.ID); err != nil {
			return err
		}
	}
	hubErr := r.ping(ctx, plan, live)
	if len(waiting) > 0 {
		fmt.Fprintf(w, "waiting: the live site does not show %s yet (%s): the next run sends them\n",
			english.Plural(len(waiting), "item"), strings.Join(waiting, ", "))
	}
	var failed []error
	for _, c := range r.channels {
		if c.err == nil {
			continue
		}
		left := 0
		for _, d := range plan {
			if d.ch == c {
				if _, ok := r.rec.sent(d.item.ID, c.ID); !ok {
					left++
				}
			}
		}
		if left == 0 {
			continue // it had nothing to send: its problem stopped nothing
		}
		verb := "wait"
		if left == 1 {
			verb = "waits"
		}
		failed = append(failed, r.red.error(fmt.Errorf("channel %s (%s) failed, and %s %s for the next run: %w",
			c.ID, c.Type(), english.Plural(left, "item"), verb, c.err)))
	}
	if hubErr != nil {
		failed = append(failed, r.red.error(hubErr))
	}
	fmt.Fprintf(w, "announced: %s sent", english.Plural(sent, "message"))
	if len(failed) > 0 {
		fmt.Fprintf(w, "; %d failed", len(failed))
	}
	fmt.Fprintln(w)
	if len(failed) > 0 {
		return &Failures{Errs: failed}
	}
	return nil
}

// ping tells the WebSub hub of the feeds that hold the items newly
// announced, once their pages are live, and records them as pinged.
func (r *run) ping(ctx context.Context, plan []delivery, live map[string]bool) error {
	hub := r.cfg.Site.Announce.Hub
	topics := hubTopics(r.cfg.Site, plan, live)
	if hub == "" || len(topics) == 0 {
		return nil
	}
	if err := publish(ctx, r.client, hub, topics); err != nil {
		return fmt.Errorf("websub hub %s: %w; the next run pings it again", hub, err)
	}
	for _, d := range plan {
		if d.ch == nil && live[d.item.ID] {
			r.rec.markSent(d.item.ID, hubID, Delivery{At: r.cfg.Now})
		}
	}
	fmt.Fprintf(r.cfg.Out, "pinged %s for %s\n", hub, english.Plural(len(topics), "feed"))
	return r.save(ctx, "ping "+hub)
}

// hubTopics returns the feeds that hold the hub's live items: the site's and
// those of each release and service they are about, in each format.
func hubTopics(site *content.Site, plan []delivery, live map[string]bool) []string {
	var topics []string
	add := func(dir string) {
		for _, ext := range []string{".atom", ".rss", ".json"} {
			u := site.BaseURL.JoinPath(strings.TrimPrefix(dir, "/"), "feed"+ext).String()
			if !slices.Contains(topics, u) {
				topics = append(topics, u)
			}
		}
	}
	for _, d := range plan {
		if d.ch != nil || !live[d.item.ID] {
			continue
		}
		add("/")
		for _, id := range d.item.Entry.Releases {
			add(site.Release(id).Path())
		}
		for _, id := range d.item.Entry.Services {
			add(site.Service(id).Path())
		}
	}
	return topics
}

// anything reports whether the record, as it is, leaves anything to do:
// an item or a channel it does not know, or a delivery still owed.
func (r *run) anything(ctx context.Context) (bool, error) {
	rec, _, err := r.cfg.Store.Load(ctx)
	if err != nil {
		return false, err
	}
	r.first = rec == nil
	if rec == nil {
		rec = newRecord()
	}
	r.rec = rec
	return r.see() || len(r.plan()) > 0, nil
}

// lock takes the record's lock, or says which run holds it, and records
// what the run sees that the record does not know, in the same save.
func (r *run) lock(ctx context.Context) error {
	host, _ := os.Hostname()
	var b [4]byte
	rand.Read(b[:])
	r.id = fmt.Sprintf("%s-%d-%x", host, os.Getpid(), b)
	for range 5 {
		rec, version, err := r.cfg.Store.Load(ctx)
		if err != nil {
			return err
		}
		r.first = rec == nil
		if rec == nil {
			rec = newRecord()
		}
		if l := rec.Lock; l != nil && l.Run != r.id && l.Until.After(r.cfg.Now) {
			return fmt.Errorf("another run of announce (%s) is sending, and holds %s until %s: this run sent nothing; run it again after that, or once that run has ended",
				l.Run, r.cfg.Store, content.FormatTime(l.Until))
		}
		r.rec = rec
		r.see()
		hold := lockFor + r.cfg.Wait + time.Duration(len(r.cfg.Items)+1)*r.cfg.Timeout
		rec.Lock = &Lock{Run: r.id, Until: r.cfg.Now.Add(hold).Truncate(time.Second)}
		v, err := r.cfg.Store.Save(ctx, rec, version, "lock for "+r.id)
		if errors.Is(err, ErrConflict) {
			continue // another run saved in between: read again
		}
		if err != nil {
			return err
		}
		r.version = v
		return nil
	}
	return fmt.Errorf("%s kept changing while this run tried to lock it: this run sent nothing", r.cfg.Store)
}

// unlock releases the lock, recording what was sent.
func (r *run) unlock() {
	r.rec.Lock = nil
	// Not the run's context: an interrupted run still records its
	// deliveries and frees the lock, within a bounded time.
	ctx, cancel := context.WithTimeout(context.Background(), max(r.cfg.Timeout, 10*time.Second))
	defer cancel()
	if err := r.save(ctx, "unlock "+r.id); err != nil {
		fmt.Fprintf(r.cfg.Out, "could not save %s: %v (its lock expires by itself)\n", r.cfg.Store, r.red.error(err))
	}
}

// save saves the record. Under the lock nobody else saves, but a run whose
// lock expired may find its record changed: then both are merged.
func (r *run) save(ctx context.Context, message string) error {
	for range 3 {
		v, err := r.cfg.Store.Save(ctx, r.rec, r.version, message)
		if err == nil {
			r.version = v
			return nil
		}
		if !errors.Is(err, ErrConflict) {
			return fmt.Errorf("save %s: %w", r.cfg.Store, err)
		}
		other, version, err := r.cfg.Store.Load(ctx)
		if err != nil {
			return err
		}
		if other != nil {
			lock := r.rec.Lock
			r.rec.merge(other)
			r.rec.Lock = lock
		}
		r.version = version
	}
	return fmt.Errorf("save %s: it kept changing", r.cfg.Store)
}

// redactor keeps the secrets of a run out of everything it prints.
type redactor struct{ secrets []string }

func (x *redactor) add(s string) {
	if len(s) >= 4 {
		x.secrets = append(x.secrets, s)
	}
}

func (x *redactor) string(s string) string {
	for _, secret := range x.secrets {
		s = strings.ReplaceAll(s, secret, "[secret]")
	}
	return s
}

// error returns err with the secrets taken out, keeping its positioned
// problems as they are (they name variables, never values).
func (x *redactor) error(err error) error {
	if err == nil {
		return nil
	}
	if s := x.string(err.Error()); s != err.Error() {
		return errors.New(s)
	}
	return err
}
