package mixed

import "testing"

func TestUpdate(t *testing.T) {
	c := &Client{}
	c.mu.Lock()
	for _, ac := range c.conns {
		ac.Update(1)
	}
	c.mu.Unlock()
}
