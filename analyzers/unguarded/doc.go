// Package unguarded defines an Analyzer that reports writes to state
// shared between goroutines without synchronisation.
//
// # Analyzer unguarded
//
// unguarded: report writes to shared state without synchronisation
//
// The analyzer looks for five kinds of unsynchronised access:
//
//  1. A variable captured by a goroutine (a go func(){…}() literal, an
//     errgroup or WaitGroup.Go closure, or a pointer passed to a goroutine
//     function, followed into same-package callees and, through facts,
//     into other packages) that the goroutine writes while the spawning
//     function reads or writes it after the go statement, or while other
//     instances of the same goroutine (started in a loop) write it too, with
//     no lock, channel operation or join (wg.Wait, g.Wait, <-done) between.
//  2. Writes and deletes on a map, and append to a slice, shared in the same
//     way: concurrent map writes crash the process.
//  3. A struct field accessed with a sibling mutex held in most places (at
//     least 3 accesses, at least 75 % of them under the lock, counting the
//     locks of the callers of unexported methods, …Locked helpers and
//     "must be called with mu held" contracts) and written without it
//     elsewhere.
//  4. A field documented as guarded by a mutex — "// guarded by mu",
//     "// protected by mu", gVisor's "// +checklocks:mu", or fields grouped
//     after a mutex commented "mu guards the following fields" — that is
//     written without the mutex. For +checklocks annotations (a contract
//     meant for tools) reads without the mutex are reported too while other
//     code writes the field; prose comments are looser (code often reads on
//     the one goroutine that also writes), so their reads are not.
//  5. A variable or field accessed both with sync/atomic functions and with
//     plain loads or stores.
//
// # Why it is a bug
//
// A data race is undefined behaviour in Go's memory model: the reader may
// see a torn or stale value, increments are lost, and unsynchronised map
// writes make the runtime abort with "concurrent map writes". The race
// detector only finds a race when a test happens to run the bad
// interleaving; the code patterns above are visible statically.
//
// # Example
//
// Wrong:
//
//	var total int
//	for _, n := range nums {
//		go func() {
//			total += n // every goroutine writes total
//		}()
//	}
//
// Right:
//
//	var (
//		mu    sync.Mutex
//		total int
//	)
//	var wg sync.WaitGroup
//	for _, n := range nums {
//		wg.Go(func() {
//			mu.Lock()
//			total += n
//			mu.Unlock()
//		})
//	}
//	wg.Wait()
//
// Silent by design: writes before the go statement and reads after the join;
// each goroutine writing its own element results[i]; per-iteration loop
// variables (Go 1.22); values handed over through a channel; writes inside
// sync.Once.Do; sync/atomic types and sync.Map; objects under construction
// (accesses through a freshly allocated value, and unexported methods only
// called on one); fields never written outside construction; tests
// (_test.go files) for the field rules.
//
// Precision over recall: the analyzer says nothing about functions whose
// lock state it cannot follow (too many paths, a caller it cannot follow, a
// doc comment saying a lock is held on entry), closures whose accesses take
// no lock of their own (they may run under their creator's lock), objects
// returned by calls (sync.Pool.Get), interface calls, and accesses that a
// channel operation, select, Lock or Wait-like call may order. A lock is
// inferred as a guard only when accesses in at least two functions hold it.
// Plain reads of a variable updated atomically are reported only when some
// atomic access writes it, outside the function doing that write, and not
// after a wg.Wait; accesses holding a lock that excludes every atomic
// access are silent.
//
// Flags: -unguarded.inferred=false turns off class 3, -unguarded.atomic=false
// class 5.
//
// # Silencing
//
// A finding that is intended (a benign race on a statistic, a value only
// ever touched by one goroutine in practice) is silenced with
// //nolint:unguarded on its line, or //lint:ignore unguarded reason.
package unguarded
