package goroutineleak

import (
	"fmt"
	"go/token"

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
	if !straight(phi.Block(), use) {
		return nil
	}
	for i, e := range phi.Edges {
		if k, ok := e.(*ssa.Const); ok && k.IsNil() {
			return phi.Block().Preds[i]
		}
	}
	return nil
}

// straight reports whether control runs from block from to block to
// without a branch.
func straight(from, to *ssa.BasicBlock) bool {
	for range 64 {
		if from == to {
			return true
		}
		if len(from.Succs) != 1 {
			return false
		}
		from = from.Succs[0]
	}
	return false
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
