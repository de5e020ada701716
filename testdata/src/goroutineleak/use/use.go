// Cross-package callees, through chanfacts summaries.
package use

import (
	"context"
	"goroutineleak/dep"
)

func remoteProducer(ctx context.Context) (int, error) {
	ch := make(chan int)
	go dep.Produce(ch) // want `goroutine sends on ch but the caller may return at line 14`
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case v := <-ch:
		return v, nil
	}
}

func remoteConsumer(xs []int) {
	ch := make(chan int)
	go dep.Consume(ch) // want `goroutine ranges over ch but nothing closes it`
	for _, x := range xs {
		ch <- x
	}
}

// --- Silent twins ---

// no diagnostic: the remote producer selects on ctx.Done().
func remoteProducerCtx(ctx context.Context) (int, error) {
	ch := make(chan int)
	go dep.ProduceOrCancel(ctx, ch)
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case v := <-ch:
		return v, nil
	}
}

// no diagnostic: the remote consumer's channel is closed.
func remoteConsumerClosed(xs []int) {
	ch := make(chan int)
	go dep.Consume(ch)
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

// no diagnostic: a remote synchronous callee receives.
func remoteReceive() int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	return dep.Receive(ch)
}

// no diagnostic: the channel escapes into dep (stored in a global).
func remoteKeep(ctx context.Context) error {
	ch := make(chan int)
	dep.Keep(ch)
	go func() { ch <- 1 }()
	<-ctx.Done()
	return ctx.Err()
}

// no diagnostic: dep starts its own goroutine with the channel.
func remoteHelper(ctx context.Context) error {
	ch := make(chan int)
	dep.Helper(ch)
	go func() { ch <- 1 }()
	<-ctx.Done()
	return ctx.Err()
}

// no diagnostic: the owner feeds and closes the channel through callees
// (a local one and dep.Feed), which their summaries record.
func remoteFeed(xs []int) {
	ch := make(chan int)
	go dep.Consume(ch)
	feedAndClose(ch, xs)
}

func feedAndClose(ch chan<- int, xs []int) {
	for _, x := range xs {
		ch <- x
	}
	close(ch)
}

func remoteFeedDep(xs []int) {
	ch := make(chan int)
	go dep.Consume(ch)
	dep.Feed(ch, xs)
}

// A callee that feeds but never closes: the consumer waits forever.
func remoteFeedNoClose(xs []int) {
	ch := make(chan int)
	go dep.Consume(ch) // want `goroutine ranges over ch but nothing closes it`
	dep.FeedOnly(ch, xs)
}
