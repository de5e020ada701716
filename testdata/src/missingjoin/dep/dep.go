// Package dep: helpers whose WaitGroup operations reach use through facts.
package dep

import "sync"

// Track adds to the group.
func Track(wg *sync.WaitGroup) { wg.Add(1) }

// Finish marks one goroutine done.
func Finish(wg *sync.WaitGroup) { wg.Done() }

// Tracker holds a group.
type Tracker struct{ WG sync.WaitGroup }

// Begin adds to t.WG through a helper.
func (t *Tracker) Begin() { Track(&t.WG) }

// End is Done on t.WG.
func (t *Tracker) End() { t.WG.Done() }
