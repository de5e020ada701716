// Package require is a minimal stand-in for testify's require package:
// the signatures concurlint's known table describes, with bodies that go
// through a result boolean as the real ones do.
package require

import "time"

// TestingT is the interface testify's assertions accept.
type TestingT interface {
	Errorf(format string, args ...interface{})
	FailNow()
}

func fail(t TestingT, ok bool) {
	if !ok {
		t.FailNow()
	}
}

func NoError(t TestingT, err error, msgAndArgs ...interface{})      { fail(t, err == nil) }
func Error(t TestingT, err error, msgAndArgs ...interface{})        { fail(t, err != nil) }
func Nil(t TestingT, object interface{}, msgAndArgs ...interface{}) { fail(t, object == nil) }
func NotNil(t TestingT, object interface{}, msgAndArgs ...interface{}) {
	fail(t, object != nil)
}
func True(t TestingT, value bool, msgAndArgs ...interface{})  { fail(t, value) }
func False(t TestingT, value bool, msgAndArgs ...interface{}) { fail(t, !value) }

// Assertions is require.New(t)'s value.
type Assertions struct{ t TestingT }

func New(t TestingT) *Assertions { return &Assertions{t} }

func (a *Assertions) NoError(err error, msgAndArgs ...interface{}) { NoError(a.t, err) }
func (a *Assertions) True(value bool, msgAndArgs ...interface{})   { True(a.t, value) }

// Eventually polls condition until it holds (here: once).
func Eventually(t TestingT, condition func() bool, waitFor, tick time.Duration, msgAndArgs ...interface{}) {
	fail(t, condition())
}
