package inferred

import "testing"

func TestReset(t *testing.T) {
	c := NewCache("x")
	p := c
	p.hits = 5 // no diagnostic: tests poke at internals from one goroutine
	_ = p
	t.Log(c.Hits())
}
