package chanmodel

import (
	"go/token"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/ssa"
)

// Covered is the set of points where a matching operation has happened:
// a block from an instruction index on (0 for whole blocks such as a select
// case body or a loop header), or a CFG edge. The zero value is empty and
// ready to use.
type Covered struct {
	at    map[*ssa.BasicBlock]int
	edges map[[2]*ssa.BasicBlock]bool
}

// Add marks where op o has happened in its function: the body block of its
// select case, or its own instruction. A case with an empty body has no
// block of its own (ssa jumps from the case test straight to the block
// after the select, which every other case reaches too), so the edge into
// that block is marked instead.
func (c *Covered) Add(o *Op) {
	b, idx := o.Instr.Block(), ssacfg.Index(o.Instr)
	if sel, ok := o.Instr.(*ssa.Select); ok && o.Case >= 0 {
		if from, cb := caseEdge(sel, o.Case); cb != nil {
			if len(cb.Preds) != 1 {
				c.markEdge(from, cb)
				return
			}
			b, idx = cb, 0
		}
	}
	c.mark(b, idx)
}

// MarkBlock marks the whole block b.
func (c *Covered) MarkBlock(b *ssa.BasicBlock) { c.mark(b, 0) }

func (c *Covered) mark(b *ssa.BasicBlock, idx int) {
	if c.at == nil {
		c.at = make(map[*ssa.BasicBlock]int)
	}
	// The last covered point of the block: a path entering the block at
	// its start passes some covered point whichever is kept, and a path
	// starting inside the block (just after a spawn) passes one only if it
	// lies at or after the start — a receive before the spawn in the same
	// block covers nothing for it.
	if old, ok := c.at[b]; !ok || idx > old {
		c.at[b] = idx
	}
}

// MarkEdge marks the CFG edge from -> to.
func (c *Covered) MarkEdge(from, to *ssa.BasicBlock) { c.markEdge(from, to) }

func (c *Covered) markEdge(from, to *ssa.BasicBlock) {
	if c.edges == nil {
		c.edges = make(map[[2]*ssa.BasicBlock]bool)
	}
	c.edges[[2]*ssa.BasicBlock{from, to}] = true
}

// AddLoopHeaders also marks the headers of loops that contain a covered
// block but not the block of from. A path that reaches such a loop is taken
// to run its body: whether the loop runs zero times depends on trip counts
// the model does not know (for range results {…} after starting one
// goroutine per element), so precision wins over recall here. Endless
// loops (no exit at the header) are left alone: their body always runs.
func (c *Covered) AddLoopHeaders(from ssa.Instruction) {
	var blocks []*ssa.BasicBlock
	for b := range c.at {
		blocks = append(blocks, b)
	}
	for e := range c.edges {
		blocks = append(blocks, e[0])
	}
	for _, b := range blocks {
		for _, h := range ssacfg.LoopHeaders(b) {
			if ssacfg.InLoopOf(from.Block(), h) {
				continue
			}
			if guard, _ := ssacfg.RangeIntLoop(h); guard != nil {
				// for range n is rotated: its zero-trip test sits
				// before the loop, in the guard's if 0 < n.
				c.mark(h, 0)
				c.mark(guard, len(guard.Instrs)-1)
			} else if ssacfg.ExitsAtHeader(h) {
				c.mark(h, 0)
			}
		}
	}
}

// AddLoopEnd marks where the loop headed by h ends normally when that is
// not at h itself: the latch's if iter < n of a rotated for range n loop.
// A loop header exit is marked by marking the header.
func (c *Covered) AddLoopEnd(h *ssa.BasicBlock) {
	if _, latches := ssacfg.RangeIntLoop(h); latches != nil {
		for _, l := range latches {
			c.mark(l, len(l.Instrs)-1)
		}
	}
}

// CaseBlock returns the body block of o's select case, or nil when o is
// not a select case.
func CaseBlock(o *Op) *ssa.BasicBlock {
	if sel, ok := o.Instr.(*ssa.Select); ok && o.Case >= 0 {
		return caseBlock(sel, o.Case)
	}
	return nil
}

// caseBlock returns the block that runs when select s takes case k: the true
// successor of `if idx == k`.
func caseBlock(s *ssa.Select, k int) *ssa.BasicBlock {
	_, b := caseEdge(s, k)
	return b
}

