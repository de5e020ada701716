// Recall of issue 9, each with its silent twin: map writes through a
// guarded field, writes under the read lock, package variables written by
// goroutines, goroutine and deferred closures, objects written through a
// captured pointer by goroutines started in a loop or by an errgroup.
package recall

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

// Map assignment and delete through a guarded field are writes.
type Index struct {
	mu   sync.RWMutex
	byID map[int]string
}

func (x *Index) Get(id int) string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.byID[id]
}

func (x *Index) Put(id int, s string) {
	x.mu.Lock()
	x.byID[id] = s
	x.mu.Unlock()
}

func (x *Index) Has(id int) bool {
	x.mu.RLock()
	_, ok := x.byID[id] // no diagnostic: a read under the read lock
	x.mu.RUnlock()
	return ok
}

func (x *Index) Forget(id int) {
	delete(x.byID, id) // want `x.byID is written here without x.mu, which guards it in \d+ other accesses`
}

func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byID)
}

func (x *Index) PutShared(id int, s string) {
	x.mu.RLock()
	x.byID[id] = s // want `x.byID is written here holding only the read lock of x.mu, which guards it in \d+ other accesses`
	x.mu.RUnlock()
}

// Package variables written by goroutines.
var hits int

func countAll(items []string) int {
	var wg sync.WaitGroup
	for range items {
		wg.Go(func() {
			hits++ // want `hits is written by every goroutine started in this loop without synchronisation`
		})
	}
	wg.Wait()
	return hits
}

var (
	totalMu sync.Mutex
	total   int
	calls   atomic.Int64
)

func countLocked(items []string) int {
	var wg sync.WaitGroup
	for range items {
		wg.Go(func() {
			totalMu.Lock()
			total++ // no diagnostic: under totalMu
			totalMu.Unlock()
			calls.Add(1) // no diagnostic: atomic.Int64
		})
	}
	wg.Wait()
	return total // no diagnostic: after the join
}

var ready bool

func setReady() bool {
	go func() {
		ready = true
	}()
	return ready // want `ready is read here while the goroutine started on line \d+ may still write it`
}

var loaded bool

func setLoaded() bool {
	done := make(chan struct{})
	go func() {
		loaded = true
		close(done)
	}()
	<-done
	return loaded // no diagnostic: ordered by the receive
}

// Goroutine and deferred closures judged by their real lock state.
type Worker struct {
	mu sync.Mutex
	n  int
}

func (w *Worker) Inc() {
	w.mu.Lock()
	w.n++
	w.mu.Unlock()
}

func (w *Worker) Dec() {
	w.mu.Lock()
	w.n--
	w.mu.Unlock()
}

func (w *Worker) Get() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.n
}

func (w *Worker) Add(k int) {
	w.mu.Lock()
	w.n += k
	w.mu.Unlock()
}

func (w *Worker) Reset() {
	w.mu.Lock()
	w.n = 0
	w.mu.Unlock()
}

func (w *Worker) Start() {
	go func() {
		w.n = 0 // want `w.n is written here without w.mu, which guards it in 6 other accesses`
	}()
}

func (w *Worker) StartLocked() {
	go func() {
		w.mu.Lock()
		w.n = 0 // no diagnostic: the goroutine locks
		w.mu.Unlock()
	}()
}

func (w *Worker) Stop() {
	defer func() {
		w.n = -1 // want `w.n is written here without w.mu, which guards it in 6 other accesses`
	}()
}

func (w *Worker) StopLocked() {
	w.mu.Lock()
	defer w.mu.Unlock()
	defer func() {
		w.n = -1 // no diagnostic: runs before the deferred Unlock
	}()
}

func (w *Worker) Each(visit func(func())) {
	visit(func() {
		w.n++ // no diagnostic: a callback may run under its caller's lock
	})
}

// Fields written through a captured pointer by goroutines started in a
// loop, or by an errgroup.
type Result struct {
	count int
	last  string
	items []string
}

func (r *Result) Fill(xs []string) {
	var wg sync.WaitGroup
	for range xs {
		wg.Go(func() {
			r.count++ // want `r.count is written by every goroutine started in this loop without synchronisation`
		})
	}
	wg.Wait()
}

func Collect(xs []string) (*Result, error) {
	res := &Result{}
	var g errgroup.Group
	for _, x := range xs {
		g.Go(func() error {
			res.last = x // want `res.last is written by every goroutine started in this loop without synchronisation`
			return nil
		})
	}
	return res, g.Wait()
}

func CollectLocked(xs []string) (*Result, error) {
	res := &Result{}
	var mu sync.Mutex
	var g errgroup.Group
	for _, x := range xs {
		g.Go(func() error {
			mu.Lock()
			defer mu.Unlock()
			res.last = x // no diagnostic: under mu
			return nil
		})
	}
	return res, g.Wait()
}

func PerItem(xs []string) []*Result {
	out := make([]*Result, len(xs))
	var wg sync.WaitGroup
	for i, x := range xs {
		r := &Result{}
		out[i] = r
		wg.Go(func() {
			r.count = len(x) // no diagnostic: a new object each iteration
		})
	}
	wg.Wait()
	return out
}

func Elements(r *Result, xs []string) {
	r.items = make([]string, len(xs))
	var wg sync.WaitGroup
	for i, x := range xs {
		wg.Go(func() {
			r.items[i] = x // no diagnostic: each goroutine writes its own element
		})
	}
	wg.Wait()
}

func TwoTasks(xs []string) (*Result, error) {
	res := &Result{}
	g, _ := errgroup.WithContext(nil)
	g.Go(func() error {
		res.count = 1
		return nil
	})
	g.Go(func() error {
		res.count = 2 // want `res.count is written by the goroutines started on lines \d+ and \d+ without synchronisation`
		return nil
	})
	err := g.Wait()
	return res, err
}

func TwoFields(xs []string) (*Result, error) {
	res := &Result{}
	var g errgroup.Group
	g.Go(func() error {
		res.count = len(xs) // no diagnostic: each goroutine writes its own field
		return nil
	})
	g.Go(func() error {
		res.last = xs[0] // no diagnostic: each goroutine writes its own field
		return nil
	})
	err := g.Wait()
	return res, err // no diagnostic: read after the join
}
