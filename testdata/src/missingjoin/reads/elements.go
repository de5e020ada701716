package reads

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func fetch(i int) int { return i }

// One element per goroutine, read before the Wait.
func sumBeforeWait(n int) int {
	var wg sync.WaitGroup
	results := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = fetch(i)
		}()
	}
	sum := 0
	for _, r := range results { // want `elements of results are assigned by the goroutines started at line 17 and read here before any Wait or receive orders the two`
		sum += r
	}
	wg.Wait()
	return sum
}

// The Wait is only deferred: it runs after the read.
func firstDeferredWait(n int) int {
	var wg sync.WaitGroup
	defer wg.Wait()
	results := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = fetch(i)
		}()
	}
	return results[0] // want `elements of results are assigned by the goroutines`
}

// No join at all; a map filled one key per goroutine.
func byName(names []string) map[string]int {
	sizes := make(map[string]int)
	for _, n := range names {
		go func() {
			sizes[n] = len(n)
		}()
	}
	fmt.Println(sizes["x"]) // want `elements of sizes are assigned by the goroutines`
	return sizes
}

// Elements of a parameter written by a declared worker.
func fill(out []int, i int) { out[i] = fetch(i) }

func fillParam(out []int) int {
	var wg sync.WaitGroup
	for i := range out {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fill(out, i)
		}()
	}
	wg.Wait()
	return 0 // no diagnostic: nothing read
}

// Silent: read after the Wait.
func sumAfterWait(n int) int {
	var wg sync.WaitGroup
	results := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = fetch(i)
		}()
	}
	wg.Wait()
	sum := 0
	for _, r := range results { // no diagnostic: Wait orders the writes
		sum += r
	}
	return sum
}

// Silent: each element is read inside the loop before its goroutine is
// started (another goroutine's element is never read there).
func readOwnBeforeStart(xs []int) []int {
	var wg sync.WaitGroup
	out := make([]int, len(xs))
	for i, x := range xs {
		prev := out[i] // no diagnostic: element i is not handed out yet
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = prev + x
		}()
	}
	wg.Wait()
	return out
}

// Silent: only the length is read before the join.
func lengthOnly(n int) int {
	var wg sync.WaitGroup
	results := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = fetch(i)
		}()
	}
	k := len(results) // no diagnostic: the length is not an element
	wg.Wait()
	return k + results[0]
}

// Silent: the results come back over a channel that is drained first.
func viaDone(n int) int {
	results := make([]int, n)
	done := make(chan struct{})
	for i := range n {
		go func() {
			results[i] = fetch(i)
			done <- struct{}{}
		}()
	}
	for range n {
		<-done
	}
	return results[0] // no diagnostic: the receives order the writes
}

// Silent: the goroutines write under a lock; the spawner reads under it.
func lockedMap(names []string) int {
	var mu sync.Mutex
	seen := make(map[string]bool)
	for _, n := range names {
		go func() {
			mu.Lock()
			seen[n] = true
			mu.Unlock()
		}()
	}
	mu.Lock()
	defer mu.Unlock()
	return len(seen)
}

func prepare(x int) int { return x + 1 }

// The loop that starts the goroutines also calls into the package: it is
// walked, not taken as a join.
func sumPrepared(xs []int) int {
	var wg sync.WaitGroup
	results := make([]int, len(xs))
	for i, x := range xs {
		y := prepare(x)
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = y
		}()
	}
	total := results[0] // want `elements of results are assigned by the goroutines`
	wg.Wait()
	return total
}

// Silent: the spawner polls an atomic flag the last goroutine sets after
// its write (the ordering policy's question; precision first).
func polled(n int) int {
	var finished atomic.Int32
	results := make([]int, n)
	for i := range n {
		go func() {
			results[i] = fetch(i)
			finished.Add(1)
		}()
	}
	for finished.Load() < int32(n) {
	}
	return results[0] // no diagnostic: observed through the atomic counter
}
