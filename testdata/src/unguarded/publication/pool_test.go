package publication

import "testing"

func TestPoolSetup(t *testing.T) {
	c := &Conn{events: make(chan func(), 1)}
	go c.dispatch()
	c.setupPool([]string{"c"}) // the test owns c; the dispatcher never touches the pool
	if c.Current() != "c" {
		t.Fatal(c.Current())
	}
}

var sharedConn *Conn

func TestPoolShared(t *testing.T) {
	c := &Conn{events: make(chan func(), 1)}
	sharedConn = c
	c.setupPool([]string{"d"}) // the test calls the helper on a connection it made
	if c.Current() != "d" {
		t.Fatal(c.Current())
	}
}
