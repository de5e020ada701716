package handoff

import "sync"

type batcher struct {
	mu      sync.Mutex
	pending []int
}

// resetAndUnlock releases the lock its caller holds.
func (b *batcher) resetAndUnlock() {
	b.pending = b.pending[:0]
	b.mu.Unlock()
}

// Silent: the helper releases the lock.
func (b *batcher) Add(v int) {
	b.mu.Lock()
	b.pending = append(b.pending, v)
	if len(b.pending) > 10 {
		b.resetAndUnlock()
		return
	}
	b.mu.Unlock()
}

// Silent: a go statement of a releasing helper hands the lock off.
func (b *batcher) AddAsync(v int) {
	b.mu.Lock()
	b.pending = append(b.pending, v)
	if len(b.pending) > 10 {
		go b.resetAndUnlock()
		return
	}
	b.mu.Unlock()
}

type server struct {
	state struct {
		mu sync.Mutex
		n  int
	}
}

// unlockState releases a lock on a field of the receiver's field.
func (s *server) unlockState() { s.state.mu.Unlock() }

// Silent: through a receiver's field.
func (s *server) Inc() {
	s.state.mu.Lock()
	s.state.n++
	if s.state.n > 3 {
		s.unlockState()
		return
	}
	s.state.mu.Unlock()
}

// release releases a lock passed by pointer.
func release(mu *sync.Mutex) { mu.Unlock() }

// Silent: through a pointer parameter.
func Count(mu *sync.Mutex, n *int) {
	mu.Lock()
	*n++
	if *n > 3 {
		release(mu)
		return
	}
	mu.Unlock()
}

// Silent: a method value bound to a variable and called.
func (b *batcher) AddBound(v int) {
	done := b.resetAndUnlock
	b.mu.Lock()
	b.pending = append(b.pending, v)
	if len(b.pending) > 10 {
		done()
		return
	}
	b.mu.Unlock()
}

// Still reported: the early return skips the helper.
func (b *batcher) AddLeak(v int) {
	b.mu.Lock() // want `b.mu is locked here but not unlocked on the return at line 90`
	b.pending = append(b.pending, v)
	if v < 0 {
		return
	}
	b.resetAndUnlock()
	println("done")
}

// An embedded mutex, released by a helper with a deferred Unlock.
type table struct {
	sync.RWMutex
	rows map[string]int
}

func (t *table) flushAndUnlock() {
	defer t.Unlock()
	t.rows = map[string]int{}
}

// Silent: both the inline and the go-started helper release it.
func (t *table) Put(k string, v int) {
	t.Lock()
	t.rows[k] = v
	if len(t.rows) > 100 {
		go t.flushAndUnlock()
		return
	}
	if v == 0 {
		t.flushAndUnlock()
		return
	}
	t.Unlock()
}

// Silent: a goroutine closure calling the releasing helper.
func (t *table) PutLater(k string) {
	t.Lock()
	t.rows[k] = 1
	if len(t.rows) > 100 {
		go func() {
			t.flushAndUnlock()
		}()
		return
	}
	t.Unlock()
}

type addrConn struct {
	mu    sync.Mutex
	state int
}

// resetTransportAndUnlock releases ac.mu on every path, dropping and
// re-taking it on the way.
func (ac *addrConn) resetTransportAndUnlock(dial func() error) {
	ac.state = 1
	ac.mu.Unlock()
	if err := dial(); err != nil {
		return
	}
	ac.mu.Lock()
	ac.state = 2
	ac.mu.Unlock()
}

// Silent: the helper releases the lock at the end.
func (ac *addrConn) connect(dial func() error) {
	ac.mu.Lock()
	if ac.state != 0 {
		ac.mu.Unlock()
		return
	}
	ac.resetTransportAndUnlock(dial)
}
