// Channels that escape, and goroutines the analysis leaves alone.
package escape

import (
	"context"

	"golang.org/x/sync/errgroup"
)

type T struct{ ch chan int }

func compute() int { return 1 }

var global chan int

// no diagnostic: returned to the caller, who may receive.
func returned() <-chan int {
	ch := make(chan int)
	go func() { ch <- compute() }()
	return ch
}

// no diagnostic: stored in a field.
func (t *T) stored(ctx context.Context) error {
	ch := make(chan int)
	t.ch = ch
	go func() { ch <- compute() }()
	<-ctx.Done()
	return ctx.Err()
}

// no diagnostic: stored in a global.
func storedGlobal() {
	ch := make(chan int)
	global = ch
	go func() { ch <- compute() }()
}

// no diagnostic: converted to an interface.
func asInterface(f func(any)) {
	ch := make(chan int)
	f(ch)
	go func() { ch <- compute() }()
}

// no diagnostic: sent on another channel.
func sentOn(chans chan chan int) {
	ch := make(chan int)
	chans <- ch
	go func() { ch <- compute() }()
}

// no diagnostic: passed to a function value.
func dynamic(f func(chan int)) {
	ch := make(chan int)
	f(ch)
	go func() { ch <- compute() }()
}

// no diagnostic: the variable is reassigned, so which channel an operation
// uses is unknown.
func reassigned(ctx context.Context, fresh bool) error {
	ch := make(chan int)
	if fresh {
		ch = make(chan int, 1)
	}
	go func() { ch <- compute() }()
	select {
	case <-ch:
	case <-ctx.Done():
	}
	return nil
}

// no diagnostic: errgroup-managed goroutines are joined by Wait and
// cancelled through the group's context.
func withErrgroup(ctx context.Context, xs []int) error {
	g, ctx := errgroup.WithContext(ctx)
	results := make(chan int)
	for _, x := range xs {
		g.Go(func() error {
			select {
			case results <- x:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}
	go func() {
		g.Wait()
		close(results)
	}()
	sum := 0
	for r := range results {
		sum += r
	}
	return nil
}
