package publication

import (
	"log"
	"sync"
)

// A store whose tables register a cleanup callback when they are opened.
// The callback captures the store, but only reads its configuration: the
// store's tables are still private to the opening goroutine.
type Store struct {
	mu     sync.Mutex
	prefix string
	tables []string
	closed []string
}

var atExit []func()

func (s *Store) openTable(name string) string {
	atExit = append(atExit, func() { log.Printf("%s: closing %s", s.prefix, name) })
	return name
}

func (s *Store) load(names []string) {
	for _, n := range names {
		s.tables = append(s.tables, s.openTable(n)) // no diagnostic: the callback never reaches s.tables
	}
}

func OpenStore(prefix string, names []string) *Store {
	s := &Store{prefix: prefix}
	s.load(names)
	return s
}

func (s *Store) Tables() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.tables...)
}

func (s *Store) Drop(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, t := range s.tables {
		if t == name {
			s.tables = append(s.tables[:i], s.tables[i+1:]...)
			s.closed = append(s.closed, t)
			return
		}
	}
}

func (s *Store) Add(name string) {
	s.mu.Lock()
	s.tables = append(s.tables, name)
	s.mu.Unlock()
}

// The same, but the cleanup callback lists the store's closed tables: once
// it is registered, another goroutine may run it.
func (s *Store) openTracked(name string) string {
	atExit = append(atExit, func() { log.Printf("%s: %v", name, s.closed) })
	return name
}

func (s *Store) loadTracked(names []string) {
	for _, n := range names {
		s.closed = append(s.closed, s.openTracked(n)) // want `s.closed is written here without s.mu, which guards it in \d+ other accesses`
	}
}

func OpenTrackedStore(names []string) *Store {
	s := &Store{}
	s.loadTracked(names)
	return s
}

func (s *Store) Closed() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.closed)
}

func (s *Store) Forget() {
	s.mu.Lock()
	s.closed = nil
	s.mu.Unlock()
}
