package chanmisuse

import (
	"fmt"
	"go/token"

	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkDoubleClose reports a close of a channel that an earlier close of
// the same function may already have closed on some path: an explicit
// close while a deferred close is pending, a close that its loop runs
// again, a close followed by break and another close after the loop.
func (pc *passContext) checkDoubleClose(closes []*closeSite) {
	reported := make(map[ssa.Instruction]bool)
	for _, second := range closes {
		if second.deferred || second.summary || reported[second.instr] || !pc.stable(second.key) {
			continue
		}
		for _, first := range closes {
			if first.summary || !first.key.Same(second.key) {
				continue
			}
			if first.deferred {
				// defer close(ch) runs when the function returns: any
				// explicit close after it closes ch first.
				if !pc.reachesClose(first, second) {
					continue
				}
				pc.report(analysis.Diagnostic{
					Pos: second.pos(),
					Message: fmt.Sprintf("%s is closed here while the deferred close at line %d is pending, so the deferred close panics: closing a closed channel panics",
						pc.name(second), pc.line(first.pos())),
					Related: []analysis.RelatedInformation{{Pos: first.pos(), Message: "deferred close of " + pc.name(first)}},
				})
				reported[second.instr] = true
				break
			}
			if !pc.reachesClose(first, second) {
				continue
			}
			what := fmt.Sprintf("%s may already be closed here by the close at line %d on the same path", pc.name(second), pc.line(first.pos()))
			if first == second {
				what = fmt.Sprintf("%s is closed inside a loop that can run this close again", pc.name(second))
			}
			pc.report(analysis.Diagnostic{
				Pos:     second.pos(),
				Message: what + ": closing a closed channel panics",
				Related: []analysis.RelatedInformation{{Pos: first.pos(), Message: "first close of " + pc.name(first)}},
			})
			reported[second.instr] = true
			break
		}
	}
}

// reachesClose reports whether second can run after first on a feasible
// path of their function that does not re-create or re-read the channel,
// and on which every branch deciding whether second runs tests a value
// computed afresh (an error from a call, a loop counter, a receive from
// another channel) rather than state (a flag variable, a field, a
// parameter) that the first close may have changed. Precision first: a
// "closed" flag guarding the second close is the usual correct idiom.
// onceInLoop reports whether cond holds in at most one iteration of its
// loop: an induction variable (i := range n, i++) compared for equality
// with a constant (if i == 0 { close(ch) }).
func onceInLoop(cond ssa.Value) bool {
	bin, ok := cond.(*ssa.BinOp)
	if !ok || bin.Op != token.EQL {
		return false
	}
	x, y := bin.X, bin.Y
	if _, ok := x.(*ssa.Const); ok {
		x, y = y, x
	}
	if _, ok := y.(*ssa.Const); !ok {
		return false
	}
	phi, ok := x.(*ssa.Phi)
	if !ok || len(phi.Edges) != 2 {
		return false
	}
	steps, inits := 0, 0
	for _, e := range phi.Edges {
		if _, ok := e.(*ssa.Const); ok {
			inits++ // the start value
			continue
		}
		st, ok := e.(*ssa.BinOp)
		if !ok || st.Op != token.ADD && st.Op != token.SUB {
			return false
		}
		other := st.Y
		if st.Y == ssa.Value(phi) {
			other = st.X
		} else if st.X != ssa.Value(phi) {
			return false
		}
		if c, ok := other.(*ssa.Const); !ok || c.Value == nil || c.Value.String() == "0" {
			return false
		}
		steps++
	}
	return steps == 1 && inits == 1
}

func (pc *passContext) reachesClose(first, second *closeSite) bool {
	fn := first.instr.Parent()
	if fn != second.instr.Parent() {
		return false
	}
	if root, ok := first.key.Root.(ssa.Instruction); ok && root.Block() != nil && ssacfg.After(first.instr, root) {
		// The channel (or the struct holding it) is made again after
		// the first close: a new instance each time round.
		return false
	}
	if !ssacfg.After(first.instr, second.instr) && first != second {
		return false
	}
	if first == second && !ssacfg.InLoop(first.instr.Block()) {
		return false
	}
	target := second.instr.Block()
	visit := func(in ssa.Instruction) ssacfg.Step {
		switch in := in.(type) {
		case *ssa.If:
			b := in.Block()
			if len(b.Succs) == 2 && reachesAvoiding(b.Succs[0], target, b) != reachesAvoiding(b.Succs[1], target, b) && (!pc.fresh(in.Cond, first.key, 0) || first == second && onceInLoop(in.Cond)) {
				return ssacfg.Blocked
			}
		case *ssa.Call:
			switch known.Call(in.Common()) {
			case known.NoReturn, known.TestFail:
				return ssacfg.Blocked
			}
		case *ssa.Panic:
			return ssacfg.Blocked
		case *ssa.Store:
			if pc.storesKey(fn, in, first.key) {
				return ssacfg.Blocked
			}
		}
		if in == second.instr {
			return ssacfg.Found
		}
		return ssacfg.Continue
	}
	b, from := first.instr.Block(), ssacfg.Index(first.instr)+1
	if first.deferred {
		// The explicit close runs before the deferred one: any path from
		// the defer statement to it will close twice (at return or
		// during the panic).
		return ssacfg.AgreeingPath(b, from, func(in ssa.Instruction) ssacfg.Step {
			if st, ok := in.(*ssa.Store); ok && pc.storesKey(fn, st, first.key) {
				return ssacfg.Blocked
			}
			if in == second.instr {
				return ssacfg.Found
			}
			return ssacfg.Continue
		})
	}
	if first == second {
		// AgreeingPath visits each block once per path, and the close's
		// own block is on the path already: start from its successors.
		for _, in := range b.Instrs[from:] {
			if visit(in) == ssacfg.Blocked {
				return false
			}
		}
		for _, s := range b.Succs {
			if s != b && ssacfg.AgreeingPath(s, 0, visit) {
				return true
			}
		}
		return false
	}
	return ssacfg.AgreeingPath(b, from, visit)
}

// storesKey reports whether st assigns the variable or field named by k.
func (pc *passContext) storesKey(fn *ssa.Function, st *ssa.Store, k *lockmodel.Key) bool {
	sk := pc.keysOf(fn).Of(st.Addr)
	return sk != nil && (sk.Same(k) || k.IsRoot() && sk.Root == k.Root)
}

// fresh reports whether branching on v cannot be correlated with an earlier
// close of the channel named k: v is computed from constants, call results
// not involving the channel's owner, loop counters and range iteration,
// and receives on other channels — not from memory (fields, variables,
// package state), parameters or phis that carry a flag.
func (pc *passContext) fresh(v ssa.Value, k *lockmodel.Key, depth int) bool {
	if depth > 8 {
		return false
	}
	switch v := v.(type) {
	case *ssa.Const:
		return true
	case *ssa.BinOp:
		return pc.fresh(v.X, k, depth+1) && pc.fresh(v.Y, k, depth+1)
	case *ssa.UnOp:
		switch v.Op {
		case token.NOT, token.SUB, token.XOR:
			return pc.fresh(v.X, k, depth+1)
		case token.ARROW:
			return !pc.related(v.Parent(), v.X, k)
		}
		return false // a load: a flag in memory
	case *ssa.Extract:
		return pc.fresh(v.Tuple, k, depth+1)
	case *ssa.Convert:
		return pc.fresh(v.X, k, depth+1)
	case *ssa.ChangeType:
		return pc.fresh(v.X, k, depth+1)
	case *ssa.MakeInterface:
		return pc.fresh(v.X, k, depth+1)
	case *ssa.TypeAssert:
		return pc.fresh(v.X, k, depth+1)
	case *ssa.Field:
		return pc.fresh(v.X, k, depth+1)
	case *ssa.Next:
		return true // range over a map or string: the iteration itself
	case *ssa.Select:
		for _, st := range v.States {
			if pc.related(v.Parent(), st.Chan, k) {
				return false
			}
		}
		return true
	case *ssa.Phi:
		return isInduction(v)
	case *ssa.Call:
		if known.Call(v.Common()) == known.AtomicAccess {
			return false
		}
		if mc, ok := v.Call.Value.(*ssa.MakeClosure); ok && len(mc.Bindings) > 0 {
			return false // a closure over local state
		}
		if v.Call.IsInvoke() && pc.related(v.Parent(), v.Call.Value, k) {
			return false
		}
		if _, ok := v.Call.Value.(*ssa.Builtin); ok {
			for _, a := range v.Call.Args {
				if _, ok := a.Type().Underlying().(interface{ Elem() }); ok && pc.related(v.Parent(), a, k) {
					return false // len(ch)
				}
			}
		}
		for _, a := range v.Call.Args {
			if pc.related(v.Parent(), a, k) {
				return false // s.isClosed(), closed(ch)
			}
		}
		return true
	}
	return false
}

// related reports whether v is the channel named k or the value its key
// starts from (the struct holding it).
func (pc *passContext) related(fn *ssa.Function, v ssa.Value, k *lockmodel.Key) bool {
	vk := pc.keysOf(fn).Of(v)
	if vk == nil {
		if v == k.Root {
			return true
		}
		_, isConst := v.(*ssa.Const)
		return !isConst && v.Type() == k.Root.Type()
	}
	return vk.Root == k.Root
}

// isInduction reports whether phi is a loop counter: one of its edges adds
// to or subtracts from the phi itself.
func isInduction(phi *ssa.Phi) bool {
	for _, e := range phi.Edges {
		if b, ok := e.(*ssa.BinOp); ok && (b.Op == token.ADD || b.Op == token.SUB) && (b.X == phi || b.Y == phi) {
			return true
		}
	}
	return false
}

// reachesAvoiding reports whether block to is reachable from block from
// (from itself included) without passing through block avoid: whether a
// branch of avoid leads to the target without coming back to the branch.
func reachesAvoiding(from, to, avoid *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{avoid: true}
	work := []*ssa.BasicBlock{from}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if b == to {
			return true
		}
		if seen[b] {
			continue
		}
		seen[b] = true
		work = append(work, b.Succs...)
	}
	return false
}
