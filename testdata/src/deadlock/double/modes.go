package double

import "sync"

// A transaction takes its database's lock in the mode its kind needs: the
// wrapper's summary holds both modes, and which one a call takes depends
// on the transaction, so nothing is known to be taken twice.
type DB struct {
	mu   sync.RWMutex
	data map[string]string
}

type Tx struct {
	db       *DB
	writable bool
}

func (tx *Tx) lock() {
	if tx.writable {
		tx.db.mu.Lock()
	} else {
		tx.db.mu.RLock()
	}
}

func (tx *Tx) unlock() {
	if tx.writable {
		tx.db.mu.Unlock()
	} else {
		tx.db.mu.RUnlock()
	}
}

func (db *DB) Begin(writable bool) *Tx {
	tx := &Tx{db: db, writable: writable}
	tx.lock() // no diagnostic
	return tx
}

func (tx *Tx) Get(k string) string { return tx.db.data[k] }

func (tx *Tx) Done() { tx.unlock() }

// A wrapper that always write-locks, called with the lock held: reported.
func (db *DB) lockAll() { db.mu.Lock() }

func (db *DB) Reset() {
	db.mu.Lock()
	db.lockAll() // want `db.mu is already locked \(line \d+\); this Lock blocks forever because Go mutexes are not re-entrant`
	db.data = nil
	db.mu.Unlock()
	db.mu.Unlock()
}
