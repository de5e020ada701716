package partners

import (
	"sync/atomic"
	"time"
)

const (
	probeIdle int32 = iota
	probeRunning
	probeStopping
)

// Prober keeps a connection alive. Its loop runs only if it wins the CAS
// idle → running (a second start returns at once); Stop signals the loop
// only after a CAS running → stopping, and only the loop's own CAS enters
// running, so the loop is past its early return by then.
type Prober struct {
	state int32
	quit  chan struct{}
	pings int
}

func NewProber() *Prober {
	p := &Prober{quit: make(chan struct{})}
	go p.loop()
	return p
}

func (p *Prober) loop() {
	if !atomic.CompareAndSwapInt32(&p.state, probeIdle, probeRunning) {
		return
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-p.quit:
			return
		case <-t.C:
			p.pings++
		}
	}
}

func (p *Prober) Stop() {
	if atomic.CompareAndSwapInt32(&p.state, probeRunning, probeStopping) {
		p.quit <- struct{}{} // no diagnostic: running means the loop passed its early return
	}
}

// Watcher has the same lifecycle, but Resume also stores running: Stop
// can then find running while the loop has returned early.
type Watcher struct {
	state atomic.Int32
	quit  chan struct{}
	seen  int
}

func NewWatcher() *Watcher {
	w := &Watcher{quit: make(chan struct{})}
	go w.loop()
	return w
}

func (w *Watcher) loop() {
	if !w.state.CompareAndSwap(probeIdle, probeRunning) {
		return
	}
	for {
		select {
		case <-w.quit:
			return
		case <-time.After(time.Second):
			w.seen++
		}
	}
}

func (w *Watcher) Resume() {
	w.state.Store(probeRunning)
}

func (w *Watcher) Stop() {
	if w.state.CompareAndSwap(probeRunning, probeStopping) {
		w.quit <- struct{}{} // want `send on w.quit blocks forever once loop, the only receiver of the quit field of Watcher, returns at line \d+`
	}
}
