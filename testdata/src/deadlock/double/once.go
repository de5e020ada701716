package double

import "sync"

// A consumer whose session is stopped before a metadata update and
// restarted after it: stopping takes the session lock and keeps it until
// the restart. stop is idempotent — a second call returns at its guard —
// so a helper that stops again while the lock is held takes nothing.
type consumer struct {
	sessionMu sync.Mutex
	parts     map[string]int
}

type stopper struct {
	c       *consumer
	stopped bool
}

// stop takes c.sessionMu and returns holding it.
func (s *stopper) stop() {
	if s.stopped {
		return
	}
	s.stopped = true
	s.c.sessionMu.Lock()
}

func (s *stopper) restart() {
	if !s.stopped {
		return
	}
	s.stopped = false
	s.c.sessionMu.Unlock()
}

func (s *stopper) migrate(name string) {
	s.stop() // no diagnostic: stop is a no-op the second time
	delete(s.c.parts, name)
}

func (c *consumer) Update(names []string) {
	s := &stopper{c: c}
	s.stop()
	for _, n := range names {
		s.migrate(n)
	}
	s.restart()
}

// A helper without the guard locks again: reported.
func (s *stopper) lockSession() { s.c.sessionMu.Lock() }

func (s *stopper) drop(name string) {
	s.lockSession()
	delete(s.c.parts, name)
	s.c.sessionMu.Unlock()
}

func (c *consumer) Drop(name string) {
	s := &stopper{c: c}
	s.lockSession()
	s.drop(name) // want `s.c.sessionMu is held \(line \d+\) and drop`
	c.sessionMu.Unlock()
}
