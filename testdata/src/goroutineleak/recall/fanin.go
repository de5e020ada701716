package recall

import "errors"

func fetch(int) error { return nil }

// Silent: the receive loop runs as many times as the spawn loop; it ends
// through its own condition, never early.
func FanInCounted(n int) {
	done := make(chan bool)
	for i := range n {
		go func() {
			defer func() { done <- true }()
			_ = fetch(i)
		}()
	}
	for range n {
		<-done
	}
}

// Silent: the same with an index loop over the same slice.
func FanInItems(items []int) []error {
	errc := make(chan error)
	for _, it := range items {
		go func() { errc <- fetch(it) }()
	}
	var errs []error
	for i := 0; i < len(items); i++ {
		if err := <-errc; err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// The receive loop returns on the first error: the remaining senders block.
func FanInFirstError(items []int) error {
	errc := make(chan error)
	for _, it := range items {
		go func() { errc <- fetch(it) }() // want `goroutine sends on errc but the caller may stop receiving and return at line \d+ while other sends are pending \(errc is unbuffered\), so they block forever`
	}
	for range items {
		if err := <-errc; err != nil {
			return errors.Join(err)
		}
	}
	return nil
}
