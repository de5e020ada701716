// Package uploader sends files to a store.
package uploader

import (
	"context"
	"net"
	"os"
	"sync"

	"golang.org/x/sync/semaphore"
)

type File struct {
	Name string
	Data []byte
}

func send(ctx context.Context, f File) error { return nil }

// Uploader uploads with a weighted semaphore.
type Uploader struct {
	sem *semaphore.Weighted
}

// UploadAll gates each goroutine on the semaphore: silent.
func (u *Uploader) UploadAll(ctx context.Context, files []File) {
	var wg sync.WaitGroup
	for _, f := range files {
		if err := u.sem.Acquire(ctx, 1); err != nil {
			break
		}
		wg.Add(1)
		go func() { // no diagnostic: at most the semaphore's weight
			defer wg.Done()
			defer u.sem.Release(1)
			send(ctx, f)
		}()
	}
	wg.Wait()
}

// UploadEach gates inside the goroutine with a channel: silent.
func (u *Uploader) UploadEach(ctx context.Context, files []File) {
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, f := range files {
		wg.Add(1)
		go func() { // no diagnostic: acquire/release inside the goroutine
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			send(ctx, f)
		}()
	}
	wg.Wait()
}

// UploadDir starts one goroutine per directory entry.
func (u *Uploader) uploadDir(ctx context.Context, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	for _, e := range entries {
		wg.Add(1)
		go func() { // want `one goroutine is started per entry of the listing os.ReadDir\(dir\)`
			defer wg.Done()
			data, _ := os.ReadFile(e.Name())
			send(ctx, File{Name: e.Name(), Data: data})
		}()
	}
	wg.Wait()
	return nil
}

// Serve runs one goroutine per listener: components, not items.
func Serve(ls []net.Listener) {
	for _, l := range ls {
		go accept(l) // no diagnostic: one per listener is the design
	}
}

func accept(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go c.Close()
	}
}

// worker runs one item with a semaphore taken inside: silent when
// started per file.
func (u *Uploader) worker(ctx context.Context, f File, sem chan struct{}) {
	sem <- struct{}{}
	defer func() { <-sem }()
	send(ctx, f)
}

func (u *Uploader) UploadWorkers(ctx context.Context, files []File) {
	sem := make(chan struct{}, 4)
	for _, f := range files {
		go u.worker(ctx, f, sem) // no diagnostic: the worker gates itself
	}
}
