package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
)

// children are the process groups of running children, killed when the
// runner is interrupted (each child leads its own group, so a terminal's
// Ctrl-C would otherwise not reach go vet's or go list's subprocesses).
var children struct {
	sync.Mutex
	pgids map[int]bool
}

func addChild(pid int) {
	children.Lock()
	defer children.Unlock()
	if children.pgids == nil {
		children.pgids = map[int]bool{}
	}
	children.pgids[pid] = true
}

func removeChild(pid int) {
	children.Lock()
	defer children.Unlock()
	delete(children.pgids, pid)
}

// killChildrenOnSignal kills every running child's process group on
// SIGINT/SIGTERM and exits.
func killChildrenOnSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-c
		children.Lock()
		for pid := range children.pgids {
			syscall.Kill(-pid, syscall.SIGKILL)
		}
		children.Unlock()
		fmt.Fprintf(os.Stderr, "corpus: %v: children killed\n", sig)
		os.Exit(130)
	}()
}

// startAndWait runs cmd (which has Setpgid set), registering its process
// group for killChildrenOnSignal.
func startAndWait(cmd *exec.Cmd) error {
	if err := cmd.Start(); err != nil {
		return err
	}
	pid := cmd.Process.Pid
	addChild(pid)
	defer removeChild(pid)
	return cmd.Wait()
}

// measurement is what one child process cost.
type measurement struct {
	Wall     time.Duration // elapsed wall-clock time
	CPU      time.Duration // user+system CPU time of the whole process tree
	MaxRSSKB int64         // peak resident set of the largest single process in the tree, in KiB
	ExitCode int           // -1 when killed or not started
	TimedOut bool
	Err      string // start failure or kill reason
}

// runOpts describes one child process.
type runOpts struct {
	Dir     string
	Env     []string // full environment
	Args    []string
	Timeout time.Duration
	Stdout  string // file to write stdout to ("" = discard)
	Stderr  string // file to write stderr to ("" = discard)
}

// run starts a child in its own process group and waits for it.
//
// Peak RSS comes from the rusage that wait4 returns: on Linux its ru_maxrss is
// the maximum over the child and all of its descendants it has waited for,
// taken per process (the largest single process, as /usr/bin/time -v reports
// it), not the sum of processes running at the same time. CPU time likewise
// includes the reaped descendants (go vet's vet tool and compiler processes,
// go list under go/packages).
//
// On timeout the whole process group is killed, so no orphan keeps running.
func run(o runOpts) measurement {
	ctx := context.Background()
	var cancel context.CancelFunc = func() {}
	if o.Timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
	}
	defer cancel()

	cmd := exec.CommandContext(ctx, o.Args[0], o.Args[1:]...)
	cmd.Dir = o.Dir
	cmd.Env = o.Env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		// Negative pid: the whole process group the child leads.
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = 10 * time.Second

	var closers []io.Closer
	openOut := func(path string) (io.Writer, error) {
		if path == "" {
			return io.Discard, nil
		}
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		closers = append(closers, f)
		return f, nil
	}
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	var err error
	if cmd.Stdout, err = openOut(o.Stdout); err != nil {
		return measurement{ExitCode: -1, Err: err.Error()}
	}
	if cmd.Stderr, err = openOut(o.Stderr); err != nil {
		return measurement{ExitCode: -1, Err: err.Error()}
	}

	start := time.Now()
	err = startAndWait(cmd)
	m := measurement{Wall: time.Since(start), ExitCode: -1}
	if ps := cmd.ProcessState; ps != nil {
		m.ExitCode = ps.ExitCode()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			m.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			m.MaxRSSKB = ru.Maxrss // KiB on Linux
		}
	}
	if ctx.Err() == context.DeadlineExceeded {
		m.TimedOut = true
		m.Err = fmt.Sprintf("timed out after %v, process group killed", o.Timeout)
	} else if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			m.Err = err.Error()
		}
	}
	return m
}

// output runs a short helper command (not measured) and returns its stdout;
// on failure the error includes the tail of stderr.
func output(dir string, env []string, timeout time.Duration, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := startAndWait(cmd); err != nil {
		return stdout.Bytes(), fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, tail(stderr.String(), 20))
	}
	return stdout.Bytes(), nil
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// withEnv returns base with the given KEY=VALUE pairs replacing any earlier
// setting of the same keys.
func withEnv(base []string, kv ...string) []string {
	drop := map[string]bool{}
	for _, s := range kv {
		k, _, _ := strings.Cut(s, "=")
		drop[k] = true
	}
	var env []string
	for _, s := range base {
		k, _, _ := strings.Cut(s, "=")
		if !drop[k] {
			env = append(env, s)
		}
	}
	return append(env, kv...)
}
