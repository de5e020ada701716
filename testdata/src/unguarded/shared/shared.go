// Classes 1 and 2: variables, slices and maps shared with goroutines.
package shared

import (
	"sync"
	"sync/atomic"
)

func work(i int) int { return i * 2 }

func counterInLoop(n int) int {
	var wg sync.WaitGroup
	total := 0
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			total += work(i) // want `total is written by every goroutine started in this loop without synchronisation`
		}()
	}
	wg.Wait()
	return total
}

func counterLocked(n int) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			total += work(i) // no diagnostic: under mu in every instance
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total // no diagnostic: read after the join
}

func appendInLoop(items []int) []int {
	var out []int
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() {
			out = append(out, work(it)) // want `append to out from every goroutine started in this loop without synchronisation`
		})
	}
	wg.Wait()
	return out
}

func resultsByIndex(items []int) []int {
	results := make([]int, len(items))
	var wg sync.WaitGroup
	for i, it := range items {
		wg.Go(func() {
			results[i] = work(it) // no diagnostic: a distinct element per goroutine
		})
	}
	wg.Wait()
	return results
}

func perIterationVariable(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		v := 0
		wg.Go(func() {
			v = work(it) // no diagnostic: v is a new variable each iteration
			_ = v
		})
	}
	wg.Wait()
}

func readBeforeJoin() int {
	var wg sync.WaitGroup
	result := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		result = work(1)
	}()
	r := result // no diagnostic: a read before the join is missingjoin's finding
	wg.Wait()
	return r
}

func readWithNoJoin() int {
	result := 0
	go func() {
		result = work(1)
	}()
	return result // no diagnostic here: the read with no join is missingjoin's finding
}

func writeBeforeJoin() int {
	var wg sync.WaitGroup
	result := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		result = work(1)
	}()
	result = 2 // want `result is written here while the goroutine started on line \d+ may also write it`
	wg.Wait()
	return result
}

func readAfterUnrelatedReceive(other chan int) int {
	done := make(chan struct{})
	result := 0
	go func() {
		result = work(1)
		close(done)
	}()
	<-other
	result++ // want `result is written here while the goroutine started on line \d+ may also write it`
	<-done
	return result
}

func readAfterTimeout(other chan int) int {
	done := make(chan struct{})
	result := 0
	go func() {
		result = work(1)
		close(done)
	}()
	select {
	case <-done:
		result++ // no diagnostic: the goroutine closed done after its write
	case <-other:
		result = -1 // want `result is written here while the goroutine started on line \d+ may also write it`
	}
	return result
}

func readAfterJoin() int {
	var wg sync.WaitGroup
	result := 0 // no diagnostic: written before the go statement
	wg.Add(1)
	go func() {
		defer wg.Done()
		result = work(1)
	}()
	wg.Wait()
	return result // no diagnostic: read after the join
}

func readAfterDone() error {
	var err error
	done := make(chan struct{})
	go func() {
		err = nil
		close(done)
	}()
	<-done
	return err // no diagnostic: ordered by the receive
}

func handOff() int {
	ch := make(chan int)
	x := 0
	go func() {
		x = work(3)
		ch <- x
	}()
	v := <-ch
	return v + x // no diagnostic: x was handed over with the send
}

func twoGoroutines() error {
	var err error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		err = nil
	}()
	go func() {
		defer wg.Done()
		err = nil // want `err is written by the goroutines started on lines \d+ and \d+ without synchronisation`
	}()
	wg.Wait()
	return err
}

func onceInLoop(n int) int {
	var once sync.Once
	var wg sync.WaitGroup
	v := 0
	for range n {
		wg.Go(func() {
			once.Do(func() { v = 1 }) // no diagnostic: sync.Once orders the write
		})
	}
	wg.Wait()
	return v
}

func atomicTypes(n int) int64 {
	var c atomic.Int64
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { c.Add(1) }) // no diagnostic: atomic.Int64
	}
	wg.Wait()
	return c.Load()
}

