// Package facts checks the publication summaries exported as facts.
package facts

import "sync"

type T struct {
	mu sync.Mutex
	n  int
	ch chan *T
}

var global *T

func New() *T { // want New:"fresh"
	t := &T{ch: make(chan *T)}
	t.n = 1
	return t
}

func NewPublished() *T { // no fact: what it returns is published, not fresh
	t := &T{}
	global = t
	return t
}

func NewOrNil(ok bool) *T { // want NewOrNil:"fresh"
	if !ok {
		return nil
	}
	return &T{}
}

func Existing() *T { return global }

func (t *T) Start() { // want Start:"publishes\\(0\\)"
	go t.loop()
}

func (t *T) loop() {}

func (t *T) Send(x *T) { // want Send:"publishes\\(1\\)"
	t.ch <- x
}

func Store(x *T) { // want Store:"publishes\\(0\\)"
	global = x
}

func Via(x *T) { // want Via:"publishes\\(0\\)"
	Store(x)
}

func (t *T) Inc() { // no fact: only writes through t
	t.mu.Lock()
	t.n++
	t.mu.Unlock()
}

func Capture(x *T) { // want Capture:"publishes\\(0\\)"
	var wg sync.WaitGroup
	wg.Go(func() { x.n++ })
	wg.Wait()
}

func CalledInPlace(x *T) { // no fact: the closure runs here
	f := func() { x.n++ }
	f()
}

type wrapper struct{ cb func() }

func NewWrapper(cb func()) *wrapper { // want NewWrapper:"fresh captures\\(0\\)"
	return &wrapper{cb: cb}
}

func SortOnly(x *T, less func(a, b int) bool) { // no fact: the closure is only handed to a callee that calls it
	apply(func() { x.n++ })
}

func apply(f func()) { f() }

func Returned(x *T) func() { // want Returned:"publishes\\(0\\)"
	return func() { x.n++ }
}
