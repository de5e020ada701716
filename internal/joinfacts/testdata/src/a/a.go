package a

import "sync"

func Track(wg *sync.WaitGroup) { wg.Add(1) } // want Track:"wgops Add\\(p0\\)"

func Finish(x int, wg *sync.WaitGroup) { // want Finish:"wgops Done\\(p1\\)"
	defer wg.Done()
}

type S struct {
	wg sync.WaitGroup
	sync.WaitGroup
}

func (s *S) Begin() { Track(&s.wg) } // want Begin:"wgops Add\\(p0.wg\\)"

func (s *S) Embedded() { s.Add(1) } // want Embedded:"wgops Add\\(p0.WaitGroup\\)"

func (s *S) Close() { // want Close:"wgops Done\\(p0.wg\\) Wait\\(p0.wg\\)"
	s.wg.Done()
	s.wg.Wait()
}

// The goroutine's Done is not this function's own: GoDone.
func Spawn(wg *sync.WaitGroup) { // want Spawn:"wgops GoDone\\(p0,repeated\\)"
	go func() { wg.Done() }()
}

type W struct{ wg *sync.WaitGroup }

func (w *W) run() { defer w.wg.Done() } // want run:"wgops Done\\(p0.wg\\)"

// A method started as a goroutine on the receiver: GoDone through its field.
func (w *W) Start() { // want Start:"wgops GoDone\\(p0.wg,repeated\\)"
	go w.run()
}

// No fact: a local group.
func Local() {
	var wg sync.WaitGroup
	wg.Add(1)
	wg.Done()
}

type M struct {
	mu sync.Mutex
	wg sync.WaitGroup
}

func (m *M) Start() { // want Start:"wgops Add\\(p0.wg,locked\\)"
	m.mu.Lock()
	m.wg.Add(1)
	m.mu.Unlock()
}

// Done once per work item: repeated.
func Drain(wg *sync.WaitGroup, ch <-chan int) { // want Drain:"wgops Done\\(p0,repeated\\)"
	for range ch {
		wg.Done()
	}
}

// Done through a callee inside a loop: repeated.
func DrainVia(wg *sync.WaitGroup, ch <-chan int) { // want DrainVia:"wgops Done\\(p0,repeated\\)"
	for x := range ch {
		Finish(x, wg)
	}
}

// Done at two sites: repeated (not necessarily twice per call, but the
// summary cannot tell).
func TwoSites(wg *sync.WaitGroup, fail bool) { // want TwoSites:"wgops Done\\(p0,repeated\\)"
	if fail {
		wg.Done()
		return
	}
	wg.Done()
}
