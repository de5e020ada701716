// Package copies: a sync.WaitGroup used through a copy.
package copies

import "sync"

func work(int) {}

func worker(wg sync.WaitGroup, x int) {
	defer wg.Done() // want `wg is a copy of the caller's sync.WaitGroup \(wg passed by value\); this Done never reaches the caller's Wait`
	work(x)
}

type pool struct {
	wg sync.WaitGroup
	n  int
}

func (p pool) finish() {
	p.wg.Done() // want `p.wg is a copy of the caller's sync.WaitGroup \(p passed by value\)`
}

func capturedByValue() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func(wg sync.WaitGroup) {
		wg.Done() // want `wg is a copy of the caller's sync.WaitGroup`
	}(wg)
	wg.Wait()
}

// Silent: by pointer.
func workerPtr(wg *sync.WaitGroup, x int) {
	defer wg.Done() // no diagnostic
	work(x)
}

type ptrPool struct{ wg *sync.WaitGroup }

// Silent: a value receiver holding a pointer to the group.
func (p ptrPool) finish() {
	p.wg.Done() // no diagnostic: the copy shares the WaitGroup
}

func (p *pool) finishPtr() {
	p.wg.Done() // no diagnostic: pointer receiver
}
