// Buffered channels used as semaphores.
package semaphore

import "sync"

type task struct{ ok bool }

func run(task) error { return nil }

// The goroutine skips the release on its error path.
func leakySlots(tasks []task) {
	sem := make(chan struct{}, 3)
	var wg sync.WaitGroup
	for _, t := range tasks {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(t); err != nil {
				return
			}
			<-sem // want `goroutine may return at line 20 without releasing semaphore sem`
		}()
	}
	wg.Wait()
}

// --- Silent twins ---

// no diagnostic: the release is deferred, so it runs on every path.
func deferredRelease(tasks []task) {
	sem := make(chan struct{}, 3)
	var wg sync.WaitGroup
	for _, t := range tasks {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := run(t); err != nil {
				return
			}
		}()
	}
	wg.Wait()
}

// no diagnostic: released on both paths.
func releasedOnBothPaths(tasks []task) {
	sem := make(chan struct{}, 3)
	var wg sync.WaitGroup
	for _, t := range tasks {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(t); err != nil {
				<-sem
				return
			}
			<-sem
		}()
	}
	wg.Wait()
}
