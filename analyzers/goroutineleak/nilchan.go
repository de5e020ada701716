package goroutineleak

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/ssacfg"

	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkNilChans reports a send or receive (outside select) on a channel
// variable that is still nil on some path into it: such an operation blocks
// forever.
//
// Precision: only a variable whose nil value flows into the operation along
// straight-line code (the nil edge of the φ-node enters a block from which
// control runs to the operation without branching) is reported, and only
// when the program never compares the variable with nil. Operations guarded
// by the same condition that made the channel (if x { ch = make(…) } … if x
// { <-ch }) are correlated branches the model cannot see, so they stay
// silent.
func (pc *passContext) checkNilChans(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var ch ssa.Value
			var what string
			switch instr := instr.(type) {
			case *ssa.Send:
				ch, what = instr.Chan, "sending on"
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					ch, what = instr.X, "receiving from"
				}
			}
			phi, ok := ch.(*ssa.Phi)
			if !ok {
				continue
			}
			nilPred := nilEdge(phi, instr.Block())
			if nilPred == nil || comparedWithNil(phi, map[ssa.Value]bool{}) {
				continue
			}
			name := phi.Comment
			if name == "" {
				name = "the channel"
			}
			suppress.Report(pc.pass, analysis.Diagnostic{
				Pos: instr.Pos(),
				Message: fmt.Sprintf("%s is nil on some path here, and %s a nil channel blocks forever",
					name, what),
			})
		}
	}
}

// nilEdge returns a predecessor of phi's block whose edge carries nil and
// from which control reaches use without branching, or nil.
func nilEdge(phi *ssa.Phi, use *ssa.BasicBlock) *ssa.BasicBlock {
	if !ssacfg.Straight(phi.Block(), use) {
		return nil
	}
	for i, e := range phi.Edges {
		if k, ok := e.(*ssa.Const); ok && k.IsNil() {
			return phi.Block().Preds[i]
		}
	}
	return nil
}

// comparedWithNil reports whether v, or a φ it flows into or out of, is
// compared with anything (ch == nil, ch != nil).
func comparedWithNil(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return false
	}
	seen[v] = true
	if refs := v.Referrers(); refs != nil {
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.BinOp:
				return true
			case *ssa.Phi:
				if comparedWithNil(r, seen) {
					return true
				}
			}
		}
	}
	if phi, ok := v.(*ssa.Phi); ok {
		for _, e := range phi.Edges {
			if _, isPhi := e.(*ssa.Phi); isPhi && comparedWithNil(e, seen) {
				return true
			}
		}
	}
	return false
}

// checkNilCaptured reports a goroutine that receives from (or sends on),
// outside select, a channel variable it captures which may still be nil
// when the goroutine starts: var ch chan T; if x { ch = make(…) }; go
// func() { <-ch }(). The operation blocks forever on that path.
//
// Precision: only a variable the goroutine merely loads and uses for plain
// sends and receives (no nil comparison, no assignment, not passed on),
// captured by no other closure, assigned nowhere after the go statement,
// and nil on a path to the go statement on which the branch conditions
// agree (if x { ch = make(…) }; if x { go … } stays silent).
func (pc *passContext) checkNilCaptured(fn *ssa.Function) {
	for _, s := range gomodel.Spawns(fn) {
		mc, ok := s.Instr.Common().Value.(*ssa.MakeClosure)
		if s.Kind != gomodel.GoStmt || s.Fn == nil || !ok {
			continue
		}
		for _, fv := range s.Fn.FreeVars {
			outer, _ := s.Outer(fv)
			cell, ok := outer.(*ssa.Alloc)
			if !ok || !isChanCell(cell) || cell.Comment == "" {
				continue
			}
			op, what := plainOpVia(fv)
			if op == nil || !capturedOnlyBy(cell, mc) || storedAfter(cell, s.Instr) || !nilOnSomePath(cell, s.Instr) {
				continue
			}
			if guardedByCaptured(op) {
				// if write { stdin <- x }: the flag that decided whether
				// the spawner made the channel may decide the send too.
				continue
			}
			suppress.Report(pc.pass, analysis.Diagnostic{
				Pos: op.Pos(),
				Message: fmt.Sprintf("%s is nil when the goroutine started at line %d is started on some path, and %s a nil channel blocks forever",
					cell.Comment, pc.pass.Fset.Position(s.Pos()).Line, what),
				Related: []analysis.RelatedInformation{{Pos: s.Pos(), Message: "goroutine started here"}},
			})
		}
	}
}

