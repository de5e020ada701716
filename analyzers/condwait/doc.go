// Package condwait defines an Analyzer that reports misuse of sync.Cond:
// waits that do not re-check their condition, waits without the Cond's
// lock, wake-ups that can be lost, and Signal where every waiter must wake.
//
// # Analyzer condwait
//
// condwait: report sync.Cond waits without a re-checking loop or without the lock, lost wake-ups and Signal that must be Broadcast
//
// The analyzer links each Cond to its lock (q.c = sync.NewCond(&q.mu),
// q.c.L = &q.mu, or a local c := sync.NewCond(&mu), also inside closures)
// and follows the lock's state along every path of the functions that use
// the Cond. It reports:
//
//   - a Wait guarded by an if that tests shared state, in no loop: when
//     Wait returns, another goroutine may already have made the condition
//     false again (taken the item, refilled the slot), so the code after
//     it acts on a state that does not hold. The fix "Wait in a for loop"
//     turns the if into a for;
//   - a Wait on a path where the Cond's lock is not held (released
//     before, never taken in a goroutine or an exported function): Wait
//     unlocks c.L, which is a fatal error when it is not locked;
//   - a lost wake-up: a field a Wait loop tests is changed without the
//     lock before Signal or Broadcast. A waiter can test the old value,
//     then the change and the wake-up happen, then the waiter calls Wait
//     and sleeps through it, possibly forever;
//   - Signal after a one-way change (done = true, never reset) that an
//     exported method waits for: Signal wakes one goroutine, the others
//     waiting for the same event stay blocked. The fix "Use Broadcast" is
//     offered.
//
// The checks need proof: a Cond whose lock cannot be named, a Wait in any
// loop, an if on a flag that is only ever set to one value (an event: once
// true it stays true), a helper called from a loop, and Signal with only
// unexported waiters (a single consumer goroutine) are all silent.
//
// # Why it is a bug
//
// sync.Cond gives no guarantee about the state when Wait returns: between
// Signal and the waiter re-acquiring c.L any other goroutine can run. The
// predicate must be tested in a loop, under c.L, and every change to it
// made under c.L, or the wake-up can be missed.
//
// # Example
//
// Wrong:
//
//	func (q *Queue) Get() Item {
//		q.mu.Lock()
//		defer q.mu.Unlock()
//		if len(q.items) == 0 {
//			q.nonEmpty.Wait() // another Get may take the item first
//		}
//		it := q.items[0] // may panic: the queue is empty again
//		q.items = q.items[1:]
//		return it
//	}
//
//	func (q *Queue) Close() {
//		q.closed = true // not under q.mu: a waiter can miss the Broadcast
//		q.nonEmpty.Broadcast()
//	}
//
// Right:
//
//	func (q *Queue) Get() Item {
//		q.mu.Lock()
//		defer q.mu.Unlock()
//		for len(q.items) == 0 {
//			q.nonEmpty.Wait()
//		}
//		it := q.items[0]
//		q.items = q.items[1:]
//		return it
//	}
//
//	func (q *Queue) Close() {
//		q.mu.Lock()
//		q.closed = true
//		q.mu.Unlock()
//		q.nonEmpty.Broadcast()
//	}
//
// # Silencing
//
// A deliberate single test before Wait (for example when every Signal is
// paired with exactly one waiter by construction) can be annotated with
// //nolint:condwait on the Wait's line, or //lint:ignore condwait <reason>.
package condwait
