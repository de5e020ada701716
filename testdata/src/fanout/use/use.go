// Package use calls dep's helpers in loops.
package use

import "fanout/dep"

// Broadcast notifies every subscriber through a helper that spawns.
func Broadcast(subscribers []string) {
	for _, s := range subscribers {
		dep.Notify(s) // want `Notify starts a goroutine per element of subscribers`
	}
}

// BroadcastLimited uses the helper that takes a slot: silent.
func BroadcastLimited(subscribers []string) {
	for _, s := range subscribers {
		dep.NotifyLimited(s) // no diagnostic: bounded by the helper
	}
}

// BroadcastSync uses the helper that waits: silent.
func BroadcastSync(subscribers []string) {
	for _, s := range subscribers {
		dep.NotifyWait(s) // no diagnostic: one at a time
	}
}
