package callers

import "sync"

// Node is locked in groups through a variadic helper that takes the locks
// in a fixed order, so that two nodes can be changed together.
type Node struct {
	mu      sync.Mutex
	version int
	kids    map[string]*Node
}

func lockAll(ns ...*Node) {
	var prev *Node
	for _, n := range ns {
		if n != prev {
			n.mu.Lock()
			prev = n
		}
	}
}

func unlockAll(ns ...*Node) {
	for _, n := range ns {
		n.mu.Unlock()
	}
}

func (n *Node) Version() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.version
}

func (n *Node) Touch() {
	n.mu.Lock()
	n.version++
	n.mu.Unlock()
}

func (n *Node) Reset() {
	n.mu.Lock()
	n.version = 0
	n.mu.Unlock()
}

// adopted bumps the child's version: its callers hold both nodes' locks.
func adopted(parent, child *Node) {
	child.version++ // no diagnostic: Link holds child.mu through lockAll
}

func (n *Node) Link(name string, c *Node) {
	lockAll(n, c)
	n.kids[name] = c
	adopted(n, c)
	unlockAll(n, c)
}

// orphaned has a caller that locks only the parent.
func orphaned(parent, child *Node) {
	child.version-- // want `child.version is written here without child.mu, which guards it in \d+ other accesses`
}

func (n *Node) Unlink(name string, c *Node) {
	lockAll(n)
	delete(n.kids, name)
	orphaned(n, c)
	unlockAll(n)
}
