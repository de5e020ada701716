// Package checkclose: check-then-close without mutual exclusion in event
// and future types, beside the guarded forms.
package checkclose

import (
	"sync"
	"sync/atomic"
)

// Future is a value that is set once and awaited by many. Its methods are
// safe for concurrent use.
type Future struct {
	mu    sync.Mutex
	val   int
	done  chan struct{}
	ready bool
}

func NewFuture() *Future { return &Future{done: make(chan struct{})} }

// Set may be called by several producers; the first wins.
func (f *Future) Set(v int) {
	select {
	case <-f.done:
		return
	default:
		f.val = v
		close(f.done) // want `f.done is closed after a select finds it still open with no lock or sync.Once, and Future documents Set as safe for concurrent use`
	}
}

// Get waits for the value.
func (f *Future) Get() int {
	<-f.done
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.val
}

// SetFlag tests a plain flag before closing.
func (f *Future) SetFlag(v int) {
	if f.ready {
		return
	}
	f.ready = true
	f.val = v
	close(f.done) // want `f.done is closed after testing f.ready with no lock`
}

// SetLocked: the same check under the mutex.
func (f *Future) SetLocked(v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	select {
	case <-f.done:
	default:
		f.val = v
		close(f.done) // no diagnostic: the mutex makes check and close atomic
	}
}

// Event is a manual-reset event set through sync.Once.
type Event struct {
	once sync.Once
	ch   chan struct{}
}

func (e *Event) Set() {
	e.once.Do(func() {
		select {
		case <-e.ch:
		default:
			close(e.ch) // no diagnostic: Once runs it once
		}
	})
}

// Gate closes once, decided by a compare-and-swap.
type Gate struct {
	opened atomic.Bool
	ch     chan struct{}
}

func (g *Gate) Open() {
	if g.opened.CompareAndSwap(false, true) {
		close(g.ch) // no diagnostic: only one caller wins the swap
	}
}

// signal is an unexported helper of a type nobody shares.
type signal struct {
	fired bool
	ch    chan struct{}
}

func (s *signal) Fire() {
	if !s.fired {
		s.fired = true
		close(s.ch) // no diagnostic: nothing says signal is shared between goroutines
	}
}

// stopAll: workers started in a loop each try to close quit on failure.
func stopAll(jobs []func() error) {
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := job(); err != nil {
				select {
				case <-quit:
				default:
					close(quit) // want `quit is closed after a select finds it still open with no lock or sync.Once, and the goroutines started in a loop run it concurrently`
				}
			}
		}()
	}
	wg.Wait()
}

// stopAllOK: the workers report errors; the caller closes.
func stopAllOK(jobs []func() error) {
	quit := make(chan struct{})
	errs := make(chan error, len(jobs))
	for _, job := range jobs {
		go func() {
			errs <- job()
		}()
	}
	for range jobs {
		if err := <-errs; err != nil {
			select {
			case <-quit:
			default:
				close(quit) // no diagnostic: only the caller's goroutine closes
			}
		}
	}
}

// Balancer's methods are called one at a time by its owner; Close guards
// against a repeated call only.
type Balancer struct {
	mu     sync.Mutex
	doneCh chan struct{}
	picks  int
}

func (b *Balancer) Pick() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.picks++
	return b.picks
}

func (b *Balancer) Close() {
	select {
	case <-b.doneCh:
		return
	default:
	}
	close(b.doneCh) // no diagnostic: nothing says Close runs concurrently
}

// Conn closes on context cancellation as well as on the user's Close.
type Conn struct {
	wg     sync.WaitGroup
	closed chan struct{}
}

func Dial(ctx interface{ Done() <-chan struct{} }) *Conn {
	c := &Conn{closed: make(chan struct{})}
	go func() {
		<-ctx.Done()
		c.Close()
	}()
	return c
}

func (c *Conn) Close() {
	select {
	case <-c.closed:
	default:
		close(c.closed) // want `c.closed is closed after a select finds it still open with no lock or sync.Once, and Close is called from a goroutine the package starts as well as by other callers`
	}
	c.wg.Wait()
}
