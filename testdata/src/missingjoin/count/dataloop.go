package count

import "sync"

// A constant Add with goroutines started once per element of data.
func fetchAll(urls []string) {
	var wg sync.WaitGroup
	wg.Add(3) // want `wg.Add\(3\) counts a fixed number of goroutines, but the loop at line 9 starts one per iteration, a number known only at run time`
	for _, u := range urls {
		go func() { defer wg.Done(); work(len(u)) }()
	}
	wg.Wait()
}

func upTo(n int) {
	var wg sync.WaitGroup
	wg.Add(1) // want `wg.Add\(1\) counts a fixed number of goroutines`
	for i := 0; i < n; i++ {
		go func() { defer wg.Done(); work(i) }()
	}
	wg.Wait()
}

func perKey(m map[string]int) {
	var wg sync.WaitGroup
	wg.Add(2) // want `wg.Add\(2\) counts a fixed number of goroutines`
	for _, v := range m {
		go func() { defer wg.Done(); work(v) }()
	}
	wg.Wait()
}

// Silent twins: the count follows the data, or the data has a fixed size.
func fetchAllLen(urls []string) {
	var wg sync.WaitGroup
	wg.Add(len(urls)) // no diagnostic: one per element
	for _, u := range urls {
		go func() { defer wg.Done(); work(len(u)) }()
	}
	wg.Wait()
}

func fixedPair(a, b string) {
	var wg sync.WaitGroup
	pair := []string{a, b}
	wg.Add(2) // no diagnostic: pair has two elements
	for _, s := range pair {
		go func() { defer wg.Done(); work(len(s)) }()
	}
	wg.Wait()
}

func literalRange() {
	var wg sync.WaitGroup
	wg.Add(3) // no diagnostic: three elements
	for _, n := range []int{1, 2, 3} {
		go func() { defer wg.Done(); work(n) }()
	}
	wg.Wait()
}

func arrayRange(xs [4]int) {
	var wg sync.WaitGroup
	wg.Add(4) // no diagnostic: an array of four
	for _, x := range xs {
		go func() { defer wg.Done(); work(x) }()
	}
	wg.Wait()
}

func addInLoop(urls []string) {
	var wg sync.WaitGroup
	wg.Add(1) // no diagnostic: the loop adds its own
	go func() { defer wg.Done(); work(0) }()
	for _, u := range urls {
		wg.Add(1)
		go func() { defer wg.Done(); work(len(u)) }()
	}
	wg.Wait()
}

func firstThree(urls []string) {
	var wg sync.WaitGroup
	wg.Add(3) // no diagnostic: the loop stops itself
	for i, u := range urls {
		if i == 3 {
			break
		}
		go func() { defer wg.Done(); work(len(u)) }()
	}
	wg.Wait()
}

// Silent: a local slice the function builds itself; its length may be
// known to the author (precision over recall: not followed).
func grown(a, b string, more []string) {
	var wg sync.WaitGroup
	list := []string{a, b}
	list = append(list, more...)
	wg.Add(2) // no diagnostic
	for _, s := range list {
		go func() { defer wg.Done(); work(len(s)) }()
	}
	wg.Wait()
}

// Silent: the slice is built here from a fixed number of elements.
func builtHere(open func() int) {
	var conns []int
	for i := 0; i < 5; i++ {
		conns = append(conns, open())
	}
	var wg sync.WaitGroup
	wg.Add(5) // no diagnostic: conns is filled with five elements above
	for _, c := range conns {
		go func() { defer wg.Done(); work(c) }()
	}
	wg.Wait()
}

type fleet struct{ hosts []string }

func (f *fleet) pingAll() {
	var wg sync.WaitGroup
	wg.Add(4) // want `wg.Add\(4\) counts a fixed number of goroutines`
	for _, h := range f.hosts {
		go func() { defer wg.Done(); work(len(h)) }()
	}
	wg.Wait()
}
