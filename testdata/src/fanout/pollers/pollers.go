// Package pollers runs tasks fetched by pollers, one goroutine per task.
package pollers

import (
	"context"
	"sync"
)

type Task struct{ ID int }

func handle(t *Task) {}

// queue hands tasks from the pollers to the dispatcher. A poller reserves
// a slot before it fetches a task; the goroutine running the task gives
// the slot back when it is done, so at most cap(slots) tasks run at once.
type queue struct {
	tasks chan *Task
	slots chan struct{}
}

func newQueue(parallel int) *queue {
	return &queue{tasks: make(chan *Task), slots: make(chan struct{}, parallel)}
}

func (q *queue) reserve(ctx context.Context) error {
	select {
	case q.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (q *queue) release() { <-q.slots }

func poll(ctx context.Context, q *queue, fetch func() *Task) {
	for {
		if err := q.reserve(ctx); err != nil {
			return
		}
		q.tasks <- fetch()
	}
}

func dispatch(q *queue) {
	var wg sync.WaitGroup
	for t := range q.tasks {
		wg.Add(1)
		go func() { // no diagnostic: the poller took a slot for this task, the goroutine gives it back
			defer q.release()
			defer wg.Done()
			handle(t)
		}()
	}
	wg.Wait()
}

// inbox has the same shape without a slot: its goroutines wait for the
// inbox to be stopped (a close, not a token anybody took), and nothing
// bounds how many run.
type inbox struct {
	tasks chan *Task
	done  chan struct{}
}

func (b *inbox) finish() { <-b.done }

func (b *inbox) stop() { close(b.done) }

func drain(b *inbox) {
	var wg sync.WaitGroup
	for t := range b.tasks {
		wg.Add(1)
		go func() { // want `one goroutine is started per value received from b.tasks`
			defer b.finish()
			defer wg.Done()
			handle(t)
		}()
	}
	wg.Wait()
}

// workQueue is the same queue, generic in its task type.
type workQueue[T any] struct {
	tasks chan *T
	slots chan struct{}
}

func (q *workQueue[T]) reserve() { q.slots <- struct{}{} }

func (q *workQueue[T]) release() { <-q.slots }

func dispatchAny[T any](q *workQueue[T], run func(*T)) {
	for t := range q.tasks {
		go func() { // no diagnostic: the slot was reserved upstream
			defer q.release()
			run(t)
		}()
	}
}
