package ordering

import (
	"go/token"

	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/ssa"
)

// Reads before a join (missingjoin's questions):
//
//	g.FirstUnordered(stop, hit)  the first instruction of the spawner after
//	                             the spawn, with nothing ordering the
//	                             goroutine yet, for which hit holds
//	SyncBefore(x)                x's function blocks on another goroutine
//	                             before x on every path
//	g.OrdersEdgeOrCount(b, i)    OrdersEdge, or the edge on which an atomic
//	                             counter the goroutine adds to after its
//	                             writes was observed to reach a bound

// FirstUnordered returns the first instruction of the spawner, reached from
// the spawn on a path on which no operation or edge orders the goroutine
// (Orders, OrdersEdge), for which hit holds; paths also end where stop
// holds (nil: nowhere), at blocks that never return, and the walk takes the
// branches known at the spawn and loops whose body orders the goroutine as
// ssacfg.Search does (a receive loop after the go statements is taken to
// run).
func (g *Goroutine) FirstUnordered(stop, hit func(ssa.Instruction) bool) ssa.Instruction {
	return ssacfg.Search{
		Stop: func(in ssa.Instruction) bool { return stop != nil && stop(in) || g.Orders(in) },
		Hit:  hit,
		Cut:  g.OrdersEdgeOrCount,
	}.From(g.Spawn.Instr)
}

// SyncBefore reports whether an operation that waits for another goroutine
// (a receive, a select, a WaitGroup, errgroup or Cond Wait, a Lock)
// precedes instr on every path through its function: a goroutine's write
// after such a wait may be ordered after the spawner's access by the
// signal it waits for, so it is no evidence of a race.
func SyncBefore(instr ssa.Instruction) bool {
	for _, b := range instr.Parent().Blocks {
		for _, j := range b.Instrs {
			if j != instr && waits(j) && ssacfg.Before(j, instr) {
				return true
			}
		}
	}
	return false
}

// waits reports whether in blocks until another goroutine acts.
func waits(in ssa.Instruction) bool {
	switch in := in.(type) {
	case *ssa.UnOp:
		return in.Op == token.ARROW
	case *ssa.Select:
		return true
	case *ssa.Call:
		switch known.Call(&in.Call) {
		case known.WGWait, known.GroupWait, known.SynctestWait, known.CondWait, known.Lock, known.RLock:
			return true
		}
	}
	return false
}

// OrdersEdgeOrCount reports whether taking successor i of block b orders
// the goroutine: OrdersEdge, or the branch on which an atomic counter the
// goroutine adds to (or stores) after its writes was seen to reach a bound
// (for done.Load() < int32(n) {} exits when every goroutine counted
// itself; done.Load() >= n holds once they have).
func (g *Goroutine) OrdersEdgeOrCount(b *ssa.BasicBlock, i int) bool {
	if g.OrdersEdge(b, i) {
		return true
	}
	if len(b.Instrs) == 0 || len(b.Succs) != 2 || i > 1 {
		return false
	}
	ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	counter, pol, ok := countObservation(ifi.Cond)
	if !ok || !g.has(counter, sFlag) {
		return false
	}
	return pol == (i == 0)
}

// countObservation decomposes a condition that compares an atomic load
// with a bound by order (n.Load() < want, want <= n.Load(), through
// negations) into the address loaded and the polarity under which the
// condition means "the count was reached".
func countObservation(v ssa.Value) (ssa.Value, bool, bool) {
	base, pol := ssacfg.CondBase(v)
	bin, ok := base.(*ssa.BinOp)
	if !ok {
		return nil, false, false
	}
	var reached bool // what base's truth says, with the load on the left
	switch bin.Op {
	case token.GTR, token.GEQ:
		reached = true
	case token.LSS, token.LEQ:
		reached = false
	default:
		return nil, false, false
	}
	load := func(x ssa.Value) ssa.Value {
		if _, ok := x.(*ssa.Call); ok {
			if addr, _, ok := observation(x); ok {
				return addr // an atomic load
			}
		}
		return nil
	}
	addr := load(bin.X)
	if addr == nil {
		if addr = load(bin.Y); addr == nil {
			return nil, false, false
		}
		reached = !reached // the load on the right: want < n.Load()
	}
	return addr, reached == pol, true
}
