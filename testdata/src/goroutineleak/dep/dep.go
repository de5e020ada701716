// Package dep has channel helpers summarised by chanfacts for package use.
package dep

import "context"

// Produce sends one value.
func Produce(out chan<- int) { out <- 1 }

// ProduceOrCancel sends unless ctx is done first.
func ProduceOrCancel(ctx context.Context, out chan<- int) {
	select {
	case out <- 1:
	case <-ctx.Done():
	}
}

// Consume ranges over in until it is closed.
func Consume(in <-chan int) {
	for range in {
	}
}

// Receive receives one value.
func Receive(in <-chan int) int { return <-in }

var saved chan<- int

// Keep stores the channel where nobody can see it.
func Keep(out chan<- int) { saved = out }

// Helper hands the channel to a goroutine of its own.
func Helper(out chan<- int) {
	go func() { out <- 2 }()
}

// Feed sends xs and closes out.
func Feed(out chan<- int, xs []int) {
	for _, x := range xs {
		out <- x
	}
	close(out)
}

// FeedOnly sends xs and leaves out open.
func FeedOnly(out chan<- int, xs []int) {
	for _, x := range xs {
		out <- x
	}
}
