package reads

import (
	"sync"
	"testing"
	"time"
)

func contend(int) bool { return true }

// Silent: a waiter goroutine closes done only after wg.Wait, and the test
// reads after receiving from done (the timeout case stops the test).
func TestAllAcquired(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]bool, 3)
	for i := range got {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			got[i] = contend(i)
		}(i)
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("timeout")
	}
	for _, ok := range got {
		if !ok {
			t.Error("not acquired")
		}
	}
}

// The waiter closes done before it waits: the receive orders nothing.
func TestAcquiredEarlyClose(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]bool, 3)
	for i := range got {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			got[i] = contend(i)
		}(i)
	}
	done := make(chan struct{})
	go func() {
		close(done)
		wg.Wait()
	}()
	<-done
	for _, ok := range got { // want `elements of got are assigned by the goroutines started at line \d+ and read here before any Wait or receive orders the two`
		if !ok {
			t.Error("not acquired")
		}
	}
}
