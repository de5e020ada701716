// Package require is a stub of testify's require for tests.
package require

import "time"

type TestingT interface {
	Errorf(format string, args ...any)
	FailNow()
}

func Eventually(t TestingT, condition func() bool, waitFor, tick time.Duration, msgAndArgs ...any) {
	if !condition() {
		t.FailNow()
	}
}
