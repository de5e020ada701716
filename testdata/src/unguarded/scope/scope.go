// Idiom 7: a declared guard scope beats inference, and a guard belongs to
// its object.
package scope

import "sync"

// "mu guards the fields below" does not cover the fields above it.
type Peer struct {
	id    string
	addrs []string

	// mu guards the fields below.
	mu     sync.Mutex
	conns  int
	closed bool
}

func (p *Peer) Add(a string) {
	p.mu.Lock()
	p.conns++
	p.addrs = append(p.addrs, a)
	p.mu.Unlock()
}

func (p *Peer) Remove() {
	p.mu.Lock()
	p.conns--
	p.addrs = p.addrs[1:]
	p.mu.Unlock()
}

func (p *Peer) Count() (int, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.conns, len(p.addrs)
}

func (p *Peer) SetAddrs(a []string) {
	p.addrs = a // no diagnostic: above mu, outside its declared scope
}

func (p *Peer) Close() {
	p.closed = true // want `p.closed is written here without p.mu, which is declared to guard it`
}

// "protects the peer map" names what the lock covers.
type Table struct {
	mu    sync.RWMutex // protects the peer map
	peers map[string]int
	hits  int
}

func (t *Table) Put(k string, v int) {
	t.mu.Lock()
	t.peers[k] = v
	t.hits++
	t.mu.Unlock()
}

func (t *Table) Del(k string) {
	t.mu.Lock()
	delete(t.peers, k)
	t.hits++
	t.mu.Unlock()
}

func (t *Table) Get(k string) int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.peers[k] + t.hits
}

func (t *Table) ResetHits() {
	t.hits = 0 // no diagnostic: mu is declared to protect the peer map only
}

func (t *Table) Clear() {
	t.peers = nil // want `t.peers is written here without t.mu, which is declared to guard it`
}

func (t *Table) PutShared(k string, v int) {
	t.mu.RLock()
	t.peers[k] = v // want `t.peers is written here holding only the read lock of t.mu, which is declared to guard it`
	t.mu.RUnlock()
}

// "not protected by mu" says so.
type Stats struct {
	mu   sync.Mutex
	sum  int
	last int // not protected by mu: only the collector goroutine writes it
}

func (s *Stats) Add(n int) {
	s.mu.Lock()
	s.sum += n
	s.last = n
	s.mu.Unlock()
}

func (s *Stats) Sub(n int) {
	s.mu.Lock()
	s.sum -= n
	s.last = -n
	s.mu.Unlock()
}

func (s *Stats) Get() (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sum, s.last
}

func (s *Stats) Collect(n int) {
	s.last = n // no diagnostic: declared not protected by mu
}

func (s *Stats) Zero() {
	s.sum = 0 // want `s.sum is written here without s.mu, which guards it in 3 other accesses`
}

// Fields outside a mu struct{ sync.Mutex; … } group are not guarded by it.
type Conn struct {
	mu struct {
		sync.Mutex
		queue []int
		open  bool
	}
	sent int
}

func (c *Conn) Send(x int) {
	c.mu.Lock()
	c.mu.queue = append(c.mu.queue, x)
	c.sent++
	c.mu.Unlock()
}

func (c *Conn) Flush() {
	c.mu.Lock()
	c.mu.queue = nil
	c.sent = 0
	c.mu.Unlock()
}

func (c *Conn) Sent() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sent, len(c.mu.queue)
}

func (c *Conn) Count() {
	c.sent++ // no diagnostic: the lock guards the members of its group
}

func (c *Conn) Drop() {
	c.mu.queue = nil // want `c.mu.queue is written here without c.mu.Mutex, which guards it in 3 other accesses`
}
