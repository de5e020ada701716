package ssacfg

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const sccSrc = `package p

func stop() {}

func f(xs [][]int, ch chan int, n int) int {
	t := 0
	for _, row := range xs {
		for _, x := range row {
			if x > 3 {
				stop()
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
again:
	n--
	if n > 0 {
		goto again
	}
	for t > 100 {
		if t == 7 {
			stop()
		}
		t /= 2
	}
	for {
		if n == 0 {
			return t
		}
		n++
	}
}
`

// oldStopLoop is stopLoop as it was, with one Closure pair per block.
func oldStopLoop(s Search, b, start *ssa.BasicBlock) bool {
	if b == start {
		return false
	}
	fwd, back := Closure(b, true), Closure(b, false)
	if !fwd[b] || fwd[start] && back[start] {
		return false
	}
	for x := range fwd {
		if !back[x] {
			continue
		}
		for _, in := range x.Instrs {
			if s.Stop(in) {
				return true
			}
		}
		if s.Cut != nil {
			for i := range x.Succs {
				if s.Cut(x, i) {
					return true
				}
			}
		}
	}
	return false
}

// The component-based stopLoop answers as the closure-based one did, for
// every block and start, with a Stop (calls to stop) and with a Cut (the
// select's edges).
func TestStopLoopSCC(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", sccSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset, types.NewPackage("p", ""), []*ast.File{f}, 0)
	if err != nil {
		t.Fatal(err)
	}
	fn := pkg.Func("f")
	isStop := func(in ssa.Instruction) bool {
		c, ok := in.(*ssa.Call)
		return ok && c.Call.StaticCallee() != nil && c.Call.StaticCallee().Name() == "stop"
	}
	searches := map[string]Search{
		"stop": {Stop: isStop},
		"cut": {Stop: func(ssa.Instruction) bool { return false }, Cut: func(b *ssa.BasicBlock, i int) bool {
			_, sel := b.Instrs[len(b.Instrs)-1].(*ssa.If)
			return sel && len(b.Instrs) > 1 && i == 0 && isSelectIndex(b)
		}},
	}
	trues := 0
	for name, s := range searches {
		for _, start := range fn.Blocks {
			li := new(loopInfo)
			for _, b := range fn.Blocks {
				want := oldStopLoop(s, b, start)
				if got := s.stopLoop(b, start, li); got != want {
					t.Errorf("%s: stopLoop(%d, start %d) = %v, want %v", name, b.Index, start.Index, got, want)
				}
				if want {
					trues++
				}
			}
		}
	}
	if trues == 0 {
		t.Error("no block stops: the test compares nothing")
	}
}

func isSelectIndex(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		if _, ok := in.(*ssa.Select); ok {
			return true
		}
	}
	return false
}
