package partners

import (
	"context"
	"time"
)

// Display repaints on request. The painter loop leaves only when the
// ticker goroutine, which makes every request, closes finished on its
// way out: no request can be waiting once the loop is gone.
type Display struct {
	repaint  chan time.Time
	finished chan struct{}
	frames   int
}

func NewDisplay(ctx context.Context, every time.Duration) *Display {
	d := &Display{repaint: make(chan time.Time), finished: make(chan struct{})}
	go d.paint()
	go d.tick(ctx, every)
	return d
}

func (d *Display) paint() {
	for {
		select {
		case <-d.repaint:
			d.frames++
		case <-d.finished:
			return
		}
	}
}

func (d *Display) tick(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case now := <-t.C:
			d.repaint <- now // no diagnostic: paint returns only after tick closed finished and stopped sending
		case <-ctx.Done():
			close(d.finished)
			return
		}
	}
}

// Gauge has the same shape, but Close also closes finished while the
// ticker may still be sending: the painter can be gone first.
type Gauge struct {
	sample   chan int
	finished chan struct{}
	total    int
}

func NewGaugeLoop(ctx context.Context) *Gauge {
	m := &Gauge{sample: make(chan int), finished: make(chan struct{})}
	go m.sum()
	go m.poll(ctx)
	return m
}

func (m *Gauge) sum() {
	for {
		select {
		case v := <-m.sample:
			m.total += v
		case <-m.finished:
			return
		}
	}
}

func (m *Gauge) poll(ctx context.Context) {
	for {
		select {
		case <-time.After(time.Second):
			m.sample <- 1 // want `send on m.sample blocks forever once sum, the only receiver of the sample field of Gauge, returns at line \d+`
		case <-ctx.Done():
			close(m.finished)
			return
		}
	}
}

func (m *Gauge) Close() {
	close(m.finished)
}
