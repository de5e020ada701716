package partners

import "strings"

// lines sends the header before starting the goroutine that would receive
// it.
func lines(text string) []string {
	ch := make(chan string)
	ch <- "header" // want `send on ch blocks forever: every receiver starts only after this send \(ch is unbuffered\)`
	done := make(chan []string)
	go func() {
		var out []string
		for l := range ch {
			out = append(out, l)
		}
		done <- out
	}()
	for _, l := range strings.Split(text, "\n") {
		ch <- l
	}
	close(ch)
	return <-done
}

// linesOK starts the receiver first.
func linesOK(text string) []string {
	ch := make(chan string)
	done := make(chan []string)
	go func() {
		var out []string
		for l := range ch {
			out = append(out, l)
		}
		done <- out
	}()
	ch <- "header" // no diagnostic: the receiver already runs
	for _, l := range strings.Split(text, "\n") {
		ch <- l
	}
	close(ch)
	return <-done
}

// seed fills a two-slot buffer with three items before the worker starts.
func seed(work func(int)) {
	jobs := make(chan int, 2)
	jobs <- 1
	jobs <- 2
	jobs <- 3 // want `send on jobs blocks forever: every receiver starts only after this send \(jobs has room for 2\)`
	close(jobs)
	done := make(chan struct{})
	go func() {
		for j := range jobs {
			work(j)
		}
		close(done)
	}()
	<-done
}

// seedOK: the buffer holds every item queued up front.
func seedOK(work func(int)) {
	jobs := make(chan int, 3)
	jobs <- 1
	jobs <- 2
	jobs <- 3 // no diagnostic: the buffer takes all three
	close(jobs)
	done := make(chan struct{})
	go func() {
		for j := range jobs {
			work(j)
		}
		close(done)
	}()
	<-done
}
