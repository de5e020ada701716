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
