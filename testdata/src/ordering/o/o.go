// Package o exercises the ordering policy: probe() marks an access of the
// spawner, and the dump says how each earlier goroutine is ordered with it.
package o

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"
)

func probe()      {}
func work() int   { return 1 }
func single(*int) {}

func waitGroup() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		work()
	}()
	probe() // want `go@\d+ concurrent, joined later`
	wg.Wait()
	probe() // want `go@\d+ ordered; after wait`
}

func wrongWaitGroup() {
	var wg, other sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
	}()
	other.Wait()
	probe() // want `^go@\d+ concurrent, joined later; after wait$`
	wg.Wait()
}

func noJoin() {
	go func() { work() }()
	time.Sleep(time.Millisecond)
	probe() // want `^go@\d+ concurrent$`
}

func receive() {
	done := make(chan struct{})
	go func() {
		work()
		close(done)
	}()
	<-done
	probe() // want `go@\d+ ordered`
}

func unrelatedReceive(other chan int) {
	done := make(chan struct{})
	go func() {
		work()
		close(done)
	}()
	<-other
	probe() // want `go@\d+ concurrent, joined later`
	<-done
}

func selectCases(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		work()
		close(done)
	}()
	select {
	case <-done:
		probe() // want `go@\d+ ordered`
	case <-ctx.Done():
		probe() // want `^go@\d+ concurrent$`
	case <-time.After(time.Second):
		probe() // want `^go@\d+ concurrent$`
	}
}

func errGroup(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		work()
		return nil
	})
	probe() // want `go@\d+ concurrent, joined later`
	err := g.Wait()
	probe() // want `go@\d+ ordered`
	return err
}

func atomicFlag() {
	var done atomic.Bool
	go func() {
		work()
		done.Store(true)
	}()
	for !done.Load() {
		probe() // want `^go@\d+ concurrent, joined later$`
		time.Sleep(time.Millisecond)
	}
	probe() // want `go@\d+ ordered`
}

func atomicFlagIf() {
	var done int32
	go func() {
		work()
		atomic.StoreInt32(&done, 1)
	}()
	if atomic.LoadInt32(&done) == 1 {
		probe() // want `go@\d+ ordered`
	}
}

func eventually(t *testing.T) {
	var done atomic.Bool
	go func() {
		work()
		done.Store(true)
	}()
	require.Eventually(t, func() bool { return done.Load() }, time.Second, time.Millisecond)
	probe() // want `go@\d+ ordered`
}

func eventuallyOther(t *testing.T) {
	var done, other atomic.Bool
	go func() {
		work()
		done.Store(true)
	}()
	assert.Eventually(t, func() bool { return other.Load() }, time.Second, time.Millisecond)
	probe() // want `^go@\d+ concurrent$`
}

func waitFor(cond func() bool) {
	for !cond() {
		time.Sleep(time.Millisecond)
	}
}

func handWrittenPoll() {
	var done atomic.Bool
	go func() {
		work()
		done.Store(true)
	}()
	waitFor(func() bool { return done.Load() })
	probe() // want `go@\d+ ordered`
}

func once() {
	var o sync.Once
	go func() { o.Do(func() { work() }) }()
	o.Do(func() {})
	probe() // want `go@\d+ ordered`
}

type server struct {
	wg   sync.WaitGroup
	quit chan struct{}
}

func (s *server) loop() {
	defer s.wg.Done()
	<-s.quit
}

func (s *server) stop() {
	close(s.quit)
	s.wg.Wait()
}

func (s *server) run() {
	s.wg.Add(1)
	go s.loop()
	probe() // want `go@\d+ concurrent, joined later`
	s.stop()
	probe() // want `go@\d+ ordered`
}

type copier struct{ wg *sync.WaitGroup }

func (c *copier) copy() { defer c.wg.Done() }

func throughField() {
	var wg sync.WaitGroup
	c := &copier{wg: &wg}
	wg.Add(1)
	go c.copy()
	wg.Wait()
	probe() // want `go@\d+ ordered`
}

func loopJoin(n int) {
	done := make(chan int)
	for range n {
		go func() { done <- work() }()
	}
	for range n {
		<-done
	}
	probe() // want `go@\d+ ordered`
}

func callback(f func()) {
	ch := make(chan int)
	go func() { f() }()
	<-ch
	probe() // want `go@\d+ ordered`
}

var counter int

func writer() {
	counter = 1
	atomic.StoreInt64(nil, 0)
	single(&counter) // want `single writer: true`
}

func other() {
	single(&counter) // want `single writer: false`
}

func flagBeforeWrites() int {
	var started atomic.Bool
	x := 0
	go func() {
		started.Store(true)
		x = work()
	}()
	for !started.Load() {
		time.Sleep(time.Millisecond)
	}
	probe() // want `^go@\d+ concurrent$`
	return x
}

// The worker captures its receiver in a closure (a callback it hands on):
// SSA keeps the receiver in a heap cell, which is still the receiver.
type fetcher struct {
	wg      sync.WaitGroup
	results []int
}

func (f *fetcher) fetch(each func(func())) {
	defer f.wg.Done()
	each(func() { f.results = append(f.results, work()) })
}

func (f *fetcher) run(each func(func())) {
	f.wg.Add(1)
	go f.fetch(each)
	f.wg.Wait()
	probe() // want `go@\d+ ordered`
}
