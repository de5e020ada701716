// Package chans: a lock held across a channel operation or wg.Wait whose
// partner needs the lock first.
package chans

import (
	"context"
	"sync"
)

// Dispatcher: a goroutine holding the mutex blocks sending to a channel
// whose receiver first takes the mutex.
type Dispatcher struct {
	mu     sync.Mutex
	events chan string
	seen   map[string]bool
	quit   chan struct{}
}

func NewDispatcher() *Dispatcher {
	d := &Dispatcher{events: make(chan string), seen: make(map[string]bool), quit: make(chan struct{})}
	go d.loop()
	return d
}

func (d *Dispatcher) Publish(ev string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.seen[ev] = true
	d.events <- ev // want `d\.mu is held while sending on d\.events, but the receiver in \(\*Dispatcher\)\.loop acquires Dispatcher\.mu \(line \d+\) before it gets there`
}

func (d *Dispatcher) loop() {
	for {
		d.mu.Lock()
		n := len(d.seen)
		d.mu.Unlock()
		_ = n
		<-d.events
	}
}

// PublishOK sends after releasing the lock.
func (d *Dispatcher) PublishOK(ev string) {
	d.mu.Lock()
	d.seen[ev] = true
	d.mu.Unlock()
	d.events <- ev // no diagnostic: the lock is released first
}

// PublishCtx: a select with ctx.Done() can give up.
func (d *Dispatcher) PublishCtx(ctx context.Context, ev string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	select {
	case d.events <- ev: // no diagnostic: the select has another way out
	case <-ctx.Done():
	}
}

// Queue: the same shape on a buffered channel — a buffer with room lets
// the send through.
type Queue struct {
	mu    sync.Mutex
	items chan int
	n     int
}

func NewQueue() *Queue {
	q := &Queue{items: make(chan int, 64)}
	go q.drain()
	return q
}

func (q *Queue) Push(i int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.n++
	q.items <- i // no diagnostic: buffered
}

func (q *Queue) drain() {
	for {
		q.mu.Lock()
		q.n--
		q.mu.Unlock()
		<-q.items
	}
}

// Ticker: the receiver never takes the lock.
type Ticker struct {
	mu    sync.Mutex
	ticks chan int
	count int
}

func NewTicker() *Ticker {
	t := &Ticker{ticks: make(chan int)}
	go func() {
		for v := range t.ticks {
			_ = v
		}
	}()
	return t
}

func (t *Ticker) Tick() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.count++
	t.ticks <- t.count // no diagnostic: the receiver needs no lock
}

// Pool: wg.Wait with the lock held while workers lock it before Done.
type Pool struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	results []int
}

func (p *Pool) worker(i int) {
	defer p.wg.Done()
	p.mu.Lock()
	p.results = append(p.results, i)
	p.mu.Unlock()
}

func (p *Pool) Run(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.worker(i)
	}
	p.wg.Wait() // want `p\.mu is held while waiting on p\.wg, but the Done caller in \(\*Pool\)\.worker acquires Pool\.mu`
}

func (p *Pool) RunOK(n int) {
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.worker(i)
	}
	p.wg.Wait() // no diagnostic: nothing held
	p.mu.Lock()
	_ = len(p.results)
	p.mu.Unlock()
}

// Monitor: the waiter holds mu across Wait, and Add is done under mu so
// that it cannot race the Wait; the goroutine that Adds under mu and later
// calls Done does not need mu in between.
type Monitor struct {
	mu sync.Mutex
	wg sync.WaitGroup
}

func (m *Monitor) Stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.wg.Wait() // no diagnostic: the Done caller took mu only around its Add
}

func (m *Monitor) run(work func()) {
	m.mu.Lock()
	m.wg.Add(1)
	m.mu.Unlock()
	work()
	m.wg.Done()
}
