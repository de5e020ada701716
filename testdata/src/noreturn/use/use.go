// Package use summarises wrappers of another package's helpers (facts).
package use

import (
	"testing"

	"noreturn/dep"
)

func mustOK(t *testing.T, err error) { // want mustOK:`stops\(1:nonnil\)`
	dep.RequireNoError(t, err)
}

type suite struct{ t *testing.T }

func (s *suite) ok(cond bool) { // want ok:`stops\(1:false\)`
	dep.Check(s.t, cond, "")
}

func (s *suite) fatal() { // want fatal:`stops\(always\)`
	dep.Die("x")
}

// notAFact: returns under every condition.
func notAFact(t *testing.T, err error) {
	dep.Report(t, err)
}
