// Package p probes the publication model: probe(x) says whether x is
// still private to its goroutine at that point.
package p

import (
	"dep"
	"sync"
	"time"
)

func probe(any) {}
func setup(*S)  {}

type S struct {
	mu    *sync.Mutex
	n     int
	peers chan *S
}

var shared *S

func ctor() *S {
	s := &S{}
	probe(s) // want `private`
	s.init()
	go s.run()
	probe(s) // want `published`
	return s
}

func (s *S) init() {
	probe(s) // want `private`
}

func (s *S) run() {
	probe(s) // want `published`
}

func stored() {
	s := &S{}
	probe(s) // want `private`
	shared = s
	probe(s) // want `published`
}

func sent(ch chan *S) {
	s := &S{}
	ch <- s
	probe(s) // want `published`
}

func loop(n int) {
	s := &S{}
	for range n {
		probe(s) // want `published`
		go func() { s.n++ }()
	}
}

func perIteration(n int) {
	for range n {
		s := &S{}
		probe(s) // want `private`
		go func() { s.n++ }()
	}
}

func crossPackage() {
	c := dep.NewConn()
	probe(c) // want `private`
	dep.Use(c)
	probe(c) // want `private`
	dep.Register(c)
	probe(c) // want `published`
}

func exported(s *S) {
	probe(s) // want `published`
}

func (s *S) Start() {
	probe(s) // want `published`
}

func provision() *S {
	s := &S{}
	s.register()
	return s
}

// register runs only on objects not yet handed out.
func (s *S) register() {
	probe(s) // want `private`
	go s.run()
	probe(s) // want `published`
}

func helperOnShared() {
	shared.register2()
}

func (s *S) register2() {
	probe(s) // want `published`
}

func (s *S) Reset() {
	s.n = 0
	setup(s) // want `initialising: true`
	s.mu = new(sync.Mutex)
	setup(s) // want `initialising: false`
}

func captured() *S {
	var s *S
	s = &S{}
	probe(s) // want `private`
	defer func() { s.n++ }()
	return s
}

type part struct{ cb func() }

func newPart(cb func()) *part { return &part{cb: cb} }

type owner struct {
	mu   sync.Mutex
	part *part
}

func newOwner() *owner {
	o := &owner{}
	o.part = newPart(o.onEvent)
	return o
}

func (o *owner) onEvent() {} // want `unknown entry`

func (o *owner) onTimer() {} // a timer runs it on its own goroutine

func (o *owner) onTick() {} // started with go

func (o *owner) start() {
	go o.onTick()
	time.AfterFunc(time.Second, o.onTimer)
}
