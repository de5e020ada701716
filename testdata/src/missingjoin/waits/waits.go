// Package waits: Wait in the wrong place.
package waits

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

func work(int) {}

func selfWait() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		work(1)
		wg.Wait() // want `wg.Wait inside a goroutine counted by wg waits for itself`
	}()
	wg.Wait()
}

func selfWaitGo() {
	var wg sync.WaitGroup
	wg.Go(func() {
		wg.Wait() // want `wg.Wait inside a goroutine counted by wg waits for itself`
	})
	wg.Wait()
}

func selfWaitErrgroup() error {
	var g errgroup.Group
	g.Go(func() error {
		return g.Wait() // want `g.Wait inside a goroutine counted by g waits for itself`
	})
	return g.Wait()
}

// Silent: a barrier (Done, then Wait for the others).
func barrier() {
	var wg sync.WaitGroup
	wg.Add(2)
	for i := range 2 {
		go func() {
			work(i)
			wg.Done()
			wg.Wait() // no diagnostic: this goroutine's count is already released
		}()
	}
	wg.Wait()
}

// Silent: a goroutine waiting for a different group.
func otherGroup() {
	var wg, inner sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		inner.Wait() // no diagnostic: another group
	}()
	wg.Wait()
}

func serialised(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() { defer wg.Done(); work(x) }()
		wg.Wait() // want `wg.Wait inside the loop waits for each goroutine before the next is started`
	}
}

func deadlocked(xs []int) {
	var wg sync.WaitGroup
	wg.Add(len(xs))
	for _, x := range xs {
		go func() { defer wg.Done(); work(x) }()
		wg.Wait() // want `wg.Wait inside the loop waits for goroutines the loop has not started yet`
	}
}

// Silent: batches, waiting after each batch's goroutines.
func batches(bs [][]int) {
	var wg sync.WaitGroup
	for _, b := range bs {
		for _, x := range b {
			wg.Add(1)
			go func() { defer wg.Done(); work(x) }()
		}
		wg.Wait() // no diagnostic: one Wait per batch
	}
}

// Silent: two goroutines per iteration run concurrently with each other.
func pairs(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(2)
		go func() { defer wg.Done(); work(x) }()
		go func() { defer wg.Done(); work(-x) }()
		wg.Wait()
	}
}
