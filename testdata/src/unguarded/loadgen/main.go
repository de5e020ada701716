// Command loadgen starts N workers that count themselves down.
package main

import (
	"flag"
	"log"
	"sync"
	"sync/atomic"
)

var workers = flag.Int("n", 10, "workers")

var pending int32

var started int32

func work(wg *sync.WaitGroup) {
	defer wg.Done()
	atomic.AddInt32(&started, 1)
	log.Print(atomic.AddInt32(&pending, -1))
}

func main() {
	flag.Parse()
	pending = int32(*workers) // no diagnostic: no goroutine exists yet
	var wg sync.WaitGroup
	for i := 0; i < *workers; i++ {
		wg.Add(1)
		go work(&wg)
	}
	started = 0 // want `started is written here with a plain store but accessed with sync/atomic on line \d+`
	wg.Wait()
}
