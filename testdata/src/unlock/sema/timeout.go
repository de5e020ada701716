package sema

import (
	"errors"
	"time"
)

var errTimeout = errors.New("timeout")

// A dialer limiting concurrent dials: the slot is taken right away when
// free, else within a timeout. A flag set in the timer's case says the
// slot was not taken; the release is deferred once it was.
type dialer struct {
	slots chan struct{}
}

func (d *dialer) dial(timeout time.Duration, connect func() error) error {
	select {
	case d.slots <- struct{}{}:
	default:
		t := time.NewTimer(timeout)
		timedOut := false
		select {
		case d.slots <- struct{}{}:
		case <-t.C:
			timedOut = true
		}
		t.Stop()
		if timedOut {
			return errTimeout // no diagnostic: the slot was not taken on this path
		}
	}
	defer func() { <-d.slots }()
	return connect()
}

// The flag inverted: the early return is on the path that took the slot.
func (d *dialer) dialWrong(timeout time.Duration, connect func() error) error {
	t := time.NewTimer(timeout)
	gotSlot := false
	select {
	case d.slots <- struct{}{}:
		gotSlot = true
	case <-t.C:
	}
	t.Stop()
	if gotSlot {
		return errTimeout // want `returns here holding the d.slots slot acquired at line \d+`
	}
	defer func() { <-d.slots }()
	return connect()
}
