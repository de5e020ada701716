// Package realcode holds shapes found in real code (the Go standard
// library, go-redis): each silent case was a false positive once.
package realcode

import (
	"errors"
	"os"
	"sync"
)

type Conn struct {
	closemu     sync.RWMutex
	scanHold    bool
	releaseFunc func(error)
	dc          int
	tempDirMu   sync.Mutex
	tempDir     string
	mu          sync.Mutex
	parent      *Conn
}

var errDone = errors.New("done")

// Returns the release function to the caller (database/sql grabConn): silent.
func (c *Conn) grabConn(done bool) (int, func(error), error) {
	if done {
		return 0, nil, errDone
	}
	c.closemu.RLock()
	return c.dc, c.releaseFunc, nil
}

func (c *Conn) closemuRUnlockRelease(error) { c.closemu.RUnlock() }

// Returns a bound method value that releases (database/sql Tx.grabConn): silent.
func (c *Conn) grabTx(done bool) (int, func(error), error) {
	c.closemu.RLock()
	if done {
		c.closemu.RUnlock()
		return 0, nil, errDone
	}
	return c.dc, c.closemuRUnlockRelease, nil
}

// The caller of grabConn releases through the returned function: silent.
func (c *Conn) useGrab() error {
	_, release, err := c.grabConn(false)
	if err != nil {
		return err
	}
	release(nil)
	return nil
}

// A conditional hold recorded in a field (database/sql Rows.Scan): the
// same return is reached holding and not holding. Silent.
func (c *Conn) Scan(raw bool) error {
	c.closemu.RLock()
	var err error
	if raw {
		c.scanHold = true
	} else {
		c.closemu.RUnlock()
	}
	return err
}

// A flag variable decides the unlock (lifted to a phi): silent.
func (c *Conn) flag(cond bool) {
	locked := false
	if cond {
		c.mu.Lock()
		locked = true
	}
	c.dc++
	if locked {
		c.mu.Unlock()
	}
}

// A flag captured by a deferred closure, lock re-targeted in a loop
// (testing.common.frameSkip): silent.
func (c *Conn) frameSkip(levels int) int {
	shouldUnlock := false
	defer func() {
		if shouldUnlock {
			c.mu.Unlock()
		}
	}()
	for i := 0; i < levels; i++ {
		if c.parent != nil {
			if shouldUnlock {
				c.mu.Unlock()
			}
			c = c.parent
			shouldUnlock = true
			c.mu.Lock()
			continue
		}
		return i
	}
	return 0
}

// A real bug of the same shape as testing.common.makeTempDir: the error
// path returns with tempDirMu held.
func (c *Conn) makeTempDir() (string, error) {
	c.tempDirMu.Lock() // want `c.tempDirMu is locked here but not unlocked on the return at line 112`
	if c.tempDir != "" {
		_, err := os.Stat(c.tempDir)
		if err != nil && !os.IsNotExist(err) {
			return "", err
		}
	}
	dir := c.tempDir
	c.tempDirMu.Unlock()
	return dir, nil
}

// A barrier documented a few lines above (database/sql Tx.rollback): silent.
func (c *Conn) rollback() {
	// Hold the write lock once so that no reader is still active
	// before rolling back.
	c.dc++
	c.closemu.Lock()
	c.closemu.Unlock()
}

var cacheBase10 struct {
	sync.Mutex
	table []int
}

// The same comparison evaluated twice (math/big divisors): silent.
func divisors(b, k int) []int {
	var table []int
	if b == 10 {
		cacheBase10.Lock()
		table = cacheBase10.table[:k]
	} else {
		table = make([]int, k)
	}
	for i := range table {
		table[i]++
	}
	if b == 10 {
		cacheBase10.Unlock()
	}
	return table
}

// A field tested twice with no store in between: silent.
func (c *Conn) fieldFlag() {
	if c.scanHold {
		c.mu.Lock()
	}
	c.dc++
	if c.scanHold {
		c.mu.Unlock()
	}
}

// ... but a store in between breaks the correlation.
func (c *Conn) fieldFlagStored() {
	if c.scanHold {
		c.mu.Lock()
	}
	c.scanHold = !c.scanHold
	if c.scanHold {
		c.mu.Unlock() // want `c.mu is unlocked here on a path where the Lock at line 166 did not run`
	}
}

var debug bool

// A package-level flag tested twice: silent.
func (c *Conn) globalFlag() {
	if debug {
		c.mu.Lock()
	}
	c.dc++
	if debug {
		c.mu.Unlock()
	}
}

// Recursive read locks released twice (sync's own tests): silent here
// (recursive read locking is the deadlock analyzer's concern).
func (c *Conn) readTwice() {
	c.closemu.RLock()
	c.closemu.RLock()
	c.dc++
	c.closemu.RUnlock()
	c.closemu.RUnlock()
}

// Unlocking, in a loop, a lock another goroutine takes each time
// (sync.TestRLocker): silent.
func handOffLoop(mu *sync.Mutex, locked chan bool, n int) {
	for i := 0; i < n; i++ {
		<-locked
		mu.Unlock()
	}
}

// A lock taken and never released anywhere here: ownership is elsewhere
// (net.TestWritev's "no need to unlock", sync.TestRLocker's goroutine).
func (c *Conn) holdForever(fail bool) error {
	c.mu.Lock() // no need to unlock: the test ends
	if fail {
		return errDone
	}
	return nil
}

func lockEachRound(rl sync.Locker, locked chan bool, n int) {
	for i := 0; i < n; i++ {
		rl.Lock()
		locked <- true
	}
}
