package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bulletin-status/bulletin/cmd/bulletin/client"
	"github.com/bulletin-status/bulletin/cmd/bulletin/rpm"
)

// actionsFile is the file that makes dnf5's actions plugin run the
// guard, built in so that a user who installed bulletin alone can install
// it: bulletin guard -actions | sudo tee ...
//
//go:embed dnf5/bulletin.actions
var actionsFile []byte

// actionsPath is where dnf5 reads it from (libdnf5-actions(8)).
const actionsPath = "/etc/dnf/libdnf5-plugins/actions.d/bulletin.actions"

// guardStopped is the exit status of a guard that stops the transaction.
const guardStopped = exitStatus(3)

// guardTimeout bounds each request of the guard to the site, unless the
// configuration says otherwise: a transaction waits for it.
const guardTimeout = 5 * time.Second

var guardCommand = &command{
	name: "guard",
	args: " [package ...]",
	summary: "Check a transaction's incoming packages against open incidents: for dnf5.\n\n" +
		"dnf5's actions plugin runs it after resolving a transaction, before showing it\n" +
		"(cmd/bulletin/dnf5/bulletin.actions; with -dnf5 it asks dnf5 for the incoming\n" +
		"packages). For each open incident of this machine's release (found as bulletin\n" +
		"status finds it) that names an incoming package, it prints the incident, its\n" +
		"workaround, downgrade command and address. A bare name in an incident's packages\n" +
		"names every build, except one coming as a downgrade (the workaround); a NEVR\n" +
		"names that build, or every build from it up to the incident's fix when the fix\n" +
		"is a build of the same package. When such an incident asks users to act\n" +
		"(action_required) and nobody acknowledged it here, the guard stops the\n" +
		"transaction until root runs bulletin guard -ack ID (kept in\n" +
		"/var/lib/bulletin/acknowledged). It never stops one because the site cannot\n" +
		"be reached: it says that it could not check, and warns from the copy kept.\n\n" +
		"Exit status: 0 the transaction may go on; 3 it is stopped.",
	example: "bulletin guard mesa-vulkan-drivers-25.2.7-2.fc43.x86_64   # as if dnf5 were to install it\n" +
		"sudo bulletin guard -ack grub2-secure-boot-rescue           # once you have done what it asks",
	flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		var mf machineFlags
		mf.register(fs)
		dnf5 := fs.Bool("dnf5", false, "ask dnf5's actions plugin for the incoming packages, in its JSON mode, on standard input and output")
		actions := fs.Bool("actions", false, "print the actions file that makes dnf5 run the guard, to install as "+actionsPath)
		ack := fs.String("ack", "", "acknowledge the incident with this `id`: the guard no longer stops transactions for it (as root)")
		return func(ctx context.Context, e *env, args []string) error {
			if *actions {
				_, err := e.stdout.Write(actionsFile)
				return err
			}
			if *ack != "" {
				if len(args) > 0 || *dnf5 {
					fmt.Fprintf(e.stderr, "bulletin guard: -ack takes no packages\n")
					return errUsage
				}
				return acknowledge(ctx, e, &mf, *ack)
			}
			var session *dnf5Session
			var incoming []incomingPackage
			switch {
			case *dnf5 && len(args) > 0:
				fmt.Fprintf(e.stderr, "bulletin guard: -dnf5 takes the packages from dnf5, not from arguments\n")
				return errUsage
			case *dnf5:
				session = newDNF5Session(e.stdin, e.stdout)
				var err error
				if incoming, err = session.incoming(); err != nil {
					// A broken conversation is dnf5's to report: with
					// raise_error=1 it stops the transaction.
					return fmt.Errorf("dnf5: %v", err)
				}
			case len(args) == 0:
				fmt.Fprintf(e.stderr, "bulletin guard: no packages: give the incoming ones (NEVRAs, or - to read them from standard input), or -dnf5\n")
				return errUsage
			default:
				for _, a := range args {
					if a == "-" {
						pkgs, err := readPackages(e, "-")
						if err != nil {
							return err
						}
						for _, p := range pkgs {
							incoming = append(incoming, incomingPackage{Package: p})
						}
						continue
					}
					incoming = append(incoming, incomingPackage{Package: parsePackage(a)})
				}
			}
			if len(incoming) == 0 {
				return nil // a transaction that only removes packages
			}
			return guard(ctx, e, &mf, incoming, session)
		}
	},
}

// incomingPackage is a package that a transaction brings to the machine.
type incomingPackage struct {
	rpm.Package
	Action string // dnf5's letter: I install, U upgrade, D downgrade, R reinstall; "" not known
}

var actionWords = map[string]string{"I": "install", "U": "upgrade", "D": "downgrade", "R": "reinstall"}

func (p incomingPackage) String() string {
	if w := actionWords[p.Action]; w != "" {
		return p.Package.String() + " (" + w + ")"
	}
	return p.Package.String()
}

