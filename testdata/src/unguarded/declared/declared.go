// Class 4: guards declared in comments.
package declared

import "sync"

type Server struct {
	name string // set once in NewServer

	mu      sync.Mutex
	conns   int    // guarded by mu
	state   string // protected by mu
	version int    // +checklocks:mu
	phase   int    // +checklocks:mu
}

func (s *Server) Advance() {
	s.mu.Lock()
	s.phase++
	s.mu.Unlock()
}

func (s *Server) Phase() int {
	return s.phase // want `s.phase is read here without s.mu, which is declared to guard it, while other code writes it`
}

func NewServer(name string) *Server {
	s := &Server{name: name}
	s.conns = 0 // no diagnostic: under construction
	return s
}

func (s *Server) Add() {
	s.mu.Lock()
	s.conns++
	s.state = "busy"
	s.mu.Unlock()
}

func (s *Server) Drop() {
	s.conns-- // want `s.conns is written here without s.mu, which is declared to guard it`
}

func (s *Server) State() string {
	return s.state // no diagnostic: prose annotations report writes only
}

func (s *Server) Version() int {
	return s.version // no diagnostic: version is never written outside construction
}

func (s *Server) Name() string {
	return s.name // no diagnostic: not declared guarded
}

func (s *Server) StateLocked() string {
	return s.state // no diagnostic: the caller holds s.mu by contract
}

// Fields grouped after a mutex under a comment.
type Pool struct {
	// mu guards the following fields.
	mu   sync.Mutex
	free []int
	used int

	limit int // not in the group: after a blank line
}

func (p *Pool) Get() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.used++
	x := p.free[0]
	p.free = p.free[1:]
	return x
}

func (p *Pool) Put(x int) {
	p.free = append(p.free, x) // want `p.free is written here without p.mu, which is declared to guard it`
	p.limit++                  // no diagnostic: limit is outside the group
}

// A lock commented with the fields it protects.
type Queue struct {
	mu    sync.Mutex // protects items and n
	items []string
	n     int
	other int
}

func (q *Queue) Push(s string) {
	q.mu.Lock()
	q.items = append(q.items, s)
	q.mu.Unlock()
	q.n++     // want `q.n is written here without q.mu, which is declared to guard it`
	q.other++ // no diagnostic: not listed
}

// A "needs mu locked" contract (prometheus summary.go): the caller holds
// the lock.
type summary struct {
	bufMtx  sync.Mutex // Protects hotBuf and expires.
	mtx     sync.Mutex
	hotBuf  []float64
	expires int
}

func (s *summary) Observe(v float64) {
	s.bufMtx.Lock()
	defer s.bufMtx.Unlock()
	s.hotBuf = append(s.hotBuf, v)
	s.expires++
	s.rotate()
}

// rotate needs mtx AND bufMtx locked.
func (s *summary) rotate() {
	for s.expires > 10 { // no diagnostic: the contract says the caller holds bufMtx
		s.hotBuf = s.hotBuf[:0]
		s.expires = 0
	}
}

func (s *summary) Reset() {
	s.hotBuf = nil // want `s.hotBuf is written here without s.bufMtx, which is declared to guard it`
}

// grpc stream.go: "Not guarded by mu" declares nothing; "mu guards
// trInfo.tr" guards a part of trInfo, not trInfo.
type clientStream struct {
	mu     sync.Mutex // guards trInfo.tr
	trInfo *int

	// Not guarded by mu.
	decompressorSet bool
	sentLast        bool

	// Guarded by mu.
	finished bool
}

func (cs *clientStream) recv() {
	cs.decompressorSet = true // no diagnostic: declared as not guarded
	cs.sentLast = true        // no diagnostic: same group
	cs.trInfo = nil           // no diagnostic: only trInfo.tr is guarded
	cs.mu.Lock()
	cs.finished = true
	cs.mu.Unlock()
}

func (cs *clientStream) finish() {
	cs.finished = true // want `cs.finished is written here without cs.mu, which is declared to guard it`
}

// Prose guards are looser than checklocks: unlocked reads of a field a
// comment says mu guards are not reported (grpc endpointsharding reads
// es.endpoints on its serialised goroutine).
type sharding struct {
	// mu guards access to the below fields.
	mu        sync.Mutex
	endpoints map[string]int
}

func (es *sharding) update(m map[string]int) {
	for k := range es.endpoints { // no diagnostic: a read, prose annotation
		_ = k
	}
	es.mu.Lock()
	es.endpoints = m
	es.mu.Unlock()
}

// A "requires a lock" contract (grpc clientconn.go).
type addrConn struct {
	mu    sync.Mutex
	state int // guarded by mu
}

// Note: this requires a lock on ac.mu.
func (ac *addrConn) updateState(s int) {
	ac.state = s // no diagnostic: the contract says the caller holds ac.mu
}

func (ac *addrConn) connect() {
	ac.mu.Lock()
	ac.updateState(1)
	ac.mu.Unlock()
}
