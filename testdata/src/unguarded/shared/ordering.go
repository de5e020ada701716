package shared

import (
	"context"
	"sync/atomic"
	"time"
)

// Ordering through an atomic flag the goroutine stores after its writes.

func flagObserved() int {
	var done atomic.Bool
	result := 0
	go func() {
		result = work(1)
		done.Store(true)
	}()
	for !done.Load() {
		time.Sleep(time.Millisecond)
	}
	result++ // no diagnostic: the goroutine's store of done was observed
	return result
}

func flagNotObserved() int {
	var done atomic.Bool
	result := 0
	go func() {
		result = work(1)
		done.Store(true)
	}()
	if !done.Load() {
		result = -1 // want `result is written here while the goroutine started on line \d+ may also write it`
	}
	return result
}

func waitUntil(cond func() bool) {
	for !cond() {
		time.Sleep(time.Millisecond)
	}
}

func polled() int {
	var done atomic.Bool
	result := 0
	go func() {
		result = work(2)
		done.Store(true)
	}()
	waitUntil(func() bool { return done.Load() })
	result++ // no diagnostic: the polling helper observed done
	return result
}

func pollOtherFlag() int {
	var done, started atomic.Bool
	result := 0
	go func() {
		started.Store(true)
		result = work(2)
		done.Store(true)
	}()
	waitUntil(func() bool { return started.Load() })
	result++ // want `result is written here while the goroutine started on line \d+ may also write it`
	return result
}

// A select whose taken case is ctx.Done() orders nothing.
func selectCtx(ctx context.Context) int {
	done := make(chan struct{})
	result := 0
	go func() {
		result = work(1)
		close(done)
	}()
	select {
	case <-done:
		return result // no diagnostic: the goroutine closed done
	case <-ctx.Done():
		result = -1 // want `result is written here while the goroutine started on line \d+ may also write it`
	}
	return result
}