// guardOptions are the client's options for the guard: a shorter wait.
func guardOptions(e *env, mf *machineFlags) (client.Options, error) {
	o, err := mf.options(e)
	if err == nil && o.Config.Timeout == 0 {
		o.Fetcher.Timeout = guardTimeout
	}
	return o, err
}

// guard checks the incoming packages, warns, and stops the transaction
// when it must. Whatever keeps it from checking, it says so and lets the
// transaction go on: a guard that breaks dnf5 when a site is down would
// be uninstalled, and would protect nobody after.
func guard(ctx context.Context, e *env, mf *machineFlags, incoming []incomingPackage, session *dnf5Session) error {
	w := e.stderr
	couldNot := func(err error) error {
		fmt.Fprintf(w, "bulletin guard: could not check for known problems: %v\nbulletin guard: the transaction goes on unchecked.\n", err)
		return nil
	}
	o, err := guardOptions(e, mf)
	if err != nil {
		return couldNot(err)
	}
	st, err := client.Check(ctx, o)
	if err != nil {
		return couldNot(err)
	}
	now := e.clock()
	offline := st.Copy.Err != nil
	if offline {
		fmt.Fprintf(w, "bulletin guard: could not reach %s (%v); checked against the copy kept %s, which never stops a transaction.\n", st.Copy.URL, st.Copy.Err, age(now, st.Copy.Checked))
	}
	acks, err := client.LoadAcks(filepath.Join(mf.root, client.StateDir))
	if err != nil {
		fmt.Fprintf(w, "bulletin guard: %v; no incident counts as acknowledged\n", err)
		acks = new(client.Acks)
	}
	pkgs := make([]rpm.Package, len(incoming))
	actions := map[string]string{}
	for i, p := range incoming {
		pkgs[i] = p.Package
		actions[p.Package.String()] = p.Action
	}
	downgrade := func(p rpm.Package) bool { return actions[p.String()] == "D" }
	var stops []client.Entry
	for _, inc := range st.Doc.Incidents {
		hits := inc.Hits(st.Release.ID, pkgs, downgrade)
		if len(hits) == 0 {
			continue
		}
		rep := reportIncident(inc, st.Release.ID, acks)
		var names []string
		for _, h := range hits {
			rep.Installed = append(rep.Installed, incomingPackage{h.Package, actions[h.Package.String()]}.String())
			names = append(names, h.Package.String())
		}
		fmt.Fprintf(w, "\nbulletin guard: this transaction brings packages that an open incident on %s names:\n", st.Release.Name)
		printEntry(w, rep, entryStyle{indent: "  ", where: "in this transaction", label: "In this transaction", now: now})
		if session != nil {
			msg := fmt.Sprintf("bulletin: %s: %s (%s)", strings.Join(names, ", "), inc.Title, inc.URL)
			if err := session.log("WARNING", msg); err != nil {
				return fmt.Errorf("dnf5: %v", err)
			}
		}
		if inc.ActionRequired && !acks.Has(inc.ID) {
			stops = append(stops, inc)
		}
	}
	if len(stops) == 0 || offline {
		return nil
	}
	fmt.Fprintf(w, "\nbulletin guard: stopped the transaction. %s asks you to act before you update:\n", oneOrMany(len(stops), "An open incident", "Open incidents"))
	var ids []string
	for _, inc := range stops {
		fmt.Fprintf(w, "  %s\n  %s\n", inc.Title, inc.URL)
		ids = append(ids, inc.ID)
	}
	fmt.Fprintf(w, "Read %s and do what it says; then acknowledge it, and run dnf5 again:\n", oneOrMany(len(stops), "it", "them"))
	for _, id := range ids {
		fmt.Fprintf(w, "  sudo bulletin guard -ack %s\n", id)
	}
	if session != nil {
		msg := fmt.Sprintf("bulletin: %s asks you to act before this update: read %s, then run: sudo bulletin guard -ack %s",
			stops[0].ID, stops[0].URL, stops[0].ID)
		if len(stops) > 1 {
			msg = fmt.Sprintf("bulletin: %d open incidents ask you to act before this update (%s): read them, then run sudo bulletin guard -ack for each", len(stops), strings.Join(ids, ", "))
		}
		// dnf5 ends the transaction at this request, and closes the pipes
		// without a reply; the exit status says the same to dnf5 versions
		// that would not.
		if err := session.stop(msg); err != nil {
			return fmt.Errorf("dnf5: %v", err)
		}
	}
	return guardStopped
}

