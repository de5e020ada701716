// Package counted holds receive loops that count what they received and
// stop once every sender has been heard from.
package counted

import (
	"errors"
	"time"
)

func work() error { return nil }

// stopAll waits for three stoppers, each on its own channel, counting the
// receipts: the loop ends only after all three sends were received.
func stopAll() error {
	serverDone := make(chan struct{})
	clientDone := make(chan struct{})
	flushDone := make(chan struct{})
	go func() {
		_ = work()
		serverDone <- struct{}{}
	}()
	go func() {
		_ = work()
		clientDone <- struct{}{}
	}()
	go func() {
		_ = work()
		flushDone <- struct{}{}
	}()
	stopped := 0
	for {
		select {
		case <-serverDone:
			stopped++
		case <-clientDone:
			stopped++
		case <-flushDone:
			stopped++
		}
		if stopped == 3 {
			return nil
		}
	}
}

// gather waits for n workers on one channel, counting results.
func gather(items []string) int {
	results := make(chan int)
	for range items {
		go func() {
			results <- 1
		}()
	}
	total, seen := 0, 0
	for {
		r := <-results
		total += r
		seen++
		if seen == len(items) {
			return total
		}
	}
}

// firstError returns on the first failure while other workers still have
// a result to send on the unbuffered channel.
func firstError(items []string) error {
	errc := make(chan error)
	for range items {
		go func() {
			errc <- work() // want `goroutine sends on errc but the caller may stop receiving and return at line \d+ while other sends are pending \(errc is unbuffered\), so they block forever`
		}()
	}
	seen := 0
	for {
		err := <-errc
		if err != nil {
			return err
		}
		seen++
		if seen == len(items) {
			return nil
		}
	}
}

// stopTwo counts to two but three stoppers send: whichever comes last
// blocks forever.
func stopTwo() {
	a := make(chan struct{})
	b := make(chan struct{})
	c := make(chan struct{})
	go func() { a <- struct{}{} }() // want `goroutine sends on a but the caller may return at line \d+ without receiving \(a is unbuffered\)`
	go func() { b <- struct{}{} }() // want `goroutine sends on b but the caller may return at line \d+ without receiving \(b is unbuffered\)`
	go func() { c <- struct{}{} }() // want `goroutine sends on c but the caller may return at line \d+ without receiving \(c is unbuffered\), so the goroutine blocks forever`
	n := 0
	for {
		select {
		case <-a:
			n++
		case <-b:
			n++
		case <-c:
			n++
		}
		if n == 2 {
			return
		}
	}
}

var errTimeout = errors.New("timeout")

// stopAllTimeout gives up after a deadline: senders still pending then
// block forever.
func stopAllTimeout() error {
	serverDone := make(chan struct{})
	clientDone := make(chan struct{})
	go func() {
		_ = work()
		serverDone <- struct{}{} // want `goroutine sends on serverDone but the caller may return at line \d+ without receiving`
	}()
	go func() {
		_ = work()
		clientDone <- struct{}{} // want `goroutine sends on clientDone but the caller may return at line \d+ without receiving`
	}()
	stopped := 0
	for {
		select {
		case <-serverDone:
			stopped++
		case <-clientDone:
			stopped++
		case <-time.After(time.Second):
			return errTimeout
		}
		if stopped == 2 {
			return nil
		}
	}
}
