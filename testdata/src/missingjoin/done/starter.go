package done

import "sync"

type pool struct{ routines sync.WaitGroup }

// goFunc starts f as a goroutine counted by p.routines.
func (p *pool) goFunc(f func()) {
	p.routines.Add(1)
	go func() {
		defer p.routines.Done()
		f()
	}()
}

func stepOnce() error { return nil }

// A goroutine started through the starter that skips its Done.
func (p *pool) runAll(xs []int) {
	var wg sync.WaitGroup
	for range xs {
		wg.Add(1)
		p.goFunc(func() {
			if err := stepOnce(); err != nil {
				return
			}
			wg.Done() // want `wg.Done is not reached on every path of the goroutine`
		})
	}
	wg.Wait()
}

// Silent: the Done is deferred.
func (p *pool) runAllDeferred(xs []int) {
	var wg sync.WaitGroup
	for range xs {
		wg.Add(1)
		p.goFunc(func() {
			defer wg.Done()
			if err := stepOnce(); err != nil {
				return
			}
		})
	}
	wg.Wait()
}

// runGuarded runs f on a goroutine and waits for it, recovering panics.
func runGuarded(f func()) {
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	<-done
}

// Silent: the starter waits, so the read after the call is ordered.
func guardedResult() error {
	var err error
	runGuarded(func() { err = stepOnce() })
	return err // no diagnostic: runGuarded waits for the goroutine
}
