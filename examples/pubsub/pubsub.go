// Package pubsub is a small publish/subscribe hub and a future type, with
// the channel protocol bugs concurlint finds.
package pubsub

import (
	"context"
	"sync"
	"time"
)

type Message struct {
	Topic string
	Body  []byte
}

// Hub delivers published messages to subscribers.
type Hub struct {
	mu   sync.Mutex
	subs map[string][]chan Message
	in   chan Message
	quit chan struct{}
}

func NewHub() *Hub {
	h := &Hub{subs: make(map[string][]chan Message), in: make(chan Message), quit: make(chan struct{})}
	go h.run()
	return h
}

func (h *Hub) Publish(m Message) {
	h.in <- m
}

// run delivers messages until quit.
// BUG: the consumer closes the channel Publish sends on; a Publish in
// flight panics with "send on closed channel".
func (h *Hub) run() {
	for {
		select {
		case m := <-h.in:
			h.deliver(m)
		case <-h.quit:
			close(h.in)
			return
		}
	}
}

func (h *Hub) deliver(m Message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.subs[m.Topic] {
		s <- m
	}
}

func (h *Hub) Stop() { close(h.quit) }

// Replay sends the backlog to out and closes it.
// BUG: the early close on an empty topic runs while the deferred close is
// pending: closing a closed channel panics.
func Replay(backlog []Message, out chan Message) {
	defer close(out)
	for _, m := range backlog {
		if m.Topic == "" {
			close(out)
			return
		}
		out <- m
	}
}

// FirstAck waits for the first subscriber to acknowledge.
// BUG: the channel is closed while the other acknowledgers may still send.
func FirstAck(ctx context.Context, acks []func() error) error {
	res := make(chan error, 1)
	for _, ack := range acks {
		go func() {
			res <- ack()
		}()
	}
	err := <-res
	close(res)
	return err
}

// Future is set once and read by many. Its methods are safe for concurrent
// use.
type Future struct {
	wg   sync.WaitGroup
	val  Message
	done chan struct{}
}

// Set stores the value and wakes the readers.
// BUG: two concurrent Set calls can both see done open and both close it.
// Use a sync.Once.
func (f *Future) Set(m Message) {
	select {
	case <-f.done:
	default:
		f.val = m
		close(f.done)
	}
}

// Wait returns the value, or false on timeout.
func (f *Future) Wait(d time.Duration) (Message, bool) {
	select {
	case <-f.done:
		return f.val, true
	case <-time.After(d):
		return Message{}, false
	}
}
