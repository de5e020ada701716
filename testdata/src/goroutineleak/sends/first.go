package sends

func primary() result { return result{} }

func replica() result { return result{} }

// First response wins; the loser blocks forever.
func firstResponse() result {
	ch := make(chan result)
	go func() { ch <- primary() }()
	go func() { ch <- replica() }() // want `2 goroutines send on ch but the caller receives at most 1 time\(s\) \(ch is unbuffered\), so 1 of them block forever`
	return <-ch
}

// Co-senders and a caller that may leave on an error: each send may block.
func coSenders() (result, error) {
	ch := make(chan result)
	go func() { ch <- primary() }() // want `goroutine sends on ch but the caller may return at line 21`
	go func() { ch <- replica() }()
	if err := check(); err != nil {
		return result{}, err
	}
	a, b := <-ch, <-ch
	return result{a.n + b.n}, nil
}

// --- Silent twins ---

// no diagnostic: a buffer for the loser, the idiom from "Go Concurrency
// Patterns: Timing out, moving on".
func firstResponseBuffered() result {
	ch := make(chan result, 1)
	go func() { ch <- primary() }()
	go func() { ch <- replica() }()
	return <-ch
}

// no diagnostic: both results are received.
func bothResponses() (result, result) {
	ch := make(chan result)
	go func() { ch <- primary() }()
	go func() { ch <- replica() }()
	return <-ch, <-ch
}

// no diagnostic: the second goroutine may not send at all.
func maybeSends(ok bool) result {
	ch := make(chan result)
	go func() { ch <- primary() }()
	go func() {
		if ok {
			ch <- replica()
		}
	}()
	return <-ch
}
