// Package queue is a work queue with a join, like Python's Queue with
// task_done: Put counts each item, workers mark each one done.
package queue

import (
	"errors"
	"log"
	"sync"
)

type Task struct{ N int }

func run(t Task) error {
	if t.N < 0 {
		return errors.New("negative")
	}
	return nil
}

type Queue struct {
	tasks   chan Task
	pending sync.WaitGroup
}

func New(workers int) *Queue {
	q := &Queue{tasks: make(chan Task, 64)}
	for i := 0; i < workers; i++ {
		go q.worker()
	}
	return q
}

func (q *Queue) Put(t Task) {
	q.pending.Add(1)
	q.tasks <- t
}

// Join blocks until every task put is done.
func (q *Queue) Join() { q.pending.Wait() }

// worker stops at the first failure without marking the task done.
func (q *Queue) worker() {
	for t := range q.tasks {
		if err := run(t); err != nil {
			log.Print(err)
			return // want `returns from the loop over the queue without calling q.pending.Done for the item it received`
		}
		q.pending.Done()
	}
}

// workerSkip marks the failed task done and keeps going: silent.
func (q *Queue) workerSkip() {
	for t := range q.tasks {
		if err := run(t); err != nil {
			q.pending.Done()
			continue
		}
		q.pending.Done()
	}
}

func (q *Queue) finish(t Task) { q.pending.Done() }

// workerHelper marks done through a helper before it returns: silent.
func (q *Queue) workerHelper() {
	for t := range q.tasks {
		if err := run(t); err != nil {
			q.finish(t)
			return
		}
		q.finish(t)
	}
}

// workerDefer marks each task done in a per-item function: silent.
func (q *Queue) workerDefer() {
	for t := range q.tasks {
		func() {
			defer q.pending.Done()
			run(t)
		}()
	}
}

// Process runs a batch on one consumer goroutine.
func Process(tasks []Task) {
	var wg sync.WaitGroup
	ch := make(chan Task)
	go func() {
		for t := range ch {
			if t.N == 0 {
				return // want `returns from the loop over the queue without calling wg.Done`
			}
			run(t)
			wg.Done()
		}
	}()
	for _, t := range tasks {
		wg.Add(1)
		ch <- t
	}
	close(ch)
	wg.Wait()
}

// counter is a Done per item with no Wait anywhere: not a join, silent.
type counter struct {
	in   chan int
	seen sync.WaitGroup
}

func (c *counter) drain() {
	for v := range c.in {
		if v < 0 {
			return
		}
		c.seen.Done()
	}
}
