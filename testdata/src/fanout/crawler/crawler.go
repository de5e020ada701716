// Package crawler fetches pages, one badly and several well.
package crawler

import (
	"context"
	"net/http"
	"sync"

	"golang.org/x/sync/errgroup"
)

type Page struct {
	URL  string
	Body []byte
}

func fetch(ctx context.Context, url string) (Page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Page{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Page{}, err
	}
	defer resp.Body.Close()
	return Page{URL: url}, nil
}

// CrawlAll opens one connection per URL, all at once.
func CrawlAll(ctx context.Context, urls []string) []Page {
	pages := make([]Page, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() { // want `one goroutine is started per element of urls, a parameter of exported CrawlAll whose length callers decide, with nothing limiting how many run at once: a large input exhausts memory and file descriptors`
			defer wg.Done()
			pages[i], _ = fetch(ctx, u)
		}()
	}
	wg.Wait()
	return pages
}

// CrawlGroup does the same with an errgroup that has no limit.
func CrawlGroup(ctx context.Context, urls []string) ([]Page, error) {
	pages := make([]Page, len(urls))
	g, ctx := errgroup.WithContext(ctx)
	for i, u := range urls {
		g.Go(func() error { // want `one goroutine is started per element of urls`
			p, err := fetch(ctx, u)
			pages[i] = p
			return err
		})
	}
	return pages, g.Wait()
}

// CrawlLimited is CrawlGroup with SetLimit: silent.
func CrawlLimited(ctx context.Context, urls []string) ([]Page, error) {
	pages := make([]Page, len(urls))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for i, u := range urls {
		g.Go(func() error { // no diagnostic: at most 8 at once
			p, err := fetch(ctx, u)
			pages[i] = p
			return err
		})
	}
	return pages, g.Wait()
}

// CrawlPool uses a fixed pool of workers draining a channel: silent.
func CrawlPool(ctx context.Context, urls []string, workers int) []Page {
	jobs := make(chan string)
	out := make(chan Page)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() { // no diagnostic: a counted pool
			defer wg.Done()
			for u := range jobs {
				p, _ := fetch(ctx, u)
				out <- p
			}
		}()
	}
	go func() {
		for _, u := range urls {
			jobs <- u
		}
		close(jobs)
	}()
	go func() { wg.Wait(); close(out) }()
	var pages []Page
	for p := range out {
		pages = append(pages, p)
	}
	return pages
}

// CrawlSome bounds its input itself: silent.
func CrawlSome(ctx context.Context, urls []string) []Page {
	if len(urls) > 16 {
		urls = urls[:16]
	}
	pages := make([]Page, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() { // no diagnostic: at most 16
			defer wg.Done()
			pages[i], _ = fetch(ctx, u)
		}()
	}
	wg.Wait()
	return pages
}

// crawlMirrors: an unexported helper over the package's own fixed list.
var mirrors = [3]string{"a", "b", "c"}

func crawlMirrors(ctx context.Context) {
	var wg sync.WaitGroup
	for _, m := range mirrors {
		wg.Add(1)
		go func() { // no diagnostic: three mirrors
			defer wg.Done()
			fetch(ctx, m)
		}()
	}
	wg.Wait()
}

// Follow starts a goroutine per link received: the channel's senders
// decide how many.
func Follow(ctx context.Context, links <-chan string) {
	for u := range links {
		go fetch(ctx, u) // want `one goroutine is started per value received from links`
	}
}

// FollowGated acquires a slot from a buffered channel before each spawn.
func FollowGated(ctx context.Context, links <-chan string) {
	sem := make(chan struct{}, 4)
	for u := range links {
		sem <- struct{}{}
		go func() { // no diagnostic: a semaphore gates the spawn
			defer func() { <-sem }()
			fetch(ctx, u)
		}()
	}
}
