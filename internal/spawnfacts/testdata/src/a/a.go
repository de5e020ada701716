package a

import "sync"

func deliver(s string) {}

// Notify starts one goroutine per call.
func Notify(s string) { // want Notify:"spawnsPerCall"
	go deliver(s)
}

type Sender struct {
	wg  sync.WaitGroup
	sem chan struct{}
}

// Send starts one goroutine per call, counted but not waited for here.
func (s *Sender) Send(m string) { // want Send:"spawnsPerCall"
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		deliver(m)
	}()
}

// SendGated takes a slot first: no fact.
func (s *Sender) SendGated(m string) {
	s.sem <- struct{}{}
	go func() {
		defer func() { <-s.sem }()
		deliver(m)
	}()
}

// SendWait waits for the goroutine: no fact.
func (s *Sender) SendWait(m string) {
	done := make(chan struct{})
	go func() {
		deliver(m)
		close(done)
	}()
	<-done
}

// StartAll spawns in a loop: fanout's question, no fact.
func StartAll(ms []string) {
	for _, m := range ms {
		go deliver(m)
	}
}

type Cache struct {
	running bool
}

func (c *Cache) janitor() {}

// EnsureJanitor starts the janitor once: no fact.
func (c *Cache) EnsureJanitor() {
	if c.running {
		return
	}
	c.running = true
	go c.janitor()
}

// StartIf starts only when asked: no fact.
func (c *Cache) StartIf(on bool) {
	if on {
		go c.janitor()
	}
}
