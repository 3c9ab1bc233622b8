package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bulletin-status/bulletin/cmd/bulletin/client"
)

// actionsFileName is the file that bulletin ships for dnf5.
const actionsFileName = "dnf5/bulletin.actions"

// dnf5Action is a line of an actions file, as dnf5's actions plugin reads
// it.
type dnf5Action struct {
	line       int
	hook       string
	filter     string
	direction  string
	mode       string
	raiseError bool
	args       []string // split, not yet substituted nor unescaped
}

// parseActions reads an actions file with the rules of dnf5's actions
// plugin (Actions::parse_action_files in libdnf5-plugins/actions/
// actions.cpp, dnf5 5.4, and libdnf5-actions(8)): a line that is empty or
// starts with # is skipped; any other is five fields split at the first
// four colons, hook:package_filter:direction:options:command; an unknown
// hook, option, mode, direction or raise_error value is an error, which
// would fail every dnf5 command.
func parseActions(data string) ([]dnf5Action, error) {
	hooks := []string{"pre_base_setup", "post_base_setup", "repos_configured", "repos_loaded", "pre_add_cmdline_packages",
		"post_add_cmdline_packages", "goal_resolved", "pre_transaction", "post_transaction"}
	var actions []dnf5Action
	for n, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.SplitN(line, ":", 5)
		if len(f) < 5 {
			return nil, fmt.Errorf("line %d: \"HOOK:PKG_FILTER:DIRECTION:OPTIONS:CMD\" format expected", n+1)
		}
		a := dnf5Action{line: n + 1, hook: f[0], filter: f[1], direction: f[2], mode: "plain"}
		for _, opt := range splitArgs(f[3]) {
			switch name, value, _ := strings.Cut(opt, "="); name {
			case "enabled":
				if !slices.Contains([]string{"1", "host-only", "installroot-only"}, value) {
					return nil, fmt.Errorf("line %d: Unknown \"enabled\" option value %q", n+1, value)
				}
			case "mode":
				if value != "plain" && value != "json" {
					return nil, fmt.Errorf("line %d: Unknown mode %q", n+1, value)
				}
				a.mode = value
			case "raise_error":
				if value != "0" && value != "1" {
					return nil, fmt.Errorf("line %d: Unsupported value of the \"raise_error\" option: %s", n+1, value)
				}
				a.raiseError = value == "1"
			default:
				return nil, fmt.Errorf("line %d: Unknown option %q", n+1, opt)
			}
		}
		if !slices.Contains(hooks, a.hook) {
			return nil, fmt.Errorf("line %d: Unknown hook %q", n+1, a.hook)
		}
		if a.filter != "" && !slices.Contains([]string{"goal_resolved", "pre_transaction", "post_transaction"}, a.hook) {
			return nil, fmt.Errorf("line %d: Package filter can only be used in GOAL_RESOLVED, PRE_TRANS and POST_TRANS hooks", n+1)
		}
		if a.filter == "" && a.direction != "" {
			return nil, fmt.Errorf("line %d: Cannot use direction without package filter", n+1)
		}
		if !slices.Contains([]string{"", "in", "out"}, a.direction) {
			return nil, fmt.Errorf("line %d: Unknown package direction %q", n+1, a.direction)
		}
		if a.args = splitArgs(f[4]); len(a.args) == 0 {
			return nil, fmt.Errorf("line %d: Missing command", n+1)
		}
		actions = append(actions, a)
	}
	return actions, nil
}

// splitArgs splits at spaces that no backslash escapes, as the plugin's
// split() does.
func splitArgs(s string) []string {
	var out []string
	var cur strings.Builder
	escape := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' && !escape {
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
			continue
		}
		escape = !escape && c == '\\'
		cur.WriteByte(c)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// substitute replaces ${conf.NAME} with dnf5's configuration (the plugin
