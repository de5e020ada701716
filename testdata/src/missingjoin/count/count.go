// Package count: constant Add(n) or Add(len(xs)) that does not match the
// goroutines started before Wait.
package count

import "sync"

func work(int) {}

func tooMany() {
	var wg sync.WaitGroup
	wg.Add(3) // want `wg.Add\(3\) counts more goroutines than the 2 started before wg.Wait`
	go func() { defer wg.Done(); work(1) }()
	go func() { defer wg.Done(); work(2) }()
	wg.Wait()
}

func tooFew() {
	var wg sync.WaitGroup
	wg.Add(1) // want `wg.Add\(1\) counts fewer goroutines than the 2 started`
	go func() { defer wg.Done(); work(1) }()
	go func() { defer wg.Done(); work(2) }()
	wg.Wait()
}

func knownTrip() {
	var wg sync.WaitGroup
	wg.Add(5) // want `wg.Add\(5\) counts more goroutines than the 4 started`
	for i := 0; i < 4; i++ {
		go func() { defer wg.Done(); work(i) }()
	}
	wg.Wait()
}

func earlyBreak(stop func(int) bool) {
	var wg sync.WaitGroup
	wg.Add(4) // want `wg.Add\(4\) counts goroutines that may not be started`
	for i := range 4 {
		if stop(i) {
			break
		}
		go func() { defer wg.Done(); work(i) }()
	}
	wg.Wait()
}

func conditionalGo(ok bool) {
	var wg sync.WaitGroup
	wg.Add(2) // want `wg.Add\(2\) counts goroutines that may not be started`
	go func() { defer wg.Done(); work(1) }()
	if ok {
		go func() { defer wg.Done(); work(2) }()
	}
	wg.Wait()
}

func lenSkip(xs []int) {
	var wg sync.WaitGroup
	wg.Add(len(xs)) // want `wg.Add\(len\(xs\)\) counts one goroutine per element, but the loop may skip the go statement`
	for _, x := range xs {
		if x < 0 {
			continue
		}
		go func() { defer wg.Done(); work(x) }()
	}
	wg.Wait()
}

func lenTwice(xs []int) {
	var wg sync.WaitGroup
	wg.Add(len(xs)) // want `the loop starts 2 per element`
	for _, x := range xs {
		go func() { defer wg.Done(); work(x) }()
		go func() { defer wg.Done(); work(-x) }()
	}
	wg.Wait()
}

// Silent: Add(len(xs)) before a loop over xs.
func lenMatch(xs []int) {
	var wg sync.WaitGroup
	wg.Add(len(xs)) // no diagnostic: one goroutine per element
	for _, x := range xs {
		go func() { defer wg.Done(); work(x) }()
	}
	wg.Wait()
}

// Silent: counts that match.
func match() {
	var wg sync.WaitGroup
	wg.Add(2) // no diagnostic
	go func() { defer wg.Done(); work(1) }()
	go worker(&wg)
	wg.Wait()
	wg.Add(3) // no diagnostic: 3 iterations
	for i := 0; i < 3; i++ {
		go func() { defer wg.Done(); work(i) }()
	}
	wg.Wait()
}

func worker(wg *sync.WaitGroup) {
	defer wg.Done()
	work(0)
}

// Silent: a continue after the go statement does not skip it.
func continueAfter(xs []int) {
	var wg sync.WaitGroup
	wg.Add(len(xs))
	for _, x := range xs {
		go func() { defer wg.Done(); work(x) }()
		if x > 0 {
			continue
		}
		work(x)
	}
	wg.Wait()
}

// Silent: the group is handed to a helper that may add or start more.
func handed(start func(*sync.WaitGroup)) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); work(1) }()
	start(&wg)
	wg.Wait()
}

// Silent: goroutines run a closure variable; whether it calls Done is not
// visible at the go statement (prometheus TestRegistryRegisterConcurrent).
func closureVar() {
	var wg sync.WaitGroup
	observe := func() { defer wg.Done(); work(1) }
	wg.Add(2)
	go observe()
	go observe()
	wg.Wait()
}

// Silent: Done is called from a callback, not by goroutines between Add
// and Wait (go-redis pool_test).
func callback(newPool func(dial func())) {
	var wg sync.WaitGroup
	wg.Add(3)
	newPool(func() { wg.Done() })
	wg.Wait()
}

// Silent: a goroutine started before the Add marks it done (go-redis
// pubsub_test).
func earlier(ch chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-ch
		wg.Done()
	}()
	wg.Wait()
	wg.Add(1)
	ch <- 1
	wg.Wait()
}