// caseEdge returns the edge taken when select s takes case k.
func caseEdge(s *ssa.Select, k int) (from, to *ssa.BasicBlock) { return ssacfg.SelectCaseEdge(s, k) }

// Precedes reports whether op o runs before instr on every path to instr:
// o is a plain (not deferred, not summarised) op of instr's function whose
// instruction dominates instr.
func Precedes(o *Op, instr ssa.Instruction) bool {
	if o.Deferred || o.Summary || o.Fn() != instr.Parent() {
		return false
	}
	return ssacfg.Before(o.Instr, instr)
}

// MayPrecede reports whether op o may run before instr on some path: o
// is a plain op of instr's function from which instr is reachable.
// Deferred and summarised ops are not placed, and count as preceding.
func MayPrecede(o *Op, instr ssa.Instruction) bool {
	if o.Deferred || o.Summary || o.Fn() != instr.Parent() {
		return true
	}
	return ssacfg.After(o.Instr, instr)
}

// ExitAvoiding returns a return instruction of from's function reachable
// from just after from without passing a covered point, or nil. Paths
// through panics and calls that never return (os.Exit, log.Fatal,
// t.Fatal) do not count as exits. The returned *ssa.Return may have no
// position (the implicit return at the closing brace). Paths through a
// test failure (t.Error, t.Errorf, t.Fail) do not count either: a leak on
// the path of a failed test does not matter.
func ExitAvoiding(from ssa.Instruction, covered Covered) *ssa.Return {
	return exitFrom(from.Block(), ssacfg.Index(from)+1, covered)
}

// ExitFromEntry returns a return instruction of fn reachable from its entry
// without passing a covered point, or nil.
func ExitFromEntry(fn *ssa.Function, covered Covered) *ssa.Return {
	if len(fn.Blocks) == 0 {
		return nil
	}
	return exitFrom(fn.Blocks[0], 0, covered)
}

// ExitFromBlock returns a return instruction reachable from the start of b
// without passing a covered point, or nil.
func ExitFromBlock(b *ssa.BasicBlock, covered Covered) *ssa.Return {
	return exitFrom(b, 0, covered)
}

func exitFrom(b0 *ssa.BasicBlock, start int, covered Covered) *ssa.Return {
	seen := map[*ssa.BasicBlock]bool{}
	type item struct {
		b     *ssa.BasicBlock
		start int
	}
	queue := []item{{b0, start}}
	first := true
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		if !first {
			if seen[it.b] {
				continue
			}
			seen[it.b] = true
		}
		first = false
		if idx, ok := covered.at[it.b]; ok && idx >= it.start {
			continue
		}
		dead := false
		for _, instr := range it.b.Instrs[it.start:] {
			switch instr := instr.(type) {
			case *ssa.Call:
				switch known.Call(instr.Common()) {
				case known.NoReturn, known.TestFail:
					// The process or test goroutine ends, or the test
					// has failed: leaks after that are moot.
					dead = true
				}
				if known.IsAssertion(instr.Common()) && strings.HasPrefix(instr.Common().StaticCallee().Name(), "Fail") {
					dead = true // assert.Fail(t, …): the test has failed
				}
			case *ssa.Return:
				if !dead {
					return instr
				}
			}
			if dead {
				break
			}
		}
		if dead {
			continue
		}
		failed := failedAssertion(it.b)
		for _, s := range it.b.Succs {
			if s != failed && !covered.edges[[2]*ssa.BasicBlock{it.b, s}] {
				queue = append(queue, item{s, 0})
			}
		}
	}
	return nil
}

// failedAssertion returns the successor of b taken when the testify
// assertion b branches on fails (if !assert.NoError(t, err) { return }):
// the test has failed there, and leaks after that are moot, as after
// t.Error.
func failedAssertion(b *ssa.BasicBlock) *ssa.BasicBlock {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return nil
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil
	}
	cond, onFalse := iff.Cond, 1
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond, onFalse = u.X, 0
	}
	if c, ok := cond.(*ssa.Call); ok && known.IsAssertion(c.Common()) {
		return b.Succs[onFalse]
	}
	return nil
}
