package m

import "context"

func closures(ctx context.Context) int {
	ch := make(chan int, 2) // want `cap=2 recv@14/owner select-recv@17/owner send@8/go@7 send@9/go@7`
	go func() {
		ch <- 1
		ch <- 2
	}()
	func() {
		_ = len(ch)
	}()
	v := <-ch
	select {
	case <-ctx.Done():
	case w := <-ch:
		v += w
	}
	return v
}

func worker(in <-chan int) {
	for range in {
	}
}

func sink(in <-chan int) { <-in }

func named() {
	jobs := make(chan int) // want `cap=0 close@32/owner/defer range@24/go@33 recv@34/owner/summary send@35/owner`
	defer close(jobs)
	go worker(jobs)
	sink(jobs)
	jobs <- 1
}

type T struct{ ch chan int }

func escapes(t *T) {
	ch := make(chan int) // want `escapes: stored in a field, global or element`
	t.ch = ch
}

func unknown(f func(chan int)) {
	ch := make(chan int) // want `escapes: passed to a dynamic callee`
	f(ch)
}
