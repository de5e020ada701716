//go:build go1.21

// Package loopvar: before Go 1.22 a loop variable is one variable shared
// by every iteration (this file's version is go1.21).
package loopvar

import "sync"

func shared(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			it = it * 2 // want `it is written by every goroutine started in this loop without synchronisation`
		}()
	}
	wg.Wait()
}
