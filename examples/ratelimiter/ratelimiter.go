// Package ratelimiter limits concurrent calls with a semaphore and a token
// bucket, with the bugs concurlint finds.
package ratelimiter

import (
	"context"
	"errors"
	"sync"
)

var ErrBusy = errors.New("ratelimiter: busy")

type Limiter struct {
	sem    chan struct{}
	mu     sync.RWMutex
	tokens int
}

func New(n int) *Limiter { return &Limiter{sem: make(chan struct{}, n), tokens: n} }

// Do runs fn when a slot is free.
// BUG: when fn fails the slot is never given back; after n failures every
// call blocks.
func (l *Limiter) Do(ctx context.Context, fn func() error) error {
	l.sem <- struct{}{}
	if err := fn(); err != nil {
		return err
	}
	<-l.sem
	return nil
}

// Take removes a token.
// BUG: the write lock is released with RUnlock, a fatal error at run time.
func (l *Limiter) Take() error {
	l.mu.Lock()
	if l.tokens == 0 {
		l.mu.Unlock()
		return ErrBusy
	}
	l.tokens--
	l.mu.RUnlock()
	return nil
}

// Tokens reports the tokens left. Correct.
func (l *Limiter) Tokens() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.tokens
}
