// Package dep holds helpers that send on or close a channel they are given.
package dep

// Emit sends n ticks on out.
func Emit(out chan<- int, n int) {
	for i := 0; i < n; i++ {
		out <- i
	}
}

// Shutdown closes done.
func Shutdown(done chan int) {
	close(done)
}
