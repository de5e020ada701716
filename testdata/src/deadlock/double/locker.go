package double

import "sync"

// Readers through a Locker: RLocker's Lock is a read lock, so taking it
// twice on one path blocks only if a writer queues in between — not a
// deadlock on its own, and the Locker's mode is its dynamic type's.
type Table struct {
	mu   sync.RWMutex
	rows []string
}

func (t *Table) Reader() sync.Locker { return t.mu.RLocker() }

func (t *Table) Snapshot(l sync.Locker) []string {
	l.Lock()
	defer l.Unlock()
	l.Lock() // no diagnostic: through a Locker
	defer l.Unlock()
	return append([]string(nil), t.rows...)
}

// The concrete mutex taken twice is reported.
func (t *Table) Append(r string) {
	t.mu.Lock()
	t.mu.Lock() // want `t.mu is already locked \(line \d+\); this Lock blocks forever because Go mutexes are not re-entrant`
	t.rows = append(t.rows, r)
	t.mu.Unlock()
	t.mu.Unlock()
}
