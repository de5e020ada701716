package sema

import "sync"

type probe struct{ hits int }

func (p *probe) fire(ticks <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for range ticks {
		p.hits++
	}
}

// Run paces probes: each tick is handed to an idle worker over an
// unbuffered channel, and a new worker is started when none is idle. The
// send is a hand-off, not a slot: returning without a receive loses
// nothing.
func Run(p *probe, n int, stop <-chan struct{}) {
	var wg sync.WaitGroup
	ticks := make(chan struct{})
	go func() {
		defer func() {
			close(ticks)
			wg.Wait()
		}()
		sent := 0
		for {
			if sent >= n {
				return
			}
			select {
			case ticks <- struct{}{}:
				sent++
				continue
			case <-stop:
				return
			default:
				wg.Add(1)
				go p.fire(ticks, &wg)
			}
			select {
			case ticks <- struct{}{}: // no diagnostic: a hand-off to a worker
				sent++
			case <-stop:
				return
			}
		}
	}()
}

// RunLimited uses a buffered channel as a slot count for the same
// workers, and returns on stop while holding the slot it just took.
func RunLimited(p *probe, n int, stop <-chan struct{}) {
	var wg sync.WaitGroup
	slots := make(chan struct{}, 4)
	go func() {
		defer wg.Wait()
		for i := 0; i < n; i++ {
			slots <- struct{}{}
			select {
			case <-stop:
				return // want `returns here holding the slots slot acquired at line 59`
			default:
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-slots }()
				p.hits++
			}()
		}
	}()
}
