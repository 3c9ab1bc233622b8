package announce

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// GitStore keeps the record as the file announced.json on a branch of
// its own in the site's repository, where every CI machine finds it: each
// save is a commit, and the branch's history is the log of what was sent.
// Saves are compare-and-swap pushes (--force-with-lease naming the commit
// read), so of two runs that read the same record only one can move it.
type GitStore struct {
	Dir    string // a folder of a clone of the repository
	Remote string // "origin"
	Branch string // "bulletin-announced"
}

// recordFile is the record's file name on the branch.
const recordFile = "announced.json"

func (s GitStore) String() string {
	return fmt.Sprintf("branch %s of %s", s.Branch, s.Remote)
}

func (s GitStore) ref() string { return "refs/heads/" + s.Branch }

// Load fetches the branch and reads the record from its newest commit.
func (s GitStore) Load(ctx context.Context) (*Record, string, error) {
	head, err := s.remoteHead(ctx)
	if err != nil || head == "" {
		return nil, "", err
	}
	local := "refs/bulletin/" + s.Branch
	if _, err := s.git(ctx, nil, "fetch", "--quiet", "--no-tags", s.Remote, "+"+s.ref()+":"+local); err != nil {
		return nil, "", err
	}
	commit, err := s.git(ctx, nil, "rev-parse", local)
	if err != nil {
		return nil, "", err
	}
	data, err := s.git(ctx, nil, "show", commit+":"+recordFile)
	if err != nil {
		return nil, "", err
	}
	r, err := decodeRecord([]byte(data), s.String()+": "+recordFile)
	return r, commit, err
}

// Save commits the record on top of the version read and pushes it, unless
// the branch has moved since.
func (s GitStore) Save(ctx context.Context, r *Record, version, message string) (string, error) {
	blob, err := s.git(ctx, r.encode(), "hash-object", "-w", "--stdin")
	if err != nil {
		return "", err
	}
	tree, err := s.git(ctx, []byte("100644 blob "+blob+"\t"+recordFile+"\n"), "mktree")
	if err != nil {
		return "", err
	}
	args := []string{"commit-tree", tree, "-m", message}
	if version != "" {
		args = append(args, "-p", version)
	}
	commit, err := s.git(ctx, nil, args...)
	if err != nil {
		return "", err
	}
	// The lease names the commit read ("" for none): the push is refused
	// if the branch is anywhere else.
	_, pushErr := s.git(ctx, nil, "push", "--quiet", "--force-with-lease="+s.ref()+":"+version, s.Remote, commit+":"+s.ref())
	if pushErr == nil {
		return commit, nil
	}
	// Refused because another run moved the branch, or for another reason
	// (no right to push, no network), which is an error of its own.
	head, err := s.remoteHead(ctx)
	if err == nil && head != version {
		return "", ErrConflict
	}
	return "", pushErr
}

// remoteHead returns the commit the branch is at on the remote, or "" when
// it has none.
func (s GitStore) remoteHead(ctx context.Context) (string, error) {
	cmd := exec.CommandContext(ctx, "git", "-C", s.Dir, "ls-remote", "--exit-code", s.Remote, s.ref())
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		return "", nil // --exit-code: no such ref
	}
	if err != nil {
		return "", fmt.Errorf("git ls-remote %s %s: %v: %s", s.Remote, s.ref(), err, strings.TrimSpace(errOut.String()))
	}
	head, _, _ := strings.Cut(out.String(), "\t")
	return strings.TrimSpace(head), nil
}

// git runs a git command in the store's folder, as bulletin, and returns
// what it printed, trimmed.
func (s GitStore) git(ctx context.Context, stdin []byte, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", s.Dir, "-c", "commit.gpgSign=false"}, args...)...)
	// The commits are the program's, not the person's whose machine runs
	// it; and a configured signing key must not prompt.
	cmd.Env = append(cmd.Environ(),
		"GIT_AUTHOR_NAME=bulletin announce", "GIT_AUTHOR_EMAIL=bulletin@localhost",
		"GIT_COMMITTER_NAME=bulletin announce", "GIT_COMMITTER_EMAIL=bulletin@localhost",
		"GIT_TERMINAL_PROMPT=0")
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %v: %s", args[0], err, strings.TrimSpace(errOut.String()))
	}
	return strings.TrimSpace(out.String()), nil
}