// knows more variables; the file uses only this kind) and removes the
// escapes, as the plugin does before it runs a command. An unknown
// variable skips the command.
func substitute(arg string, conf map[string]string) (string, error) {
	for {
		i := strings.Index(arg, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(arg[i:], '}')
		name := arg[i+2 : i+j]
		v, ok := conf[strings.TrimPrefix(name, "conf.")]
		if !strings.HasPrefix(name, "conf.") || !ok {
			return "", fmt.Errorf("Unknown variable %q", name)
		}
		arg = arg[:i] + v + arg[i+j+1:]
	}
	return strings.NewReplacer(`\ `, " ", `\\`, `\`).Replace(arg), nil
}

// transPackage is a package of a transaction, with the attributes the
// plugin gives in its JSON mode.
type transPackage struct {
	name, epoch, version, release, arch, action, repo string
}

func (p transPackage) attr(name string) string {
	switch name {
	case "name":
		return p.name
	case "epoch":
		return p.epoch
	case "version":
		return p.version
	case "release":
		return p.release
	case "arch":
		return p.arch
	case "action":
		return p.action
	case "repo_id":
		return p.repo
	case "evr":
		if p.epoch != "0" {
			return p.epoch + ":" + p.version + "-" + p.release
		}
		return p.version + "-" + p.release
	case "direction":
		if strings.Contains("IUDR", p.action) {
			return "IN"
		}
		return "OUT"
	}
	return ""
}

// dnf5Plugin plays dnf5's actions plugin at the goal_resolved hook, from
// its source (libdnf5-plugins/actions/actions.cpp, dnf5 5.4): it runs each
// goal_resolved action's command, without a shell, its standard input and
// output on pipes and its standard error the terminal's; in JSON mode it
// reads requests from the command's output (a JSON tokenizer: newlines
// between them do not matter) and writes each reply as one JSON object
// and a newline; "stop" ends the transaction at once, with no reply; at
// the end, a non-zero exit status is an error, which stops dnf5 under
// raise_error=1. There is no dnf5 here: Debian does not package it.
type dnf5Plugin struct {
	t    *testing.T
	file string
	conf map[string]string // dnf5's configuration, for ${conf.NAME}
	env  []string          // dnf5's environment, which actions inherit
}

// dnf5Result is what a goal_resolved hook ends in.
type dnf5Result struct {
	err      string   // what dnf5 prints and exits 1 with; "" when the transaction goes on
	terminal string   // what the actions wrote to the terminal
	log      []string // what they logged, "LEVEL message"
	requests []string // the operations they asked for
}

func (p *dnf5Plugin) goalResolved(trans []transPackage) (res dnf5Result) {
	t := p.t
	t.Helper()
	data, err := os.ReadFile(p.file)
	if err != nil {
		t.Fatal(err)
	}
	actions, err := parseActions(string(data))
	if err != nil {
		t.Fatalf("%s: %v", p.file, err)
	}
	var terminal bytes.Buffer
	defer func() { res.terminal = terminal.String() }()
	for _, a := range actions {
		if a.hook != "goal_resolved" {
			continue
		}
		if a.filter != "" {
			t.Fatalf("%s:%d: the guard is to run once per transaction, with an empty filter", p.file, a.line)
		}
		var args []string
		for _, arg := range a.args {
			v, err := substitute(arg, p.conf)
			if err != nil {
				t.Fatalf("%s:%d: %v", p.file, a.line, err)
			}
			args = append(args, v)
		}
		// bulletin is not installed at the path the file names: the test
		// binary plays it (TestMain).
		if args[0] != "/usr/local/bin/bulletin" {
			t.Fatalf("%s:%d: runs %s, not /usr/local/bin/bulletin", p.file, a.line, args[0])
		}
		exe, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(exe, args[1:]...)
		cmd.Env = append(slices.Clone(p.env), "BULLETIN_TEST_AS_MAIN=1")
		cmd.Stderr = &terminal
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		where := fmt.Sprintf("File %q on line %d: ", p.file, a.line)
		stopped := ""
		if a.mode == "json" {
			stopped = p.converse(a, stdin, stdout, trans, &res)
		} else {
			io.Copy(io.Discard, stdout)
		}
		stdin.Close()
		err = cmd.Wait()
		if stopped != "" {
			res.err = where + "Action calls for stop: " + stopped
			return res
		}
		exit, _ := err.(*exec.ExitError)
		if exit != nil && a.raiseError {
			res.err = where + fmt.Sprintf("Exit code: %d", exit.ExitCode())
			return res
		}
		if err != nil && exit == nil {
			t.Fatal(err)
		}
	}
	return res
}

// converse answers the action's requests in JSON mode; it returns the
// message of a stop request, or "".
func (p *dnf5Plugin) converse(a dnf5Action, stdin io.WriteCloser, stdout io.Reader, trans []transPackage, res *dnf5Result) string {
	t := p.t
	dec := json.NewDecoder(bufio.NewReader(stdout))
	for {
		var req struct {
			Op     string `json:"op"`
			Domain string `json:"domain"`
			Args   struct {
				Output  []string `json:"output"`
				Filters []struct {
					Key, Value, Operator string
				} `json:"filters"`
				Level   string `json:"level"`
				Message string `json:"message"`
			} `json:"args"`
		}
		if err := dec.Decode(&req); err == io.EOF {
			return ""
		} else if err != nil {
			t.Fatalf("%s:%d: Syntax error in json request from action: %v", p.file, a.line, err)
		}
		res.requests = append(res.requests, strings.TrimSpace(req.Op+" "+req.Domain))
		reply := map[string]any{"op": "reply", "requested_op": req.Op, "domain": req.Domain, "status": "OK"}
		switch {
		case req.Op == "get" && req.Domain == "trans_packages":
			var out []map[string]string
			for _, pkg := range trans {
				keep := true
				for _, f := range req.Args.Filters {
					if f.Operator != "" && f.Operator != "EQ" || pkg.attr(f.Key) != f.Value {
						keep = false
					}
				}
				if !keep {
					continue
				}
				o := map[string]string{}
				for _, attr := range req.Args.Output {
					o[attr] = pkg.attr(attr)
				}
				out = append(out, o)
			}
			reply["return"] = map[string]any{"trans_packages": out}
		case req.Op == "log":
			reply["domain"] = "log"
			res.log = append(res.log, req.Args.Level+" "+req.Args.Message)
		case req.Op == "stop":
			return req.Args.Message
		default:
			t.Fatalf("%s:%d: a request the guard has no need of: %+v", p.file, a.line, req)
		}
		data, _ := json.Marshal(reply)
		stdin.Write(append(data, '\n'))
	}
}

// TestActionsFile checks the shipped actions file against the plugin's
// rules: one goal_resolved action, in JSON mode, whose failure stops dnf5.
func TestActionsFile(t *testing.T) {
	data, err := os.ReadFile(actionsFileName)
	if err != nil {
		t.Fatal(err)
	}
	// bulletin guard -actions prints it, for users without the source.
	if out, _, code := runTest(t, nil, "guard", "-actions"); code != 0 || out != string(data) {
		t.Errorf("guard -actions: exit %d\n%s", code, out)
	}
	actions, err := parseActions(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(actions) != 1 {
		t.Fatalf("%d actions, want 1", len(actions))
	}
	a := actions[0]
	if a.hook != "goal_resolved" || a.filter != "" || a.direction != "" || a.mode != "json" || !a.raiseError {
		t.Errorf("%+v, want goal_resolved, once per transaction, mode=json raise_error=1", a)
	}
	if got, want := strings.Join(a.args, " "), "/usr/local/bin/bulletin guard -dnf5 -root ${conf.installroot}"; got != want {
		t.Errorf("command %q, want %q", got, want)
	}
	for _, bad := range []string{
		"goal_resolved:::mode=json rase_error=1:/usr/local/bin/bulletin guard -dnf5",
		"goal_resolve:::mode=json:/usr/local/bin/bulletin guard -dnf5",
		"goal_resolved::in:mode=json:/usr/local/bin/bulletin guard -dnf5",
		"goal_resolved:::mode=json",
	} {
		if _, err := parseActions(bad); err == nil {
			t.Errorf("%q: the plugin would refuse it, the test's parser does not", bad)
		}
	}
}

// TestGuardDNF5 runs the guard as dnf5's actions plugin runs it from the
// shipped actions file, before transactions of a Fedora 43 machine,
// against the sample site (with an incident that asks users to act)
// served on 127.0.0.1.
func TestGuardDNF5(t *testing.T) {
	s := newSite(t, machineEntries)
	root := machine(t, "fedora-43-workstation")
	writeFile(t, filepath.Join(root, "etc/bulletin/status.conf"), "url = "+s.url()+"\n")
	home := t.TempDir()
	dnf5 := &dnf5Plugin{t: t, file: actionsFileName, conf: map[string]string{"installroot": root},
		env: []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CACHE_HOME=" + filepath.Join(home, "cache")}}

	firefox := transPackage{"firefox", "0", "145.0.1", "1.fc43", "x86_64", "U", "updates"}
	mesa := transPackage{"mesa-vulkan-drivers", "0", "25.2.7", "2.fc43", "x86_64", "U", "updates"}
	oldMesa := transPackage{"mesa-vulkan-drivers", "0", "25.2.6", "1.fc43", "x86_64", "O", "@System"}
	shim := transPackage{"shim-x64", "0", "16.2", "1.fc43", "x86_64", "U", "updates"}
	mokutil := transPackage{"mokutil", "2", "0.7.2", "3.fc43", "x86_64", "D", "fedora"}

	// Nothing known: the transaction goes on, in silence.
	res := dnf5.goalResolved([]transPackage{firefox})
	if res.err != "" || res.terminal != "" || len(res.log) != 0 || strings.Join(res.requests, ",") != "get trans_packages" {
		t.Errorf("firefox: %+v", res)
	}

	// Mesa: warned, logged, not stopped.
	res = dnf5.goalResolved([]transPackage{firefox, mesa, oldMesa})
	wantMesa := `
bulletin guard: this transaction brings packages that an open incident on Fedora 43 names:
  [in this transaction] Mesa 25.2.7-2 update makes Steam games hang on AMD Radeon GPUs
    major, identified, since 2026-11-19 09:40 UTC
    https://status.example.org/news/mesa-25-2-7-steam-hangs-radv/
    In this transaction: mesa-vulkan-drivers-25.2.7-2.fc43.x86_64 (upgrade).
    Packages: mesa-vulkan-drivers-25.2.7-2.fc43, mesa-dri-drivers-25.2.7-2.fc43, mesa-vulkan-drivers-25.2.7-2.fc42
    Workaround:
        Until the fixed build reaches stable, either downgrade Mesa with the
        command below, or start affected games with the RADV shader cache
        disabled: in Steam, open the game's Properties → Launch options and
        enter

            RADV_DEBUG=nocache %command%

        Games start more slowly the first time, but no longer hang. Remove the
        launch option once you have updated to mesa-25.2.7-3 or later.
    Downgrade: sudo dnf downgrade --releasever=43 mesa-vulkan-drivers mesa-dri-drivers mesa-libGL mesa-va-drivers
    Fix expected: 2026-11-23 18:00 UTC
`
	// The guard runs on the wall clock, on which the ETA may have passed.
	if got := strings.Replace(s.clean(res.terminal), " (overdue)", "", 1); res.err != "" || got != wantMesa {
		t.Errorf("mesa: dnf5 %q, terminal:\n%s\nwant:\n%s", res.err, got, wantMesa)
	}
	if got, want := s.clean(strings.Join(res.log, "\n")), "WARNING bulletin: mesa-vulkan-drivers-25.2.7-2.fc43.x86_64: Mesa 25.2.7-2 update makes Steam games hang on AMD Radeon GPUs (https://status.example.org/news/mesa-25-2-7-steam-hangs-radv/)"; got != want {
		t.Errorf("mesa: logged %q, want %q", got, want)
	}

	// shim asks users to act: stopped, with what to do.
	res = dnf5.goalResolved([]transPackage{firefox, shim})
	wantErr := fmt.Sprintf("File %q on line 22: Action calls for stop: bulletin: shim-16-2-new-secure-boot-key asks you to act before this update: read https://status.example.org/news/shim-16-2-new-secure-boot-key/, then run: sudo bulletin guard -ack shim-16-2-new-secure-boot-key", actionsFileName)
	wantStop := `
bulletin guard: stopped the transaction. An open incident asks you to act before you update:
  shim 16.2: Secure Boot machines must enrol Fedora's new key before they reboot
  https://status.example.org/news/shim-16-2-new-secure-boot-key/
Read it and do what it says; then acknowledge it, and run dnf5 again:
  sudo bulletin guard -ack shim-16-2-new-secure-boot-key
`
	if s.clean(res.err) != wantErr || !strings.HasSuffix(s.clean(res.terminal), wantStop) || !strings.Contains(res.terminal, "  [in this transaction] shim 16.2") {
		t.Errorf("shim: dnf5 %q\nwant %q\nterminal:\n%s", s.clean(res.err), wantErr, s.clean(res.terminal))
	}
	if got := strings.Join(res.requests, ","); got != "get trans_packages,log,stop" {
		t.Errorf("shim: requests %s", got)
	}

	// A bare name coming as a downgrade (the workaround) is not warned of.
	res = dnf5.goalResolved([]transPackage{mokutil})
	if res.err != "" || res.terminal != "" {
		t.Errorf("mokutil downgrade: %+v", res)
	}
	mokutil.action = "U"
	if res = dnf5.goalResolved([]transPackage{mokutil}); !strings.Contains(res.err, "Action calls for stop") {
		t.Errorf("mokutil upgrade: %+v", res)
	}

	// Acknowledged, by root: warned, not stopped.
	out, errOut, code := runOn(t, machineNow, nil, "", "guard", "-root", root, "-ack", "shim-16-2-new-secure-boot-key")
	if code != 0 || out != "acknowledged shim-16-2-new-secure-boot-key (shim 16.2: Secure Boot machines must enrol Fedora's new key before they reboot): bulletin guard no longer stops transactions for it, and still warns of its packages\n" || errOut != "" {
		t.Errorf("-ack: exit %d\n%s%s", code, out, errOut)
	}
	res = dnf5.goalResolved([]transPackage{shim})
	if res.err != "" || !strings.Contains(res.terminal, "    Action required (acknowledged).\n") {
		t.Errorf("after -ack: %+v", res)
	}
	acks, _ := os.ReadFile(filepath.Join(root, "var/lib/bulletin/acknowledged"))
	if !strings.HasSuffix(string(acks), "\nshim-16-2-new-secure-boot-key 2026-11-21T12:30:00Z\n") {
		t.Errorf("acknowledged:\n%s", acks)
	}
}

// TestGuardNeverBlocksOnTheNetwork: with the site down, the guard warns
// from the copy it kept and says so, and does not stop even for an
// incident that asks users to act; with no copy, it says it could not
// check.
func TestGuardNeverBlocksOnTheNetwork(t *testing.T) {
	s := newSite(t, machineEntries)
	root := machine(t, "fedora-43-workstation")
	writeFile(t, filepath.Join(root, "etc/bulletin/status.conf"), "url = "+s.url()+"\n")
	home := t.TempDir()
	dnf5 := &dnf5Plugin{t: t, file: actionsFileName, conf: map[string]string{"installroot": root},
		env: []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "XDG_CACHE_HOME=" + filepath.Join(home, "cache")}}
	shim := transPackage{"shim-x64", "0", "16.2", "1.fc43", "x86_64", "U", "updates"}

	s.setDown(true)
	res := dnf5.goalResolved([]transPackage{shim})
	want := fmt.Sprintf("bulletin guard: could not check for known problems: Get %q: EOF\nbulletin guard: the transaction goes on unchecked.\n", "https://status.example.org/status.json")
	if res.err != "" || s.clean(res.terminal) != want {
		t.Errorf("down, no copy: %+v\nwant terminal:\n%s", res, want)
	}

	s.setDown(false)
	if res = dnf5.goalResolved([]transPackage{shim}); !strings.Contains(res.err, "Action calls for stop") {
		t.Fatalf("up: %+v", res)
	}
	s.setDown(true)
	res = dnf5.goalResolved([]transPackage{shim})
	first, _, _ := strings.Cut(s.clean(res.terminal), "\n")
	if res.err != "" || !strings.HasPrefix(first, "bulletin guard: could not reach https://status.example.org/releases/f43/status.json (Get ") ||
		!strings.HasSuffix(first, "); checked against the copy kept just now, which never stops a transaction.") ||
		!strings.Contains(res.terminal, "[in this transaction] shim 16.2") {
		t.Errorf("down, a copy kept: %+v", res)
	}
}

// TestGuardArguments checks the guard given the incoming packages as
// arguments or on standard input, as other tools (or a person) call it,
// and its mistakes of usage.
func TestGuardArguments(t *testing.T) {
	s := newSite(t, machineEntries)
	root := machine(t, "fedora-43-workstation")
	getenv := map[string]string{"BULLETIN_URL": s.url()}
	run := func(stdin string, args ...string) (string, string, int) {
		t.Helper()
		out, errOut, code := runOn(t, machineNow, getenv, stdin, append([]string{"guard", "-root", root, "-cache", t.TempDir()}, args...)...)
		return out, s.clean(errOut), code
	}
	if out, errOut, code := run("", "kernel-6.17.9-300.fc43.x86_64", "mesa-vulkan-drivers-25.2.7-3.fc43.x86_64"); code != 0 || out != "" || errOut != "" {
		t.Errorf("nothing known: exit %d\n%s%s", code, out, errOut)
	}
	if _, errOut, code := run("", "mesa-vulkan-drivers-25.2.7-2.fc43.x86_64"); code != 0 || !strings.Contains(errOut, "In this transaction: mesa-vulkan-drivers-25.2.7-2.fc43.x86_64.\n") {
		t.Errorf("mesa: exit %d\n%s", code, errOut)
	}
	if _, errOut, code := run("firefox-145.0.1-1.fc43.x86_64\nshim-x64-16.2-1.fc43.x86_64\n", "-"); code != 3 || !strings.Contains(errOut, "bulletin guard: stopped the transaction.") {
		t.Errorf("shim on standard input: exit %d\n%s", code, errOut)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "bulletin guard: no packages: give the incoming ones (NEVRAs, or - to read them from standard input), or -dnf5\n"},
		{[]string{"-dnf5", "kernel"}, 2, "bulletin guard: -dnf5 takes the packages from dnf5, not from arguments\n"},
		{[]string{"-ack", "x", "kernel"}, 2, "bulletin guard: -ack takes no packages\n"},
		{[]string{"-ack", "mesa-steam"}, 1, `bulletin: no open incident "mesa-steam" on Fedora 43; the open incidents that ask you to act: shim-16-2-new-secure-boot-key` + "\n"},
	} {
		_, errOut, code := run("", tt.args...)
		if first, _, _ := strings.Cut(errOut, "\n"); code != tt.code || first+"\n" != tt.want {
			t.Errorf("guard %s: exit %d\n%s\nwant exit %d, %s", strings.Join(tt.args, " "), code, errOut, tt.code, tt.want)
		}
	}
}

// TestGuardAckAsUser: an acknowledgement is the administrator's; a user
// who cannot write it is told to use sudo.
func TestGuardAckAsUser(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write anywhere")
	}
	root := machine(t, "fedora-43-workstation")
	writeFile(t, filepath.Join(root, "var/lib/bulletin/acknowledged"), "")
	os.Chmod(filepath.Join(root, "var/lib/bulletin"), 0o555)
	defer os.Chmod(filepath.Join(root, "var/lib/bulletin"), 0o755)
	_, errOut, code := runOn(t, time.Now(), map[string]string{"BULLETIN_URL": "http://127.0.0.1:1/"}, "", "guard", "-root", root, "-cache", t.TempDir(), "-ack", "x")
	if code != 1 || !strings.Contains(errOut, "acknowledge as root: sudo bulletin guard -ack x") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}

// TestReadmeOnYourMachine keeps README's "On your machine" true: the
// actions line it shows is the shipped one, its status.conf reads, and its
// outputs are what the commands print (statusF43, TestGuardDNF5).
func TestReadmeOnYourMachine(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	_, section, _ := strings.Cut(readme, "\n## On your machine\n")
	section, _, _ = strings.Cut(section, "\n## ")
	actions, _ := os.ReadFile(actionsFileName)
	for _, line := range strings.Split(string(actions), "\n") {
		if line != "" && line[0] != '#' && !strings.Contains(section, "\n    "+line+"\n") {
			t.Errorf("README does not show the actions line %q", line)
		}
	}
	_, conf, _ := strings.Cut(section, "holds one `setting = value` a line, and `#`\ncomments:\n\n```\n")
	conf, _, _ = strings.Cut(conf, "```")
	path := filepath.Join(t.TempDir(), "status.conf")
	writeFile(t, path, conf)
	if c, err := client.ReadConfig(path); err != nil || c.URL != "https://status.example.org/" {
		t.Errorf("README's status.conf: %+v, %v", c, err)
	}
	for _, want := range []string{
		strings.Join(strings.SplitAfterN(statusF43, "\n", 3)[:2], ""),
		"    bulletin guard: stopped the transaction. An open incident asks you to act before you update:\n",
		"    sudo bulletin guard -ack shim-16-2-new-secure-boot-key\n",
	} {
		indented := want
		if !strings.HasPrefix(want, "    ") {
			indented = "    " + strings.ReplaceAll(strings.TrimSuffix(want, "\n"), "\n", "\n    ") + "\n"
		}
		if !strings.Contains(section, indented) {
			t.Errorf("README does not show %q", indented)
		}
	}
}
