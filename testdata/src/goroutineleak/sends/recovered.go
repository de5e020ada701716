package sends

import (
	"errors"
	"fmt"
)

type idler interface {
	Idle(stop <-chan struct{}) error
}

func readLine() (string, error) { return "DONE", nil }

func logf(format string, args ...any) {}

// waitIdle runs the session's Idle in a goroutine that reports its
// result, or its panic, on a channel with room for one: the handler's
// send runs only when Idle panicked, so the report after Idle never came.
func waitIdle(s idler) error {
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("idle panicked: %v", r)
			}
		}()
		done <- s.Idle(stop) // no diagnostic: one send on every path, the buffer holds it
	}()
	line, err := readLine()
	close(stop)
	if err != nil {
		return err
	}
	if line != "DONE" {
		return errors.New("expected DONE")
	}
	return <-done
}

// waitIdleLogged logs after reporting: a panic in logf comes after the
// first send, and the handler's send then finds the buffer full.
func waitIdleLogged(s idler) error {
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("idle panicked: %v", r)
			}
		}()
		done <- s.Idle(stop) // want `goroutine sends on done but the caller may return at line \d+ without receiving \(done has room for 1 of 2 sends\)`
		logf("idle over")
	}()
	line, err := readLine()
	close(stop)
	if err != nil {
		return err
	}
	if line != "DONE" {
		return errors.New("expected DONE")
	}
	return <-done
}

// runHook reports the callback's result, or, if the callback never
// returned (a panic, runtime.Goexit), that it exited: the deferred send
// runs only when the flag set after the first send was not reached.
func runHook(hook func() error, quit <-chan struct{}) error {
	c := make(chan error, 1)
	go func() {
		returned := false
		defer func() {
			if !returned {
				c <- errors.New("hook exited without returning")
			}
		}()
		c <- hook() // no diagnostic: one send on every path
		returned = true
	}()
	select {
	case <-quit:
		return errors.New("stopped")
	case err := <-c:
		return err
	}
}

// runHookLogged sets the flag only after logging, which may panic after
// the first send: the deferred send then finds the buffer full.
func runHookLogged(hook func() error, quit <-chan struct{}) error {
	c := make(chan error, 1)
	go func() {
		returned := false
		defer func() {
			if !returned {
				c <- errors.New("hook exited without returning")
			}
		}()
		c <- hook() // want `goroutine sends on c but the caller may return at line \d+ without receiving \(c has room for 1 of 2 sends\)`
		logf("hook done")
		returned = true
	}()
	select {
	case <-quit:
		return errors.New("stopped")
	case err := <-c:
		return err
	}
}
