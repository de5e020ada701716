package count

import (
	"errors"
	"sync"
)

// Idiom: a WaitGroup reached through a struct field. Each copier holds &wg
// and calls Done in the method started as a goroutine.
type copier struct {
	wg       *sync.WaitGroup
	src, dst []byte
}

func (c *copier) copy() {
	defer c.wg.Done()
	copy(c.dst, c.src)
}

var errEmpty = errors.New("empty")

func (c *copier) copyChecked() error {
	if len(c.src) == 0 {
		return errEmpty
	}
	copy(c.dst, c.src)
	c.wg.Done() // want `c.wg.Done is not reached on every path of the goroutine`
	return nil
}

func (c *copier) copyCounting() {
	c.wg.Add(1) // want `c.wg.Add called inside the goroutine it counts`
	defer c.wg.Done()
	copy(c.dst, c.src)
}

// Silent: both goroutines count down wg through c.wg.
func copyBoth(a, b []byte) {
	var wg sync.WaitGroup
	c1 := &copier{wg: &wg, src: a, dst: b}
	c2 := &copier{wg: &wg, src: b, dst: a}
	wg.Add(2)
	go c1.copy() // no diagnostic: Done through c1.wg, which is &wg
	go c2.copy()
	wg.Wait()
}

// Silent: the copier is captured by a closure that runs the method.
func copyCaptured(a, b []byte) {
	var wg sync.WaitGroup
	c := &copier{wg: &wg, src: a, dst: b}
	wg.Add(1)
	go func() { c.copy() }() // no diagnostic
	wg.Wait()
}

func copyThree(a, b []byte) {
	var wg sync.WaitGroup
	c1 := &copier{wg: &wg, src: a, dst: b}
	c2 := &copier{wg: &wg, src: b, dst: a}
	wg.Add(3) // want `wg.Add\(3\) counts more goroutines than the 2 started before wg.Wait`
	go c1.copy()
	go c2.copy()
	wg.Wait()
}

func copyMaybe(a, b []byte) {
	var wg sync.WaitGroup
	c := &copier{wg: &wg, src: a, dst: b}
	wg.Add(1)
	go c.copyChecked()
	wg.Wait()
}

func copyAddInside(a, b []byte) {
	var wg sync.WaitGroup
	c := &copier{wg: &wg, src: a, dst: b}
	go c.copyCounting()
	wg.Wait()
}

// Silent: the field is set again, so which group c.wg holds is not
// followed; and the group is handed to the copier in an assignment.
func copyReassigned(a, b []byte, other *sync.WaitGroup) {
	var wg sync.WaitGroup
	c := &copier{wg: &wg, src: a, dst: b}
	if len(a) > 10 {
		c.wg = other
	}
	wg.Add(1) // no diagnostic: c.wg may be wg or other
	go c.copy()
	wg.Wait()
}

func copyAssigned(a, b []byte) {
	var wg sync.WaitGroup
	c := &copier{src: a, dst: b}
	c.wg = &wg
	wg.Add(1) // no diagnostic: Done through c.wg, set by the assignment
	go c.copy()
	wg.Wait()
}

// Goroutines started by a counted goroutine, which call Done themselves,
// count towards Add(n).
func nested(xs []int) {
	var wg sync.WaitGroup
	wg.Add(3) // no diagnostic: one goroutine here, two started by it
	go func() {
		defer wg.Done()
		for i := 0; i < 2; i++ {
			go func() { defer wg.Done(); work(i) }()
		}
	}()
	wg.Wait()
}

type fanner struct{ wg *sync.WaitGroup }

func (f *fanner) run(n int) {
	defer f.wg.Done()
	for i := range n {
		go f.leaf(i)
	}
}

func (f *fanner) leaf(int) { f.wg.Done() }

func nestedMethods() {
	var wg sync.WaitGroup
	f := &fanner{wg: &wg}
	wg.Add(4) // no diagnostic: run starts three goroutines that call Done
	go f.run(3)
	wg.Wait()
}

// The Done method value escapes into a struct field or a call: whoever
// holds it counts down wg, so the count is unknown.
type dnsServer struct {
	NotifyStarted func()
}

func (s *dnsServer) ListenAndServe() error {
	if s.NotifyStarted != nil {
		s.NotifyStarted()
	}
	return nil
}

func onReady(f func()) { f() }

func startServer() {
	var wg sync.WaitGroup
	wg.Add(1) // no diagnostic: wg.Done is called by the server when it has started
	srv := &dnsServer{NotifyStarted: wg.Done}
	go srv.ListenAndServe()
	wg.Wait()
}

func startWithCallback() {
	var wg sync.WaitGroup
	wg.Add(2) // no diagnostic: onReady calls wg.Done too
	go func() { defer wg.Done(); work(1) }()
	onReady(wg.Done)
	wg.Wait()
}
