// Command cmdfetch downloads the URLs given on its command line.
package main

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"sync"
)

func get(u string) {
	resp, err := http.Get(u)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	resp.Body.Close()
}

func fetchArgs() {
	var wg sync.WaitGroup
	for _, u := range os.Args[1:] {
		wg.Add(1)
		go func() { // want `one goroutine is started per command-line argument in os.Args`
			defer wg.Done()
			get(u)
		}()
	}
	wg.Wait()
}

func fetchFlags() {
	urls := flag.Args()
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() { get(u) }) // want `one goroutine is started per command-line argument in flag.Args\(\)`
	}
	wg.Wait()
}

// fetchFew takes the first three arguments only: silent.
func fetchFew() {
	var wg sync.WaitGroup
	for _, u := range []string{"a", "b", "c"} {
		wg.Go(func() { get(u) }) // no diagnostic: a fixed list
	}
	wg.Wait()
}

func main() {
	flag.Parse()
	fetchArgs()
	fetchFlags()
	fetchFew()
}
