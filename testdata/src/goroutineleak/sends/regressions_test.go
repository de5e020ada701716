package sends

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"
)

type handled struct{ err error }

// From grpc credentials/local: three sends, each followed by return, so one
// run sends once and a buffer of one is enough.
func serverHandle(done chan handled, lis net.Listener) {
	c, err := lis.Accept()
	if err != nil {
		done <- handled{err: err}
		return
	}
	if err := c.Close(); err != nil {
		done <- handled{err: err}
		return
	}
	done <- handled{}
}

// no diagnostic: the sends are on mutually exclusive paths.
func exclusiveSends(lis net.Listener) error {
	done := make(chan handled, 1)
	go serverHandle(done, lis)
	if err := check(); err != nil {
		return err
	}
	return (<-done).err
}

// no diagnostic: from grpc's tests: the only path that leaves the goroutine
// blocked runs through t.Errorf, on which the test has already failed.
func TestFailurePath(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	errc := make(chan error)
	go func() {
		errc <- check()
	}()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("unexpected %v", err)
		}
	case <-ctx.Done():
		t.Errorf("timed out")
	}
}

// A leak on a passing path of a test is still reported.
func TestPassingPath(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	errc := make(chan error)
	go func() {
		errc <- check() // want `goroutine sends on errc but the caller may return at line 73`
	}()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("unexpected %v", err)
		}
	case <-ctx.Done():
		t.Log("timed out, ignoring")
	}
}

// no diagnostic: from grpc's goaway test: the caller leaves through done,
// which the goroutine closes on the path where it does not send on errc.
func signalled(ctx context.Context, frames []int) error {
	done := make(chan struct{})
	errc := make(chan error)
	go func() {
		for _, f := range frames {
			if f < 0 {
				errc <- errors.New("bad frame")
				return
			}
			if f == 0 {
				close(done)
				return
			}
		}
	}()
	select {
	case <-done:
		return nil
	case err := <-errc:
		return err
	}
}
