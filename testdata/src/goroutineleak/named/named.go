// Goroutines started through named functions and methods.
package named

import "context"

type job struct{ id int }

func process(job) {}

func compute() int { return 42 }

func worker(jobs <-chan job) {
	for j := range jobs { // want `goroutine ranges over jobs but nothing closes it`
		process(j)
	}
}

func poolNamed(jobs []job) {
	ch := make(chan job)
	for i := 0; i < 4; i++ {
		go worker(ch)
	}
	for _, j := range jobs {
		ch <- j
	}
}

func produce(out chan<- int) {
	out <- compute() // want `goroutine sends on out but the caller may return at line 37`
}

func produceNamed(ctx context.Context) (int, error) {
	ch := make(chan int)
	go produce(ch)
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case v := <-ch:
		return v, nil
	}
}

type server struct{ n int }

func (s *server) serve(reqs <-chan int) {
	for r := range reqs { // want `goroutine ranges over reqs but the caller may return at line 56 without closing it`
		s.n += r
	}
}

func (s *server) feed(rs []int) error {
	ch := make(chan int)
	go s.serve(ch)
	for _, r := range rs {
		if r < 0 {
			return nil
		}
		ch <- r
	}
	close(ch)
	return nil
}

// --- Silent twins ---

func drain(jobs <-chan job) {
	for j := range jobs {
		process(j)
	}
}

// no diagnostic: the named worker's channel is closed by the producer.
func poolNamedClosed(jobs []job) {
	ch := make(chan job)
	for i := 0; i < 4; i++ {
		go drain(ch)
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
}

func produceOrQuit(ctx context.Context, out chan<- int) {
	select {
	case out <- compute():
	case <-ctx.Done():
	}
}

// no diagnostic: the named producer selects on ctx.Done().
func produceNamedCtx(ctx context.Context) (int, error) {
	ch := make(chan int)
	go produceOrQuit(ctx, ch)
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case v := <-ch:
		return v, nil
	}
}

func receive(in <-chan int) int { return <-in }

// no diagnostic: a synchronous same-package callee receives on every path.
func receiveViaCallee() int {
	ch := make(chan int)
	go produce2(ch)
	return receive(ch)
}

func produce2(out chan<- int) { out <- compute() }

type runner struct{ n int }

// goFunc starts f as a goroutine (as hashicorp/raft's Raft.goFunc does).
func (r *runner) goFunc(f func()) {
	go func() {
		r.n++
		f()
	}()
}

func (r *runner) viaWrapper(ctx context.Context) error {
	ch := make(chan int)
	r.goFunc(func() {
		ch <- compute() // want `goroutine sends on ch but the caller may return at line 131`
	})
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-ch:
		return nil
	}
}

// call runs f in place.
func call(f func()) { f() }

// no diagnostic: the callback runs somewhere we do not model (here, in
// place, but the model does not look inside call): the channel escapes.
func viaCallback(ctx context.Context) error {
	ch := make(chan int, 1)
	call(func() { ch <- compute() })
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-ch:
		return nil
	}
}

// watchLoop sends in a select with ctx.Done(), except for a rare overflow
// event (from syncthing's lib/fs).
func watchLoop(ctx context.Context, in <-chan int, out chan<- int) {
	for {
		if len(in) == cap(in) {
			out <- -1
		}
		select {
		case v := <-in:
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// no diagnostic: the callee is cancellation-aware, and the caller leaves
// through ctx.Done() only after the goroutine cancelled it.
func watchOnce(in chan int) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(chan int)
	go func() {
		defer cancel()
		watchLoop(ctx, in, out)
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}
