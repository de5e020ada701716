package publication

import "sync"

// A connection whose server pool is set up by a helper called from the
// constructor on the fresh value (and, in pool_test.go, by a test on a
// connection it already handed to a callback goroutine).
type Conn struct {
	mu      sync.Mutex
	servers []string
	current string
	events  chan func()
}

func Connect(urls []string) *Conn {
	c := &Conn{events: make(chan func(), 8)}
	c.setupPool(urls)
	go c.dispatch()
	return c
}

func (c *Conn) dispatch() {
	for f := range c.events {
		f()
	}
}

// setupPool runs on the fresh connection.
func (c *Conn) setupPool(urls []string) {
	c.servers = append([]string(nil), urls...) // no diagnostic: private at every production call site
	c.pick(urls)
}

func (c *Conn) pick(urls []string) {
	if len(urls) > 0 {
		c.current = urls[0] // no diagnostic
	}
}

func (c *Conn) Current() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.current
}

func (c *Conn) Rotate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.servers = append(c.servers[1:], c.servers[0])
	c.current = c.servers[0]
}

func (c *Conn) Servers() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.servers...)
}

func (c *Conn) Reconnect() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.current = ""
	c.servers = c.servers[:0]
}

func (c *Conn) OnEvent(f func()) { c.events <- f }
