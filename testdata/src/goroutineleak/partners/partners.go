// Package partners: channel operations on struct fields and package
// variables whose partner exists nowhere in the package.
package partners

import (
	"context"
	"sync"

	"goroutineleak/dep"
)

type Event struct {
	Topic string
	Data  []byte
}

// Hub fans events out to subscribers. Publish sends on events, but the
// dispatch loop ranges over the queue field instead: nothing receives from
// events.
type Hub struct {
	mu     sync.Mutex
	events chan Event
	queue  chan Event
	subs   []func(Event)
}

func NewHub() *Hub {
	h := &Hub{events: make(chan Event), queue: make(chan Event, 16)}
	go h.dispatch()
	return h
}

func (h *Hub) Publish(e Event) {
	h.events <- e // want `send on h.events blocks forever: nothing in this package receives from the events field of Hub`
}

func (h *Hub) Enqueue(e Event) {
	h.queue <- e // no diagnostic: dispatch receives from queue
}

func (h *Hub) dispatch() {
	for e := range h.queue {
		h.mu.Lock()
		for _, s := range h.subs {
			s(e)
		}
		h.mu.Unlock()
	}
}

// Server waits for a ready signal nobody gives.
type Server struct {
	ready chan struct{}
	stop  chan struct{}
}

func NewServer() *Server {
	return &Server{ready: make(chan struct{}), stop: make(chan struct{})}
}

func (s *Server) WaitReady() {
	<-s.ready // want `receive from s.ready blocks forever: nothing in this package sends on or closes the ready field of Server`
}

func (s *Server) Serve(ctx context.Context) {
	select {
	case <-s.stop: // no diagnostic: a select with a ready alternative
	case <-ctx.Done():
	}
}

func (s *Server) WaitStop() {
	<-s.stop // no diagnostic: Stop closes it
}

func (s *Server) Stop() { close(s.stop) }

// Pipe: the only close of items is the draining function's own deferred
// close, which runs after the range it should end.
type Pipe struct {
	items chan int
	out   []int
}

func NewPipe() *Pipe { return &Pipe{items: make(chan int, 8)} }

func (p *Pipe) Drain() {
	defer close(p.items)
	for it := range p.items { // want `receive from p.items blocks forever: the only partner of the items field of Pipe is this function itself, after the wait`
		p.out = append(p.out, it)
	}
}

// Ticker exposes its channel: receivers live outside the package.
type Ticker struct {
	c chan int
}

func NewTicker() *Ticker { return &Ticker{c: make(chan int)} }

func (t *Ticker) C() <-chan int { return t.c }

func (t *Ticker) tick(n int) {
	t.c <- n // no diagnostic: the channel escapes through C()
}

// Mailbox has a buffered inbox nobody reads yet.
type Mailbox struct {
	inbox chan string
}

func NewMailbox() *Mailbox { return &Mailbox{inbox: make(chan string, 1)} }

func (m *Mailbox) Post(s string) {
	m.inbox <- s // no diagnostic: buffered, the buffer takes the send
}

// results is a package variable nobody receives from.
var results = make(chan int)

func report(n int) {
	results <- n // want `send on results blocks forever: nothing in this package receives from results`
}

// acks is a package variable with a receiver.
var acks = make(chan int)

func ack(n int) { acks <- n } // no diagnostic: collect receives

func collect() int { return <-acks }

type Request struct{ ID int }

// Dispatcher serves requests from one loop that stops on ctx.Done():
// Submit after that blocks forever.
type Dispatcher struct {
	reqs chan Request
	seen []int
}

func NewDispatcher(ctx context.Context) *Dispatcher {
	d := &Dispatcher{reqs: make(chan Request)}
	go d.loop(ctx)
	return d
}

func (d *Dispatcher) loop(ctx context.Context) {
	for {
		select {
		case r := <-d.reqs:
			d.seen = append(d.seen, r.ID)
		case <-ctx.Done():
			return
		}
	}
}

func (d *Dispatcher) Submit(r Request) {
	d.reqs <- r // want `send on d.reqs blocks forever once loop, the only receiver of the reqs field of Dispatcher, returns at line 153`
}

// Dispatcher2 gives up when the loop is gone.
type Dispatcher2 struct {
	reqs chan Request
	done chan struct{}
	seen []int
}

func NewDispatcher2(ctx context.Context) *Dispatcher2 {
	d := &Dispatcher2{reqs: make(chan Request), done: make(chan struct{})}
	go d.loop(ctx)
	return d
}

func (d *Dispatcher2) loop(ctx context.Context) {
	defer close(d.done)
	for {
		select {
		case r := <-d.reqs:
			d.seen = append(d.seen, r.ID)
		case <-ctx.Done():
			return
		}
	}
}

func (d *Dispatcher2) Submit(r Request) bool {
	select {
	case d.reqs <- r: // no diagnostic: the send gives up when the loop is gone
		return true
	case <-d.done:
		return false
	}
}

// Worker's loop never returns: the send always has a partner.
type Worker struct {
	jobs chan Request
	n    int
}

func NewWorker() *Worker {
	w := &Worker{jobs: make(chan Request)}
	go w.loop()
	return w
}

func (w *Worker) loop() {
	for {
		r := <-w.jobs
		w.n += r.ID
	}
}

func (w *Worker) Do(r Request) {
	w.jobs <- r // no diagnostic: the receiving loop runs forever
}

// Meter hands its channel to a consumer in another package.
type Meter struct {
	samples chan int
}

func NewMeter() *Meter {
	m := &Meter{samples: make(chan int)}
	go dep.Consume(m.samples)
	return m
}

func (m *Meter) Record(n int) {
	m.samples <- n // no diagnostic: dep.Consume receives (the channel is passed out)
}

// Router receives through a same-type method its loop calls; the loop
// stops on ctx.Done().
type Router struct {
	routes chan Request
	n      int
}

func NewRouter(ctx context.Context) *Router {
	r := &Router{routes: make(chan Request)}
	go r.serve(ctx)
	return r
}

func (r *Router) serve(ctx context.Context) {
	for {
		if ctx.Err() != nil {
			return
		}
		r.next()
	}
}

func (r *Router) next() {
	req := <-r.routes
	r.n += req.ID
}

func (r *Router) Route(req Request) {
	r.routes <- req // want `send on r.routes blocks forever once serve, the only receiver of the routes field of Router, returns at line 250`
}
