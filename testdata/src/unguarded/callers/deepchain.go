package callers

import (
	"errors"
	"sync"
)

type link struct{ addr string }

var errDown = errors.New("down")

// Client reconnects under its mutex through a chain of helpers declared
// bottom-up: install (the write) is called by dial, dial by attempt,
// attempt by retry, retry by reconnect, which holds c.mu. Every level inherits the lock.
type Client struct {
	mu    sync.Mutex
	link  *link
	tries int
	addr  string
}

func (c *Client) install(l *link) {
	c.link = l // no diagnostic: every chain into install holds c.mu
}

func (c *Client) dial() error {
	if c.addr == "" {
		return errDown
	}
	c.install(&link{addr: c.addr})
	return nil
}

func (c *Client) attempt() error {
	return c.dial()
}

func (c *Client) retry() error {
	var err error
	for i := 0; i < 3; i++ {
		if err = c.attempt(); err == nil {
			return nil
		}
	}
	return err
}

func (c *Client) reconnect() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tries++
	return c.retry()
}

func (c *Client) Link() *link {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.link
}

func (c *Client) Connected() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.link != nil
}

func (c *Client) Addr() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.link == nil {
		return ""
	}
	return c.link.addr
}

func (c *Client) Drop() {
	c.mu.Lock()
	c.link = nil
	c.mu.Unlock()
}

func (c *Client) Run(fail <-chan struct{}) {
	for range fail {
		go c.reconnect()
	}
}

// Reset skips the lock and calls the same chain: install is no longer
// always under c.mu.
type Agent struct {
	mu    sync.Mutex
	link  *link
	tries int
	addr  string
}

func (a *Agent) install(l *link) {
	a.link = l // want `a.link is written here without a.mu, which guards it in \d+ other accesses`
}

func (a *Agent) dial() error {
	if a.addr == "" {
		return errDown
	}
	a.install(&link{addr: a.addr})
	return nil
}

func (a *Agent) attempt() error {
	return a.dial()
}

func (a *Agent) retry() error {
	var err error
	for i := 0; i < 3; i++ {
		if err = a.attempt(); err == nil {
			return nil
		}
	}
	return err
}

func (a *Agent) reconnect() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.tries++
	return a.retry()
}

func (a *Agent) Reset() error {
	return a.retry()
}

func (a *Agent) Link() *link {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.link
}

func (a *Agent) Connected() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.link != nil
}

func (a *Agent) Addr() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.link == nil {
		return ""
	}
	return a.link.addr
}

func (a *Agent) Drop() {
	a.mu.Lock()
	a.link = nil
	a.mu.Unlock()
}

func (a *Agent) Run(fail <-chan struct{}) {
	for range fail {
		go a.reconnect()
	}
}
