package chans

import "sync"

// A pool whose Get waits on its Cond while still holding the pool's
// registry lock: Put, which signals, takes the registry lock first.
type connPool struct {
	regMu sync.Mutex
	mu    sync.Mutex
	ready *sync.Cond
	idle  []int
	users map[string]int
}

func newConnPool() *connPool {
	p := &connPool{users: make(map[string]int)}
	p.ready = sync.NewCond(&p.mu)
	return p
}

func (p *connPool) Get(user string) int {
	p.regMu.Lock()
	defer p.regMu.Unlock()
	p.users[user]++
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.idle) == 0 {
		p.ready.Wait() // want `p.regMu is held while waiting on p.ready \(Wait releases only the Cond's own lock\), but the signaller in \(\*connPool\).Put acquires connPool.regMu \(line \d+\) before it gets there; both goroutines wait forever`
	}
	c := p.idle[0]
	p.idle = p.idle[1:]
	return c
}

func (p *connPool) Put(user string, c int) {
	p.regMu.Lock()
	p.users[user]--
	p.regMu.Unlock()
	p.mu.Lock()
	p.idle = append(p.idle, c)
	p.mu.Unlock()
	p.ready.Signal()
}

// A queue that waits holding only the Cond's own lock: Wait releases it,
// so the signaller can take it.
type jobQueue struct {
	mu    sync.Mutex
	more  *sync.Cond
	items []int
}

func newJobQueue() *jobQueue {
	q := &jobQueue{}
	q.more = sync.NewCond(&q.mu)
	return q
}

func (q *jobQueue) Take() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.more.Wait() // no diagnostic: the held lock is the Cond's own
	}
	it := q.items[0]
	q.items = q.items[1:]
	return it
}

func (q *jobQueue) Add(it int) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.mu.Unlock()
	q.more.Signal()
}
