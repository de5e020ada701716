// Package chanmisuse defines an Analyzer that reports channel protocol
// errors: channels closed twice, closed while goroutines may still send on
// them, or closed after a check that another goroutine can pass at the same
// time.
//
// # Analyzer chanmisuse
//
// chanmisuse: report channels that can be closed twice or closed while senders still run
//
// A channel is a one-shot event when it is closed: every receiver wakes,
// and every later close or send panics. The analyzer reports:
//
//   - a channel closed twice on some path of one function (goroutine
//     bodies included): an explicit close while a deferred close of the
//     same channel is pending; a close inside a loop that can run it again;
//     a close followed by break or a fall-through to another close of the
//     same channel. The report is at the second close, the first is
//     related;
//   - a channel closed (or closed by a defer) while a goroutine the
//     function started may still send on it: the goroutine is not joined
//     before the close — no WaitGroup Wait that counts it, no receive of
//     its last send — so its send can run after the close and panic;
//   - a check-then-close with no mutual exclusion: a method of a type
//     shared between goroutines that closes a channel after a select with
//     a default case or a flag test says it is still open, with no lock
//     held and no sync.Once. Two goroutines calling it at once can both
//     pass the check and both close.
//
// # Why it is a bug
//
// close panics when the channel is already closed, and a send panics when
// the channel is closed while it waits or after. The panic happens in
// whichever goroutine loses the race, often far from the code at fault,
// and only under the timing that makes both closes (or the close and the
// send) happen: tests rarely see it, production does.
//
// # Example
//
// Wrong:
//
//	func (f *Future) Set(v int) {
//		select {
//		case <-f.done: // already set
//		default:
//			f.v = v
//			close(f.done) // two concurrent Set calls both get here
//		}
//	}
//
//	func collect(urls []string) []string {
//		out := make(chan string)
//		for _, u := range urls {
//			go func() { out <- fetch(u) }()
//		}
//		res := []string{<-out}
//		close(out) // the other goroutines' sends panic
//		return res
//	}
//
// Right:
//
//	func (f *Future) Set(v int) {
//		f.once.Do(func() {
//			f.v = v
//			close(f.done)
//		})
//	}
//
//	var wg sync.WaitGroup
//	for _, u := range urls {
//		wg.Add(1)
//		go func() { defer wg.Done(); out <- fetch(u) }()
//	}
//	go func() { wg.Wait(); close(out) }() // the closer runs after every sender
//	for s := range out { … }
//
// Silent by design: closes guarded by sync.Once, check-then-close under a
// mutex, the `wg.Wait(); close(ch)` closer goroutine, `defer close(ch)` by
// the only sender, the last-one-out close behind an atomic countdown
// (`if atomic.AddInt64(&n, -1) == 0 { close(ch) }` where every sender
// counts itself out after its send), closes on mutually exclusive paths or guarded by a
// "closed" flag, and channels whose identity the analysis cannot establish
// (elements of slices or maps, fields that other code reassigns, locals
// assigned more than once).
//
// # Silencing
//
// A report the analysis cannot see is safe (a protocol enforced elsewhere)
// can be silenced with //nolint:chanmisuse and a reason on the reported
// line.
package chanmisuse
