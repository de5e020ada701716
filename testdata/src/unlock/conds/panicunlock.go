package conds

import "sync"

type bucket struct {
	mu    sync.Mutex
	items map[string]int
}

// computeLocked runs f with b.mu held and gives the lock up only if f
// panics, so that a panicking callback does not leave the bucket locked.
func computeLocked(b *bucket, f func(int) int, v int) int {
	returned := false
	defer func() {
		if !returned {
			b.mu.Unlock()
		}
	}()
	r := f(v)
	returned = true
	return r
}

func (b *bucket) Compute(k string, f func(int) int) int {
	b.mu.Lock()
	v := computeLocked(b, f, b.items[k])
	b.items[k] = v
	b.mu.Unlock() // no diagnostic: computeLocked released nothing on its normal return
	return v
}
