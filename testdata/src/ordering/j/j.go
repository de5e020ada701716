// Package j exercises the questions missingjoin asks the ordering policy:
// probe() marks an access of the spawner, and the dump names the earlier
// goroutines a path from their spawn reaches it on with nothing ordering
// them ("unordered go@L"), or "none"; written() marks a write in a
// goroutine, and the dump says whether the goroutine waits for another
// one before it on every path.
package j

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

func probe()    {}
func written()  {}
func work() int { return 1 }

func waitGroup() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		written() // want `sync before: false`
	}()
	probe() // want `^unordered go@\d+$`
	wg.Wait()
	probe() // want `^none$`
}

func unrelatedReceive(other chan int) {
	done := make(chan struct{})
	go func() {
		work()
		close(done)
	}()
	<-other
	probe() // want `^unordered go@\d+$`
	<-done
	probe() // want `^none$`
}

// A select whose timer case is taken orders nothing; its done case does.
func selectTimeout() {
	done := make(chan struct{})
	go func() {
		work()
		close(done)
	}()
	select {
	case <-done:
		probe() // want `^none$`
	case <-time.After(time.Second):
		probe() // want `^unordered go@\d+$`
	}
}

// Counted goroutines polled until all of them have added themselves.
func counter(n int) {
	var finished atomic.Int32
	for range n {
		go func() {
			work()
			finished.Add(1)
		}()
	}
	for finished.Load() < int32(n) {
	}
	probe() // want `^none$`
}

// The bound on the left of the comparison, the loop written with >=.
func counterMirrored(n int32) {
	var finished atomic.Int32
	go func() {
		work()
		finished.Add(1)
	}()
	for !(finished.Load() >= n) {
		probe() // want `^unordered go@\d+$`
	}
	probe() // want `^none$`
	for n > finished.Load() {
	}
	probe() // want `^none$`
}

// A counter bumped before the work signals nothing.
func counterFirst(n int) {
	var started atomic.Int32
	results := make([]int, n)
	for i := range n {
		go func() {
			started.Add(1)
			results[i] = work()
		}()
	}
	for started.Load() < int32(n) {
	}
	probe() // want `^unordered go@\d+$`
}

// A goroutine that receives before writing may be ordered by the send.
func waitsFirst(ctx context.Context, start chan struct{}, mu *sync.Mutex) {
	go func() {
		<-start
		written() // want `sync before: true`
	}()
	go func() {
		select {
		case <-start:
		case <-ctx.Done():
		}
		written() // want `sync before: true`
	}()
	go func(b bool) {
		if b {
			<-start
		}
		written() // want `sync before: false`
	}(true)
	go func() {
		mu.Lock()
		written() // want `sync before: true`
		mu.Unlock()
	}()
}

// Paths through a panic do not reach the probe.
func dies(bad bool) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		work()
	}()
	if bad {
		probe() // want `^none$`
		panic("bad")
	}
	wg.Wait()
}
