package lifecycle

import (
	"context"
	"sync"
	"time"
)

func serveMetrics(ctx context.Context) { <-ctx.Done() }

// Silent: the same unchanged flag guards the Add and go, and the Wait.
func runCommand(ctx context.Context, metrics bool) error {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if metrics {
		wg.Add(1) // no diagnostic: if metrics is true here, it is true at the Wait
		go func() {
			defer wg.Done()
			serveMetrics(ctx)
		}()
	}
	err := work(1)
	if metrics {
		cancel()
		wg.Wait()
	}
	cancel()
	return err
}

// The flag is assigned in between: the two ifs test different values.
func runCommandReassigned(ctx context.Context, metrics bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	if metrics {
		wg.Add(1) // want `runCommandReassigned returns on some path without waiting for wg after this point`
		go func() {
			defer wg.Done()
			serveMetrics(ctx)
		}()
	}
	err := work(1)
	metrics = err == nil
	if metrics {
		wg.Wait()
	}
	return err
}

type listener struct{}

func (l *listener) Shutdown(ctx context.Context) error { <-ctx.Done(); return nil }

type server struct{ listeners []*listener }

// A real finding that must stay: Stop starts the shutdown goroutines and
// returns without waiting, while its deferred cancel cancels their context.
func (s *server) Stop() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for _, l := range s.listeners {
		wg.Add(1) // want `wg is never waited for: the goroutines it counts outlive Stop`
		go func() {
			defer wg.Done()
			l.Shutdown(ctx)
		}()
	}
}

// Silent: the same Stop waiting before the cancel runs.
func (s *server) StopAndWait() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for _, l := range s.listeners {
		wg.Add(1) // no diagnostic
		go func() {
			defer wg.Done()
			l.Shutdown(ctx)
		}()
	}
	wg.Wait()
}

var withMetrics = true

// Silent: a package-level flag, never assigned here, read twice.
func runGlobalFlag(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	if withMetrics {
		wg.Add(1) // no diagnostic: withMetrics reads the same both times
		go func() {
			defer wg.Done()
			serveMetrics(ctx)
		}()
	}
	err := work(1)
	if withMetrics {
		cancel()
		wg.Wait()
	}
	return err
}

// The flag is assigned in between.
func runGlobalFlagSet(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	if withMetrics {
		wg.Add(1) // want `runGlobalFlagSet returns on some path without waiting for wg`
		go func() {
			defer wg.Done()
			serveMetrics(ctx)
		}()
	}
	err := work(1)
	withMetrics = err == nil
	if withMetrics {
		wg.Wait()
	}
	return err
}
