// Package queue is a bounded blocking queue built on sync.Cond.
package queue

import (
	"errors"
	"sync"
)

var ErrClosed = errors.New("queue closed")

type Queue struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	items    []string
	max      int
	closed   bool
}

func New(max int) *Queue {
	q := &Queue{max: max}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

// Put blocks while the queue is full: the intended idiom, silent.
func (q *Queue) Put(s string) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == q.max && !q.closed {
		q.notFull.Wait()
	}
	if q.closed {
		return ErrClosed
	}
	q.items = append(q.items, s)
	q.notEmpty.Signal() // a single item: one waiter is enough
	return nil
}

// Get tests once: a second consumer can take the item between the Signal
// and this goroutine waking up.
func (q *Queue) Get() (string, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 && !q.closed {
		q.notEmpty.Wait() // want `q.notEmpty.Wait is not in a loop that re-checks the condition \(closed, items\)`
	}
	if len(q.items) == 0 {
		return "", ErrClosed
	}
	s := q.items[0]
	q.items = q.items[1:]
	q.notFull.Signal()
	return s, nil
}

// GetLoop is Get written correctly, with the for-if-break form.
func (q *Queue) GetLoop() (string, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		if len(q.items) > 0 || q.closed {
			break
		}
		q.notEmpty.Wait() // no diagnostic: the loop re-checks
	}
	if len(q.items) == 0 {
		return "", ErrClosed
	}
	s := q.items[0]
	q.items = q.items[1:]
	q.notFull.Signal()
	return s, nil
}

// Drain waits in nested loops: silent.
func (q *Queue) Drain(batches int) [][]string {
	var out [][]string
	q.mu.Lock()
	defer q.mu.Unlock()
	for i := 0; i < batches; i++ {
		for len(q.items) == 0 && !q.closed {
			q.notEmpty.Wait()
		}
		out = append(out, q.items)
		q.items = nil
		q.notFull.Broadcast() // Broadcast under the lock: silent
	}
	return out
}

// Peek forgot the lock: Wait unlocks a mutex that is not locked.
func (q *Queue) Peek() string {
	for len(q.items) == 0 {
		q.notEmpty.Wait() // want `q.notEmpty.Wait is called without q.mu held`
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.items[0]
}

// WaitEmpty releases the lock before waiting.
func (q *Queue) WaitEmpty() {
	q.mu.Lock()
	n := len(q.items)
	q.mu.Unlock()
	if n == 0 {
		return
	}
	q.mu.Lock()
	for len(q.items) > 0 {
		q.mu.Unlock()
		q.notFull.Wait() // want `q.notFull.Wait is called without q.mu held`
		q.mu.Lock()
	}
	q.mu.Unlock()
}

// waitNonEmptyLocked runs with q.mu held by its caller (by name): silent.
func (q *Queue) waitNonEmptyLocked() {
	for len(q.items) == 0 {
		q.notEmpty.Wait()
	}
}

func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.waitNonEmptyLocked()
	return len(q.items)
}

// Close changes the predicate without the lock: a Get that has tested
// closed == false but not yet called Wait sleeps through the Broadcast.
func (q *Queue) Close() {
	q.closed = true // want `closed is changed without q.mu held before q.notEmpty.Broadcast`
	q.notEmpty.Broadcast()
	q.notFull.Broadcast()
}

// Shutdown is Close done right: the change under the lock, the Broadcast
// after it.
func (q *Queue) Shutdown() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.notEmpty.Broadcast()
	q.notFull.Broadcast()
}
