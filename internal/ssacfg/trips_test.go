package ssacfg_test

import (
	"testing"

	"github.com/concurlint/concurlint/internal/ssacfg"
)

const tripSrc = `package p

func mark(string) {}

func trips(n int) {
	for i := 0; i < 3; i++ {
		mark("three")
	}
	for range 10 {
		mark("ten")
	}
	for i := 2; i < 5; i++ {
		mark("fromtwo")
	}
	for i := 0; i < n; i++ {
		mark("data")
	}
	for i := 0; i < 8; i += 2 {
		mark("step")
	}
}
`

func TestTripCount(t *testing.T) {
	m := marks(buildSrc(t, tripSrc).Func("trips"))
	for _, c := range []struct {
		mark  string
		want  int64
		known bool
	}{{"three", 3, true}, {"ten", 10, true}, {"fromtwo", 3, true}, {"data", 0, false}, {"step", 0, false}} {
		hs := ssacfg.LoopHeaders(m[c.mark].Block())
		if len(hs) != 1 {
			t.Fatalf("%s: %d loop headers", c.mark, len(hs))
		}
		got, ok := ssacfg.TripCount(hs[0])
		if ok != c.known || got != c.want {
			t.Errorf("TripCount(%s) = %d, %v; want %d, %v", c.mark, got, ok, c.want, c.known)
		}
	}
}
