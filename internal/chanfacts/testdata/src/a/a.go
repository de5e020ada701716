package a

import "context"

func Send(out chan<- int) { out <- 1 } // want Send:`chanparams\(0:send\)`

func Recv(in <-chan int) int { return <-in } // want Recv:`chanparams\(0:recv\)`

func Range(in <-chan int) { // want Range:`chanparams\(0:recv\|range\)`
	for range in {
	}
}

func Close(ch chan int) { close(ch) } // want Close:`chanparams\(0:close\)`

func Select(ctx context.Context, out chan<- int) { // want Select:`chanparams\(1:selsend\)`
	select {
	case out <- 1:
	case <-ctx.Done():
	}
}

var kept chan<- int

func Keep(out chan<- int) { kept = out } // want Keep:`chanparams\(0:escape\)`

func Async(out chan<- int) { // want Async:`chanparams\(0:send\|async\)`
	go func() { out <- 1 }()
}

// Through a local helper, then closed.
func Wrap(out chan int) { // want Wrap:`chanparams\(0:send\|close\)`
	helper(out)
	close(out)
}

func helper(out chan<- int) { out <- 2 } // want helper:`chanparams\(0:send\)`

// No fact: nothing done with a channel.
func Len(ch chan int) int { return len(ch) }
