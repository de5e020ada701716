package double

import "sync"

// Ledger admits one writer and any number of readers: Txn locks the writer
// lock only for a write transaction.
type Ledger struct {
	writer sync.Mutex
	data   map[string]string
}

type Txn struct {
	s     *Ledger
	write bool
}

func (s *Ledger) Txn(write bool) *Txn {
	if write {
		s.writer.Lock()
	}
	return &Txn{s: s, write: write}
}

func (t *Txn) Commit() {
	if t.write {
		t.s.writer.Unlock()
	}
}

// readWhileWriting opens read transactions beside a write one: reads
// never take the writer lock.
func readWhileWriting(s *Ledger) {
	w := s.Txn(true)
	r1 := s.Txn(false) // no diagnostic: a read transaction takes no lock
	r2 := s.Txn(false) // no diagnostic
	r1.Commit()
	r2.Commit()
	w.Commit()
}

// lockWriter always takes the writer lock.
func (s *Ledger) lockWriter() { s.writer.Lock() }

func writeTwice(s *Ledger) {
	s.lockWriter()
	s.lockWriter() // want `s.writer is already locked \(line \d+\); this Lock blocks forever because Go mutexes are not re-entrant`
	s.writer.Unlock()
}
