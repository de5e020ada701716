// Package missingjoin defines an Analyzer that reports goroutines that are
// never properly waited for: sync.WaitGroup and errgroup lifecycles that
// let a Wait return early, block forever, or never happen.
//
// # Analyzer missingjoin
//
// missingjoin: report goroutines whose WaitGroup or errgroup join is missing or racy
//
// The analyzer checks, per function, the goroutines it starts (go
// statements, errgroup Go/TryGo, WaitGroup.Go) against the WaitGroup and
// errgroup operations around them:
//
//   - wg.Add executed inside the goroutine it counts, at any position and
//     also inside a called function (same or other package), or in a
//     goroutine that may still run when the caller's wg.Wait returns;
//   - wg.Done that is not reached on some path of the goroutine (an early
//     return, a recovered panic) and is not deferred;
//   - a per-item wg.Done in a loop over a queue channel (the producer
//     Adds one per item, the join Waits) skipped by a return between
//     receiving an item and its Done: that item and every item still
//     queued are never marked done, so the Wait blocks forever;
//   - a constant wg.Add(n) or wg.Add(len(xs)) that does not match the
//     number of goroutines started before wg.Wait (known trip count,
//     conditional go, continue or break in the loop), when each of those
//     goroutines calls Done exactly once (not per work item in a loop);
//     also a constant Add(n) with the go statement in a loop whose trip
//     count depends on data (a slice, map or channel, a bound known only
//     at run time);
//   - a variable the goroutine assigns, read by the starting function after
//     the go statement before anything orders the two (a Wait of its group,
//     a receive from a channel it sends on or closes, a select case taking
//     such a receive, an atomic flag or counter it sets after its writes
//     observed, a Lock of a mutex it unlocks: internal/ordering's policy,
//     the one unguarded uses too);
//   - elements of a slice, array or map that the goroutines fill in (one
//     element each), read by the starting function before the join, before
//     a Wait that is only deferred (it runs after the read), or with no
//     join at all;
//   - a function that returns on some path without waiting for a
//     WaitGroup or errgroup it created and did not hand to anyone else;
//   - wg.Wait called inside a goroutine counted by the same group (it waits
//     for itself), or right after starting each goroutine in a loop, which
//     serialises the goroutines or, after a bulk Add, deadlocks;
//   - a sync.WaitGroup used through a copy (parameter or receiver passed by
//     value): the Add or Done never reaches the original.
//
// # Why it is a bug
//
// wg.Wait returns when the counter is zero. An Add that runs inside the new
// goroutine may run after Wait already saw zero, so Wait returns while the
// goroutine works on and its results are read half-written. A Done that is
// skipped, or an Add(n) larger than the number of goroutines started, makes
// Wait block forever; an Add smaller than that makes the counter negative
// (a panic) or lets Wait return early. Reading a variable the goroutine
// writes, before any join, is a data race. A function that returns without
// waiting leaves its goroutines running with nobody collecting their
// errors.
//
// # Example
//
// Wrong:
//
//	for _, u := range urls {
//		go func() {
//			wg.Add(1) // may run after wg.Wait below returned
//			defer wg.Done()
//			fetch(u)
//		}()
//	}
//	wg.Wait()
//
// Right:
//
//	for _, u := range urls {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			fetch(u)
//		}()
//	}
//	wg.Wait()
//
// Suggested fixes move Add(1) before the go statement and turn a trailing
// wg.Done() into a deferred one. With -missingjoin.suggestgo (off by
// default) and a file whose Go version is 1.25 or later, the exact triple
// wg.Add(1); go func() { defer wg.Done(); ... }() is also reported with a
// fix to wg.Go(func() { ... }), except when the goroutine recovers panics.
//
// The case vet's waitgroup pass already reports (wg.Add as the first
// statement of a go func literal) is left to vet, so that the binary
// reports it once.
//
// # Silencing
//
// A group is followed through the fields of a struct that holds a pointer
// to it (c := &copier{wg: &wg}; go c.copy(), where copy calls c.wg.Done),
// through helper functions (summaries, also across packages) and through
// goroutines started by a counted goroutine. Two ifs on the same unchanged
// condition take the same branch (if metrics { wg.Add(1); go … } … if
// metrics { wg.Wait() }).
//
// The analyzer stays silent when it cannot resolve the group or the
// goroutine's function, when a group (or its Done method value) escapes to
// code it cannot see, and
// when a call it cannot see stands between a goroutine and a read of its
// result. A known false positive is an ordering established by other means
// (a second WaitGroup, a callback): silence the line with
// //nolint:missingjoin and a reason, or //lint:ignore missingjoin reason.
package missingjoin
