// Package files handles uploaded text.
package files

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"sync"
)

func process(line string) {}

// HandleLines starts a goroutine per line of the request body.
func HandleLines(w http.ResponseWriter, r *http.Request) {
	sc := bufio.NewScanner(r.Body)
	var wg sync.WaitGroup
	for sc.Scan() {
		line := sc.Text()
		wg.Add(1)
		go func() { // want `one goroutine is started per line read from sc`
			defer wg.Done()
			process(line)
		}()
	}
	wg.Wait()
}

// HandleBody reads the body whole, then splits it.
func HandleBody(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	var wg sync.WaitGroup
	for _, line := range strings.Split(string(body), "\n") {
		wg.Go(func() { // want `one goroutine is started per piece of text read by string\(body\)`
			process(line)
		})
	}
	wg.Wait()
}

// HandleHeader splits a constant: silent.
func HandleHeader() {
	var wg sync.WaitGroup
	for _, f := range strings.Split("a,b,c", ",") {
		wg.Go(func() { process(f) }) // no diagnostic: three pieces
	}
	wg.Wait()
}

// HandleBatched waits every 16 lines: silent.
func HandleBatched(r io.Reader) {
	sc := bufio.NewScanner(r)
	var wg sync.WaitGroup
	n := 0
	for sc.Scan() {
		line := sc.Text()
		wg.Add(1)
		go func() { // no diagnostic: the loop waits every batch
			defer wg.Done()
			process(line)
		}()
		n++
		if n%16 == 0 {
			wg.Wait()
		}
	}
	wg.Wait()
}
