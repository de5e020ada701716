package walk

import (
	"errors"
	"sync"
	"testing"
)

var mu sync.Mutex

func simple() {
	mu.Lock()   // want `Lock mu: unknown`
	mu.Unlock() // want `Unlock mu: held`
} // want `exit: mu=released`

func early(b bool) int {
	mu.Lock() // want `Lock mu: unknown`
	if b {
		return 1 // want `exit: mu=held`
	}
	mu.Unlock() // want `Unlock mu: held`
	return 0    // want `exit: mu=released`
}

func deferred() {
	mu.Lock()         // want `Lock mu: unknown`
	defer mu.Unlock() // want `deferred Unlock mu: held`
} // want `exit: mu=released`

// The same flag guards both: the Unlock is reached only holding.
func correlated(locked bool) {
	if locked {
		mu.Lock() // want `Lock mu: unknown`
	}
	println()
	if locked {
		mu.Unlock() // want `Unlock mu: held`
	}
} // want `exit: mu=released,none`

// A constant-false branch is never walked.
func constant() {
	mu.Lock() // want `Lock mu: unknown`
	if false {
		mu.Lock()
	}
	mu.Unlock() // want `Unlock mu: held`
} // want `exit: mu=released`

// TryLock: held on the success branch, tryfailed on the other.
func try() {
	if mu.TryLock() { // want `Lock mu: unknown`
		mu.Unlock() // want `Unlock mu: held`
		return      // want `exit: mu=released`
	}
	mu.Unlock() // want `Unlock mu: tryfailed`
} // want `exit: mu=released`

func requireNoError(t testing.TB, err error) {
	if err != nil {
		t.Fatal(err)
	}
}

var errX = errors.New("x")

// The helper stops the path where err != nil: the second Unlock is
// reached only holding.
func helper(t *testing.T, err error) {
	mu.Lock() // want `Lock mu: unknown`
	if err != nil {
		mu.Unlock() // want `Unlock mu: held`
		requireNoError(t, err)
	}
	mu.Unlock() // want `Unlock mu: held`
} // want `exit: mu=released`

type conn struct {
	mu sync.Mutex
	n  int
}

// The caller holds c.mu (naming contract): released and re-taken.
func (c *conn) waitLocked() {
	for c.n == 0 {
		c.mu.Unlock() // want `Unlock c.mu: held\(entry\)`
		c.mu.Lock()   // want `Lock c.mu: released\(entry\)`
	}
} // want `exit: c.mu=held\(entry\)`

// A lock-once flag: the Lock is reached only while not held.
func once(xs []int) {
	held := false
	for range xs {
		if !held {
			mu.Lock()         // want `Lock mu: unknown`
			defer mu.Unlock() // want `deferred Unlock mu: held`
			held = true
		}
	}
} // want `exit: mu=released,none`

type shard struct{ mu sync.Mutex }

// Elements of a slice have an identity: the same index value, the same lock.
func elems(s []*shard, i, j int) {
	s[i].mu.Lock()   // want `Lock s\[i\].mu: unknown`
	s[j].mu.Lock()   // want `Lock s\[j\].mu: unknown`
	s[i].mu.Unlock() // want `Unlock s\[i\].mu: held`
	s[j].mu.Unlock() // want `Unlock s\[j\].mu: held`
} // want `exit: s\[i\].mu=released s\[j\].mu=released`
