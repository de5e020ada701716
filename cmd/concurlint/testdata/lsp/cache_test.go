package lspdemo

import "testing"

func fill(c *Cache, n int) int {
	c.mu.Lock()
	if c.m == nil {
		return 0
	}
	for i := range n {
		c.m[string(rune('a'+i))] = i
	}
	c.mu.Unlock()
	return n
}

func TestFill(t *testing.T) {
	c := &Cache{m: map[string]int{}}
	if fill(c, 3) != 3 {
		t.Fatal("fill")
	}
}
