package atomics

import (
	"sync"
	"sync/atomic"
)

// A block whose first sequence is advanced atomically under the block's
// write lock and peeked at without any lock on the fast path: a plain read
// under the write lock excludes every atomic write, so it is not a race.
type block struct {
	mu    sync.RWMutex
	first struct{ seq uint64 }
	msgs  []string
}

func (b *block) advance() {
	b.mu.Lock()
	atomic.AddUint64(&b.first.seq, 1)
	b.msgs = b.msgs[1:]
	b.mu.Unlock()
}

func (b *block) peek() uint64 {
	return atomic.LoadUint64(&b.first.seq)
}

func (b *block) compact() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := int(b.first.seq) // no diagnostic: every atomic write holds b.mu
	b.msgs = append([]string(nil), b.msgs...)
	return n
}

// A ring whose head moves atomically under the read lock (several movers at
// once): a plain read under the read lock races with them.
type ring struct {
	mu   sync.RWMutex
	head uint64
	buf  []int
}

func (r *ring) move() {
	r.mu.RLock()
	atomic.AddUint64(&r.head, 1)
	r.mu.RUnlock()
}

func (r *ring) peek() uint64 {
	return atomic.LoadUint64(&r.head)
}

func (r *ring) at() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.buf[r.head%uint64(len(r.buf))] // want `r.head is read here with a plain load but accessed with sync/atomic on line \d+`
}
