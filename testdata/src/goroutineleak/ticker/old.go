//go:build go1.22

// Files compiled for Go < 1.23: unreferenced tickers are never collected.
package ticker

import "time"

func work() {}

func pollOld(done <-chan struct{}) {
	for {
		select {
		case <-time.Tick(time.Second): // want `time.Tick leaks its ticker`
			work()
		case <-done:
			return
		}
	}
}

func tickerOld(done <-chan struct{}) {
	t := time.NewTicker(time.Second) // want `ticker t is never stopped`
	for {
		select {
		case <-t.C:
			work()
		case <-done:
			return
		}
	}
}

// no diagnostic: stopped on the way out.
func tickerStopped(done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			work()
		case <-done:
			return
		}
	}
}

// no diagnostic: an endless function; its ticker lives as long as it does.
func endless() {
	for range time.Tick(time.Second) {
		work()
	}
}

// no diagnostic: the ticker is handed to the caller, who may stop it.
func handedOut() *time.Ticker {
	t := time.NewTicker(time.Second)
	return t
}