func isChanCell(a *ssa.Alloc) bool {
	_, ok := a.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Chan)
	return ok
}

// plainOpVia returns the goroutine's first plain send or receive on the
// channel loaded from fv, or nil when fv is used any other way (compared
// with nil, assigned, passed on).
func plainOpVia(fv *ssa.FreeVar) (ssa.Instruction, string) {
	var op ssa.Instruction
	what := ""
	for _, r := range *fv.Referrers() {
		load, ok := r.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			if _, dbg := r.(*ssa.DebugRef); dbg {
				continue
			}
			return nil, ""
		}
		for _, lr := range *load.Referrers() {
			switch lr := lr.(type) {
			case *ssa.DebugRef, *ssa.Select:
			case *ssa.UnOp:
				if lr.Op != token.ARROW {
					return nil, ""
				}
				if op == nil {
					op, what = lr, "receiving from"
				}
			case *ssa.Send:
				if lr.Chan != ssa.Value(load) {
					return nil, ""
				}
				if op == nil {
					op, what = lr, "sending on"
				}
			default:
				return nil, ""
			}
		}
	}
	return op, what
}

// capturedOnlyBy reports whether the variable cell is used only by loads,
// stores and the one closure mc.
func capturedOnlyBy(cell *ssa.Alloc, mc *ssa.MakeClosure) bool {
	for _, r := range *cell.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr != ssa.Value(cell) {
				return false
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.MakeClosure:
			if r != mc {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// storedAfter reports whether a store to cell may run after instr.
func storedAfter(cell *ssa.Alloc, instr ssa.Instruction) bool {
	for _, r := range *cell.Referrers() {
		st, ok := r.(*ssa.Store)
		if !ok {
			continue
		}
		if st.Block() == instr.Block() && ssacfg.Index(st) > ssacfg.Index(instr) {
			return true
		}
		if ssacfg.Reaches(instr.Block(), st.Block()) {
			return true
		}
	}
	return false
}

// nilOnSomePath reports whether a path from the allocation of cell to
// instr assigns the variable no channel, with branch conditions agreeing
// along it (the same SSA value takes the same branch twice). The walk is
// bounded; past the bound it answers false.
func nilOnSomePath(cell *ssa.Alloc, instr ssa.Instruction) bool {
	return ssacfg.AgreeingPath(cell.Block(), ssacfg.Index(cell)+1, func(in ssa.Instruction) ssacfg.Step {
		if in == instr {
			return ssacfg.Found
		}
		if st, ok := in.(*ssa.Store); ok && st.Addr == ssa.Value(cell) {
			if k, ok := st.Val.(*ssa.Const); !ok || !k.IsNil() {
				return ssacfg.Blocked
			}
		}
		return ssacfg.Continue
	})
}

// guardedByCaptured reports whether op runs only under a branch whose
// condition reads a variable the goroutine captured: a condition the
// spawner may have used when it chose whether to make the channel.
func guardedByCaptured(op ssa.Instruction) bool {
	b := op.Block()
	for d := b.Idom(); d != nil; b, d = d, d.Idom() {
		if len(d.Instrs) == 0 {
			continue
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || len(d.Succs) != 2 || d.Succs[0] == d.Succs[1] {
			continue
		}
		if readsFreeVar(iff.Cond, 0) {
			return true
		}
	}
	return false
}

func readsFreeVar(v ssa.Value, depth int) bool {
	if depth > 4 {
		return false
	}
	switch v := v.(type) {
	case *ssa.FreeVar:
		return true
	case *ssa.UnOp:
		return readsFreeVar(v.X, depth+1)
	case *ssa.BinOp:
		return readsFreeVar(v.X, depth+1) || readsFreeVar(v.Y, depth+1)
	case *ssa.FieldAddr:
		return readsFreeVar(v.X, depth+1)
	case *ssa.Field:
		return readsFreeVar(v.X, depth+1)
	}
	return false
}
