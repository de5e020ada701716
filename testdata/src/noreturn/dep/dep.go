// Package dep holds assertion helpers of the shapes tests write by hand.
package dep

import (
	"log"
	"testing"

	"github.com/stretchr/testify/require"
)

// RequireNoError stops the test when err is not nil.
func RequireNoError(t testing.TB, err error) { // want RequireNoError:`stops\(1:nonnil\)`
	if err != nil {
		t.Helper()
		t.Fatalf("unexpected error: %v", err)
	}
}

// Check stops the test when ok is false.
func Check(t *testing.T, ok bool, msg string) { // want Check:`stops\(1:false\)`
	if !ok {
		t.FailNow()
	}
}

// MustNil: the early-return form.
func MustNil(tb testing.TB, v interface{}) { // want MustNil:`stops\(1:nonnil\)`
	if v == nil {
		return
	}
	tb.Fatal("not nil")
}

// Wrap is a wrapper of a wrapper: bottom-up.
func Wrap(t testing.TB, err error) { // want Wrap:`stops\(1:nonnil\)`
	t.Helper()
	RequireNoError(t, err)
}

// ViaTestify goes through testify's require.
func ViaTestify(t require.TestingT, err error) { // want ViaTestify:`stops\(1:nonnil\)`
	require.NoError(t, err)
}

// Die never returns.
func Die(msg string) { // want Die:`stops\(always\)`
	log.Fatalf("fatal: %s", msg)
}

// FailIface calls FailNow on an interface value: always.
func FailIface(t interface{ FailNow() }) { // want FailIface:`stops\(always\)`
	t.FailNow()
}

// CheckConst passes a constant that fails the callee's condition.
func CheckConst(t *testing.T) { // want CheckConst:`stops\(always\)`
	Check(t, false, "unreachable")
}

// --- silent twins: no fact ---

// Report only logs: it returns.
func Report(t testing.TB, err error) {
	if err != nil {
		t.Errorf("error: %v", err)
	}
}

// Reassigned: err is replaced before the test, nothing is known of the
// argument.
func Reassigned(t testing.TB, err error) {
	if err == errSkip {
		err = nil
	}
	if err != nil {
		t.Fatal(err)
	}
}

var errSkip error

// Partial stops on only one of two paths under err != nil.
func Partial(t testing.TB, err error, soft bool) {
	if err != nil && !soft {
		t.Fatal(err)
	}
}

// Recovered panics but recovers: it returns.
func Recovered(err error) {
	defer func() { recover() }()
	if err != nil {
		panic(err)
	}
}

// CheckTrue passes a constant that satisfies the callee: it returns.
func CheckTrue(t *testing.T) {
	Check(t, true, "fine")
}
