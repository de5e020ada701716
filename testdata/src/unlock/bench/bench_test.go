package bench

import (
	"sync"
	"testing"
)

// Silent: as many RUnlocks as RLocks, in two counted loops.
func BenchmarkRLockRecursive(b *testing.B) {
	mu := sync.RWMutex{}
	i := 0
	b.RunParallel(func(pb *testing.PB) {
		for ; pb.Next(); i++ {
			mu.RLock()
		}
		for ; i > 0; i-- {
			mu.RUnlock()
		}
	})
}

type server struct {
	mu    sync.Mutex
	conns map[string]int
}

// Silent: lock-once flag nested in a condition inside the loop.
func (s *server) closeIdle(names []string, idle func(string) bool) {
	has := false
	for _, n := range names {
		if idle(n) {
			if !has {
				s.mu.Lock()
				defer s.mu.Unlock()
				has = true
			}
			delete(s.conns, n)
		}
	}
}
