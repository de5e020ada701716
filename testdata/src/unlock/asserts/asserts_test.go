package asserts

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

type store struct {
	mu   sync.Mutex
	data map[string]string
}

func (s *store) put(k, v string) error {
	if k == "" {
		return errors.New("empty key")
	}
	s.data[k] = v
	return nil
}

// requireNoError is the hand-written helper: it stops the test when err
// is not nil.
func requireNoError(t testing.TB, err error) {
	if err != nil {
		t.Helper()
		t.Fatalf("unexpected error: %v", err)
	}
}

// check stops the test when ok is false.
func check(t *testing.T, ok bool, msg string) {
	if !ok {
		t.FailNow()
	}
}

// mustOK wraps requireNoError.
func mustOK(t *testing.T, err error) {
	t.Helper()
	requireNoError(t, err)
}

// Silent: the failing branch unlocks and stops the test, so the later
// Unlock is never reached on it.
func TestHelperStops(t *testing.T) {
	s := &store{data: map[string]string{}}
	s.mu.Lock()
	if err := s.put("a", "b"); err != nil {
		s.mu.Unlock()
		requireNoError(t, err)
	}
	s.mu.Unlock()
}

// Silent: the same with a bool check.
func TestCheckStops(t *testing.T) {
	s := &store{data: map[string]string{}}
	s.mu.Lock()
	_, ok := s.data["a"]
	if !ok {
		s.mu.Unlock()
		check(t, ok, "missing")
	}
	s.mu.Unlock()
}

// Silent: a wrapper of the helper, and testify's require.
func TestWrappers(t *testing.T) {
	s := &store{data: map[string]string{}}
	s.mu.Lock()
	err := s.put("a", "b")
	if err != nil {
		s.mu.Unlock()
		mustOK(t, err)
	}
	err = s.put("c", "d")
	if err != nil {
		s.mu.Unlock()
		require.NoError(t, err)
	}
	s.mu.Unlock()
}

// Silent: require.New(t)'s method form.
func TestAssertions(t *testing.T) {
	r := require.New(t)
	s := &store{data: map[string]string{}}
	s.mu.Lock()
	if err := s.put("a", "b"); err != nil {
		s.mu.Unlock()
		r.NoError(err)
	}
	s.mu.Unlock()
}

// Silent: a local closure helper.
func TestClosureHelper(t *testing.T) {
	ok := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	s := &store{data: map[string]string{}}
	s.mu.Lock()
	if err := s.put("a", "b"); err != nil {
		s.mu.Unlock()
		ok(err)
	}
	s.mu.Unlock()
}

// The helper is called on the other condition: it returns there, so the
// later Unlock runs a second time.
func TestHelperWrongBranch(t *testing.T) {
	s := &store{data: map[string]string{}}
	s.mu.Lock()
	if err := s.put("a", "b"); err == nil {
		s.mu.Unlock()
		requireNoError(t, err)
	}
	s.mu.Unlock() // want `s.mu is unlocked here but was already unlocked at line`
}

// A helper that only reports: the test goes on, the second Unlock runs.
func report(t testing.TB, err error) {
	if err != nil {
		t.Errorf("error: %v", err)
	}
}

func TestReportOnly(t *testing.T) {
	s := &store{data: map[string]string{}}
	s.mu.Lock()
	if err := s.put("a", "b"); err != nil {
		s.mu.Unlock()
		report(t, err)
	}
	s.mu.Unlock() // want `s.mu is unlocked here but was already unlocked at line`
}

// The lock is leaked on the early return of a failing helper that does
// return.
func TestLeakAfterReport(t *testing.T) {
	s := &store{data: map[string]string{}}
	s.mu.Lock() // want `s.mu is locked here but not unlocked on the return at line`
	if err := s.put("a", "b"); err != nil {
		report(t, err)
		return
	}
	s.mu.Unlock()
	t.Log("stored")
}

// Silent: the early return is after a stopping helper.
func TestNoLeakAfterStop(t *testing.T) {
	s := &store{data: map[string]string{}}
	s.mu.Lock()
	if err := s.put("a", "b"); err != nil {
		requireNoError(t, err)
		return
	}
	s.mu.Unlock()
}
