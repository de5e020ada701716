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
