package done

import (
	"context"
	"sync"
)

// connPool counts live connections in live, not goroutines: a dial
// goroutine gives the count back only when the dial fails; on success the
// connection holds it until Close or Detach gives it back. Shutdown waits
// for every connection to be closed.
type connPool struct {
	mu     sync.Mutex
	live   sync.WaitGroup
	idle   []*conn
	dial   func(context.Context) (*conn, error)
	fails  int
	closed bool
}

type conn struct{ p *connPool }

func (p *connPool) grow(ctx context.Context) {
	p.live.Add(1)
	go func() {
		c, err := p.dial(ctx)
		p.mu.Lock()
		defer p.mu.Unlock()
		if err != nil {
			p.fails++
			p.live.Done()
			return
		}
		if p.closed {
			go c.Close() // no diagnostic: the connection holds the count now
			return
		}
		p.idle = append(p.idle, c)
	}()
}

func (c *conn) Close() {
	c.p.live.Done()
}

// Detach hands the connection to the caller, who closes it some other way.
func (p *connPool) Detach(c *conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.live.Done()
}

func (p *connPool) Shutdown() {
	p.mu.Lock()
	for _, c := range p.idle {
		go c.Close()
	}
	p.idle = nil
	p.closed = true
	p.mu.Unlock()
	p.live.Wait()
}

// crawler counts its fetch goroutines; every Done is made by a fetch
// goroutine or the helper it calls, so a fetch that returns early without
// Done leaves Wait blocked.
type crawler struct {
	mu      sync.Mutex
	fetches sync.WaitGroup
	pages   []string
}

func (c *crawler) finish() { c.fetches.Done() }

func (c *crawler) fetch(url string) {
	c.fetches.Add(1)
	go func() {
		if url == "" {
			c.finish()
			return
		}
		c.mu.Lock()
		c.pages = append(c.pages, url)
		c.mu.Unlock()
	}()
	c.fetches.Add(1)
	go func() {
		if url == "" {
			return
		}
		c.fetches.Done() // want `c.fetches.Done is not reached on every path of the goroutine, so c.fetches.Wait blocks forever; defer it`
	}()
}

func (c *crawler) Wait() { c.fetches.Wait() }
