package senders

import "sync/atomic"

type replica struct{ addr string }

func (r *replica) dial() {}

// dialAll counts its dialers out with an atomic countdown: the caller holds
// one count while it starts them, each dialer reports and then counts
// itself out, and whoever brings the count to zero closes the channel. The
// caller's own decrement reaches zero only after every dialer's, so no
// report can follow the close.
func dialAll(replicas []*replica) int {
	ready := make(chan struct{}, len(replicas))
	var pending int64 = 1
	for _, r := range replicas {
		atomic.AddInt64(&pending, 1)
		go func() {
			r.dial()
			ready <- struct{}{}
			if atomic.AddInt64(&pending, -1) == 0 {
				close(ready)
			}
		}()
	}
	if atomic.AddInt64(&pending, -1) == 0 {
		close(ready) // no diagnostic: every dialer counted itself out after its send
	}
	n := 0
	for range ready {
		n++
	}
	return n
}

// dialAllTyped is the same countdown on an atomic.Int32, tested with !=.
func dialAllTyped(replicas []*replica) int {
	ready := make(chan struct{}, len(replicas))
	var pending atomic.Int32
	pending.Store(1)
	for _, r := range replicas {
		pending.Add(1)
		go func() {
			r.dial()
			ready <- struct{}{}
			if pending.Add(-1) == 0 {
				close(ready)
			}
		}()
	}
	if pending.Add(-1) != 0 {
		return 0
	}
	close(ready) // no diagnostic: the count reached zero
	return len(ready)
}

// dialAllEarly counts the dialer out before it reports: the caller's
// decrement can reach zero while a report is still on its way.
func dialAllEarly(replicas []*replica) int {
	ready := make(chan struct{}, len(replicas))
	var pending int64 = 1
	for _, r := range replicas {
		atomic.AddInt64(&pending, 1)
		go func() {
			r.dial()
			atomic.AddInt64(&pending, -1)
			ready <- struct{}{}
		}()
	}
	if atomic.AddInt64(&pending, -1) == 0 {
		close(ready) // want `ready is closed while the goroutine started at line 66 may still send on it`
	}
	return len(ready)
}
