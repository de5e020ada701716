package order

import "sync"

// A connection and its channels take each other's locks in both orders,
// through two different pairs: one tangle of three locks, reported once.
type Session struct {
	mu      sync.Mutex
	closeMu sync.Mutex
	chans   []*Link
	closed  bool
}

type Link struct {
	mu     sync.Mutex
	conn   *Session
	closed bool
}

// Shutdown closes every channel while holding the connection.
func (c *Session) Shutdown() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ch := range c.chans {
		ch.mu.Lock() // want `lock order inversion: Link\.mu is acquired while Session\.mu is held`
		ch.closed = true
		ch.mu.Unlock()
	}
}

// Reconnect takes the close lock, then the connection.
func (c *Session) Reconnect() {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	c.mu.Lock()
	c.closed = false
	c.mu.Unlock()
}

// Close of a channel asks the connection whether it is closing, holding
// the channel: Link.mu then Session.closeMu, and closeMu then Session.mu above.
func (ch *Link) Close() {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	ch.conn.closeMu.Lock()
	closing := ch.conn.closed
	ch.conn.closeMu.Unlock()
	ch.closed = closing
}

// Detach holds the channel and takes the connection directly: another
// cycle through the same locks.
func (ch *Link) Detach() {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	ch.conn.mu.Lock()
	ch.conn.chans = nil
	ch.conn.mu.Unlock()
}
