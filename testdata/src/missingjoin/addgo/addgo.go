// Package addgo: wg.Add executed inside the goroutine it counts.
package addgo

import "sync"

func work(int) {}

// Add after other statements in the literal (vet's waitgroup only catches
// the first statement).
func addSecond(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		go func() {
			defer wg.Done()
			wg.Add(1) // want `wg.Add called inside the goroutine it counts`
			work(x)
		}()
	}
	wg.Wait()
}

// Add as the first statement: vet's waitgroup reports it too; the binary
// keeps this analyzer's diagnostic (it has the fix) and drops vet's.
func addFirst() {
	var wg sync.WaitGroup
	go func() {
		wg.Add(1) // want `wg.Add called inside the goroutine it counts`
		defer wg.Done()
		work(1)
	}()
	wg.Wait()
}

// Add in a same-package callee, through the receiver's field.
type server struct{ wg sync.WaitGroup }

func (s *server) track() { s.wg.Add(1) }

func (s *server) serve() {
	s.track() // want `s.wg.Add called inside the goroutine it counts \(by track\)`
	defer s.wg.Done()
}

func (s *server) start() {
	go s.serve()
}

func (s *server) loop() {
	s.track() // want `s.wg.Add called inside the goroutine it counts \(by track\)`
	defer s.wg.Done()
	work(2)
}

func (s *server) startLoop() {
	go s.loop()
}

// Add in a same-package helper taking the group.
func register(wg *sync.WaitGroup) { wg.Add(1) }

func helperInGoroutine() {
	var wg sync.WaitGroup
	go func() {
		defer wg.Done()
		register(&wg) // want `wg.Add called inside the goroutine it counts \(by register\)`
		work(3)
	}()
	wg.Wait()
}

// A feeder goroutine adds for the workers it starts while the caller
// waits: Wait may see zero first.
func feeder(in chan int) {
	var wg sync.WaitGroup
	go func() {
		for x := range in {
			wg.Add(1) // want `wg.Add called in a goroutine that may run after wg.Wait returned`
			go func() {
				defer wg.Done()
				work(x)
			}()
		}
	}()
	wg.Wait()
}

// Silent: the feeder is ordered before Wait by a receive.
func feederJoined(in chan int) {
	var wg sync.WaitGroup
	fed := make(chan struct{})
	go func() {
		for x := range in {
			wg.Add(1) // no diagnostic: <-fed orders every Add before Wait
			go func() {
				defer wg.Done()
				work(x)
			}()
		}
		close(fed)
	}()
	<-fed
	wg.Wait()
}

// Silent: Add before go, the idiom.
func addBefore(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(x)
		}()
	}
	wg.Wait()
}

// Silent: a counted goroutine adds for its child before its own Done.
func nested() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		wg.Add(1) // no diagnostic: the parent goroutine still holds a count
		go func() {
			defer wg.Done()
			work(4)
		}()
	}()
	wg.Wait()
}

// Silent: a goroutine-local group.
func localGroup() {
	go func() {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done() }()
		wg.Wait()
	}()
}

// A method that tracks its own work: Add and Done inside the callee.
type pipeline struct{ wg sync.WaitGroup }

func (p *pipeline) do() {
	p.wg.Add(1)
	defer p.wg.Done()
	work(5)
}

// Silent: the callee's Add is balanced by its own Done (go-redis
// autopipeline Do, http.Server.ListenAndServe).
func (p *pipeline) callers() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		p.do() // no diagnostic: do counts itself, not this goroutine
	}()
	wg.Wait()
	p.wg.Wait()
}

// Silent: the Add is ordered before Wait through another group: the
// goroutine signals ready after its Add and the spawner waits for that
// first (nats-server TestJetStreamClusterMaxBytesAccountLimit).
func orderedByReady() {
	var wg, ready sync.WaitGroup
	start := func() {
		wg.Add(1) // no diagnostic: ready.Done below orders it before wg.Wait
		defer wg.Done()
		ready.Done()
		work(6)
	}
	ready.Add(2)
	go start()
	go start()
	ready.Wait()
	wg.Wait()
}

// Silent: an Add serialised with Wait by a mutex (nats-server monitorWg).
type monitor struct {
	mu sync.Mutex
	wg sync.WaitGroup
}

func (m *monitor) startMonitor() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.wg.Add(1)
}

func (m *monitor) stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.wg.Wait()
}

func (m *monitor) exercise() {
	go func() {
		m.startMonitor() // no diagnostic: the Add is made under m.mu, as Wait is
		m.wg.Done()
	}()
	m.stop()
}

// A declared function started with go, adding for itself as its first
// statement: vet only looks at function literals, so this one is ours.
func selfCounting(wg *sync.WaitGroup) {
	wg.Add(1) // want `wg.Add called inside the goroutine it counts`
	defer wg.Done()
	work(7)
}

func startSelfCounting() {
	var wg sync.WaitGroup
	go selfCounting(&wg)
	wg.Wait()
}
