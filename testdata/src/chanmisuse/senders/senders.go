// Package senders: channels closed while goroutines that send on them may
// still run, beside the joined idioms that stay silent.
package senders

import (
	"context"
	"sync"
	"time"

	"chanmisuse/dep"
)

type Result struct {
	URL  string
	Body string
}

func fetch(ctx context.Context, url string) Result { return Result{URL: url} }

// fetchWithTimeout: the caller gives up on timeout and closes the result
// channel; the fetcher's send then panics.
func fetchWithTimeout(ctx context.Context, url string) (Result, bool) {
	res := make(chan Result, 1)
	go func() {
		res <- fetch(ctx, url)
	}()
	defer close(res) // want `res is closed by a deferred close while the goroutine started at line 24 may still send on it`
	select {
	case r := <-res:
		return r, true
	case <-time.After(time.Second):
		return Result{}, false
	}
}

// fetchWithTimeoutOK: the buffered channel is left to the garbage collector.
func fetchWithTimeoutOK(ctx context.Context, url string) (Result, bool) {
	res := make(chan Result, 1)
	go func() {
		res <- fetch(ctx, url) // no diagnostic: nothing closes res
	}()
	select {
	case r := <-res:
		return r, true
	case <-time.After(time.Second):
		return Result{}, false
	}
}

// fetchOne: the single send is received before the close.
func fetchOne(ctx context.Context, url string) Result {
	res := make(chan Result)
	go func() {
		res <- fetch(ctx, url)
	}()
	r := <-res
	close(res) // no diagnostic: the goroutine's only send was received
	return r
}

// Crawler fans fetches out to workers and a progress reporter.
type Crawler struct {
	results chan Result
	wg      sync.WaitGroup
}

func (c *Crawler) worker(ctx context.Context, urls <-chan string) {
	defer c.wg.Done()
	for u := range urls {
		c.results <- fetch(ctx, u)
	}
}

// progress reports a heartbeat result now and then; nobody counts it.
func (c *Crawler) progress(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.results <- Result{URL: "progress"}
		}
	}
}

// Run: the workers are joined, the progress goroutine is not.
func (c *Crawler) Run(ctx context.Context, urls <-chan string, n int) {
	for i := 0; i < n; i++ {
		c.wg.Add(1)
		go c.worker(ctx, urls)
	}
	go c.progress(ctx)
	c.wg.Wait()
	close(c.results) // want `c.results is closed while the goroutine started at line 94 may still send on it`
}

// RunOK: every sender is counted by the WaitGroup whose Wait gates the close.
func (c *Crawler) RunOK(ctx context.Context, urls <-chan string, n int) {
	for i := 0; i < n; i++ {
		c.wg.Add(1)
		go c.worker(ctx, urls)
	}
	c.wg.Wait()
	close(c.results) // no diagnostic: wg.Wait joins every sender
}

// RunCloserOK: the closer goroutine idiom.
func (c *Crawler) RunCloserOK(ctx context.Context, urls <-chan string, n int) <-chan Result {
	for i := 0; i < n; i++ {
		c.wg.Add(1)
		go c.worker(ctx, urls)
	}
	go func() {
		c.wg.Wait()
		close(c.results) // no diagnostic: runs after every worker is done
	}()
	return c.results
}

// produce: the only sender closes its own channel.
func produce(items []int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out) // no diagnostic: the sender closes after its sends
		for _, it := range items {
			out <- it
		}
	}()
	return out
}

// ticks: a helper in another package sends; the caller counts the
// receives and closes.
func ticks(ctx context.Context, n int) int {
	ch := make(chan int)
	go dep.Emit(ch, n)
	got := 0
	for {
		select {
		case <-ch:
			got++
			if got == n {
				close(ch) // no diagnostic: received from ch before (the helper's sends are not countable here)
				return got
			}
		case <-ctx.Done():
			return got
		}
	}
}

// pump: a helper in another package sends; another one closes the channel
// once the context ends, while the sender may still run.
func pump(ctx context.Context, n int) {
	ch := make(chan int, n)
	go dep.Emit(ch, n)
	<-ctx.Done()
	dep.Shutdown(ch) // want `ch is closed while the goroutine started at line 158 may still send on it`
}

// firstWins: one goroutine per mirror, the first answer wins, and the
// channel is closed while the losers still send.
func firstWins(ctx context.Context, mirrors []string) Result {
	out := make(chan Result, 1)
	for _, m := range mirrors {
		go func() {
			out <- fetch(ctx, m)
		}()
	}
	r := <-out
	close(out) // want `out is closed while the goroutine started at line 168 may still send on it`
	return r
}

// allAnswers: as many receives as goroutines, then close.
func allAnswers(ctx context.Context, mirrors []string) []Result {
	out := make(chan Result, len(mirrors))
	for _, m := range mirrors {
		go func() {
			out <- fetch(ctx, m)
		}()
	}
	var rs []Result
	for range mirrors {
		rs = append(rs, <-out)
	}
	close(out) // no diagnostic: every goroutine's send was received
	return rs
}

// Uploader uploads parts with workers; a failed part is retried in a
// goroutine of its own.
type Uploader struct {
	wg     sync.WaitGroup
	errs   chan error
	bucket map[string][]byte
}

func (u *Uploader) upload(part []byte) error {
	if len(part) == 0 {
		return context.Canceled
	}
	return nil
}

// retry tries a failed part once more after a pause.
func (u *Uploader) retry(p []byte) {
	time.Sleep(time.Second)
	u.errs <- u.upload(p)
}

func (u *Uploader) worker(parts <-chan []byte) {
	defer u.wg.Done()
	for p := range parts {
		if err := u.upload(p); err != nil {
			go u.retry(p)
		}
	}
}

// UploadAll: wg.Wait joins the workers but not their retries.
func (u *Uploader) UploadAll(parts <-chan []byte, n int) {
	for i := 0; i < n; i++ {
		u.wg.Add(1)
		go u.worker(parts)
	}
	u.wg.Wait()
	close(u.errs) // want `u.errs is closed after the join of the goroutine started at line 227, but the goroutine it starts at line 218 is not joined`
}

func (u *Uploader) retryOK(p []byte) {
	defer u.wg.Done()
	u.errs <- u.upload(p)
}

func (u *Uploader) workerOK(parts <-chan []byte) {
	defer u.wg.Done()
	for p := range parts {
		if err := u.upload(p); err != nil {
			u.wg.Add(1)
			go u.retryOK(p)
		}
	}
}

// UploadAllOK: the retries are counted by the same WaitGroup.
func (u *Uploader) UploadAllOK(parts <-chan []byte, n int) {
	for i := 0; i < n; i++ {
		u.wg.Add(1)
		go u.workerOK(parts)
	}
	u.wg.Wait()
	close(u.errs) // no diagnostic: every sender is counted
}

// Indexer's workers use a closure that captures the receiver, so the
// receiver lives in a closure cell inside worker.
type Indexer struct {
	wg   sync.WaitGroup
	docs chan string
}

func (x *Indexer) worker(paths []string) {
	defer x.wg.Done()
	emit := func(p string) { x.docs <- p }
	for _, p := range paths {
		emit(p)
	}
}

// Index: every worker is counted by x.wg.
func (x *Indexer) Index(batches [][]string) {
	for _, b := range batches {
		x.wg.Add(1)
		go x.worker(b)
	}
	x.wg.Wait()
	close(x.docs) // no diagnostic: wg.Wait joins every worker
}
