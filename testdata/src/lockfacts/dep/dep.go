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

// "needs X locked" contracts (prometheus' summary.go style).
//
// rotate needs a AND b locked.
func (t *Two) rotate() {} // want rotate:"requires\\(0.a\\)"

// drain needs b locked.
func (t *Two) drain() {} // want drain:"requires\\(0.b\\)"

// nats-server style contracts.
type Node struct {
	sync.RWMutex
	n int
}

// apply applies the entry.
// Lock should be held.
func (n *Node) apply() {} // want apply:"requires\\(0.RWMutex\\)"

// peek reads without the lock.
// Lock should not be held.
func (n *Node) peek() {}

// reset runs from the read loop. No lock held on entry.
func (n *Node) reset() {}

// stepdown is called with the write lock held on entry.
func (n *Node) stepdown() {} // want stepdown:"requires\\(0.RWMutex\\)"

// Note: this requires a lock on n.RWMutex.
func (n *Node) update() {} // want update:"requires\\(0.RWMutex\\)"

type Peer struct {
	sync.RWMutex
	snap  sync.Mutex
	entry sync.Mutex
}

// process is called when a peer state entry is received.
// Lock should be held.
func (p *Peer) process() {} // want process:"requires\\(0.\\*\\)"

// getUnsafe is the unsynchronised variant of a locking getter.
func (c *Cache) getUnsafe(k string) int { return c.items[k] } // want getUnsafe:"requires\\(0.mu\\)"

// unsafeSet: the prefix form.
func (c *Cache) unsafeSet(k string) { c.items[k] = 1 } // want unsafeSet:"requires\\(0.mu\\)"

// safeGet locks for itself: no fact.
func (c *Cache) safeGet(k string) int { c.mu.Lock(); defer c.mu.Unlock(); return c.items[k] }

// cleaner locks once and unlocks on each of two branches: balanced, no
// fact (counting Unlocks against Locks would call it a releaser).
func (c *Cache) cleaner(stop bool) {
	c.mu.Lock()
	if stop {
		c.mu.Unlock()
		return
	}
	c.items = nil
	c.mu.Unlock()
}

// removeItem drops k from the cache. Has to be called with lock!
func (c *Cache) removeItem(k string) { // want removeItem:"requires\\(0.mu\\)"
	delete(c.items, k)
}

// dropItem must be called under c.mu.
func (c *Cache) dropItem(k string) { // want dropItem:"requires\\(0.mu\\)"
	delete(c.items, k)
}

// keep must be called with a fresh key; it locks by itself: no fact.
func (c *Cache) keep(k string) {
	c.mu.Lock()
	c.items[k] = 1
	c.mu.Unlock()
}

// prune drops stale entries; the caller is responsible for locking t.b.
func (t *Two) prune() {} // want prune:"requires\\(0.b\\)"

// LockCache is a package function wrapping c.Lock.
func LockCache(c *Cache) { c.Lock() } // want LockCache:"acquires\\(0.mu\\)"

// Tx hands its lock to the handle it returns: Begin has no acquire fact,
// Commit releases through the handle's back pointer, once.Do(mu.Unlock)
// releases as a method value.
type Store struct{ mu sync.Mutex }

type Tx struct{ s *Store }

func (s *Store) Begin() *Tx { // no fact: the lock goes to the Tx
	s.mu.Lock()
	return &Tx{s: s}
}

func (t *Tx) Commit() { t.s.mu.Unlock() } // want Commit:"releases\\(0.s.mu\\)"

func (s *Store) releaseOnce(o *sync.Once) { o.Do(s.mu.Unlock) } // want releaseOnce:"releases\\(0.mu\\)"

// LockStores locks every store it is given, in order; UnlockStores
// releases them: effects on each element ("[]") of the variadic parameter.
func LockStores(ss ...*Store) { // want LockStores:"acquires\\(0.\\[\\].mu\\)"
	for _, s := range ss {
		s.mu.Lock()
	}
}

func UnlockStores(ss ...*Store) { // want UnlockStores:"releases\\(0.\\[\\].mu\\)"
	for _, s := range ss {
		s.mu.Unlock()
	}
}

// runGuarded calls f with s.mu held and unlocks only if f panics: on a
// normal return the lock stays with the caller, so no release fact.
func (s *Store) runGuarded(f func() int) int { // want runGuarded:"requires\\(0.mu\\)"
	done := false
	defer func() {
		if !done {
			s.mu.Unlock()
		}
	}()
	v := f()
	done = true
	return v
}

// runRecovered also unlocks on a recovered panic only.
func (s *Store) runRecovered(f func()) {
	defer func() {
		if r := recover(); r != nil {
			s.mu.Unlock()
			panic(r)
		}
	}()
	f()
}

// runReleasing always unlocks: a release fact.
func (s *Store) runReleasing(f func()) { // want runReleasing:"releases\\(0.mu\\)"
	defer func() {
		s.mu.Unlock()
	}()
	f()
}
