package shared

import "sync"

// TracedMutex records who locks it: Lock hands the inner mutex's Lock to
// the tracer as a function value, so the lock model sees the Unlock but
// not the Lock.
type TracedMutex struct {
	mu sync.Mutex
}

var holders sync.Map

func traced(lock func(), who any) {
	lock()
	holders.Store(who, true)
}

func (m *TracedMutex) Lock() { traced(m.mu.Lock, m) }

func (m *TracedMutex) Unlock() {
	holders.Delete(m)
	m.mu.Unlock()
}

func countTraced(n int) int {
	var mu TracedMutex
	hits := 0
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			hits++ // no diagnostic: the Unlock that follows says mu is held
			mu.Unlock()
		}()
	}
	wg.Wait()
	return hits
}

func countLockedLate(n int) int {
	var mu TracedMutex
	hits, misses := 0, 0
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hits++ // want `hits is written by every goroutine started in this loop without synchronisation`
			mu.Lock()
			misses++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return hits + misses
}
