// Package doubleclose: channels closed twice on one path, beside the
// correct idioms that look like them.
package doubleclose

import (
	"errors"
	"sync"
)

type Message struct {
	Topic string
	Body  []byte
}

// Hub is a small pub/sub hub: each subscriber has a channel the hub
// delivers on and closes when the hub stops.
type Hub struct {
	mu   sync.Mutex
	subs map[string]chan Message
	quit chan struct{}
}

var errStopped = errors.New("hub stopped")

// drain pumps the backlog into out and closes out; on a bad message it
// closes early, then falls through to the final close.
func drain(backlog []Message, out chan Message) error {
	defer close(out)
	for _, m := range backlog {
		if m.Topic == "" {
			close(out) // want `out is closed here while the deferred close at line 28 is pending`
			return errStopped
		}
		out <- m
	}
	return nil
}

// drainOK: the deferred close is the only close.
func drainOK(backlog []Message, out chan Message) error {
	defer close(out) // no diagnostic: the only sender closes once
	for _, m := range backlog {
		if m.Topic == "" {
			return errStopped
		}
		out <- m
	}
	return nil
}

func validate(m Message) error {
	if m.Topic == "" {
		return errStopped
	}
	return nil
}

// publishAll closes errs on every bad message: the second bad one panics.
func publishAll(msgs []Message, errs chan error) {
	for _, m := range msgs {
		if err := validate(m); err != nil {
			close(errs) // want `errs is closed inside a loop that can run this close again`
		}
	}
}

// publishAllOK: close and stop at the first bad message.
func publishAllOK(msgs []Message, errs chan error) {
	for _, m := range msgs {
		if err := validate(m); err != nil {
			close(errs) // no diagnostic: return leaves the loop
			return
		}
	}
}

// publishFlagOK: a flag remembers the close.
func publishFlagOK(msgs []Message, errs chan error) {
	closed := false
	for _, m := range msgs {
		if err := validate(m); err != nil && !closed {
			close(errs) // no diagnostic: the flag guards the second close
			closed = true
		}
	}
}

// scan stops at the first bad message, then closes done once more after
// the loop.
func scan(msgs []Message, done chan struct{}) {
	for _, m := range msgs {
		if validate(m) != nil {
			close(done)
			break
		}
	}
	close(done) // want `done may already be closed here by the close at line 93`
}

// scanOK: the closes are on mutually exclusive paths.
func scanOK(msgs []Message, done chan struct{}) {
	for _, m := range msgs {
		if validate(m) != nil {
			close(done)
			return
		}
	}
	close(done) // no diagnostic: the loop's close returns
}

// scanFlagOK: a found flag decides the final close.
func scanFlagOK(msgs []Message, done chan struct{}) {
	bad := false
	for _, m := range msgs {
		if validate(m) != nil {
			close(done)
			bad = true
			break
		}
	}
	if !bad {
		close(done) // no diagnostic: the flag says the loop did not close
	}
}

// Stop closes the subscribers' channels, in a goroutine body with a
// deferred close of quit and an explicit one on the error path.
func (h *Hub) Stop(flush func() error) {
	go func() {
		defer close(h.quit)
		if err := flush(); err != nil {
			close(h.quit) // want `h.quit is closed here while the deferred close at line 130 is pending`
			return
		}
	}()
}

// StopOK: one close per path in the goroutine.
func (h *Hub) StopOK(flush func() error) {
	go func() {
		if err := flush(); err != nil {
			close(h.quit) // no diagnostic: the other close is on the other path
			return
		}
		close(h.quit)
	}()
}

// fanOut closes a different channel each iteration.
func (h *Hub) fanOut() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ch := range h.subs {
		close(ch) // no diagnostic: one close per subscriber channel
	}
}

// restart closes a channel made afresh each round.
func restart(rounds int, work func(chan struct{})) {
	for i := 0; i < rounds; i++ {
		stop := make(chan struct{})
		work(stop)
		close(stop) // no diagnostic: a new channel each iteration
	}
}

// branches: the same condition decides both closes.
func branches(fast bool, done chan struct{}) {
	if fast {
		close(done)
	}
	if !fast {
		close(done) // no diagnostic: mutually exclusive conditions
	}
}

// Event is a settable event whose Set is guarded by a mutex and a flag.
type Event struct {
	mu     sync.Mutex
	isSet  bool
	signal chan struct{}
}

func (e *Event) SetTwice() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.isSet {
		close(e.signal)
		e.isSet = true
	}
	if !e.isSet {
		close(e.signal) // no diagnostic: the flag field says it is closed
	}
}
