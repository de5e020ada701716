package loopvar

import "sync"

func perIteration(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() {
			it = it * 2 // no diagnostic: a new variable each iteration (Go 1.22)
			_ = it
		})
	}
	wg.Wait()
}
