// Idiom 6: accesses to an object before it is published (captured by a
// goroutine, sent, stored where others reach it) are not races; after
// publication they are. Decided from where the object is published, not
// from method names.
package publication

import "sync"

type Server struct {
	mu    sync.Mutex
	conns map[string]int
	state string
	port  int
}

func (s *Server) Add(k string) {
	s.mu.Lock()
	s.conns[k]++
	s.state = "busy"
	s.port++
	s.mu.Unlock()
}

func (s *Server) Remove(k string) {
	s.mu.Lock()
	delete(s.conns, k)
	s.state = "idle"
	s.port--
	s.mu.Unlock()
}

func (s *Server) State() (string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state, s.port
}

func (s *Server) Has(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.conns[k]
	return ok
}

// A helper called only from the constructor, on the fresh value.
func NewServer() *Server {
	s := &Server{}
	s.init()
	return s
}

func (s *Server) init() {
	s.conns = map[string]int{} // no diagnostic: s is not published yet
	s.state = "new"            // no diagnostic: s is not published yet
}

// Provisioning before the object is handed out: private until its own go
// statement, shared after it.
func Start() *Server {
	s := &Server{}
	s.provision()
	return s
}

func (s *Server) provision() {
	s.port = 80 // no diagnostic: before the go statement
	go s.loop()
	s.state = "running" // want `s.state is written here without s.mu, which guards it in 3 other accesses`
}

func (s *Server) loop() {}

// A local object captured by a goroutine is shared from then on.
func Serve() *Server {
	s := &Server{conns: map[string]int{}}
	s.port = 8080 // no diagnostic: before the go statement
	go s.loop()
	s.port = 8081 // want `s.port is written here without s.mu, which guards it in 3 other accesses`
	return s
}

// A helper also called on an object other goroutines already reach.
var current *Server

func (s *Server) drop() {
	s.conns = nil // want `s.conns is written here without s.mu, which guards it in 3 other accesses`
}

func Fresh() *Server {
	s := &Server{}
	s.drop()
	return s
}

func Current() {
	current.drop()
}

// Before the guarding mutex is even created nobody can hold it.
type Cache struct {
	mu    *sync.RWMutex
	items map[string]int
}

func (c *Cache) Get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items[k]
}

func (c *Cache) Set(k string, v int) {
	c.mu.Lock()
	c.items[k] = v
	c.mu.Unlock()
}

func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.items)
}

func (c *Cache) Init() {
	c.items = map[string]int{} // no diagnostic: before the lock is created
	c.mu = new(sync.RWMutex)
}

func (c *Cache) Clear() {
	c.items = map[string]int{} // want `c.items is written here without c.mu, which guards it in 3 other accesses`
}

// A per-call value that points to a shared level: the level's lock
// guards the level, not the call's own fields.
type level struct {
	mu sync.Mutex
	n  int
}

type call struct {
	level *level
	count int
}

func (cd *call) Step() {
	cd.level.mu.Lock()
	cd.count++
	cd.level.n++
	cd.level.mu.Unlock()
}

func (cd *call) Back() {
	cd.level.mu.Lock()
	cd.count--
	cd.level.n--
	cd.level.mu.Unlock()
}

func (cd *call) Count() int {
	cd.level.mu.Lock()
	defer cd.level.mu.Unlock()
	return cd.count + cd.level.n
}

func (cd *call) Reset() {
	cd.count = 0 // no diagnostic: cd.level.mu is another object's lock
}

func (cd *call) ResetLevel() {
	cd.level.n = 0 // want `cd.level.n is written here without cd.level.mu, which guards it in 3 other accesses`
}

// Functional options run on the constructor's goroutine: the object is
// still private after them.
type Option func(*Server)

func WithPort(p int) Option { return func(s *Server) { s.port = p } }

func NewWithOptions(opts ...Option) *Server {
	s := &Server{}
	for _, o := range opts {
		o(s)
	}
	if s.port == 0 {
		s.port = 80 // no diagnostic: s is still private
	}
	return s
}
