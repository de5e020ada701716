// Package receiver: a consumer that closes the channel it only receives
// from while producers still send, beside owner-closes idioms.
package receiver

import "sync"

// Queue is a bounded blocking queue: Put blocks while the buffer is full,
// the worker drains it.
type Queue struct {
	items chan func()
	quit  chan struct{}
}

func NewQueue(n int) *Queue {
	q := &Queue{items: make(chan func(), n), quit: make(chan struct{})}
	go q.work()
	return q
}

func (q *Queue) Put(job func()) {
	q.items <- job
}

// work closes the queue it consumes when told to quit: a Put in flight
// panics.
func (q *Queue) work() {
	for {
		select {
		case job := <-q.items:
			job()
		case <-q.quit:
			close(q.items) // want `work only receives from the items field of Queue but closes it, while Put sends on it`
			return
		}
	}
}

func (q *Queue) Stop() { close(q.quit) } // no diagnostic: Stop neither receives nor sends on quit

// Pool is the same queue done right: the owner closes under the lock that
// senders check.
type Pool struct {
	mu     sync.Mutex
	closed bool
	jobs   chan func()
}

func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan func(), n)}
	go p.work()
	return p
}

func (p *Pool) Submit(job func()) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.jobs <- job
	return true
}

func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.jobs) // no diagnostic: the lock orders the close after every send
	}
}

func (p *Pool) work() {
	for job := range p.jobs { // no diagnostic: the consumer does not close
		job()
	}
}

// Batch: the producer that made the channel closes it after its sends.
type Batch struct {
	out chan int
}

func (b *Batch) Run(items []int) <-chan int {
	b.out = make(chan int)
	go func() {
		defer close(b.out) // no diagnostic: the sender closes
		for _, it := range items {
			b.out <- it
		}
	}()
	return b.out
}
