package sends

import "errors"

var errLoaderBusy = errors.New("busy")

type loadResult struct {
	v   int
	err error
}

func tryLoad(n int) (int, error) { return n, nil }

// loadWithRetry makes one loadResult channel per attempt, starts one loader
// for it and receives its one loadResult before the next attempt: no send
// is ever left pending.
func loadWithRetry(attempts int) (int, error) {
	for i := 0; i < attempts; i++ {
		got := make(chan loadResult, 1)
		go func() {
			v, err := tryLoad(i)
			got <- loadResult{v, err} // no diagnostic: one loader per channel, received below
		}()
		r := <-got
		if errors.Is(r.err, errLoaderBusy) {
			continue
		}
		return r.v, r.err
	}
	return 0, errLoaderBusy
}

// loadRace starts two loaders per attempt on an unbuffered channel and
// takes the first answer: the slower loader of each attempt stays blocked.
func loadRace(attempts int) (int, error) {
	for i := 0; i < attempts; i++ {
		got := make(chan loadResult)
		go func() {
			v, err := tryLoad(i)
			got <- loadResult{v, err} // want `goroutine sends on got but the caller may stop receiving and return at line \d+ while other sends are pending \(got is unbuffered\)`
		}()
		go func() {
			v, err := tryLoad(i + 1)
			got <- loadResult{v, err}
		}()
		r := <-got
		if r.err != nil {
			continue
		}
		return r.v, nil
	}
	return 0, errLoaderBusy
}

type lineScanner interface {
	Scan() bool
	Text() string
}

// readReplies reads at most ten replies into a channel with room for ten:
// however early the caller stops, every send has a slot.
func readReplies(sc lineScanner, stop <-chan struct{}) []string {
	replies := make(chan string, 10)
	go func() {
		for range 10 {
			if sc.Scan() {
				replies <- sc.Text() // no diagnostic: ten sends at most, room for ten
			}
		}
		close(replies)
	}()
	var got []string
	for len(got) < 3 {
		select {
		case r, ok := <-replies:
			if !ok {
				return got
			}
			got = append(got, r)
		case <-stop:
			return got
		}
	}
	return got
}

// readMoreReplies reads up to twelve into the same room: once the caller
// stops after its first reply, the twelfth send can block.
func readMoreReplies(sc lineScanner, stop <-chan struct{}) []string {
	replies := make(chan string, 10)
	go func() {
		for range 12 {
			if sc.Scan() {
				replies <- sc.Text() // want `goroutine sends on replies but the caller may stop receiving and return at line \d+ while other sends are pending \(replies has room for 10\)`
			}
		}
		close(replies)
	}()
	var got []string
	for len(got) < 3 {
		select {
		case r, ok := <-replies:
			if !ok {
				return got
			}
			got = append(got, r)
		case <-stop:
			return got
		}
	}
	return got
}
