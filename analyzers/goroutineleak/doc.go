// Package goroutineleak defines an Analyzer that reports goroutines that
// can block forever on a channel nobody will serve.
//
// # Analyzer goroutineleak
//
// goroutineleak: report goroutines that can block forever on a channel operation
//
// A goroutine blocked on a channel send or receive is never collected: its
// stack, and everything it references, stays alive until the process exits.
// The analyzer follows each channel a function makes through closures,
// goroutines and (via summaries) callees in this and other packages, and
// reports:
//
//   - a goroutine that sends on a channel whose receiver, the function that
//     started it, may return first: on an error path, or by taking another
//     case (ctx.Done(), time.After) of a select; the channel's buffer does
//     not cover the pending sends;
//   - a goroutine that ranges over (or receives from) a channel that the
//     function that started it may stop feeding without closing: a worker
//     pool whose job channel is never closed, a producer that returns early
//     on an error;
//   - a goroutine that sends repeatedly (or one of many senders) while the
//     function that started it stops receiving early (return or break out
//     of the receive loop), on an unbuffered channel or one whose constant
//     buffer the sends may exceed;
//   - a goroutine whose only way out is a receive on a quit channel (case
//     <-quit: return) that the function that started it may return
//     without closing;
//   - a goroutine that receives in an endless loop without checking
//     whether the channel is closed (for { v := <-ch; … }): once the
//     channel is closed it spins on zero values, and if nothing closes it,
//     it blocks forever once the caller returns;
//   - more goroutines sending once each than the caller receives plus the
//     buffer holds (first response wins, the losers block);
//   - a send or receive, outside select, on a channel variable that is
//     still nil on a straight-line path into it, or that a goroutine
//     captures while it is still nil on some path to the go statement;
//   - a send, receive or range on a channel held in an unexported struct
//     field or package variable for which nothing in the package performs
//     the matching operation (receive; send or close) — or only the
//     blocked function itself, afterwards (a range whose only close is the
//     same function's deferred close). Sends count only on unbuffered
//     channels; classes whose channels leave the package's sight (returned,
//     passed to a function, assigned from a parameter) are skipped;
//   - a plain send on such an unbuffered field whose only receiver is one
//     goroutine's loop that can return (on ctx.Done(), a stop channel, an
//     error): once the loop is gone, the send blocks forever;
//   - a send, by the function that made the channel, that runs before any
//     receiver exists: every receive is in a goroutine started after the
//     send (or later in the same function) and the buffer cannot take the
//     sends made before then;
//   - a buffered-channel semaphore slot acquired and not released on some
//     path of the goroutine that should release it;
//   - `select {}` and empty `for {}` loops in goroutines started outside
//     main and init;
//   - time.Tick calls, and time.NewTicker tickers that are never stopped, in
//     files compiled for Go versions before 1.23, where unreferenced tickers
//     are never collected.
//
// # Why it is a bug
//
// Go has no way to cancel a blocked goroutine from outside. When the only
// partner of a channel operation has gone away, the goroutine waits forever;
// a server that leaks one goroutine per request grows until it runs out of
// memory.
//
// # Example
//
// Wrong:
//
//	func fetch(ctx context.Context) (Result, error) {
//		ch := make(chan Result)
//		go func() { ch <- slowCall() }() // blocks forever after a timeout
//		select {
//		case r := <-ch:
//			return r, nil
//		case <-ctx.Done():
//			return Result{}, ctx.Err()
//		}
//	}
//
// Right:
//
//	ch := make(chan Result, 1) // the send always completes
//
// The suggested fix gives the channel a buffer as large as the number of
// sends.
//
// A select case with an empty body covers only its own path: ssa jumps
// from such a case straight to the code after the select, which the other
// cases (ctx.Done()) reach too.
//
// The analyzer stays silent when it cannot see every use of the channel:
// channels stored in fields or globals (beyond the package-wide checks on
// unexported fields and variables above), returned, sent on channels,
// converted to interfaces, passed to function values, interface methods or
// functions it has no summary for, or held in reassigned variables; sends in
// loops whose trip count it cannot relate to the buffer; goroutines managed
// by errgroup; partners in third goroutines; callees that send in selects
// with alternatives; paths that end the test (t.Error, t.Fatal) or the
// process; and functions main and init, which live as long as the process.
// A receiving loop's return does not strand a sender when the loop leaves
// only on a channel the senders close as their last act, or only when a
// CAS into a lifecycle state fails that the sender's CAS out of the same
// state proves passed.
//
// # Silencing
//
// A goroutine that is meant to block until the process exits can be marked
// with //nolint:goroutineleak (with a reason) on the reported line or above
// the go statement.
package goroutineleak
