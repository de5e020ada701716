package use

import "lockfacts/dep"

type Outer struct {
	c *dep.Cache
}

// Through another package's fact, with a field path in front.
func (o *Outer) lock() { o.c.Lock() } // want lock:"acquires\\(0.c.mu\\)"

func (o *Outer) unlock() { o.c.Unlock() } // want unlock:"releases\\(0.c.mu\\)"

// A package-qualified wrapper: its argument, not the package name, is
// parameter 0.
func lockVia(o *Outer) { dep.LockCache(o.c) } // want lockVia:"acquires\\(0.c.mu\\)"
