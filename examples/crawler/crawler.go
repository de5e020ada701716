// Package crawler fetches pages with a pool of workers fed by a job queue,
// with the goroutine bugs concurlint finds.
package crawler

import (
	"context"
	"errors"
	"sync"
)

type Fetcher interface {
	Fetch(ctx context.Context, url string) (string, error)
}

// Crawl fetches every url with n workers and returns the pages.
// BUG: the Add runs inside the goroutine it counts, racing with Wait, and
// the job channel is never closed, so the workers never leave their range
// loop.
func Crawl(ctx context.Context, f Fetcher, urls []string, n int) map[string]string {
	jobs := make(chan string)
	var mu sync.Mutex
	pages := make(map[string]string)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		go func() {
			wg.Add(1)
			defer wg.Done()
			for u := range jobs {
				body, err := f.Fetch(ctx, u)
				if err != nil {
					continue
				}
				mu.Lock()
				pages[u] = body
				mu.Unlock()
			}
		}()
	}
	for _, u := range urls {
		jobs <- u
	}
	wg.Wait()
	return pages
}

// FirstPage returns the first page fetched, or the context's error.
// BUG: when ctx is done first, FirstPage returns and the fetching goroutine
// blocks forever on its send to the unbuffered channel.
func FirstPage(ctx context.Context, f Fetcher, url string) (string, error) {
	res := make(chan string)
	go func() {
		body, _ := f.Fetch(ctx, url)
		res <- body
	}()
	select {
	case body := <-res:
		return body, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Count counts fetch failures.
// BUG: failures is incremented by every goroutine without synchronisation.
func Count(ctx context.Context, f Fetcher, urls []string) int {
	failures := 0
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.Fetch(ctx, u); err != nil {
				failures++
			}
		}()
	}
	wg.Wait()
	return failures
}

var ErrNoURLs = errors.New("crawler: no urls")
