// Package realcode holds reductions of false positives found on real code
// (k8s.io/client-go v0.37.2). Every function here is correct and must stay
// silent.
package realcode

import (
	"context"
	"sync"
	"testing"
)

type checker interface {
	Done() <-chan struct{}
	Name() string
}

// no diagnostic: one goroutine per checker, and the caller receives exactly
// len(checkers) results before waiting (client-go tools/cache WaitFor).
func waitFor(ctx context.Context, checkers ...checker) bool {
	var wg sync.WaitGroup
	type result struct {
		c    checker
		done bool
	}
	results := make(chan result)
	for _, c := range checkers {
		wg.Go(func() {
			select {
			case <-c.Done():
				results <- result{c, true}
			case <-ctx.Done():
				select {
				case <-c.Done():
					results <- result{c, true}
				default:
					results <- result{c, false}
				}
			}
		})
	}
	var missing []string
	for range len(checkers) {
		r := <-results
		if !r.done {
			missing = append(missing, r.c.Name())
		}
	}
	wg.Wait()
	return len(missing) == 0
}

// no diagnostic: the buffered channel is filled and closed before any worker
// starts, so every worker's range ends (client-go util/workqueue
// ParallelizeUntil).
func parallelize(workers, pieces int, work func(int)) {
	if pieces == 0 {
		return
	}
	toProcess := make(chan int, pieces)
	for i := 0; i < pieces; i++ {
		toProcess <- i
	}
	close(toProcess)
	if pieces < workers {
		workers = pieces
	}
	var wg sync.WaitGroup
	wg.Add(workers)
	for i := 0; i < workers; i++ {
		go func() {
			defer wg.Done()
			for p := range toProcess {
				work(p)
			}
		}()
	}
	wg.Wait()
}

// The close happens before the workers start on one path only.
func parallelizeMaybeClosed(workers, pieces int, work func(int)) {
	toProcess := make(chan int, pieces)
	for i := 0; i < pieces; i++ {
		toProcess <- i
	}
	if pieces > 1 {
		close(toProcess)
	}
	for i := 0; i < workers; i++ {
		go func() {
			for p := range toProcess { // want `goroutine ranges over toProcess but the caller may return at line 96 without closing it`
				work(p)
			}
		}()
	}
}

// no diagnostic: the encoder reports on errc only when it fails, and then
// the decoder never finishes, so done is never closed and the select takes
// errc (client-go rest/watch TestDecoder). The link between the two
// goroutines (a pipe) is invisible to the model.
func testDecode(t *testing.T, encode, decode func() error) {
	for range 3 {
		errc := make(chan error)
		go func() {
			if err := encode(); err != nil {
				errc <- err
				return
			}
		}()
		done := make(chan struct{})
		go func() {
			if err := decode(); err != nil {
				errc <- err
				return
			}
			close(done)
		}()
		select {
		case err := <-errc:
			t.Fatal(err)
		case <-done:
		}

		done = make(chan struct{})
		go func() {
			decode()
			close(done)
		}()
		<-done
	}
}

// A goroutine that always sends on errc leaks when done wins the select.
func decodeAlwaysSends(encode, decode func() error) error {
	errc := make(chan error)
	done := make(chan struct{})
	go func() {
		errc <- encode() // want `goroutine sends on errc but the caller may return at line 153 without receiving`
	}()
	go func() {
		if err := decode(); err != nil {
			errc <- err
			return
		}
		close(done)
	}()
	select {
	case err := <-errc:
		return err
	case <-done:
	}
	return nil
}

// A for range n receive loop that stops at the first error leaves the
// remaining senders blocked.
func firstOfN(n int, get func() error) error {
	ch := make(chan error)
	for range n {
		go func() {
			ch <- get() // want `goroutine sends on ch but the caller may stop receiving and return at line 167 while other sends are pending`
		}()
	}
	for range n {
		if err := <-ch; err != nil {
			return err
		}
	}
	return nil
}
