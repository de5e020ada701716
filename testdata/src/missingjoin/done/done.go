// Package done: wg.Done not reached on some path of the goroutine.
package done

import (
	"errors"
	"log"
	"sync"
	"time"
)

func step() error { return errors.New("x") }

func work(int) {}

func earlyReturn() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if err := step(); err != nil {
			return
		}
		work(1)
		wg.Done() // want `wg.Done is not reached on every path of the goroutine`
	}()
	wg.Wait()
}

// A recovered panic skips the trailing Done.
func recovered() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		work(2)
		wg.Done() // want `wg.Done is skipped when the goroutine panics and its deferred recover resumes`
	}()
	wg.Wait()
}

// Done in the middle of the body, an early return before it: no fix
// (deferring it would move it past work(3)).
func middle() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if step() != nil {
			return
		}
		wg.Done() // want `wg.Done is not reached on every path`
		work(3)
	}()
	wg.Wait()
}

// Silent: deferred Done.
func deferred() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done() // no diagnostic: the idiom
		if step() != nil {
			return
		}
		work(4)
	}()
	wg.Wait()
}

// Silent: Done on every path.
func everyPath() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if step() != nil {
			wg.Done() // no diagnostic: each return is preceded by Done
			return
		}
		work(5)
		wg.Done()
	}()
	wg.Wait()
}

// Silent: a path that ends in log.Fatal never returns.
func fatal() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if err := step(); err != nil {
			log.Fatal(err)
		}
		wg.Done() // no diagnostic: the other path exits the process
	}()
	wg.Wait()
}

// Silent: a worker calling Done once per item (the producer adds per item).
func perItem(in chan int) {
	var wg sync.WaitGroup
	go func() {
		for x := range in {
			work(x)
			wg.Done() // no diagnostic: Done counts items, not the goroutine
		}
	}()
	for i := range 3 {
		wg.Add(1)
		in <- i
	}
	wg.Wait()
}

// A declared worker started from two places: one diagnostic.
func worker(wg *sync.WaitGroup, x int) {
	if x < 0 {
		return
	}
	work(x)
	wg.Done() // want `wg.Done is not reached on every path of the goroutine`
}

func twoSpawns() {
	var wg sync.WaitGroup
	wg.Add(2)
	go worker(&wg, 1)
	go worker(&wg, -1)
	wg.Wait()
}

// Silent: the only path skipping Done falls off the end after a loop over a
// ticker that never closes (nats-server gateway_test).
func tickerLoop(stop chan struct{}, tick <-chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for range tick {
			select {
			case <-stop:
				wg.Done() // no diagnostic: the fall-through exit is not an explicit return
				return
			default:
			}
			work(6)
		}
	}()
	wg.Wait()
}

// Nothing before the Done can panic: the recover never skips it.
func recoveredQuiet(pause time.Duration) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		if pause > 0 {
			time.Sleep(pause)
		}
		wg.Done() // no diagnostic
	}()
	wg.Wait()
}
