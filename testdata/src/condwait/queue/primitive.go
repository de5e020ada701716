package queue

import "sync"

// jobs is a queue whose Wait only reports that something may have
// happened: consumers loop on Wait and Take, and Take checks for itself.
type jobs struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []func()
	closed bool
}

func newJobs() *jobs {
	j := &jobs{}
	j.cond = sync.NewCond(&j.mu)
	return j
}

// Wait returns false once the queue is closed; otherwise it returns when
// there may be an item.
func (j *jobs) Wait() bool {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return false
	}
	if len(j.items) != 0 {
		j.mu.Unlock()
		return true
	}
	j.cond.Wait() // no diagnostic: nothing here relies on the wake-up; Take re-checks
	j.mu.Unlock()
	return true
}

// Take removes the first item, or reports that there was none.
func (j *jobs) Take() (func(), bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.items) == 0 {
		return nil, false
	}
	f := j.items[0]
	j.items = j.items[1:]
	return f, true
}

// WaitTake waits and then takes through Take, which locks and checks.
func (j *jobs) WaitTake() (func(), bool) {
	j.mu.Lock()
	if len(j.items) != 0 || j.closed {
		j.mu.Unlock()
		return j.Take()
	}
	j.cond.Wait() // no diagnostic: Take re-checks
	j.mu.Unlock()
	return j.Take()
}

// Next waits once and then uses the first item as if the wake-up
// guaranteed one.
func (j *jobs) Next() func() {
	j.mu.Lock()
	defer j.mu.Unlock()
	if len(j.items) == 0 && !j.closed {
		j.cond.Wait() // want `j.cond.Wait is not in a loop that re-checks the condition \(closed, items\)`
	}
	f := j.items[0]
	j.items = j.items[1:]
	return f
}

func (j *jobs) Put(f func()) {
	j.mu.Lock()
	j.items = append(j.items, f)
	j.mu.Unlock()
	j.cond.Signal()
}

func (j *jobs) Close() {
	j.mu.Lock()
	j.closed = true
	j.mu.Unlock()
	j.cond.Broadcast()
}

func consume(j *jobs) {
	for j.Wait() {
		if f, ok := j.Take(); ok {
			f()
		}
	}
}
