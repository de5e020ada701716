package lifecycle

import "sync"

// A component whose start method counts its goroutine with the caller's
// group.
type pinger struct{ quit chan struct{} }

func (p *pinger) start(wg *sync.WaitGroup) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-p.quit
	}()
}

func (p *pinger) stop() { p.quit <- struct{}{} }

// Silent: a group made only to satisfy start, which nobody can wait for —
// the caller chose to stop the goroutine through stop instead.
func RunDetached() {
	p := &pinger{quit: make(chan struct{})}
	p.start(&sync.WaitGroup{})
	p.stop()
}

// Silent: the same with new.
func RunDetachedNew() {
	p := &pinger{quit: make(chan struct{})}
	p.start(new(sync.WaitGroup))
	p.stop()
}

// A group the caller holds and never waits for.
func RunForgotten() {
	p := &pinger{quit: make(chan struct{})}
	var wg sync.WaitGroup
	p.start(&wg) // want `wg is never waited for: the goroutines it counts outlive RunForgotten`
	p.stop()
}

// Silent: a counter left over from earlier code — nothing is started, so
// nothing outlives the function.
func Leftover(items []int) int {
	wg := &sync.WaitGroup{}
	wg.Add(len(items))
	n := 0
	for _, it := range items {
		n += it
	}
	return n
}

// A goroutine counted by the group and never waited for.
func Fire(items []int) {
	var wg sync.WaitGroup
	wg.Add(1) // want `wg is never waited for: the goroutines it counts outlive Fire`
	go func() {
		defer wg.Done()
		_ = len(items)
	}()
}
