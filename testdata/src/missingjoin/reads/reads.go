// Package reads: variables a goroutine assigns, read by the spawner before
// any join.
package reads

import (
	"fmt"
	"sync"
	"time"
)

func compute() (int, error) { return 1, nil }

func readBeforeWait() int {
	var wg sync.WaitGroup
	var n int
	wg.Add(1)
	go func() {
		defer wg.Done()
		n, _ = compute()
	}()
	fmt.Println(n) // want `n is assigned by the goroutine started at line 17 and read here before any Wait or receive orders the two`
	wg.Wait()
	return n
}

func sleepIsNoJoin() error {
	var err error
	go func() {
		_, err = compute()
	}()
	time.Sleep(time.Millisecond)
	return err // want `err is assigned by the goroutine`
}

// Silent: read after Wait.
func readAfterWait() int {
	var wg sync.WaitGroup
	var n int
	wg.Add(1)
	go func() {
		defer wg.Done()
		n, _ = compute()
	}()
	wg.Wait()
	return n // no diagnostic: Wait orders the write before the read
}

// Silent: results written to distinct slice elements, read after Wait.
func distinctElements(xs []int) []int {
	out := make([]int, len(xs))
	var wg sync.WaitGroup
	for i, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = x * 2 // no diagnostic: one element per goroutine
		}()
	}
	wg.Wait()
	return out
}

// Silent: results passed back over a channel that is drained.
func overChannel(xs []int) int {
	ch := make(chan int)
	for _, x := range xs {
		go func() { ch <- x * 2 }()
	}
	sum := 0
	for range xs {
		sum += <-ch // no diagnostic: the receive is the join
	}
	return sum
}

// Silent: the goroutine signals completion by closing a channel.
func closeDone() error {
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, err = compute()
	}()
	<-done
	return err // no diagnostic: the receive orders the write
}

// Silent: per-iteration loop variables are fresh each iteration.
func perIteration(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		var r int
		fmt.Println(r) // no diagnostic: the next iteration reads a new r
		wg.Add(1)
		go func() {
			defer wg.Done()
			r = x
		}()
	}
	wg.Wait()
}

// The same without a per-iteration variable: the next iteration reads what
// the previous goroutine may be writing.
func sharedAcrossIterations(xs []int) {
	var wg sync.WaitGroup
	var r int
	for _, x := range xs {
		fmt.Println(r) // want `r is assigned by the goroutine`
		wg.Add(1)
		go func() {
			defer wg.Done()
			r = x
		}()
	}
	wg.Wait()
}

// Silent: the goroutine locks; ordering is the unguarded analyzer's question.
func locked() int {
	var mu sync.Mutex
	var n int
	go func() {
		mu.Lock()
		n = 1
		mu.Unlock()
	}()
	mu.Lock()
	defer mu.Unlock()
	return n
}

// Silent: a fire-and-forget goroutine that touches nothing of the caller's.
func fireAndForget() int {
	n := 3
	go func() {
		m := 0
		m, _ = compute()
		_ = m
	}()
	return n
}

// Silent: the goroutine writes only after a receive that the spawner's
// close orders after its read.
func signalledWrite() int {
	var x int
	start := make(chan struct{})
	done := make(chan struct{})
	go func() {
		<-start
		x = 2
		close(done)
	}()
	v := x // no diagnostic: the write waits for close(start) below
	close(start)
	<-done
	return v + x
}

var ready = make(chan struct{}, 1)

func awaitWorker() { <-ready }

// Silent: a call into this package between go and the read may be the
// join (here it is); the analyzer cannot see through it and stays quiet.
func opaqueJoin() int {
	var n int
	go func() {
		n = 1
		ready <- struct{}{}
	}()
	awaitWorker()
	return n // no diagnostic: awaitWorker orders the write
}

// A receive from a channel the goroutine never touches orders nothing
// (internal/ordering): the read races with the write.
func unrelatedReceive(tick <-chan time.Time) int {
	var n int
	done := make(chan struct{})
	go func() {
		n, _ = compute()
		close(done)
	}()
	<-tick
	v := n // want `n is assigned by the goroutine started at line \d+ and read here before any Wait or receive orders the two`
	<-done
	return v
}

// A select orders only along the case that receives from the goroutine:
// the timeout case reads while the goroutine may still write.
func selectTimeout() (int, error) {
	var n int
	done := make(chan struct{})
	go func() {
		n, _ = compute()
		close(done)
	}()
	select {
	case <-done:
		return n, nil // no diagnostic: the done case orders the write
	case <-time.After(time.Second):
		return n, fmt.Errorf("timeout") // want `n is assigned by the goroutine started at line \d+ and read here before any Wait or receive orders the two`
	}
}

func serve() error { return nil }

// serveAndCall shares err between the server goroutine and its own call:
// the write just before the read is where the race is (unguarded reports
// it); the read of the spawner's own value is not reported again here.
func serveAndCall() error {
	var err error
	go func() {
		err = serve()
	}()
	err = serve()
	if err != nil { // no diagnostic: see unguarded's write report
		return err
	}
	return nil
}

// serveThenCheck reads what only the goroutine writes.
func serveThenCheck() error {
	var err error
	go func() {
		err = serve()
	}()
	time.Sleep(time.Millisecond)
	if err != nil { // want `err is assigned by the goroutine started at line \d+ and read here before any Wait or receive orders the two`
		return err
	}
	return nil
}
