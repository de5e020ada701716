package handoff

import (
	"context"
	"errors"
	"sync"
)

// A join lock that a commit must hold, taken with a context: it either
// returns nil holding the read lock, or the context's error without it.
type group struct {
	joinMu sync.RWMutex
	state  int
}

func (g *group) waitJoin(ctx context.Context) error {
	if g.joinMu.TryRLock() {
		return nil // no diagnostic: nil means the caller holds the read lock
	}
	done := make(chan struct{})
	go func() {
		g.joinMu.RLock()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		go func() {
			<-done
			g.joinMu.RUnlock()
		}()
		return ctx.Err()
	}
}

func (g *group) Commit(ctx context.Context) error {
	if err := g.waitJoin(ctx); err != nil {
		return err
	}
	defer g.joinMu.RUnlock()
	return nil
}

// Returning nil both holding and not holding the lock is no contract.
func (g *group) check(fail bool) error {
	g.joinMu.RLock() // want `g.joinMu is read-locked here but not unlocked on the return at line \d+, so every later Lock blocks forever`
	if fail {
		g.joinMu.RUnlock()
		return errors.New("failed")
	}
	if g.state > 0 {
		return nil
	}
	g.joinMu.RUnlock()
	return nil
}

// The same acquire, but its callers release the lock in the completion
// callback they hand on, not in their own body.
type offsets struct {
	rebalanceMu sync.RWMutex
	commits     chan func()
}

func (o *offsets) waitRebalance(ctx context.Context) error {
	if o.rebalanceMu.TryRLock() {
		return nil // no diagnostic: nil means the caller holds the read lock
	}
	got := make(chan struct{})
	go func() {
		o.rebalanceMu.RLock()
		close(got)
	}()
	select {
	case <-got:
		return nil
	case <-ctx.Done():
		go func() {
			<-got
			o.rebalanceMu.RUnlock()
		}()
		return ctx.Err()
	}
}

func (o *offsets) CommitAsync(ctx context.Context, onDone func(error)) {
	if err := o.waitRebalance(ctx); err != nil {
		onDone(err)
		return
	}
	o.commits <- func() {
		o.rebalanceMu.RUnlock()
		onDone(nil)
	}
}

