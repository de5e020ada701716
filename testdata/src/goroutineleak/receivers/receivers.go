// Goroutines that wait for values or a close that may never come.
package receivers

import "errors"

type job struct{ id int }

func process(job) error { return nil }

func load() ([]job, error) { return nil, nil }

func validate(job) error { return nil }

// Worker pool whose job channel is never closed.
func poolNoClose(jobs []job) {
	ch := make(chan job)
	for i := 0; i < 4; i++ {
		go func() {
			for j := range ch { // want `goroutine ranges over ch but nothing closes it`
				process(j)
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
}

// Producer that returns early on an error and leaves the consumer waiting.
func producerEarlyReturn(jobs []job) error {
	ch := make(chan job)
	go func() {
		for j := range ch { // want `goroutine ranges over ch but the caller may return at line 39 without closing it`
			process(j)
		}
	}()
	for _, j := range jobs {
		if err := validate(j); err != nil {
			return err
		}
		ch <- j
	}
	close(ch)
	return nil
}

// A single receive that the caller may skip.
func waitForStart() error {
	start := make(chan struct{})
	go func() {
		<-start // want `goroutine receives from start but the caller may return at line 55 without sending or closing it`
		process(job{})
	}()
	if _, err := load(); err != nil {
		return err
	}
	close(start)
	return nil
}

// --- Silent twins ---

// no diagnostic: the worker-queue idiom, closed by the producer.
func poolClosed(jobs []job) {
	ch := make(chan job)
	for i := 0; i < 4; i++ {
		go func() {
			for j := range ch {
				process(j)
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
}

// no diagnostic: defer close(ch) runs on every path, early returns included.
func producerDeferClose(jobs []job) error {
	ch := make(chan job)
	defer close(ch)
	go func() {
		for j := range ch {
			process(j)
		}
	}()
	for _, j := range jobs {
		if err := validate(j); err != nil {
			return err
		}
		ch <- j
	}
	return nil
}

// no diagnostic: close on both paths.
func closeOnBothPaths(jobs []job) error {
	ch := make(chan job)
	go func() {
		for j := range ch {
			process(j)
		}
	}()
	for _, j := range jobs {
		if err := validate(j); err != nil {
			close(ch)
			return err
		}
		ch <- j
	}
	close(ch)
	return nil
}

// no diagnostic: the start signal is sent on every path.
func startAlways() error {
	start := make(chan struct{})
	go func() {
		<-start
		process(job{})
	}()
	_, err := load()
	start <- struct{}{}
	return err
}

// no diagnostic: a separate goroutine closes after the producers finish;
// the partner is another goroutine, which the path analysis does not model.
func closerGoroutine(jobs []job) {
	ch := make(chan job)
	done := make(chan struct{})
	go func() {
		for range ch {
		}
		close(done)
	}()
	go func() {
		for _, j := range jobs {
			ch <- j
		}
		close(ch)
	}()
	<-done
}

// no diagnostic: the channel is returned to the caller, who may close it.
func returned() chan<- job {
	ch := make(chan job)
	go func() {
		for j := range ch {
			process(j)
		}
	}()
	return ch
}

var errBad = errors.New("bad")
