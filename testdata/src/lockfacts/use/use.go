package use

import "lockfacts/dep"

type Outer struct {
	c *dep.Cache
}

// Through another package's fact, with a field path in front.
func (o *Outer) lock() { o.c.Lock() } // want lock:"acquires\\(0.c.mu\\)"

func (o *Outer) unlock() { o.c.Unlock() } // want unlock:"releases\\(0.c.mu\\)"
