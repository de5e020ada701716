// Package jobqueue is a bounded blocking job queue built on sync.Cond and a
// dispatcher that runs the queued jobs, with the condition-variable and
// fan-out bugs concurlint finds.
package jobqueue

import (
	"bufio"
	"io"
	"sync"
)

type Job struct {
	ID   string
	Args []string
}

type Queue struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	jobs     []Job
	max      int
	closed   bool
}

func New(max int) *Queue {
	q := &Queue{max: max}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

// Put blocks while the queue is full.
func (q *Queue) Put(j Job) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.jobs) == q.max && !q.closed {
		q.notFull.Wait()
	}
	if q.closed {
		return false
	}
	q.jobs = append(q.jobs, j)
	q.notEmpty.Signal()
	return true
}

// Get blocks until a job is available.
// BUG: the condition is tested once; another Get can take the job between
// the Signal and this goroutine waking, and q.jobs[0] panics.
func (q *Queue) Get() (Job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.jobs) == 0 && !q.closed {
		q.notEmpty.Wait()
	}
	if q.closed {
		return Job{}, false
	}
	j := q.jobs[0]
	q.jobs = q.jobs[1:]
	q.notFull.Signal()
	return j, true
}

// Close wakes every waiter.
// BUG: closed is set without q.mu: a Get that has just seen closed ==
// false but not yet called Wait sleeps through the Broadcast.
func (q *Queue) Close() {
	q.closed = true
	q.notEmpty.Broadcast()
	q.notFull.Broadcast()
}

// RunAll runs every job listed in r, one per line.
// BUG: one goroutine per line of an input of any size, all at once.
func RunAll(r io.Reader, run func(Job)) {
	sc := bufio.NewScanner(r)
	var wg sync.WaitGroup
	for sc.Scan() {
		j := Job{ID: sc.Text()}
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(j)
		}()
	}
	wg.Wait()
}
