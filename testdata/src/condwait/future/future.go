// Package future holds a value published once, and an event.
package future

import "sync"

type Future struct {
	mu   sync.Mutex
	cond *sync.Cond
	done bool
	val  int
}

func NewFuture() *Future {
	f := &Future{}
	f.cond = sync.NewCond(&f.mu)
	return f
}

// Set publishes the value once; every Get must wake.
func (f *Future) Set(v int) {
	f.mu.Lock()
	f.val = v
	f.done = true
	f.cond.Signal() // want `f.cond.Signal wakes only one waiter, but done is set once and never reset: the other goroutines waiting in Get stay blocked; use Broadcast`
	f.mu.Unlock()
}

// Get may be called by any number of goroutines.
func (f *Future) Get() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	for !f.done {
		f.cond.Wait()
	}
	return f.val
}

// Event is a one-way gate with Broadcast: the intended idiom.
type Event struct {
	mu  sync.Mutex
	c   sync.Cond
	set bool
}

func NewEvent() *Event {
	e := &Event{}
	e.c.L = &e.mu
	return e
}

func (e *Event) Set() {
	e.mu.Lock()
	e.set = true
	e.c.Broadcast() // no diagnostic: Broadcast under the lock
	e.mu.Unlock()
}

// Wait tests once: the flag never goes back, so the if is enough.
func (e *Event) Wait() {
	e.mu.Lock()
	if !e.set {
		e.c.Wait() // no diagnostic: set only ever becomes true
	}
	e.mu.Unlock()
}

// worker has a single consumer by design: Signal is enough.
type worker struct {
	mu      sync.Mutex
	cond    *sync.Cond
	stopped bool
	jobs    []func()
}

func newWorker() *worker {
	w := &worker{}
	w.cond = sync.NewCond(&w.mu)
	go w.run()
	return w
}

func (w *worker) stop() {
	w.mu.Lock()
	w.stopped = true
	w.cond.Signal() // no diagnostic: run is the only waiter
	w.mu.Unlock()
}

func (w *worker) add(f func()) {
	w.mu.Lock()
	w.jobs = append(w.jobs, f)
	w.mu.Unlock()
	w.cond.Signal()
}

func (w *worker) run() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		for len(w.jobs) == 0 && !w.stopped {
			w.cond.Wait()
		}
		if w.stopped {
			return
		}
		j := w.jobs[0]
		w.jobs = w.jobs[1:]
		w.mu.Unlock()
		j()
		w.mu.Lock()
	}
}

// Latch counts down; Signal after a change that can repeat is fine.
type Latch struct {
	mu    sync.Mutex
	cond  *sync.Cond
	count int
}

func NewLatch(n int) *Latch {
	l := &Latch{count: n}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *Latch) Done() {
	l.mu.Lock()
	l.count--
	l.mu.Unlock()
	l.cond.Broadcast()
}

func (l *Latch) Await() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.count > 0 {
		l.cond.Wait()
	}
}
