package inferred

import (
	"context"
	"sync"
)

// Buffer admits items up to max. Put waits for room in a helper goroutine
// that returns still holding b.mu and closes room: after <-room, Put owns
// the lock the goroutine took.
type Buffer struct {
	mu    sync.Mutex
	cond  *sync.Cond
	n     int
	max   int
	drops int
}

func NewBuffer(max int) *Buffer {
	b := &Buffer{max: max}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *Buffer) Put(ctx context.Context) error {
	b.mu.Lock()
	if b.n >= b.max {
		b.mu.Unlock()
		room := make(chan struct{})
		go func() {
			defer close(room)
			b.mu.Lock()
			for b.n >= b.max {
				b.cond.Wait()
			}
		}()
		select {
		case <-room:
		case <-ctx.Done():
			go b.cond.Broadcast()
			<-room
			b.drops++ // no diagnostic: the goroutine left b.mu locked
			b.mu.Unlock()
			return ctx.Err()
		}
	}
	b.n++ // no diagnostic: held since b.mu.Lock() or handed over by the goroutine
	b.mu.Unlock()
	return nil
}

func (b *Buffer) Take() {
	b.mu.Lock()
	b.n--
	b.drops = 0
	b.mu.Unlock()
	b.cond.Broadcast()
}

func (b *Buffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

// Reset writes before it locks: the unlock that follows pairs with its
// own Lock, not with the write.
func (b *Buffer) Reset() {
	b.n = 0 // want `b.n is written here without b.mu, which guards it in \d+ other accesses`
	b.mu.Lock()
	b.drops = 0
	b.mu.Unlock()
}

func (b *Buffer) Full() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n >= b.max
}

func (b *Buffer) Free() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.max - b.n
}
