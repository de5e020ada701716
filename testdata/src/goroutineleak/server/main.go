// Process-lifetime code: main and init may block forever.
package main

import (
	"net"
	"net/http"
)

func handle(c net.Conn) {}

// no diagnostic: main's goroutines live as long as the process.
func main() {
	ch := make(chan int)
	go func() {
		ch <- 1
	}()
	go func() {
		select {}
	}()
	srv := &http.Server{}
	go func() {
		_ = srv.ListenAndServe()
	}()
	select {}
}

// no diagnostic: init's goroutines live as long as the process.
func init() {
	jobs := make(chan int)
	go func() {
		for range jobs {
		}
	}()
}

// no diagnostic: an http.Server.Serve-style accept loop; no channel is left
// blocked and the loop is the goroutine's job.
func serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		go handle(c)
	}
}
