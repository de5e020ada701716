// Package deadlock defines an Analyzer that reports locks acquired so that
// the program can stop making progress: a lock taken again by the
// goroutine that holds it, and locks taken in opposite orders.
//
// # Analyzer deadlock
//
// deadlock: report locks acquired again while held and locks acquired in inconsistent orders
//
// # Why it is a bug
//
// Go's sync.Mutex and sync.RWMutex are not re-entrant: a goroutine that
// calls Lock on a mutex it already holds waits for itself forever. The
// analyzer follows every control-flow path of each function (on SSA, with
// defer, TryLock branches and correlated conditions understood) and reports:
//
//   - a Lock or RLock of a mutex already locked on that path, directly or
//     through a lock wrapper;
//   - Lock while the same RWMutex is read-locked on that path (an upgrade:
//     Lock waits for every reader, including this goroutine);
//   - a call, with the lock held, to a function that acquires the same
//     lock before returning — mapped through the receiver and arguments
//     (s.mu held, s.flush() locks s.mu), through chains of callees and
//     across packages (the acquisitions are exported as facts);
//   - a second RLock of a read-locked mutex, directly or through a callee,
//     when the same mutex is write-locked somewhere in the package: RLock
//     blocks as soon as a writer waits in Lock, and that writer waits for
//     the first read lock;
//   - lock-order inversion: lock classes (a field of a named struct type,
//     a package variable) acquired in the order A then B in one place and
//     B then A in another, also through callees and through edges that
//     dependency packages export; each tangle (a strongly connected set of
//     lock classes) is reported once, at one acquisition, with the other
//     order as related information;
//   - a lock held across a blocking operation whose partner acquires that
//     lock before it gets there: an unbuffered send or receive (its
//     receiver or sender), wg.Wait (the Done caller), or Cond.Wait on a
//     Cond made with another lock (the Signal or Broadcast caller) — Wait
//     releases only the Cond's own lock;
//   - two locks of the same class held together in the order of two
//     parameters (transfer(from, to *Account) locking from.mu then to.mu):
//     transfer(a, b) and transfer(b, a) deadlock.
//
// # Example
//
// Wrong:
//
//	func (s *Store) Put(k, v string) {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		s.data[k] = v
//		s.flush() // flush locks s.mu again: deadlock
//	}
//
//	func (s *Store) flush() {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		…
//	}
//
// Right: split the function into a locking entry point and a helper that
// expects the lock held, named so:
//
//	func (s *Store) Put(k, v string) {
//		s.mu.Lock()
//		defer s.mu.Unlock()
//		s.data[k] = v
//		s.flushLocked()
//	}
//
// For lock-order inversions, pick one order for every pair of locks and
// keep to it; for two objects of one type, order them by a unique key:
//
//	first, second := from, to
//	if second.id < first.id {
//		first, second = second, first
//	}
//	first.mu.Lock()
//	second.mu.Lock()
//
// The analyzer is silent when it cannot prove the two acquisitions name the
// same lock (a.mu and b.mu of two objects are different locks unless the
// path shows otherwise), for TryLock, for a lock released before the call,
// for …Locked helpers (which require the lock rather than take it, and may
// drop and retake it), for acquisitions a callee makes only under a flag
// parameter (if !locked { mu.Lock() }), for acquisitions in goroutines and
// function literals, and for functions that compare IDs or addresses
// before locking two objects of one type. Lock-order edges are between
// classes: two different objects of types A and B locked in both orders
// are reported even when the program happens to keep the pairs disjoint.
//
// # Silencing
//
// An inversion the program rules out by other means (the two objects are
// never locked by two goroutines at once, a higher-level lock serialises
// both orders) can be annotated with //nolint:deadlock on the reported
// line (or above the function), or //lint:ignore deadlock <reason>.
package deadlock
