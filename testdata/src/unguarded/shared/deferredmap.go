package shared

import "sync"

type version struct {
	node int
	max  int16
	err  error
}

func query(node int) (int16, error) { return 1, nil }

// Versions asks every node in parallel. Each goroutine takes the lock and
// records its answer in a deferred closure registered after the deferred
// Unlock: defers run last in, first out, so the map write runs first,
// still under mu.
func Versions(nodes []int) map[int]version {
	var mu sync.Mutex
	var wg sync.WaitGroup
	out := make(map[int]version, len(nodes))
	for _, n := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := version{node: n}
			v.max, v.err = query(n)
			mu.Lock()
			defer mu.Unlock()
			defer func() { out[n] = v }() // no diagnostic: runs before the Unlock
			if v.err != nil {
				return
			}
			v.max++
		}()
	}
	wg.Wait()
	return out
}

// VersionsLate registers the write first, so it runs after the Unlock.
func VersionsLate(nodes []int) map[int]version {
	var mu sync.Mutex
	var wg sync.WaitGroup
	out := make(map[int]version, len(nodes))
	for _, n := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := version{node: n}
			defer func() { out[n] = v }() // want `map out is written by every goroutine started in this loop without a lock`
			v.max, v.err = query(n)
			mu.Lock()
			defer mu.Unlock()
			v.max++
		}()
	}
	wg.Wait()
	return out
}
