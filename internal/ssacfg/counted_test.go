package ssacfg_test

import (
	"testing"

	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/ssa"
)

const countedSrc = `package p

func ready() bool { return true }

func postInc(a, b chan int) {
	n := 0
	for {
		select {
		case <-a:
			n++
		case <-b:
			n++
		}
		if n == 3 {
			return
		}
	}
}

func headerTest(a chan int) {
	for n := 0; n < 4; n++ {
		<-a
	}
}

func mirrored(a chan int, k int) {
	n := 0
	for {
		<-a
		n++
		if k <= n {
			return
		}
	}
}

func greater(a chan int) {
	n := 0
	for {
		<-a
		n++
		if n > 1 {
			return
		}
	}
}

func notCount(a chan int) {
	n := 0
	for {
		<-a
		n += 2
		if n == 4 {
			return
		}
	}
}

func below(a chan int) {
	n := 0
	for {
		<-a
		n++
		if n < 3 {
			return
		}
	}
}

func startsAtOne(a chan int) {
	n := 1
	for {
		<-a
		n++
		if n == 3 {
			return
		}
	}
}
`

func loopHeader(t *testing.T, fn *ssa.Function) *ssa.BasicBlock {
	t.Helper()
	for _, b := range fn.Blocks {
		if ssacfg.InLoopOf(b, b) {
			return b
		}
	}
	t.Fatalf("%s: no loop", fn.Name())
	return nil
}

func TestCountedExits(t *testing.T) {
	pkg := buildSrc(t, countedSrc)
	for _, tc := range []struct {
		fn    string
		n     int // counted exits
		min   int64
		known bool
		incs  int
	}{
		{"postInc", 1, 3, true, 2},
		{"headerTest", 1, 4, true, 1},
		{"mirrored", 1, 0, false, 1},
		{"greater", 1, 2, true, 1},
		{"notCount", 0, 0, false, 0},
		{"below", 0, 0, false, 0},
		{"startsAtOne", 0, 0, false, 0},
	} {
		fn := pkg.Func(tc.fn)
		exits := ssacfg.CountedExits(loopHeader(t, fn))
		if len(exits) != tc.n {
			t.Errorf("%s: %d counted exits, want %d", tc.fn, len(exits), tc.n)
			continue
		}
		if tc.n == 0 {
			continue
		}
		e := exits[0]
		if e.Known != tc.known || e.Known && e.Min != tc.min || len(e.Incs) != tc.incs {
			t.Errorf("%s: min %d known %v incs %d, want %d %v %d", tc.fn, e.Min, e.Known, len(e.Incs), tc.min, tc.known, tc.incs)
		}
		if ssacfg.InLoopOf(e.To, loopHeader(t, fn)) || !ssacfg.InLoopOf(e.From, loopHeader(t, fn)) {
			t.Errorf("%s: %s -> %s is not an exit edge", tc.fn, e.From, e.To)
		}
	}
}
