// Package fanout defines an Analyzer that reports loops starting one
// goroutine per item of an input whose size the program does not control,
// with nothing limiting how many run at once.
//
// # Analyzer fanout
//
// fanout: report one goroutine per item of an unbounded input with no limiter
//
// The analyzer reports a go statement, errgroup Go or WaitGroup.Go — or a
// call of a helper that starts a goroutine on every call — inside a loop
// over such an input.
//
// # Why it is a bug
//
// More goroutines do not make a program faster. A loop that starts one
// goroutine for each item of an input that callers or the outside world
// size — the elements of a slice parameter of an exported function, the
// values drained from a channel, the entries of a directory listing, the
// lines of a reader or of a text read whole, the records of a stream
// (ReadString, csv Read, Decode in a for loop), the elements of a slice
// decoded from a request body (json.Unmarshal, Decoder.Decode), the
// command-line arguments (os.Args, flag.Args()) — has no bound: a large
// input starts thousands of goroutines, each holding its stack, buffers
// and often a file descriptor or connection, until memory or descriptors
// run out, and the contention makes the whole batch slower than a few workers
// would be. The same holds when the loop calls a helper that starts a
// goroutine on every call (also one from another package).
//
// The analyzer reports only with evidence of both halves: an input named
// above (a parameter the function does not bound itself by comparing its
// len, clamping or re-slicing it), and no limiter anywhere on the spawn
// path — no channel operation in the loop body before the spawn (a
// buffered-channel semaphore), no semaphore.Weighted Acquire, rate limiter
// Wait or Wait of a group in the loop, no acquire/release pair inside the
// goroutine, and, for errgroup, no SetLimit on the group. Fixed-size
// fan-out (counted loops, arrays, data the function builds), worker pools
// (N goroutines draining a channel), goroutines per component (values with
// Run, Serve, Close… methods: one per server or connection is the design)
// and test files are silent.
//
// # Example
//
// Wrong:
//
//	func Fetch(ctx context.Context, urls []string) ([]Page, error) {
//		pages := make([]Page, len(urls))
//		var g errgroup.Group
//		for i, u := range urls {
//			g.Go(func() error { // one connection per URL, all at once
//				p, err := get(ctx, u)
//				pages[i] = p
//				return err
//			})
//		}
//		return pages, g.Wait()
//	}
//
// Right:
//
//	func Fetch(ctx context.Context, urls []string) ([]Page, error) {
//		pages := make([]Page, len(urls))
//		var g errgroup.Group
//		g.SetLimit(8) // at most 8 requests in flight
//		for i, u := range urls {
//			g.Go(func() error {
//				p, err := get(ctx, u)
//				pages[i] = p
//				return err
//			})
//		}
//		return pages, g.Wait()
//	}
//
// A buffered channel used as a semaphore (sem <- struct{}{} before the go
// statement, <-sem when the goroutine ends), a semaphore.Weighted, or a
// fixed pool of workers reading the items from a channel are equally good.
//
// # Silencing
//
// Where the input is bounded by a contract the code does not show (the
// caller never passes more than a handful), annotate the go statement
// with //nolint:fanout or //lint:ignore fanout <reason>.
package fanout
