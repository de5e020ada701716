//go:build go1.24

// Package go124: no wg.Go suggestion before Go 1.25.
package go124

import "sync"

func work(int) {}

func triple(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1) // no diagnostic: WaitGroup.Go needs Go 1.25
		go func() {
			defer wg.Done()
			work(x)
		}()
	}
	wg.Wait()
}
