package reads

import (
	"testing"
	"time"
)

// waitErr receives one result from the goroutine, or fails the test.
func waitErr(t *testing.T, errc chan error) {
	select {
	case err := <-errc:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

// waitOrGiveUp returns on timeout: the caller may go on before the send.
func waitOrGiveUp(errc chan error) {
	select {
	case <-errc:
	case <-time.After(time.Second):
	}
}

func open() (int, error) { return 1, nil }

// Silent: the helper receives the goroutine's result (or stops the test)
// before the read.
func TestOpenedAfterHelper(t *testing.T) {
	errc := make(chan error)
	var conn int
	go func() {
		var err error
		conn, err = open()
		errc <- err
	}()
	waitErr(t, errc)
	if conn == 0 {
		t.Fatal("no conn")
	}
}

// The helper may return on its timeout before the goroutine has written.
func TestOpenedAfterGiveUp(t *testing.T) {
	errc := make(chan error)
	var conn int
	go func() {
		var err error
		conn, err = open()
		errc <- err
	}()
	waitOrGiveUp(errc)
	if conn == 0 { // want `conn is assigned by the goroutine started at line \d+ and read here before any Wait or receive orders the two`
		t.Fatal("no conn")
	}
}
