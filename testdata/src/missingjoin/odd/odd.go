// Package odd: unusual shapes that must neither crash the analyzer nor be
// reported.
package odd

import "sync"

func work(any) {}

// Generic code.
func Map[T any](xs []T, f func(T) T) []T {
	out := make([]T, len(xs))
	var wg sync.WaitGroup
	wg.Add(len(xs))
	for i, x := range xs {
		go func() {
			defer wg.Done()
			out[i] = f(x)
		}()
	}
	wg.Wait()
	return out
}

type Pool[T any] struct {
	wg    sync.WaitGroup
	items []T
}

func (p *Pool[T]) Run(f func(T)) {
	for _, it := range p.items {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			f(it)
		}()
	}
	p.wg.Wait()
}

// A method value as the deferred Done.
func methodValue() {
	var wg sync.WaitGroup
	done := wg.Done
	wg.Add(1)
	go func() {
		defer done()
		work(1)
	}()
	wg.Wait()
}

// Parenthesised calls and a labelled loop.
func parens(xs [][]int) {
	var wg sync.WaitGroup
outer:
	for _, x := range xs {
		for _, y := range x {
			if y < 0 {
				continue outer
			}
		}
		(wg.Add)(1)
		go func() {
			defer (wg.Done)()
			work(x)
		}()
	}
	(wg.Wait)()
}

// An interface holding the group.
type waiter interface{ Wait() }

func viaInterface(w waiter) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done() }()
	w = &wg
	w.Wait()
}

// A group in a map and a slice of groups.
func containers(n int) {
	wgs := make([]sync.WaitGroup, n)
	for i := range wgs {
		wgs[i].Add(1)
		go func() { defer wgs[i].Done() }()
	}
	for i := range wgs {
		wgs[i].Wait()
	}
}

// Go 1.25 WaitGroup.Go with a declared function.
func wgGoDeclared() {
	var wg sync.WaitGroup
	wg.Go(func() { work(2) })
	f := func() { work(3) }
	wg.Go(f)
	wg.Wait()
}