func syncMap(n int) {
	var m sync.Map
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { m.Store(i, i) }) // no diagnostic: sync.Map
	}
	wg.Wait()
}

func ownedStruct(n int) {
	type acc struct{ sum int }
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var a acc
			a.sum += i // no diagnostic: a belongs to this goroutine
			_ = a
		})
	}
	wg.Wait()
}

// Class 2: maps.

func mapInLoop(keys []string) map[string]int {
	m := make(map[string]int)
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			m[k] = len(k) // want `map m is written by every goroutine started in this loop without a lock`
		})
	}
	wg.Wait()
	return m
}

func mapDeleteInLoop(m map[string]int, keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			delete(m, k) // want `map m is written by every goroutine started in this loop without a lock`
		})
	}
	wg.Wait()
}

func mapLocked(keys []string) map[string]int {
	m := make(map[string]int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
			m[k] = len(k) // no diagnostic: under mu
		})
	}
	wg.Wait()
	return m
}

func mapReadWhileWritten() int {
	m := map[string]int{}
	go func() {
		m["a"] = 1
	}()
	return m["b"] // want `map m is used here while the goroutine started on line \d+ may write it`
}

func mapPerGoroutine(keys []string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		m := make(map[string]int)
		wg.Go(func() {
			m[k] = 1 // no diagnostic: each goroutine has its own map
		})
	}
	wg.Wait()
}

// Pointers passed to goroutine functions.

func incr(p *int) { *p++ }

func fill(m map[int]int, k int) { m[k] = k }

func pointerArg(n int) int {
	total := 0
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			incr(&total) // want `total is written by every goroutine started in this loop without synchronisation`
		}()
	}
	wg.Wait()
	return total
}

func pointerToGoFunc(n int) int {
	total := 0
	for range n {
		go incr(&total) // want `total is written by every goroutine started in this loop without synchronisation`
	}
	return 0
}

func mapToGoFunc(n int) {
	m := make(map[int]int)
	for i := range n {
		go fill(m, i) // want `map m is written by every goroutine started in this loop without a lock`
	}
}

func lockedIncr(mu *sync.Mutex, p *int) {
	mu.Lock()
	*p++
	mu.Unlock()
}

func pointerLockedCallee(n int) int {
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { lockedIncr(&mu, &total) }) // no diagnostic: the callee locks
	}
	wg.Wait()
	return total
}

func loopWaitsEachIteration(n int) int {
	x := 0
	for range n {
		done := make(chan bool)
		go func() {
			x++ // no diagnostic: each iteration waits for its goroutine
			done <- true
		}()
		<-done
	}
	return x
}

func create(out *string) { *out = "x" }

// Joined by a counted receive loop (nats-server jwt_test.go).
func countedJoin() string {
	done := make(chan struct{}, 2)
	var a, b string
	go func() { create(&a); done <- struct{}{} }()
	go func() { create(&b); done <- struct{}{} }()
	for i := 0; i < cap(done); i++ {
		<-done
	}
	return a + b // no diagnostic: the loop receives once per goroutine
}

func send(string) (int, error) { return 0, nil }

// Every goroutine of the loop assigns the shared err.
func publishAll(msgs []string) error {
	var err error
	var wg sync.WaitGroup
	for _, m := range msgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err = send(m) // want `err is written by every goroutine started in this loop without synchronisation`
		}()
	}
	wg.Wait()
	return err
}

// A closure variable assigned by every goroutine of the loop.
func hooks(n int) {
	var hook func()
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			hook = func() { _ = i } // want `hook is written by every goroutine started in this loop without synchronisation`
		})
	}
	wg.Wait()
	if hook != nil {
		hook()
	}
}

// Each goroutine keeps its own error.
func publishEach(msgs []string) []error {
	errs := make([]error, len(msgs))
	var wg sync.WaitGroup
	for i, m := range msgs {
		wg.Go(func() {
			_, errs[i] = send(m) // no diagnostic: its own element
		})
	}
	wg.Wait()
	return errs
}
