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

type hsConn struct{}

func (c *hsConn) handshake(ctx context.Context) (*int, error) { return nil, nil }

// no diagnostic: from grpc's alts handshaker test: n goroutines and n
// receives, both loops nested in a loop over test cases (the receive loop's
// exit is not part of the receive loop just because the outer loop comes
// back to it).
func TestNestedLoops(t *testing.T) {
	for _, tc := range []struct{ n int }{{1}, {2}} {
		errc := make(chan error)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		for i := 0; i < tc.n; i++ {
			c := &hsConn{}
			go func() {
				v, err := c.handshake(ctx)
				if err == nil && v == nil {
					errc <- errors.New("nil result")
					return
				}
				errc <- err
			}()
		}
		for i := 0; i < tc.n; i++ {
			if err := <-errc; err != nil {
				t.Errorf("handshake: %v", err)
			}
		}
		if tc.n > 3 {
			t.Errorf("too many")
		}
	}
}
