package partners

import (
	"context"
	"time"
)

// Sweeper runs until Stop asks it to: its loop returns only after
// receiving from stop, so each Stop's send is the one it answers.
type Sweeper struct {
	stop  chan struct{}
	every time.Duration
	swept int
}

func NewSweeper(every time.Duration) *Sweeper {
	s := &Sweeper{stop: make(chan struct{}), every: every}
	go s.run()
	return s
}

func (s *Sweeper) run() {
	t := time.NewTicker(s.every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.swept++
		}
	}
}

func (s *Sweeper) Stop() {
	s.stop <- struct{}{} // no diagnostic: run returns only when it receives this
}

// Flusher also returns when its context ends; a Stop after that finds no
// receiver.
type Flusher struct {
	quit    chan struct{}
	pending chan []byte
	written int
}

func NewFlusher(ctx context.Context) *Flusher {
	f := &Flusher{quit: make(chan struct{}), pending: make(chan []byte, 16)}
	go f.loop(ctx)
	return f
}

func (f *Flusher) loop(ctx context.Context) {
	for {
		select {
		case <-f.quit:
			return
		case b := <-f.pending:
			f.written += len(b)
		case <-ctx.Done():
			return
		}
	}
}

func (f *Flusher) Stop() {
	f.quit <- struct{}{} // want `send on f.quit blocks forever once loop, the only receiver of the quit field of Flusher, returns at line \d+`
}
