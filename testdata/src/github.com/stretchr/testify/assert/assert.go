// Package assert is a stub of testify's assert for tests.
package assert

import "time"

type TestingT interface {
	Errorf(format string, args ...any)
}

func Eventually(t TestingT, condition func() bool, waitFor, tick time.Duration, msgAndArgs ...any) bool {
	return condition()
}

// NoError reports a failure (and returns false) when err is not nil.
func NoError(t TestingT, err error, msgAndArgs ...any) bool {
	if err != nil {
		t.Errorf("unexpected error: %v", err)
		return false
	}
	return true
}

// Fail reports a failure.
func Fail(t TestingT, failureMessage string, msgAndArgs ...any) bool {
	t.Errorf("%s", failureMessage)
	return false
}
