package sends

type reply struct {
	v   int
	err error
}

func get(int) reply { return reply{} }

// One goroutine per item, and the caller stops at the first error.
func firstError(ids []int) error {
	ch := make(chan reply)
	for _, id := range ids {
		go func() {
			ch <- get(id) // want `goroutine sends on ch but the caller may stop receiving and return at line 20 while other sends are pending`
		}()
	}
	for range ids {
		if r := <-ch; r.err != nil {
			return r.err
		}
	}
	return nil
}

// A producer sending in a loop, and a consumer that breaks out early.
func firstMatch(ids []int, want int) bool {
	ch := make(chan int)
	go func() {
		for _, id := range ids {
			ch <- id // want `goroutine sends on ch but the caller may stop receiving and return at line 37`
		}
		close(ch)
	}()
	for v := range ch {
		if v == want {
			return true
		}
	}
	return false
}

// --- Silent twins ---

// no diagnostic: a buffer for every goroutine (capacity not constant).
func firstErrorBuffered(ids []int) error {
	ch := make(chan reply, len(ids))
	for _, id := range ids {
		go func() { ch <- get(id) }()
	}
	for range ids {
		if r := <-ch; r.err != nil {
			return r.err
		}
	}
	return nil
}

// no diagnostic: every reply is received before deciding.
func allReplies(ids []int) error {
	ch := make(chan reply)
	for _, id := range ids {
		go func() { ch <- get(id) }()
	}
	var first error
	for range ids {
		if r := <-ch; r.err != nil && first == nil {
			first = r.err
		}
	}
	return first
}

// no diagnostic: the producer stops when the consumer closes quit.
func firstMatchQuit(ids []int, want int) bool {
	ch := make(chan int)
	quit := make(chan struct{})
	defer close(quit)
	go func() {
		defer close(ch)
		for _, id := range ids {
			select {
			case ch <- id:
			case <-quit:
				return
			}
		}
	}()
	for v := range ch {
		if v == want {
			return true
		}
	}
	return false
}
