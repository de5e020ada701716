package files

import (
	"bufio"
	"encoding/json"
	"net/http"
	"sync"
)

type notifyRequest struct {
	Addresses []string `json:"addresses"`
}

func notify(addr string) {}

// handleNotify starts a goroutine per address in the request body.
func handleNotify(w http.ResponseWriter, r *http.Request) {
	var req notifyRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var wg sync.WaitGroup
	for _, a := range req.Addresses {
		wg.Add(1)
		go func() { // want `one goroutine is started per element of req.Addresses, decoded from input by json.NewDecoder\(r.Body\).Decode`
			defer wg.Done()
			notify(a)
		}()
	}
	wg.Wait()
}

// handleNotifyLimited caps the request: silent.
func handleNotifyLimited(w http.ResponseWriter, r *http.Request) {
	var req notifyRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, a := range req.Addresses {
		wg.Add(1)
		sem <- struct{}{}
		go func() { // no diagnostic: at most 8 in flight
			defer wg.Done()
			defer func() { <-sem }()
			notify(a)
		}()
	}
	wg.Wait()
}

// tail starts a goroutine per line of a stream read with ReadString.
func tail(rd *bufio.Reader) {
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			return
		}
		go process(line) // want `one goroutine is started per record read by rd.ReadString`
	}
}
