package atomics

import (
	"fmt"
	"sync/atomic"
)

// Counters are bumped atomically by every request; String reads all of
// them with plain loads in one statement: one finding names them all.
type Counters struct {
	hits, misses, evictions int64
}

func (c *Counters) Hit()   { atomic.AddInt64(&c.hits, 1) }
func (c *Counters) Miss()  { atomic.AddInt64(&c.misses, 1) }
func (c *Counters) Evict() { atomic.AddInt64(&c.evictions, 1) }

func (c *Counters) String() string {
	return fmt.Sprintf("hits=%d misses=%d evictions=%d", c.hits, c.misses, c.evictions) // want `c.hits is read here with a plain load but accessed with sync/atomic on line 14; so are c.misses and c.evictions on this line`
}

// Report reads two of them on separate lines: two statements, two
// findings.
func (c *Counters) Report() (int64, int64) {
	h := c.hits   // want `c.hits is read here with a plain load but accessed with sync/atomic on line 14$`
	m := c.misses // want `c.misses is read here with a plain load but accessed with sync/atomic on line 15$`
	return h, m
}

// Snapshot loads them atomically: silent.
func (c *Counters) Snapshot() string {
	return fmt.Sprintf("hits=%d misses=%d", atomic.LoadInt64(&c.hits), atomic.LoadInt64(&c.misses))
}
