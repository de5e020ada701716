package ssacfg_test

import (
	"testing"

	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/ssa"
)

const loopsSrc = `package p

func nested(xs [][]int, ch chan int) int {
	t := 0
	for _, row := range xs {
		for _, x := range row {
			if x > 3 {
				break
			}
			for i := range x {
				t += i
			}
		}
		for {
			select {
			case v := <-ch:
				t += v
				continue
			default:
			}
			break
		}
	}
outer:
	for i := 0; i < 10; i++ {
		switch {
		case i == 3:
			continue outer
		case i == 5:
			break outer
		}
		t++
	}
	if t > 0 {
		for t > 100 {
			t /= 2
		}
	}
	return t
}

func goto_(n int) {
again:
	n--
	if n > 0 {
		goto again
	}
	for {
		if n == 0 {
			return
		}
		n++
	}
}
`

// InnermostLoops must agree, block by block, with the last of LoopHeaders
// (what unlock's semaphore pairing used before it was quadratic).
func TestInnermostLoops(t *testing.T) {
	pkg := buildSrc(t, loopsSrc)
	for _, name := range []string{"nested", "goto_"} {
		fn := pkg.Func(name)
		got := ssacfg.InnermostLoops(fn)
		inLoop := 0
		for _, b := range fn.Blocks {
			var want *ssa.BasicBlock
			if hs := ssacfg.LoopHeaders(b); len(hs) > 0 {
				want = hs[len(hs)-1]
				inLoop++
			}
			if got[b] != want {
				t.Errorf("%s: block %d: innermost %v, LoopHeaders says %v", name, b.Index, got[b], want)
			}
		}
		if inLoop < 3 || len(got) != inLoop {
			t.Errorf("%s: %d blocks in loops, map has %d", name, inLoop, len(got))
		}
	}
}
