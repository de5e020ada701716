package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runEnv is runIn with extra environment variables.
func runEnv(t *testing.T, dir string, env []string, name string, args ...string) cmdResult {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := cmdResult{stdout.String(), stderr.String(), 0}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return res
}

// TestPanicContained makes unlock panic (CONCURLINT_TEST_PANIC, read by
// internal/contain) while it analyses use.ByPointer: the run must report
// an error naming the analyzer, the package and the function, still print
// every other finding, and exit 1 (standalone) — the whole run must not
// crash. Under go vet, the same error is printed and vet fails.
func TestPanicContained(t *testing.T) {
	t.Parallel()
	bin := concurlintBin(t)
	dir := fixture(t)
	env := []string{"CONCURLINT_TEST_PANIC=unlock:use.ByPointer"}
	const want = "concurlint: unlock panicked on package example.com/fixture/use while analysing example.com/fixture/use.ByPointer: CONCURLINT_TEST_PANIC"

	res := runEnv(t, dir, env, bin, "./...")
	if res.code != exitError {
		t.Errorf("standalone: exit %d, want %d\nstderr:\n%s", res.code, exitError, res.stderr)
	}
	if !strings.Contains(res.stderr, want) {
		t.Errorf("standalone: stderr lacks %q:\n%s", want, res.stderr)
	}
	if !strings.Contains(res.stderr, "unlock/unlock.go:") {
		t.Errorf("standalone: the error has no stack frame in the analyzer:\n%s", res.stderr)
	}
	if strings.Contains(res.stderr, "goroutine ") && strings.Contains(res.stderr, "[running]") {
		t.Errorf("standalone: the run crashed:\n%s", res.stderr)
	}
	// The other analyzers' findings, in the same package and elsewhere.
	for _, f := range []string{
		"use/chanleak.go:14:2: goroutine sends on ch", // goroutineleak, same package
		"(missingjoin)", "(copylocks)", "(lostcancel)",
	} {
		if !strings.Contains(res.stderr, f) {
			t.Errorf("standalone: finding %q missing after the panic:\n%s", f, res.stderr)
		}
	}

	// go vet caches the tool's results by the package's content, not by
	// the environment: a file only this run has keeps it from replaying
	// an earlier, panic-free run of the same fixture.
	nonce := fmt.Sprintf("package use\n\nconst nonce = %d\n", time.Now().UnixNano())
	if err := os.WriteFile(filepath.Join(dir, "use", "nonce.go"), []byte(nonce), 0o644); err != nil {
		t.Fatal(err)
	}
	// go vet prints the failing package's error (not the findings of that
	// package's other analyzers) and fails.
	res = runEnv(t, dir, env, "go", "vet", "-vettool="+bin, "./...")
	if res.code == 0 {
		t.Errorf("go vet: exit 0 after a panic\nstderr:\n%s", res.stderr)
	}
	if !strings.Contains(res.stderr, want) {
		t.Errorf("go vet: stderr lacks %q:\n%s", want, res.stderr)
	}
	if strings.Contains(res.stderr, "[running]") {
		t.Errorf("go vet: the tool crashed:\n%s", res.stderr)
	}
}
