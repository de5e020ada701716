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

// No fact: the goroutine's Done is not this function's.
func Spawn(wg *sync.WaitGroup) {
	go func() { wg.Done() }()
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
