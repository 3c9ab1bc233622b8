package main

import (
	"os"
	"os/exec"
	"testing"
)

// TestMain lets the test binary be bulletin itself when a test runs it
// with BULLETIN_TEST_AS_MAIN=1: for dnf5's actions plugin to run as a
// program of its own (dnf5Plugin), and for a test to send it real
// signals (TestSignalStopsBuild).
func TestMain(m *testing.M) {
	if os.Getenv("BULLETIN_TEST_AS_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// bulletin runs this test binary as bulletin with args and env added to
// the test's, and returns the command, not yet started.
func bulletin(env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), env...), "BULLETIN_TEST_AS_MAIN=1")
	return cmd
}
