// Files compiled for Go >= 1.23: the collector reclaims tickers.
package ticker

import "time"

// no diagnostic: Go 1.23+ collects unreferenced tickers.
func pollNew(done <-chan struct{}) {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-time.Tick(time.Second):
		case <-t.C:
		case <-done:
			return
		}
	}
}
