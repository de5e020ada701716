package lockmodel

import (
	"fmt"
	"sort"
	"strings"
)

// An Effect is what a function does to one lock reachable from one of its
// parameters (the receiver of a method is parameter 0, as in SSA).
type Effect struct {
	Param int
	Path  string // dot-separated field path from the parameter; "" for the parameter itself
	Read  bool   // RLock/RUnlock rather than Lock/Unlock
	// Any, in Requires only: some lock of Param must be held, the contract
	// does not say which.
	Any bool
}

func (e Effect) String() string {
	s := fmt.Sprint(e.Param)
	if e.Path != "" {
		s += "." + e.Path
	}
	if e.Any {
		s += ".*"
	}
	if e.Read {
		s += "(r)"
	}
	return s
}

// Summary is the lock behaviour of a function as its callers see it.
type Summary struct {
	// Acquires: locks the function returns holding (lock wrappers).
	Acquires []Effect
	// Releases: locks the function releases without acquiring (unlock
	// wrappers, helpers that a locked value is handed to).
	Releases []Effect
	// Requires: locks the function expects its caller to hold
	// (fooLocked naming, "must be called with mu held" contracts).
	Requires []Effect
}

// Empty reports whether s records nothing.
func (s *Summary) Empty() bool {
	return s == nil || len(s.Acquires)+len(s.Releases)+len(s.Requires) == 0
}

// Sort puts the effects in a deterministic order.
func (s *Summary) Sort() {
	for _, es := range [][]Effect{s.Acquires, s.Releases, s.Requires} {
		sort.Slice(es, func(i, j int) bool { return es[i].String() < es[j].String() })
	}
}

func (s *Summary) String() string {
	var parts []string
	add := func(name string, es []Effect) {
		if len(es) == 0 {
			return
		}
		var xs []string
		for _, e := range es {
			xs = append(xs, e.String())
		}
		parts = append(parts, name+"("+strings.Join(xs, ",")+")")
	}
	add("acquires", s.Acquires)
	add("releases", s.Releases)
	add("requires", s.Requires)
	return strings.Join(parts, " ")
}
