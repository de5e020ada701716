// Class 5: mixed atomic and plain access.
package atomics

import (
	"sync"
	"sync/atomic"
)

type Conn struct {
	reads  int64
	writes int64
	safe   atomic.Int64
}

func NewConn() *Conn {
	c := &Conn{}
	c.reads = 0 // no diagnostic: under construction
	return c
}

func (c *Conn) Read() {
	atomic.AddInt64(&c.reads, 1)
	c.safe.Add(1) // no diagnostic: atomic.Int64
}

func (c *Conn) Reads() int64 {
	return c.reads // want `c.reads is read here with a plain load but accessed with sync/atomic on line \d+`
}

func (c *Conn) Reset() {
	c.reads = 0 // want `c.reads is written here with a plain store but accessed with sync/atomic on line \d+`
}

func (c *Conn) Load() int64 {
	return atomic.LoadInt64(&c.reads) // no diagnostic: atomic
}

func (c *Conn) Write() {
	c.writes++ // no diagnostic: never accessed atomically
}

var requests int64

func Handle() { atomic.AddInt64(&requests, 1) }

func Requests() int64 {
	return requests // want `requests is read here with a plain load but accessed with sync/atomic on line \d+`
}

var mu sync.Mutex

// The single writer reads back its own value (raft replication.go).
type follower struct {
	next uint64
}

func (f *follower) reject(last uint64) {
	atomic.StoreUint64(&f.next, max(f.next-1, last)) // no diagnostic: the writer's own read
}

func (f *follower) Next() uint64 { return atomic.LoadUint64(&f.next) }

// One stats type embedded in two types: counted atomically in one, under
// a lock in the other (nats-server's stats): different variables.
type stats struct {
	msgs int64
}

type Server struct {
	stats
}

type Account struct {
	mu sync.Mutex
	stats
}

func (s *Server) deliver() { atomic.AddInt64(&s.msgs, 1) }

func (a *Account) deliver() {
	a.mu.Lock()
	a.msgs++ // no diagnostic: Account's msgs is never accessed atomically
	a.mu.Unlock()
}

// Atomic adds under a read lock (nats-server ocsp_responsecache.go).
type Cache struct {
	mu   sync.RWMutex
	hits int64
}

func (c *Cache) Get() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	atomic.AddInt64(&c.hits, 1)
}

func (c *Cache) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hits = 0 // no diagnostic: the write lock excludes every atomic add
}

func (c *Cache) Hits() int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.hits // want `c.hits is read here with a plain load but accessed with sync/atomic`
}

// Atomic outside the lock on a fast path, plain under it (nats-server
// logger/log.go): the plain accesses race with the fast path.
type fileLogger struct {
	sync.Mutex
	out int64
}

func (l *fileLogger) Write(n int, fast bool) {
	if fast {
		atomic.AddInt64(&l.out, int64(n))
		return
	}
	l.Lock()
	l.out += int64(n) // want `l.out is written here with a plain store but accessed with sync/atomic`
	l.Unlock()
}

// Totals read after the workers were joined (grpc interop stress client).
var totalCalls int64

func stress(n int) int64 {
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { atomic.AddInt64(&totalCalls, 1) })
	}
	wg.Wait()
	return totalCalls // no diagnostic: after the join
}

// The counters live in a lock-free stats object; the cache's lock
// excludes them (nats-server ocsp_responsecache.go initStats).
type counters struct{ hits int64 }

type LocalCache struct {
	mu    sync.RWMutex
	stats *counters
}

func (c *LocalCache) Get() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	atomic.AddInt64(&c.stats.hits, 1)
}

func (c *LocalCache) Put() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.adjust(1)
}

// adjust updates the counters (its only caller holds c.mu).
func (c *LocalCache) adjust(d int64) {
	atomic.AddInt64(&c.stats.hits, d)
}

func (c *LocalCache) initStats() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.hits = 0 // no diagnostic: c.mu held exclusively, every atomic add holds it
}

// Only atomic loads: a plain read does not race with them (nats-server
// events.go reads c.inMsgs plainly, r.inMsgs with atomic.LoadInt64).
type client struct{ in int64 }

func (c *client) report() int64 { return atomic.LoadInt64(&c.in) }
func (c *client) event() int64  { return c.in } // no diagnostic: no atomic write anywhere

// A helper documented as test-only and not thread safe, called only from
// tests (grpc's id generator reset).
type gen struct {
	id uint64
}

func (g *gen) next() uint64 { return atomic.AddUint64(&g.id, 1) }

// reset is for testing only, and doesn't need to be thread safe.
func (g *gen) reset() {
	g.id = 0 // no diagnostic: test-only by its doc, and only tests call it
}

// clear is not thread safe either, but production code calls it.
func (g *gen) clear() {
	g.id = 0 // want `g.id is written here with a plain store but accessed with sync/atomic`
}

func (g *gen) Restart() { g.clear() }

// Single-writer atomics: the loop goroutine makes every write and reads
// its own value plainly (in a helper only it calls); others load
// atomically.
type progress struct {
	done int64
}

func (p *progress) run(items []int) {
	for range items {
		atomic.StoreInt64(&p.done, p.done+1)
		p.report()
	}
}

func (p *progress) report() {
	if p.done%100 == 0 { // no diagnostic: the only writer reads its own value
		println("progress")
	}
}

func (p *progress) Done() int64 { return atomic.LoadInt64(&p.done) }

// Two writers: the plain read in one races with the other's store.
type meter struct {
	n int64
}

func (m *meter) tick() {
	atomic.AddInt64(&m.n, 1)
	m.show()
}

func (m *meter) show() {
	println(m.n) // want `m.n is read here with a plain load but accessed with sync/atomic`
}

func (m *meter) Reset() { atomic.StoreInt64(&m.n, 0) }

func (m *meter) Start() { go m.tick() }

// A lock-free fast path adds atomically while the locked path uses plain
// loads and stores: the plain accesses race with the fast path.
type logger struct {
	sync.Mutex
	flag  int32
	out   int64
	limit int64
}

func (l *logger) Write(n int64) {
	if atomic.LoadInt32(&l.flag) == 0 {
		atomic.AddInt64(&l.out, n)
		return
	}
	l.Lock()
	l.out += n // want `l.out is written here with a plain store but accessed with sync/atomic`
	rotate := l.out > l.limit
	if rotate {
		l.out = 0 // want `l.out is written here with a plain store but accessed with sync/atomic`
	}
	l.Unlock()
}
