// Package dep has summaries used across the package boundary.
package dep

type Conn struct{ n int }

// NewConn returns a fresh object.
func NewConn() *Conn { return &Conn{} }

var registry []*Conn

// Register publishes c: it is stored where other goroutines find it.
func Register(c *Conn) { registry = append(registry, c) }

// Use does not publish c.
func Use(c *Conn) { c.n++ }
