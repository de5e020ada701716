package reads

import (
	"testing"
	"testing/synctest"
	"time"
)

func fetchLater() (int, error) {
	time.Sleep(time.Second)
	return 1, nil
}

// TestFetchWaits reads what the goroutine assigned after synctest.Wait,
// which returns only once everything the bubble did happened before it.
func TestFetchWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got int
		var err error
		go func() {
			got, err = fetchLater()
		}()
		time.Sleep(2 * time.Second)
		synctest.Wait()
		if err != nil || got != 1 { // no diagnostic: ordered by synctest.Wait
			t.Fatal(got, err)
		}
	})
}

// TestFetchEarly reads before waiting.
func TestFetchEarly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var got int
		go func() {
			got, _ = fetchLater()
		}()
		if got != 0 { // want `got is assigned by the goroutine started at line \d+ and read here before any Wait or receive orders the two`
			t.Fatal(got)
		}
		synctest.Wait()
	})
}
