// Goroutines that send a result the caller may never receive.
package sends

import (
	"context"
	"errors"
	"time"
)

type result struct{ n int }

func slow() result { return result{} }

func check() error { return nil }

// The caller selects between the result and ctx.Done().
func withContext(ctx context.Context) (result, error) {
	ch := make(chan result)
	go func() {
		ch <- slow() // want `goroutine sends on ch but the caller may return at line 26 without receiving \(ch is unbuffered\), so the goroutine blocks forever`
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// Same with time.After.
func withTimeout() (result, error) {
	ch := make(chan result)
	go func() {
		ch <- slow() // want `goroutine sends on ch but the caller may return`
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-time.After(time.Second):
		return result{}, errors.New("timeout")
	}
}

// The caller returns on an error path before receiving.
func earlyReturn() (result, error) {
	done := make(chan result)
	go func() { done <- slow() }() // want `goroutine sends on done but the caller may return at line 49`
	if err := check(); err != nil {
		return result{}, err
	}
	return <-done, nil
}

// Nothing receives at all.
func neverReceived() {
	ch := make(chan int)
	go func() {
		ch <- 1 // want `goroutine sends on ch but nothing receives from it`
	}()
}

// Two sends, one buffer slot: the second send blocks when the caller leaves.
func tooSmall(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() {
		errc <- check()
		errc <- check() // want `errc has room for 1 of 2 sends`
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// --- Silent twins ---

// no diagnostic: a buffer for the one send, the intended idiom.
func buffered(ctx context.Context) (result, error) {
	ch := make(chan result, 1)
	go func() { ch <- slow() }()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// no diagnostic: the goroutine also selects on ctx.Done().
func goroutineSelects(ctx context.Context) (result, error) {
	ch := make(chan result)
	go func() {
		select {
		case ch <- slow():
		case <-ctx.Done():
		}
	}()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return result{}, ctx.Err()
	}
}

// no diagnostic: every path receives.
func alwaysReceives() (result, error) {
	done := make(chan result)
	go func() { done <- slow() }()
	r := <-done
	if err := check(); err != nil {
		return result{}, err
	}
	return r, nil
}

// no diagnostic: the receive happens before the early return.
func receiveThenCheck() error {
	errc := make(chan error)
	go func() { errc <- check() }()
	if err := <-errc; err != nil {
		return err
	}
	return nil
}

// no diagnostic: one goroutine per item, receive loop over the items; the
// trip counts match but the model cannot tell, so it stays silent.
func fanIn(items []int) int {
	ch := make(chan int)
	for _, it := range items {
		go func() { ch <- it * 2 }()
	}
	sum := 0
	for range items {
		sum += <-ch
	}
	return sum
}

// no diagnostic: a quit channel the owner closes on the way out.
func quitChannel() error {
	ch := make(chan int)
	quit := make(chan struct{})
	defer close(quit)
	go func() {
		for i := 0; ; i++ {
			select {
			case ch <- i:
			case <-quit:
				return
			}
		}
	}()
	if err := check(); err != nil {
		return err
	}
	<-ch
	return nil
}

// no diagnostic: buffer sized with a variable (unknown capacity).
func sizedBuffer(n int) error {
	errc := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() { errc <- check() }()
	}
	return check()
}

// no diagnostic: os.Exit-like paths are not returns.
func panics() result {
	ch := make(chan result)
	go func() { ch <- slow() }()
	if err := check(); err != nil {
		panic(err)
	}
	return <-ch
}

// The caller polls in an endless loop and gives up on ctx.Done().
func pollLoop(ctx context.Context, tick <-chan struct{}) (result, error) {
	ch := make(chan result)
	go func() {
		ch <- slow() // want `goroutine sends on ch but the caller may return at line 195`
	}()
	for {
		select {
		case r := <-ch:
			return r, nil
		case <-tick:
		case <-ctx.Done():
			return result{}, ctx.Err()
		}
	}
}
