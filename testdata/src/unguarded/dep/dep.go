// Package dep is the other side of the cross-package cases: lock wrappers
// (lockfacts) and functions writing through their parameters (writefacts).
package dep

import "sync"

// Guard is a lock with wrapper methods.
type Guard struct{ mu sync.Mutex }

func (g *Guard) Enter() { g.mu.Lock() }
func (g *Guard) Leave() { g.mu.Unlock() }

// Incr writes through p.
func Incr(p *int) { *p++ }

// Record writes into m.
func Record(m map[string]int, k string) { m[k]++ }

// SafeIncr locks: no write fact.
func SafeIncr(mu *sync.Mutex, p *int) {
	mu.Lock()
	*p++
	mu.Unlock()
}

// Read only reads through p.
func Read(p *int) int { return *p }
