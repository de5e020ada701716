package count

import (
	"context"
	"sync"
	"time"
)

type PushOptions struct {
	// WaitGroup, when set, counts the push loop until ctx ends.
	WaitGroup *sync.WaitGroup
}

func push() {}

// StartPush counts its loop in the caller's optional group: Add and Done
// both under wg != nil, so the nil path owes nothing.
func StartPush(ctx context.Context, every time.Duration, opts *PushOptions) {
	var wg *sync.WaitGroup
	if opts != nil {
		wg = opts.WaitGroup
		if wg != nil {
			wg.Add(1)
		}
	}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				push()
			case <-ctx.Done():
				if wg != nil {
					wg.Done() // no diagnostic: wg is nil only when nothing was counted
				}
				return
			}
		}
	}()
}

// StartPushStrict also leaves when a push fails, before its Done.
func StartPushStrict(ctx context.Context, every time.Duration, opts *PushOptions, ok func() bool) {
	var wg *sync.WaitGroup
	if opts != nil {
		wg = opts.WaitGroup
		if wg != nil {
			wg.Add(1)
		}
	}
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				if !ok() {
					return
				}
			case <-ctx.Done():
				if wg != nil {
					wg.Done() // want `wg.Done is not reached on every path of the goroutine`
				}
				return
			}
		}
	}()
}
