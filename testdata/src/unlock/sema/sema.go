// Package sema uses buffered channels as counting semaphores.
package sema

import (
	"context"
	"errors"
)

var errBusy = errors.New("busy")

func work(n int) error { return nil }

// Uploader limits concurrent uploads with a field semaphore.
type Uploader struct {
	sem chan struct{}
}

// Upload forgets the release on the error path.
func (u *Uploader) Upload(n int) error {
	u.sem <- struct{}{}
	if err := work(n); err != nil {
		return err // want `returns here holding the u.sem slot acquired at line 20`
	}
	<-u.sem
	return nil
}

// UploadDefer releases with a deferred receive: silent.
func (u *Uploader) UploadDefer(n int) error {
	u.sem <- struct{}{}
	defer func() { <-u.sem }()
	if err := work(n); err != nil {
		return err
	}
	return nil
}

// UploadEvery releases on every path: silent.
func (u *Uploader) UploadEvery(n int) error {
	u.sem <- struct{}{}
	if err := work(n); err != nil {
		<-u.sem
		return err
	}
	<-u.sem
	return nil
}

func (u *Uploader) release() { <-u.sem }

// UploadHelper releases through a method: silent.
func (u *Uploader) UploadHelper(n int) error {
	u.sem <- struct{}{}
	if err := work(n); err != nil {
		u.release()
		return err
	}
	u.release()
	return nil
}

// UploadCtx acquires in a select with a cancel case.
func (u *Uploader) UploadCtx(ctx context.Context, n int) error {
	select {
	case u.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err() // no diagnostic: no slot was taken on this path
	}
	if n < 0 {
		return errBusy // want `returns here holding the u.sem slot acquired at line 65`
	}
	err := work(n)
	<-u.sem
	return err
}

// UploadAsync hands the slot to the goroutine that releases it: silent.
func (u *Uploader) UploadAsync(n int) error {
	u.sem <- struct{}{}
	if n < 0 {
		<-u.sem
		return errBusy
	}
	go func() {
		defer func() { <-u.sem }()
		work(n)
	}()
	return nil
}

// process takes the semaphore as a parameter.
func process(sem chan struct{}, items []int) error {
	for _, it := range items {
		sem <- struct{}{}
		if it < 0 {
			return errBusy // want `returns here holding the sem slot acquired at line 94`
		}
		work(it)
		<-sem
	}
	return nil
}

var tokens = make(chan struct{}, 4)

// spawn runs workers whose bodies acquire a package-level semaphore.
func spawn(items []int) {
	for _, it := range items {
		go func() {
			tokens <- struct{}{}
			if err := work(it); err != nil {
				return // want `returns here holding the tokens slot acquired at line 110`
			}
			<-tokens
		}()
	}
}

// results is a data channel, not a semaphore: silent.
func results(out chan error, n int) error {
	out <- work(n)
	if n < 0 {
		return errBusy
	}
	return <-out
}

// catchup primes a wake-up channel once and waits for a kick on every
// round: a signal, not a semaphore — silent.
func catchup(rounds int, applied *int) error {
	next := make(chan struct{}, 4)
	next <- struct{}{}
	if applied != nil {
		if *applied > rounds {
			return nil // no diagnostic: next is not a slot
		}
		work(*applied)
	}
	for i := 0; i < rounds; i++ {
		<-next
		work(i)
	}
	return nil
}

// primed waits for kicks sent by a callback it registers: silent.
func primed(rounds int, register func(func())) error {
	next := make(chan struct{}, 4)
	next <- struct{}{}
	register(func() {
		select {
		case next <- struct{}{}:
		default:
		}
	})
	for i := 0; i < rounds; i++ {
		<-next
		if i > 100 {
			return errBusy // no diagnostic: next is not a slot
		}
	}
	return nil
}
