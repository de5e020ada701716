package callers

import "sync"

// ring is an unexported type that never leaves the package: its exported
// methods can only be called from here, so their call sites are all the
// call sites there are.
type ring struct {
	mu    sync.Mutex
	items []int
	head  int
}

func (r *ring) Push(v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items = append(r.items, v)
}

func (r *ring) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.items) - r.head
}

func (r *ring) Pop() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	v := r.items[r.head]
	r.Advance()
	return v
}

// Advance is exported, but ring is not: only Pop calls it, holding r.mu.
func (r *ring) Advance() {
	r.head++
	if r.head > 16 {
		r.items = r.items[:0] // no diagnostic: every caller holds r.mu
		r.head = 0
	}
}

type relay struct {
	in *ring
}

func (rl *relay) Forward(v int) { rl.in.Push(v) }

// Buffer is the same shape, but an exported constructor hands it out:
// other packages may call Skip without the lock.
type buffer struct {
	mu    sync.Mutex
	items []int
	head  int
}

func NewBuffer() *buffer { return &buffer{} }

func (b *buffer) Push(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.items = append(b.items, v)
}

func (b *buffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.items) - b.head
}

func (b *buffer) Pop() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	v := b.items[b.head]
	b.Skip()
	return v
}

func (b *buffer) Skip() {
	b.head++
	if b.head > 16 {
		b.items = b.items[:0] // want `b.items is written here without b.mu, which guards it in \d+ other accesses`
		b.head = 0
	}
}
