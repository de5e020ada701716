// Class 3: guards inferred from the lock sets at the accesses of a field.
package inferred

import "sync"

type Cache struct {
	mu    sync.Mutex
	hits  int
	items map[string]int
	cfg   string // immutable after construction
}

func NewCache(cfg string) *Cache {
	c := &Cache{items: map[string]int{}}
	c.hits = 0 // no diagnostic: the object is under construction
	c.cfg = cfg
	c.init()
	return c
}

// init is only called on objects under construction.
func (c *Cache) init() {
	c.hits = 0 // no diagnostic: constructor helper
}

func (c *Cache) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hits++
	return c.items[k]
}

func (c *Cache) Put(k string, v int) {
	c.mu.Lock()
	c.items[k] = v
	c.hits++
	c.mu.Unlock()
}

func (c *Cache) Hits() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits
}

func (c *Cache) Reset() {
	c.hits = 0 // want `c.hits is written here without c.mu, which guards it in 5 other accesses`
}

func (c *Cache) Config() string {
	return c.cfg // no diagnostic: configuration, never written after construction
}

// Callers' locks: bump is only called with c.mu held.
func (c *Cache) Bump() {
	c.mu.Lock()
	c.bump()
	c.mu.Unlock()
}

func (c *Cache) bump() {
	c.hits++ // no diagnostic: every caller holds c.mu
}

// A …Locked helper: the caller holds the lock by contract.
func (c *Cache) resetLocked() {
	c.hits = 0 // no diagnostic: …Locked naming contract
}

// Reads without the lock are not reported by inference.
func (c *Counter) Peek() int {
	return c.n // no diagnostic: a read (reported only for declared guards)
}

// A closure run under the caller's lock.
func (c *Cache) Each(f func(func())) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(func() { c.hits++ }) // no diagnostic: closure without a lock of its own
}

// Counter is written without a lock in most places: no inference.
type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) A() { c.n++ } // no diagnostic: the lock does not guard n in most places
func (c *Counter) B() { c.n++ } // no diagnostic
func (c *Counter) C() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// RW: read-locked reads count as guarded.
type Stats struct {
	mu    sync.RWMutex
	count int
}

func (s *Stats) Inc() {
	s.mu.Lock()
	s.count++
	s.mu.Unlock()
}

func (s *Stats) Get() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.count
}

func (s *Stats) Get2() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.count
}

func (s *Stats) Get3() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.count
}

func (s *Stats) Clear() {
	s.count = 0 // want `s.count is written here without s.mu, which guards it in 4 other accesses`
}

// Objects fetched from a sync.Pool are reset before reuse, unshared
// (go-redis autopipeline.go).
type batch struct {
	mu   sync.Mutex
	gids []int
}

var batchPool = sync.Pool{New: func() any { return new(batch) }}

func getBatch() *batch {
	b := batchPool.Get().(*batch)
	b.gids = nil // no diagnostic: a pooled object being reset
	return b
}

func (b *batch) enter(g int) {
	b.mu.Lock()
	b.gids = append(b.gids, g)
	b.mu.Unlock()
}

func (b *batch) leave() {
	b.mu.Lock()
	b.gids = b.gids[:0]
	b.mu.Unlock()
}

func (b *batch) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.gids)
}

// A future set up by its owner before it is published, then used under its
// lock by one method only (raft verifyFuture): no protocol to infer.
type future struct {
	mu     sync.Mutex
	notify chan *future
}

func (f *future) vote() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.notify == nil {
		return
	}
	f.notify <- f
	f.notify = nil
}

func setup(f *future, ch chan *future) {
	f.notify = ch // no diagnostic: the lock is only ever taken in vote
}

// A contract on a parameter lockfacts cannot tie to a lock
// (nats-server accounts.go shallowCopy).
type Account struct {
	mu       sync.Mutex
	mappings []string
}

func (a *Account) Add(m string) {
	a.mu.Lock()
	a.mappings = append(a.mappings, m)
	a.mu.Unlock()
}

func (a *Account) Clear() {
	a.mu.Lock()
	a.mappings = nil
	a.mu.Unlock()
}

func (a *Account) Len() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.mappings)
}

// copyTo copies a into na.
// Account `na` write lock is expected to be held on entry
// while account `a` does not need locking.
func (a *Account) copyTo(na *Account) {
	na.mappings = a.mappings // no diagnostic: the doc says na's lock is held
}
