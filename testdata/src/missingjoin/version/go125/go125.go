//go:build go1.25

// Package go125: the wg.Go suggestion (with -missingjoin.suggestgo) in a
// Go 1.25 file.
package go125

import (
	"log"
	"sync"
)

func work(int) {}

func triple(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1) // want `wg.Add\(1\), go and defer wg.Done\(\) can be written wg.Go`
		go func() {
			defer wg.Done()
			work(x)
		}()
	}
	wg.Wait()
}

func pointerGroup(wg *sync.WaitGroup) {
	wg.Add(1) // want `can be written wg.Go`
	go func() {
		defer wg.Done()
		if true {
			return
		}
		work(1)
	}()
}

// Silent: the goroutine recovers panics (wg.Go's function must not panic).
func recovers() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			if r := recover(); r != nil {
				log.Print(r)
			}
		}()
		work(2)
	}()
	wg.Wait()
}

// Silent: not the exact shape (Done not first, Add(2), an argument, a
// statement in between).
func shapes(x int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		work(3)
		defer wg.Done()
	}()
	wg.Add(1)
	go func(y int) {
		defer wg.Done()
		work(y)
	}(x)
	wg.Add(1)
	work(4)
	go func() {
		defer wg.Done()
		work(5)
	}()
	wg.Wait()
}

// Silent: already wg.Go.
func already() {
	var wg sync.WaitGroup
	wg.Go(func() { work(6) })
	wg.Wait()
}
