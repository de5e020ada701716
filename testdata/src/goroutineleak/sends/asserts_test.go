package sends

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func dial() error { return errors.New("refused") }

// A failed assertion ends the test's interest: the early return on that
// branch runs in a test that has already failed.
func TestEchoAssert(t *testing.T) {
	got := make(chan string)
	go func() {
		got <- "echo" // no diagnostic: the only early return follows a failed assertion
	}()
	if !assert.NoError(t, dial()) {
		return
	}
	<-got
}

// A plain early return (a skip condition) leaves the sender blocked.
func TestEchoSkip(t *testing.T) {
	got := make(chan string)
	go func() {
		got <- "echo" // want `goroutine sends on got but the caller may return at line \d+ without receiving \(got is unbuffered\), so the goroutine blocks forever`
	}()
	if testing.Short() {
		return
	}
	<-got
}

// A timeout that fails the test: the sender left behind belongs to a
// failed test.
func TestEchoTimeout(t *testing.T) {
	got := make(chan string)
	go func() {
		got <- "echo" // no diagnostic: the caller leaves only after assert.Fail
	}()
	select {
	case <-got:
	case <-time.After(time.Second):
		assert.Fail(t, "no echo")
	}
}
