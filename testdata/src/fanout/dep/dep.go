// Package dep has helpers that start goroutines.
package dep

// Notify sends a notification in the background, one goroutine per call.
func Notify(addr string) {
	go deliver(addr)
}

func deliver(addr string) {}

var slots = make(chan struct{}, 4)

// NotifyLimited takes a slot before it starts: bounded.
func NotifyLimited(addr string) {
	slots <- struct{}{}
	go func() {
		defer func() { <-slots }()
		deliver(addr)
	}()
}

// NotifyWait starts a goroutine and waits for it: synchronous.
func NotifyWait(addr string) {
	done := make(chan struct{})
	go func() {
		deliver(addr)
		close(done)
	}()
	<-done
}
