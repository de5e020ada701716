// Operations on channels that are nil on some path.
package nilchan

func work() int { return 1 }

func maybeStart(start bool) int {
	var results chan int
	if start {
		results = make(chan int, 1)
		go produce(results)
	}
	return <-results // want `results is nil on some path here, and receiving from a nil channel blocks forever`
}

// --- Silent twins ---

// no diagnostic: the nil case is checked.
func checked(start bool) int {
	var results chan int
	if start {
		results = make(chan int, 1)
		go produce(results)
	}
	if results == nil {
		return 0
	}
	return <-results
}

// no diagnostic: guarded by the same condition (correlated branches).
func correlated(start bool) int {
	var results chan int
	if start {
		results = make(chan int, 1)
		go produce(results)
	}
	n := 0
	if start {
		n = <-results
	}
	return n
}

// no diagnostic: a nil channel in a select disables its case (an idiom).
func selectNil(start bool, quit chan struct{}) int {
	var results chan int
	if start {
		results = make(chan int, 1)
		go produce(results)
	}
	select {
	case v := <-results:
		return v
	case <-quit:
		return 0
	}
}

func produce(out chan<- int) { out <- work() }
