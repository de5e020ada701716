// Shapes of the tuning regressions U6-U10.
package regress

import "sync"

type balancer struct {
	mu       sync.Mutex // guards everything following.
	subConns map[string]int
	state    int
	picker   func()
}

// refreshSubConns rebuilds the sub-connections.
//
// Caller must hold b.mu.
func (b *balancer) refreshSubConns() {
	b.state = 1                   // no diagnostic: the caller holds b.mu
	b.subConns = map[string]int{} // no diagnostic: the caller holds b.mu
}

func (b *balancer) Update() {
	b.mu.Lock()
	b.refreshSubConns()
	b.mu.Unlock()
}

func (b *balancer) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refreshSubConns()
	b.picker = nil
}

// A contract the lock model cannot tie to a lock, in a function that
// takes another lock of its own.
type lru struct {
	mu    sync.Mutex
	items map[string]int
	stats struct {
		mu      sync.Mutex
		removed int
	}
}

// removeElement drops k. Has to be called with lock!
func (c *lru) removeElement(k string) {
	delete(c.items, k) // no diagnostic: the contract says the caller holds the lock
	c.stats.mu.Lock()
	c.stats.removed++
	c.stats.mu.Unlock()
}

func (c *lru) Get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[k]
}

func (c *lru) Add(k string, v int) {
	c.mu.Lock()
	c.items[k] = v
	c.mu.Unlock()
}

func (c *lru) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

func (c *lru) Remove(k string) {
	c.mu.Lock()
	c.removeElement(k)
	c.mu.Unlock()
}

func (c *lru) Evict() func(string) {
	return c.removeElement
}

// A goroutine started with the object publishes only the fields it can
// reach: the tables set up after starting the monitor are still private.
type DB struct {
	lock sync.Mutex
	imm  []int
	hits int
}

func Open() *DB {
	db := &DB{}
	go db.monitor()
	db.openTables()
	return db
}

func (db *DB) monitor() {
	db.lock.Lock()
	db.hits++
	db.lock.Unlock()
}

func (db *DB) openTables() {
	for i := range 3 {
		db.imm = append(db.imm, i) // no diagnostic: monitor never reaches imm
	}
}

func (db *DB) Tables() int {
	db.lock.Lock()
	defer db.lock.Unlock()
	return len(db.imm)
}

func (db *DB) Flush() {
	db.lock.Lock()
	db.imm = nil
	db.lock.Unlock()
}

func (db *DB) Push(x int) {
	db.lock.Lock()
	db.imm = append(db.imm, x)
	db.lock.Unlock()
}

// The twin: the goroutine started first does reach the field.
type Store struct {
	lock sync.Mutex
	imm  []int
}

func OpenStore() *Store {
	s := &Store{}
	go s.flusher()
	s.openTables()
	return s
}

func (s *Store) flusher() {
	s.lock.Lock()
	s.imm = nil
	s.lock.Unlock()
}

func (s *Store) openTables() {
	s.imm = append(s.imm, 1) // want `s.imm is written here without s.lock, which guards it in 3 other accesses`
}

func (s *Store) Tables() int {
	s.lock.Lock()
	defer s.lock.Unlock()
	return len(s.imm)
}

func (s *Store) Push(x int) {
	s.lock.Lock()
	s.imm = append(s.imm, x)
	s.lock.Unlock()
}
