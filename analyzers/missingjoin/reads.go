package missingjoin

import (
	"fmt"
	"go/token"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkCapturedReads reports a variable a goroutine assigns that the
// spawner reads after the go statement with no join in between.
func (pc *passContext) checkCapturedReads(fn *ssa.Function, spawns []gomodel.Spawn) {
	for _, s := range spawns {
		if s.Fn == nil || len(s.Bindings) == 0 || locks(s.Fn) {
			// A goroutine that locks synchronises its writes; whether the
			// reads are guarded is the unguarded analyzer's question.
			continue
		}
		for i, fv := range s.Fn.FreeVars {
			if i >= len(s.Bindings) {
				break
			}
			alloc, ok := s.Bindings[i].(*ssa.Alloc)
			if !ok {
				continue
			}
			store := storeTo(fv)
			if store == nil || joinBefore(s.Fn, store) {
				// A goroutine that waits for a signal before writing may be
				// ordered after the spawner's read by that signal.
				continue
			}
			load := reach(s.Instr,
				func(in ssa.Instruction) bool { return isJoin(in) || in == ssa.Instruction(alloc) },
				func(in ssa.Instruction) bool {
					u, ok := in.(*ssa.UnOp)
					return ok && u.Op == token.MUL && u.X == ssa.Value(alloc) && u.Pos().IsValid()
				})
			if load == nil {
				continue
			}
			name := alloc.Comment
			if name == "" {
				continue
			}
			pc.report(analysis.Diagnostic{
				Pos:     load.Pos(),
				Message: fmt.Sprintf("%s is assigned by the goroutine started at line %d and read here before any Wait or receive orders the two", name, pc.pass.Fset.Position(s.Pos()).Line),
				Related: []analysis.RelatedInformation{{Pos: store.Pos(), Message: name + " assigned here"}, {Pos: s.Pos(), Message: "goroutine started here"}},
			})
		}
	}
}

// storeTo returns a store through the free variable fv in its function, or nil.
func storeTo(fv *ssa.FreeVar) *ssa.Store {
	for _, r := range *fv.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == ssa.Value(fv) && st.Pos().IsValid() {
			return st
		}
	}
	return nil
}

// locks reports whether fn calls a Lock-like method.
func locks(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if c, ok := in.(ssa.CallInstruction); ok {
				switch known.Call(c.Common()) {
				case known.Lock, known.RLock, known.TryLock, known.TryRLock:
					return true
				}
			}
		}
	}
	return false
}

// joinBefore reports whether an explicit synchronisation of fn (a
// receive, select, Wait or lock) precedes in on every path.
func joinBefore(fn *ssa.Function, in ssa.Instruction) bool {
	for _, b := range fn.Blocks {
		for _, j := range b.Instrs {
			if j != in && isSyncOp(j) && before(j, in) {
				return true
			}
		}
	}
	return false
}

func isSyncOp(in ssa.Instruction) bool {
	switch in := in.(type) {
	case *ssa.UnOp:
		return in.Op == token.ARROW
	case *ssa.Select:
		return true
	case *ssa.Call:
		switch known.Call(&in.Call) {
		case known.WGWait, known.GroupWait, known.CondWait, known.Lock, known.RLock:
			return true
		}
	}
	return false
}
