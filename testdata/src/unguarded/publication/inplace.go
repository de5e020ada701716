package publication

import "sync"

// A client made of parts that are values inside it, each initialised in
// place by the constructor: the part's receiver is the address of a field
// of the fresh client, still private there.
type fetcher struct {
	mu      sync.Mutex
	waiting int
	wake    *sync.Cond
}

func (f *fetcher) init() {
	f.wake = sync.NewCond(&f.mu) // no diagnostic: the client is private here
	f.waiting = 0                // no diagnostic
}

func (f *fetcher) Wait() {
	f.mu.Lock()
	f.waiting++
	for f.waiting > 0 {
		f.wake.Wait()
	}
	f.mu.Unlock()
}

func (f *fetcher) Release() {
	f.mu.Lock()
	f.waiting = 0
	f.wake.Broadcast()
	f.mu.Unlock()
}

func (f *fetcher) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.wake = sync.NewCond(&f.mu)
	f.waiting = 0
}

type Consumer struct {
	name  string
	fetch fetcher
}

func NewConsumer(name string) *Consumer {
	c := &Consumer{name: name}
	c.fetch.init()
	return c
}

// The same part re-initialised on a consumer others already use.
var consumers []*Consumer

func (c *Consumer) Register() {
	consumers = append(consumers, c)
	c.fetch.reinit()
}

func (f *fetcher) reinit() {
	f.waiting = -1 // want `f.waiting is written here without f.mu, which guards it in \d+ other accesses`
}