// Add, then a continue that skips the go statement.
func addThenContinue(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1) // want `wg.Add is not matched by a goroutine when the continue below runs`
		if x < 0 {
			continue
		}
		go func() { defer wg.Done(); work(x) }()
	}
	wg.Wait()
}

type svc struct{ wg sync.WaitGroup }

func (s *svc) run() { defer s.wg.Done() }

// Add on a group that outlives the function, then a return before the go.
func (s *svc) start(err error) error {
	s.wg.Add(1) // want `s.wg.Add is not matched by a goroutine when the return below runs`
	if err != nil {
		return err
	}
	go s.run()
	return nil
}

// Silent: the skip path undoes the Add.
func addThenDone(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		if x < 0 {
			wg.Done() // no diagnostic: the Add is undone before continue
			continue
		}
		go func() { defer wg.Done(); work(x) }()
	}
	wg.Wait()
}

// Silent: the jump is inside a nested loop.
func nestedJump(xs [][]int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		n := 0
		for _, y := range x {
			if y < 0 {
				continue // no diagnostic: continues the inner loop
			}
			n += y
		}
		go func() { defer wg.Done(); work(n) }()
	}
	wg.Wait()
}

// Silent: the function counts itself in (nats-server meta benchmark).
func readyBarrier() {
	var ready sync.WaitGroup
	ready.Add(3)
	for i := 0; i < 2; i++ {
		go func() {
			ready.Done()
			ready.Wait()
			work(i)
		}()
	}
	ready.Done() // no diagnostic: the third count is this function's
	ready.Wait()
}

// Silent: Add counts work items, not goroutines; each worker calls Done
// once per item it takes from the channel (client-go
// TestTransportConcurrency).
func workItems(get func(string) error) {
	const numReqs = 10
	var wg sync.WaitGroup
	wg.Add(numReqs) // no diagnostic: Done runs per request, not per goroutine
	reqs := make(chan string)
	defer close(reqs)
	for i := 0; i < 4; i++ {
		go func() {
			for req := range reqs {
				if err := get(req); err != nil {
					wg.Done()
					continue
				}
				wg.Done()
			}
		}()
	}
	for i := 0; i < numReqs; i++ {
		reqs <- "req"
	}
	wg.Wait()
}

// Silent: the same with a declared worker whose Done is in its loop.
func workItemsDeclared() {
	var wg sync.WaitGroup
	wg.Add(10) // no diagnostic: itemWorker calls Done once per item
	reqs := make(chan int)
	go itemWorker(&wg, reqs)
	go itemWorker(&wg, reqs)
	for i := 0; i < 10; i++ {
		reqs <- i
	}
	close(reqs)
	wg.Wait()
}

func itemWorker(wg *sync.WaitGroup, reqs <-chan int) {
	for r := range reqs {
		work(r)
		wg.Done()
	}
}

// Silent: Done through a helper called in the goroutine's loop.
func workItemsHelper() {
	var wg sync.WaitGroup
	wg.Add(6) // no diagnostic: finish runs once per item
	reqs := make(chan int)
	for i := 0; i < 3; i++ {
		go func() {
			for r := range reqs {
				finish(&wg, r)
			}
		}()
	}
	for i := 0; i < 6; i++ {
		reqs <- i
	}
	close(reqs)
	wg.Wait()
}

func finish(wg *sync.WaitGroup, r int) {
	defer wg.Done()
	work(r)
}

// Done on two branches of one path (an early return and the end) is still
// once per goroutine: the count is compared.
func doneOnBranches(fail func(int) bool) {
	var wg sync.WaitGroup
	wg.Add(3) // want `wg.Add\(3\) counts more goroutines than the 2 started`
	for i := 0; i < 2; i++ {
		go func() {
			if fail(i) {
				wg.Done()
				return
			}
			work(i)
			wg.Done()
		}()
	}
	wg.Wait()
}

// Silent: each goroutine calls Done twice on one path (two stages), so
// Add(4) for 2 goroutines is right.
func twoStages() {
	var wg sync.WaitGroup
	wg.Add(4) // no diagnostic: two Done per goroutine
	for i := 0; i < 2; i++ {
		go func() {
			work(i)
			wg.Done()
			work(-i)
			wg.Done()
		}()
	}
	wg.Wait()
}

// Silent: a deferred Done plus an explicit one.
func deferAndExplicit() {
	var wg sync.WaitGroup
	wg.Add(4) // no diagnostic: two Done per goroutine
	for i := 0; i < 2; i++ {
		go func() {
			defer wg.Done()
			work(i)
			wg.Done()
		}()
	}
	wg.Wait()
}
