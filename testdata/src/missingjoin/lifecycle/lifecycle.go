// Package lifecycle: functions that return without waiting for a group
// they created and kept to themselves.
package lifecycle

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/errgroup"
)

func work(int) error { return nil }

func check() error { return errors.New("x") }

func neverWaits(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1) // want `wg is never waited for: the goroutines it counts outlive neverWaits`
		go func() {
			defer wg.Done()
			work(x)
		}()
	}
}

func earlyReturn(xs []int) error {
	var wg sync.WaitGroup
	wg.Add(1) // want `earlyReturn returns on some path without waiting for wg after this point`
	go func() {
		defer wg.Done()
		work(0)
	}()
	if err := check(); err != nil {
		return err
	}
	wg.Wait()
	return nil
}

func errgroupEarlyReturn(ctx context.Context, xs []int) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, x := range xs {
		g.Go(func() error { return work(x) }) // want `errgroupEarlyReturn returns on some path without waiting for g`
	}
	if err := check(); err != nil {
		return err
	}
	_ = ctx
	return g.Wait()
}

func errgroupNoWait(xs []int) {
	var g errgroup.Group
	for _, x := range xs {
		g.Go(func() error { return work(x) }) // want `g is never waited for`
	}
}

// Silent: errgroup.WithContext + Wait.
func errgroupWaits(ctx context.Context, xs []int) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, x := range xs {
		g.Go(func() error { return work(x) })
	}
	_ = ctx
	return g.Wait() // no diagnostic: the idiom
}

// Silent: the group is returned to a caller who waits.
func startAll(xs []int) *sync.WaitGroup {
	wg := new(sync.WaitGroup)
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(x)
		}()
	}
	return wg // no diagnostic: the caller waits
}

// Silent: the group is passed by pointer to a caller who waits.
func startInto(wg *sync.WaitGroup, xs []int) {
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(x)
		}()
	}
}

func caller(xs []int) {
	var wg sync.WaitGroup
	startInto(&wg, xs) // no diagnostic: the group escapes to a function we cannot summarise as waiting
	wg.Wait()
}

// Silent: deferred Wait covers every return.
func deferredWait(xs []int) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(x)
		}()
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// Silent: wg.Go and Wait.
func wgGo(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Go(func() { work(x) }) // no diagnostic: the Go 1.25 idiom
	}
	wg.Wait()
}

// Silent: a panic path does not return.
func panics(xs []int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		work(1)
	}()
	if len(xs) == 0 {
		panic("empty")
	}
	wg.Wait()
}

// Silent: a closer goroutine waits and closes the results channel, which
// the function drains (prometheus Registry.Gather).
func closer(xs []int) int {
	var wg sync.WaitGroup
	out := make(chan int)
	wg.Add(len(xs))
	for _, x := range xs {
		go func() {
			defer wg.Done()
			out <- x
		}()
	}
	go func() {
		wg.Wait() // no diagnostic: the join happens in the closer
		close(out)
	}()
	n := 0
	for v := range out {
		n += v
	}
	return n
}

// Silent: a start barrier released by Done and waited for in goroutines.
func startBarrier(n int) {
	var start sync.WaitGroup
	start.Add(1)
	for range n {
		go func() {
			start.Wait() // no diagnostic: the goroutines wait, not the function
			work(0)
		}()
	}
	start.Done()
}

// An errgroup from new(), an early return inside the loop after earlier
// Go calls (quic-go stream_test): named as written.
func newGroup(open func() (int, error)) error {
	g := new(errgroup.Group)
	for i := 0; i < 3; i++ {
		x, err := open()
		if err != nil {
			return err
		}
		g.Go(func() error { return work(x) }) // want `newGroup returns on some path without waiting for g after this point`
	}
	return g.Wait()
}

// Closures are named as such, not by their SSA name. (buildssa lists no
// literals of package-level initialisers, hence a local one.)
func peers(open func() (int, error)) error {
	runPeer := func() error {
		var g errgroup.Group
		for i := 0; i < 3; i++ {
			x, err := open()
			if err != nil {
				return err
			}
			g.Go(func() error { return work(x) }) // want `this function literal returns on some path without waiting for g`
		}
		return g.Wait()
	}
	return runPeer()
}
