// Package recall: leaks the first versions of the analyzer missed, each
// with its correct twin.
package recall

import (
	"context"
	"errors"
	"time"
)

func slow() int    { return 1 }
func check() error { return errors.New("x") }
func handle(int)   {}

// --- A select case with an empty body covers only its own path. ---

func emptyCase(ctx context.Context) {
	ch := make(chan int)
	go func() {
		ch <- slow() // want `goroutine sends on ch but the caller may return at line 26 without receiving`
	}()
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// no diagnostic: the buffer takes the send when ctx.Done wins.
func emptyCaseBuffered(ctx context.Context) {
	ch := make(chan int, 1)
	go func() { ch <- slow() }()
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// no diagnostic: both empty cases receive from the goroutine's channels.
func emptyCasesBoth() {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		ch <- slow()
		close(done)
	}()
	select {
	case <-ch:
	case <-done:
	}
	<-done
}

// --- A goroutine whose only exit is a quit channel. ---

func ticking(d time.Duration) error {
	quit := make(chan struct{})
	t := time.NewTicker(d)
	go func() {
		for {
			select {
			case <-quit: // want `goroutine returns only when quit is closed or sent on, but the caller may return at line 69 without doing so, so the goroutine never ends`
				return
			case <-t.C:
				handle(slow())
			}
		}
	}()
	if err := check(); err != nil {
		return err
	}
	close(quit)
	t.Stop()
	return nil
}

// no diagnostic: the quit channel is closed on the way out, the idiom.
func tickingDeferred(d time.Duration) error {
	quit := make(chan struct{})
	defer close(quit)
	t := time.NewTicker(d)
	defer t.Stop()
	go func() {
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				handle(slow())
			}
		}
	}()
	return check()
}

// no diagnostic: the goroutine also ends with the context.
func tickingCtx(ctx context.Context, d time.Duration) error {
	quit := make(chan struct{})
	t := time.NewTicker(d)
	go func() {
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				handle(slow())
			}
		}
	}()
	if err := check(); err != nil {
		return err
	}
	close(quit)
	return nil
}

// no diagnostic: the stop function is handed to the caller.
func startTicking(d time.Duration) (stop func()) {
	quit := make(chan struct{})
	t := time.NewTicker(d)
	go func() {
		for {
			select {
			case <-quit:
				return
			case <-t.C:
				handle(slow())
			}
		}
	}()
	return func() { close(quit) }
}

// --- A captured channel that is nil on some path. ---

func maybeFeed(feed bool) {
	var ch chan int
	if feed {
		ch = make(chan int, 1)
		ch <- slow()
	}
	go func() {
		handle(<-ch) // want `ch is nil when the goroutine started at line 143 is started on some path, and receiving from a nil channel blocks forever`
	}()
}

// no diagnostic: the goroutine is started only when the channel is made.
func feedGuarded(feed bool) {
	var ch chan int
	if feed {
		ch = make(chan int, 1)
		ch <- slow()
		go func() { handle(<-ch) }()
	}
}

// no diagnostic: the goroutine checks for nil.
func feedChecked(feed bool) {
	var ch chan int
	if feed {
		ch = make(chan int, 1)
		ch <- slow()
	}
	go func() {
		if ch == nil {
			return
		}
		handle(<-ch)
	}()
}

// no diagnostic: a nil channel in a select disables its case.
func feedSelect(ctx context.Context, feed bool) {
	var ch chan int
	if feed {
		ch = make(chan int, 1)
		ch <- slow()
	}
	go func() {
		select {
		case v := <-ch:
			handle(v)
		case <-ctx.Done():
		}
	}()
}

// --- A consumer that stops early, sends beyond a constant buffer. ---

func firstBig(xs []int) int {
	ch := make(chan int, 4)
	go func() {
		for _, x := range xs {
			ch <- x // want `goroutine sends on ch but the caller may stop receiving and return at line 201 while other sends are pending \(ch has room for 4\)`
		}
		close(ch)
	}()
	for v := range ch {
		if v > 100 {
			return v
		}
	}
	return 0
}

// no diagnostic: the buffer holds every element.
func firstBigSized(xs []int) int {
	ch := make(chan int, len(xs))
	go func() {
		for _, x := range xs {
			ch <- x
		}
		close(ch)
	}()
	for v := range ch {
		if v > 100 {
			return v
		}
	}
	return 0
}

// no diagnostic: the producer gives up when the consumer cancels.
func firstBigCancel(ctx context.Context, xs []int) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan int, 4)
	go func() {
		defer close(ch)
		for _, x := range xs {
			select {
			case ch <- x:
			case <-ctx.Done():
				return
			}
		}
	}()
	for v := range ch {
		if v > 100 {
			return v
		}
	}
	return 0
}

// no diagnostic: two sends, room for both.
func twoInTwo() int {
	ch := make(chan int, 2)
	go func() {
		ch <- slow()
		ch <- slow()
		close(ch)
	}()
	for v := range ch {
		if v > 0 {
			return v
		}
	}
	return 0
}

// --- A receive loop that ignores close. ---

func consume(xs []int) {
	ch := make(chan int)
	go func() {
		for {
			v := <-ch // want `goroutine receives from ch in a loop without checking whether it is closed and has no other way out; once ch is closed at line 276 it spins on zero values forever`
			handle(v)
		}
	}()
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

func consumeNoClose(xs []int) {
	ch := make(chan int)
	go func() {
		for {
			v := <-ch // want `goroutine receives from ch in a loop that has no way out; once the caller stops sending it blocks forever`
			handle(v)
		}
	}()
	for _, x := range xs {
		ch <- x
	}
}

// no diagnostic: the range ends when ch is closed.
func consumeRange(xs []int) {
	ch := make(chan int)
	go func() {
		for v := range ch {
			handle(v)
		}
	}()
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

// no diagnostic: the ok check ends the loop.
func consumeOK(xs []int) {
	ch := make(chan int)
	go func() {
		for {
			v, ok := <-ch
			if !ok {
				return
			}
			handle(v)
		}
	}()
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

// no diagnostic: a sentinel value ends the loop.
func consumeSentinel(xs []int) {
	ch := make(chan int)
	go func() {
		for {
			v := <-ch
			if v < 0 {
				return
			}
			handle(v)
		}
	}()
	for _, x := range xs {
		ch <- x
	}
	ch <- -1
}

// no diagnostic: three sends in a loop up to a constant, room for four.
func firstOfThree() int {
	ch := make(chan int, 4)
	go func() {
		for i := 0; i < 3; i++ {
			ch <- i
		}
		close(ch)
	}()
	for v := range ch {
		if v > 0 {
			return v
		}
	}
	return 0
}

// no diagnostic: the producer also watches the context, which the consumer
// cancels before it stops; the buffer takes the sends in between.
func collectErrors(ctx context.Context, xs []int) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errCh := make(chan error, 16)
	go func() {
		for range xs {
			select {
			case <-ctx.Done():
				return
			default:
			}
			if err := check(); err != nil {
				errCh <- err
			}
		}
		close(errCh)
	}()
	n := 0
	for range errCh {
		n++
		if n > 3 {
			cancel()
			break
		}
	}
	return n
}

// no diagnostic: the flag that made the channel also guards the receive.
func maybeFeedFlagged(feed bool) {
	var ch chan int
	if feed {
		ch = make(chan int, 1)
		ch <- slow()
	}
	go func() {
		if feed {
			handle(<-ch)
		}
	}()
}
