package publication

import (
	"fmt"
	"log"
	"sync"
)

// A client whose constructor names its logger after the fresh object
// (fmt's variadic arguments are a slice local to the call): formatting
// the object does not hand it to another goroutine.
type Client struct {
	mu      sync.Mutex
	logger  *log.Logger
	streams map[string]int
}

func (c *Client) Open(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.streams[name]++
	c.logger.Printf("open %s", name)
}

func (c *Client) Close(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.streams, name)
	c.logger.Printf("close %s", name)
}

func (c *Client) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.streams = map[string]int{}
	c.logger = nil
}

func (c *Client) SetLogger(l *log.Logger) {
	c.mu.Lock()
	c.logger = l
	c.mu.Unlock()
}

func (c *Client) Logf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.logger != nil {
		c.logger.Printf(format, args...)
	}
}

func clientPrefix(c *Client) string { return fmt.Sprintf("[client %p] ", c) }

func NewClient() *Client {
	c := &Client{streams: map[string]int{}}
	c.logger = log.New(log.Writer(), clientPrefix(c), 0) // no diagnostic: c is private here
	return c
}

// The same constructor, but the object is also registered in a package
// table first (the table's slice is shared): from then on it is published.
var registry struct {
	mu      sync.Mutex
	clients []any
}

func register(xs ...any) {
	registry.mu.Lock()
	registry.clients = append(registry.clients, xs...)
	registry.mu.Unlock()
}

func NewRegisteredClient() *Client {
	c := &Client{streams: map[string]int{}}
	register(c)
	c.logger = log.New(log.Writer(), clientPrefix(c), 0) // want `c.logger is written here without c.mu, which guards it in \d+ other accesses`
	return c
}
