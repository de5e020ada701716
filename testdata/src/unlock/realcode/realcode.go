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
