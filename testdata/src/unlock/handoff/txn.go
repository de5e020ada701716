package handoff

import (
	"errors"
	"sync"
)

// A store whose write transactions hold the store's writer lock from
// Begin until the transaction ends: Begin returns holding it by design
// and the transaction releases it.
type Store struct {
	writer sync.Mutex
	meta   sync.Mutex
	open   bool
	txid   int
}

type Txn struct {
	store *Store
	id    int
	done  bool
}

// Begin starts a write transaction. The writer lock is released by the
// transaction when it ends.
func (s *Store) Begin() (*Txn, error) {
	s.writer.Lock()
	s.meta.Lock()
	defer s.meta.Unlock()
	if !s.open {
		s.writer.Unlock()
		return nil, errors.New("closed")
	}
	s.txid++
	return &Txn{store: s, id: s.txid}, nil // no diagnostic: the Txn releases s.writer
}

func (t *Txn) Commit() error {
	if t.done {
		return errors.New("done")
	}
	t.done = true
	t.store.writer.Unlock()
	return nil
}

// The same shape, but nothing ever releases the lock the handle points
// back to: a leak.
type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

type View struct {
	cache *Cache
	n     int
}

func (c *Cache) Snapshot() (*View, error) {
	c.mu.Lock() // want `c.mu is locked here but not unlocked on the return at line \d+, so every later Lock blocks forever`
	if c.items == nil {
		c.mu.Unlock()
		return nil, errors.New("empty")
	}
	return &View{cache: c, n: len(c.items)}, nil
}

func (v *View) Len() int { return v.n }
