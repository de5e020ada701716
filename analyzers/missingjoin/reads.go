package missingjoin

import (
	"fmt"
	"go/token"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/ordering"
	"github.com/concurlint/concurlint/internal/ssacfg"
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
		g := ordering.Of(s)
		for _, fv := range s.Fn.FreeVars {
			outer, _ := s.Outer(fv)
			alloc, ok := outer.(*ssa.Alloc)
			if !ok {
				continue
			}
			store := storeTo(fv)
			if store == nil || ordering.SyncBefore(store) {
				// A goroutine that waits for a signal before writing may be
				// ordered after the spawner's read by that signal.
				continue
			}
			load := g.FirstUnordered(
				func(in ssa.Instruction) bool { return in == ssa.Instruction(alloc) },
				func(in ssa.Instruction) bool {
					u, ok := in.(*ssa.UnOp)
					return ok && u.Op == token.MUL && u.X == ssa.Value(alloc) && u.Pos().IsValid()
				})
			if load == nil || storedJustBefore(load, alloc) {
				// err = c.Do(req); if err != nil: the spawner's own write
				// races with the goroutine's, and unguarded reports that
				// write; the read of it is the same bug.
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

// storedJustBefore reports whether load's block stores to cell before
// load (the value read is the spawner's own write).
func storedJustBefore(load ssa.Instruction, cell *ssa.Alloc) bool {
	instrs := load.Block().Instrs
	for i := ssacfg.Index(load) - 1; i >= 0; i-- {
		if st, ok := instrs[i].(*ssa.Store); ok && st.Addr == ssa.Value(cell) {
			return true
		}
	}
	return false
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

// checkElementReads reports the elements of a slice, array or map that
// goroutines fill in (results[i] = …, m[k] = …, one element per goroutine)
// read by the spawner after the go statement with no join in between:
// before the Wait, before a Wait that is only deferred (it runs after the
// read), or with no join at all.
//
// Precision: only element writes in the goroutine's own body, to a
// container the spawner names (a variable, or a parameter); reads inside
// the loop that starts the goroutines are left alone (an iteration may
// read an element no goroutine has been given yet).
func (pc *passContext) checkElementReads(fn *ssa.Function, spawns []gomodel.Spawn) {
	reported := make(map[ssa.Value]bool)
	for _, s := range spawns {
		if s.Fn == nil || locks(s.Fn) {
			continue
		}
		writes := elementWrites(s.Fn, s.Frame())
		if len(writes) == 0 {
			continue
		}
		g := ordering.Of(s)
		for _, w := range writes {
			root := w.root
			if reported[root] || ordering.SyncBefore(w.instr) {
				continue
			}
			name := rootName(root)
			if name == "" {
				continue
			}
			read := g.FirstUnordered(
				func(in ssa.Instruction) bool { return isAllocOf(in, root) || storesTo(in, root) },
				func(in ssa.Instruction) bool {
					return readsElements(in, root) && !ssacfg.SameLoop(s.Instr.Block(), in.Block())
				})
			if read == nil {
				continue
			}
			reported[root] = true
			pc.report(analysis.Diagnostic{
				Pos:     read.Pos(),
				Message: fmt.Sprintf("elements of %s are assigned by the goroutines started at line %d and read here before any Wait or receive orders the two", name, pc.pass.Fset.Position(s.Pos()).Line),
				Related: []analysis.RelatedInformation{{Pos: w.instr.Pos(), Message: "element assigned here"}, {Pos: s.Pos(), Message: "goroutine started here"}},
			})
		}
	}
}

// elemWrite is an element store of a goroutine, to the spawner's root.
type elemWrite struct {
	instr ssa.Instruction
	root  ssa.Value
}

// elementWrites lists the element stores of fn (x[i] = v on a slice or
// array, m[k] = v on a map) whose container is one of the spawner's
// values, mapped through fr.
func elementWrites(fn *ssa.Function, fr gomodel.Frame) []elemWrite {
	var out []elemWrite
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			var x ssa.Value
			switch in := in.(type) {
			case *ssa.Store:
				if ia, ok := in.Addr.(*ssa.IndexAddr); ok && in.Pos().IsValid() {
					x = ia.X
				}
			case *ssa.MapUpdate:
				if in.Pos().IsValid() {
					x = in.Map
				}
			}
			if x == nil {
				continue
			}
			root, path, inner := gomodel.Trace(x, fr)
			if inner || len(path) > 0 {
				continue
			}
			switch root.(type) {
			case *ssa.Alloc, *ssa.Parameter:
				out = append(out, elemWrite{in, root})
			}
		}
	}
	return out
}

// rootName names a container root as the source does, or "".
func rootName(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.Alloc:
		if syntheticAlloc[v.Comment] {
			return ""
		}
		return v.Comment
	case *ssa.Parameter:
		return v.Name()
	}
	return ""
}

// syntheticAlloc lists the comments go/ssa gives allocations that are not
// named variables.
var syntheticAlloc = map[string]bool{"": true, "complit": true, "new": true, "varargs": true, "slicelit": true, "makeslice": true}

// storesTo reports whether in assigns the variable root (a new container).
func storesTo(in ssa.Instruction, root ssa.Value) bool {
	st, ok := in.(*ssa.Store)
	return ok && st.Addr == root
}

// readsElements reports whether in reads an element of the container
// root: a load of the variable (or the parameter itself) used by an index,
// lookup, range or slice expression that reads.
func readsElements(in ssa.Instruction, root ssa.Value) bool {
	var x ssa.Value
	switch in := in.(type) {
	case *ssa.UnOp:
		if in.Op != token.MUL || in.X != root || !in.Pos().IsValid() {
			return false
		}
		x = in
	case *ssa.IndexAddr, *ssa.Index, *ssa.Lookup, *ssa.Range:
		// The parameter itself, not loaded.
		if _, ok := root.(*ssa.Parameter); !ok {
			return false
		}
		return operand(in) == root && elementRead(in)
	default:
		return false
	}
	refs := x.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		if operand(r) == x && elementRead(r) {
			return true
		}
	}
	return false
}

// operand returns the container an element access indexes, or nil.
func operand(in ssa.Instruction) ssa.Value {
	switch in := in.(type) {
	case *ssa.IndexAddr:
		return in.X
	case *ssa.Index:
		return in.X
	case *ssa.Lookup:
		return in.X
	case *ssa.Range:
		return in.X
	}
	return nil
}

// elementRead reports whether the element access in reads: Index, Lookup
// and Range do; an IndexAddr does when its address is loaded.
func elementRead(in ssa.Instruction) bool {
	ia, ok := in.(*ssa.IndexAddr)
	if !ok {
		return true
	}
	for _, r := range *ia.Referrers() {
		if u, ok := r.(*ssa.UnOp); ok && u.Op == token.MUL {
			return true
		}
	}
	return false
}

// isAllocOf reports whether in is the allocation root (a variable made
// afresh in each iteration).
func isAllocOf(in ssa.Instruction, root ssa.Value) bool {
	a, ok := root.(*ssa.Alloc)
	return ok && in == ssa.Instruction(a)
}
