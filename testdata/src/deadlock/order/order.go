// Package order: lock-order inversion between a store's heartbeat loop and
// a replica's tick.
package order

import (
	"sync"
	"time"
)

type Store struct {
	mu       sync.Mutex
	replicas []*Replica
	lastBeat time.Time
}

type Replica struct {
	mu    sync.Mutex
	store *Store
	term  int
}

// heartbeat holds the store's lock and visits each replica.
func (s *Store) heartbeat() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastBeat = time.Now()
	for _, r := range s.replicas {
		r.mu.Lock() // want `lock order inversion: Replica\.mu is acquired while Store\.mu is held, but Replica\.mu then Store\.mu in Replica\.tick`
		r.term++
		r.mu.Unlock()
	}
}

// tick holds the replica's lock and asks the store for the time.
func (r *Replica) tick() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if time.Since(r.store.beat()) > time.Second {
		r.term++
	}
}

func (s *Store) beat() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastBeat
}

// Node and Peer: the same two classes always in one order — silent.
type Node struct {
	mu    sync.Mutex
	peers []*Peer
}

type Peer struct {
	mu   sync.Mutex
	addr string
}

func (n *Node) Broadcast() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, p := range n.peers {
		p.mu.Lock() // no diagnostic: Node.mu before Peer.mu everywhere
		_ = p.addr
		p.mu.Unlock()
	}
}

func (n *Node) Rename(p *Peer, addr string) {
	n.mu.Lock()
	p.mu.Lock()
	p.addr = addr
	p.mu.Unlock()
	n.mu.Unlock()
}

// The peer releases its own lock before calling back into the node.
func (p *Peer) Leave(n *Node) {
	p.mu.Lock()
	p.addr = ""
	p.mu.Unlock()
	n.mu.Lock() // no diagnostic: p.mu was released first
	n.mu.Unlock()
}

// Readers on both sides share: no deadlock between two RLock orders.
type A struct{ mu sync.RWMutex }
type B struct{ mu sync.RWMutex }

func readAB(a *A, b *B) {
	a.mu.RLock()
	b.mu.RLock() // no diagnostic: read locks only
	b.mu.RUnlock()
	a.mu.RUnlock()
}

func readBA(a *A, b *B) {
	b.mu.RLock()
	a.mu.RLock()
	a.mu.RUnlock()
	b.mu.RUnlock()
}

// Package variables.
var (
	configMu sync.Mutex
	statsMu  sync.Mutex
)

func reload() {
	configMu.Lock()
	defer configMu.Unlock()
	statsMu.Lock() // want `lock order inversion: order\.statsMu is acquired while order\.configMu is held`
	statsMu.Unlock()
}

func report() {
	statsMu.Lock()
	if false {
		statsMu.Unlock()
		return
	}
	configMu.Lock()
	configMu.Unlock()
	statsMu.Unlock()
}

// Conn and Transport: the connection's lock is handed to a helper that
// releases it before taking the transport's; the transport takes the
// connection's lock while holding its own. Not an inversion.
type Transport struct {
	mu    sync.Mutex
	conns []*Conn
}

type Conn struct {
	mu    sync.Mutex
	t     *Transport
	state int
}

func (c *Conn) Reset() {
	c.mu.Lock()
	c.state = 0
	c.resetAndUnlock() // no diagnostic: the helper releases c.mu before taking t.mu
}

func (c *Conn) resetAndUnlock() {
	if c.state < 0 {
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	c.mu.Lock()
	c.state++
	c.mu.Unlock()
	c.t.mu.Lock()
	c.t.conns = nil
	c.t.mu.Unlock()
}

func (t *Transport) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range t.conns {
		c.mu.Lock()
		c.state = -1
		c.mu.Unlock()
	}
}