// oneOrMany says one or many things.
func oneOrMany(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// acknowledge records that the machine's administrator has read an
// incident that asks users to act.
func acknowledge(ctx context.Context, e *env, mf *machineFlags, id string) error {
	acks, err := client.LoadAcks(filepath.Join(mf.root, client.StateDir))
	if err != nil {
		return err
	}
	title := ""
	if o, err := guardOptions(e, mf); err != nil {
		fmt.Fprintf(e.stderr, "bulletin guard: could not check that %s is an open incident: %v\n", id, err)
	} else if st, err := client.Check(ctx, o); err != nil {
		fmt.Fprintf(e.stderr, "bulletin guard: could not check that %s is an open incident: %v\n", id, err)
	} else {
		var known []string
		for _, inc := range st.Doc.Incidents {
			if inc.ID == id {
				title = inc.Title
			}
			if inc.ActionRequired {
				known = append(known, inc.ID)
			}
		}
		if title == "" {
			which := "none of its open incidents asks you to act"
			if len(known) > 0 {
				which = "the open incidents that ask you to act: " + strings.Join(known, ", ")
			}
			return fmt.Errorf("no open incident %q on %s; %s", id, st.Release.Name, which)
		}
	}
	if err := acks.Add(id, e.clock()); err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return fmt.Errorf("cannot write %s: %v; acknowledge as root: sudo bulletin guard -ack %s", acks.Path(), errors.Unwrap(err), id)
		}
		return err
	}
	what := id
	if title != "" {
		what = fmt.Sprintf("%s (%s)", id, title)
	}
	fmt.Fprintf(e.stdout, "acknowledged %s: bulletin guard no longer stops transactions for it, and still warns of its packages\n", what)
	return nil
}

// dnf5Session speaks the JSON mode of dnf5's actions plugin
// (libdnf5-actions(8), "Messages in json communication mode", and
// libdnf5-plugins/actions/actions.cpp in dnf5 5.2.11 and later): the
// process writes one JSON request at a time to standard output and reads
// the plugin's reply, one JSON object and a newline, from standard input.
// Standard error is dnf5's own, the user's terminal: what people read goes
// there, since standard output is the protocol.
type dnf5Session struct {
	replies *json.Decoder
	out     io.Writer
}

func newDNF5Session(in io.Reader, out io.Writer) *dnf5Session {
	if in == nil {
		in = strings.NewReader("")
	}
	return &dnf5Session{replies: json.NewDecoder(in), out: out}
}

// dnf5Reply is the plugin's answer to a request.
type dnf5Reply struct {
	Op          string `json:"op"`
	RequestedOp string `json:"requested_op"`
	Domain      string `json:"domain"`
	Status      string `json:"status"`
	Message     string `json:"message"`
	Return      struct {
		TransPackages []map[string]string `json:"trans_packages"`
	} `json:"return"`
}

func (s *dnf5Session) send(req any) error {
	data, err := json.Marshal(req)
	if err != nil {
		return err
	}
	_, err = s.out.Write(append(data, '\n'))
	return err
}

func (s *dnf5Session) call(req map[string]any) (*dnf5Reply, error) {
	if err := s.send(req); err != nil {
		return nil, err
	}
	var r dnf5Reply
	if err := s.replies.Decode(&r); err != nil {
		return nil, fmt.Errorf("no reply to %s: %v", req["op"], err)
	}
	if r.Op != "reply" || r.RequestedOp != req["op"] {
		return nil, fmt.Errorf("a reply %q to %q, for a request %q", r.Op, r.RequestedOp, req["op"])
	}
	if r.Status != "OK" {
		return nil, fmt.Errorf("%s %v: %s", req["op"], req["domain"], r.Message)
	}
	return &r, nil
}

// incoming asks for the packages coming to the system: installed,
// upgraded, downgraded or reinstalled (direction IN).
func (s *dnf5Session) incoming() ([]incomingPackage, error) {
	r, err := s.call(map[string]any{
		"op": "get", "domain": "trans_packages",
		"args": map[string]any{
			"filters": []map[string]string{{"key": "direction", "value": "IN"}},
			"output":  []string{"name", "epoch", "version", "release", "arch", "action"},
		},
	})
	if err != nil {
		return nil, err
	}
	var out []incomingPackage
	for _, p := range r.Return.TransPackages {
		out = append(out, incomingPackage{
			Package: rpm.Package{Name: p["name"], Epoch: p["epoch"], Version: p["version"], Release: p["release"], Arch: p["arch"]},
			Action:  p["action"],
		})
	}
	slices.SortFunc(out, func(a, b incomingPackage) int { return strings.Compare(a.Package.String(), b.Package.String()) })
	return out, nil
}

// log writes a message to dnf5's log (/var/log/dnf5.log), where an
// administrator finds it after the fact.
func (s *dnf5Session) log(level, message string) error {
	_, err := s.call(map[string]any{"op": "log", "args": map[string]string{"level": level, "message": message}})
	return err
}

// stop asks dnf5 to stop the transaction, with the message it prints.
func (s *dnf5Session) stop(message string) error {
	return s.send(map[string]any{"op": "stop", "args": map[string]string{"message": message}})
}
