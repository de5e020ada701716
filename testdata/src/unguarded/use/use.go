package use

import (
	"sync"
	"unguarded/dep"
)

// Inferred guards through lock wrappers from another package.
type Meter struct {
	g     dep.Guard
	count int
}

func (m *Meter) Add() {
	m.g.Enter()
	m.count++
	m.g.Leave()
}

func (m *Meter) Sub() {
	m.g.Enter()
	defer m.g.Leave()
	m.count--
}

func (m *Meter) Get() int {
	m.g.Enter()
	defer m.g.Leave()
	return m.count
}

func (m *Meter) Zero() {
	m.count = 0 // want `m.count is written here without m.g.mu, which guards it in 3 other accesses`
}

// Pointers handed to functions of another package.
func sum(n int) int {
	total := 0
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			dep.Incr(&total) // want `total is written by every goroutine started in this loop without synchronisation`
		})
	}
	wg.Wait()
	return total
}

func count(keys []string) map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			dep.Record(m, k) // want `map m is written by every goroutine started in this loop without a lock`
		})
	}
	wg.Wait()
	return m
}

func safeSum(n int) int {
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			dep.SafeIncr(&mu, &total) // no diagnostic: the callee locks
			_ = dep.Read(&total)      // no diagnostic: only reads
		})
	}
	wg.Wait()
	return total
}
