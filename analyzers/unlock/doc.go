// Package unlock defines an Analyzer that reports locks that are not
// released on every path out of the function that acquired them, and
// lock/unlock calls that do not pair up.
//
// # Analyzer unlock
//
// unlock: report locks not released on every path, and unlocks that do not match a lock
//
// The analyzer follows every control-flow path of each function (on SSA,
// with defer, closures, TryLock branches and correlated conditions
// understood) and tracks the state of each lock it can name (c.mu,
// c.inner.mu, package variables, locals). It reports:
//
//   - a Lock or RLock with a path to a return that does not release it,
//     naming that return; in an HTTP handler also a panic, which net/http
//     recovers, leaving the lock held;
//   - an Unlock on a path where the lock is not held, an Unlock of a lock
//     already unlocked (also by a deferred Unlock), RUnlock of a lock held
//     by Lock and Unlock of one held by RLock;
//   - a Lock reached again by the next loop iteration while still held
//     (a continue or break skips the Unlock), and defer mu.Unlock() in a
//     loop body that locks each iteration;
//   - an Unlock on the branch where TryLock returned false;
//   - defer mu.Lock() right after mu.Lock(), and empty critical sections;
//   - a buffered channel used as a semaphore (chan struct{}, bool or int)
//     whose slot the function acquires (sem <- struct{}{}, also as a
//     select case beside a cancel case) and releases itself (<-sem,
//     explicitly, deferred, or in a helper), with a return that skips the
//     release: reported at that return. A path that hands the channel to
//     other code (a goroutine or closure that releases it, a call it is
//     passed to) is not judged, and a channel made without a buffer is a
//     hand-off to a receiver, never a semaphore.
//
// Locks reached through container elements have an identity while the
// index is the same value: s.shards[i].mu, s.byName[k].mu, and the element
// of a range loop (for _, sh := range s.shards { sh.mu.Lock() … }), which
// names a different lock on each iteration.
//
// A path ends at a call that cannot return: panic, os.Exit, log.Fatal,
// t.Fatal, FailNow on any interface, and — through the noreturn summaries —
// assertion helpers that stop the test on a condition when the path
// already knows the condition holds:
//
//	if err != nil {
//		mu.Unlock()
//		requireNoError(t, err) // calls t.Fatalf when err != nil: the path ends
//	}
//	mu.Unlock()
//
// testify's require.NoError, Nil, NotNil, True, False and Error are known;
// hand-written helpers and their wrappers are summarised from their code.
// Branches on constant conditions (if false, const debug = false) are not
// followed, and the same condition tested twice (len(x.pending) != 0,
// c.shared) has the same outcome while nothing writes what it reads.
//
// Lock wrappers are understood through facts, across packages: a function
// that returns holding a lock on every path (func (c *C) lock()
// { c.mu.Lock() }) is a wrapper, not a leak, and its callers see the lock
// taken; a function that releases a lock it did not take (an unlock
// wrapper, or a …Locked helper that unlocks and relocks) is silent, and
// its callers see the release, also when started with go (go
// x.resetAndUnlock() hands the lock off). Functions that return a bool
// (TryLock style) or are named lock…/acquire… may return holding the lock
// on some paths only. A function that returns holding a lock it hands to
// the object it returns (func (db *DB) Begin() (*Tx, error), where a Tx
// points back to its DB and some function of the package releases the
// lock without taking it, as Tx.Rollback does) is a begin/end contract.
//
// A function runs with its caller's lock held when its contract says so
// (…Locked and Unsafe… names, "caller must hold mu" comments) or when
// every call site in the package holds it (unexported functions not used
// as values): its Unlock of that lock, or its Unlock-then-Lock, is then
// not an unlock of an unheld lock. Read locks taken again in a loop are
// judged only when something write-locks the mutex, and locks taken in
// one loop and released in another (for i < n { RLock } … for i < n {
// RUnlock }) are not judged: the counts match when the loops run the same
// number of times. A lock-once flag (if !held { mu.Lock(); defer
// mu.Unlock(); held = true }) is followed through the loop.
//
// # Why it is a bug
//
// Go mutexes are not re-entrant and are not released when a function
// returns: a path that forgets the Unlock leaves every later Lock blocked
// forever — usually on an error path that tests never take. Unlocking a
// mutex that is not locked is a fatal error that cannot be recovered.
//
// # Example
//
// Wrong:
//
//	func (c *Cache) Get(k string) (int, error) {
//		c.mu.Lock()
//		v, ok := c.items[k]
//		if !ok {
//			return 0, errNotFound // c.mu stays locked
//		}
//		c.mu.Unlock()
//		return v, nil
//	}
//
// Right:
//
//	func (c *Cache) Get(k string) (int, error) {
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		v, ok := c.items[k]
//		if !ok {
//			return 0, errNotFound
//		}
//		return v, nil
//	}
//
// Where the rewrite is equivalent (one Lock at the top of the function and
// each explicit Unlock directly before a return), the analyzer offers the
// fix "Defer the Unlock".
//
// # Silencing
//
// A function that deliberately returns with a lock held on some paths
// only, or hands the lock to code the analyzer cannot see, can be
// annotated with //nolint:unlock on the Lock's line (or above the
// function), or //lint:ignore unlock <reason>.
package unlock
