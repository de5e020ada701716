// Package objsignal: an owner that waits on a channel an object hands out
// (its Done channel), while the goroutine reports failures on a channel of
// its own and otherwise closes the object.
package objsignal

import (
	"errors"
	"sync"
)

// Queue delivers items on Out until Close, after which Done is closed.
type Queue struct {
	Out    chan int
	done   chan struct{}
	once   sync.Once
	closed bool
	mu     sync.Mutex
}

func NewQueue() *Queue {
	return &Queue{Out: make(chan int), done: make(chan struct{})}
}

func (q *Queue) Put(v int) error {
	q.mu.Lock()
	closed := q.closed
	q.mu.Unlock()
	if closed {
		return errors.New("closed")
	}
	q.Out <- v
	return nil
}

func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.once.Do(func() { close(q.done) })
}

func (q *Queue) Done() <-chan struct{} { return q.done }

// drain reads until the producer closes the queue; the producer reports a
// failed Put instead of closing, and then the loop ends on errc.
func drain(items []int) (int, error) {
	errc := make(chan error)
	q := NewQueue()
	go func() {
		for _, it := range items {
			if err := q.Put(it); err != nil {
				errc <- err // no diagnostic: the queue is not closed on this path, so the loop waits for errc
				return
			}
		}
		q.Close()
	}()
	n := 0
	for {
		select {
		case <-q.Out:
			n++
		case err := <-errc:
			return n, err
		case <-q.Done():
			return n, nil
		}
	}
}

// drainAll closes the queue and then always reports: when Done wins, the
// report blocks forever.
func drainAll(items []int) int {
	errc := make(chan error)
	q := NewQueue()
	go func() {
		var first error
		for _, it := range items {
			if err := q.Put(it); err != nil && first == nil {
				first = err
			}
		}
		q.Close()
		errc <- first // want `goroutine sends on errc but the caller may return at line \d+ without receiving \(errc is unbuffered\), so the goroutine blocks forever`
	}()
	n := 0
	for {
		select {
		case <-q.Out:
			n++
		case <-errc:
			return n
		case <-q.Done():
			return n
		}
	}
}
