package dep

import "sync"

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

// Lock wrappers: return holding the lock.
func (c *Cache) Lock() { c.mu.Lock() } // want Lock:"acquires\\(0.mu\\)"

func (c *Cache) Unlock() { c.mu.Unlock() } // want Unlock:"releases\\(0.mu\\)"

// A wrapper of a wrapper.
func (c *Cache) lockAll() { c.Lock() } // want lockAll:"acquires\\(0.mu\\)"

// Balanced: no fact.
func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

// Balanced through a deferred closure: no fact.
func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	defer func() { c.mu.Unlock() }()
	c.items[k] = v
}

// TryLock is conditional: no fact.
func (c *Cache) TryLockIt() bool { return c.mu.TryLock() }

// Naming contract: the caller holds c.mu.
func (c *Cache) evictLocked() { // want evictLocked:"requires\\(0.mu\\)"
	clear(c.items)
}

type RW struct {
	sync.RWMutex
	n int
}

// Embedded RWMutex, read side.
func (r *RW) rlock() { r.RLock() } // want rlock:"acquires\\(0.RWMutex\\(r\\)\\)"

// A function releasing a lock passed as argument.
func UnlockAndLog(mu *sync.Mutex, msg string) { mu.Unlock() } // want UnlockAndLog:"releases\\(0\\)"

type Two struct {
	a, b sync.Mutex
}

// Documented contract naming the lock.
//
// flush must be called with b held.
func (t *Two) flush() {} // want flush:"requires\\(0.b\\)"

// Two locks, contract does not say which.
func (t *Two) syncLocked() {} // want syncLocked:"requires\\(0.\\*\\)"
