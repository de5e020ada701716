package missingjoin

import (
	"go/types"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// countsOthers reports whether the WaitGroup field that Done d decrements
// also counts something other than goroutines: some function of the
// package that no go statement starts calls Done on that field directly
// (a pool's Destroy or Hijack method: the group counts live resources, and
// a goroutine that builds one hands its count to the resource on success).
// A goroutine's path without Done is then not a missing join.
func (pc *passContext) countsOthers(d opSite) bool {
	f := doneField(d.instr.Common())
	if f == nil {
		return false
	}
	if pc.syncDone == nil {
		pc.syncDone = pc.syncDoneFields()
	}
	return pc.syncDone[f]
}

// doneField returns the struct field c's WaitGroup lives in (s.wg.Done()),
// or nil.
func doneField(c *ssa.CallCommon) *types.Var {
	if len(c.Args) == 0 {
		return nil
	}
	fa, ok := c.Args[0].(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	st, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	s, ok := st.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= s.NumFields() {
		return nil
	}
	return s.Field(fa.Field)
}

// syncDoneFields returns the WaitGroup fields on which a function that no
// go statement of the package starts calls Done itself.
func (pc *passContext) syncDoneFields() map[*types.Var]bool {
	fns := pc.pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs
	spawned := gomodel.Started(fns)
	callers := make(map[*ssa.Function][]*ssa.Function)
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(*ssa.Call); ok {
					if callee := c.Call.StaticCallee(); callee != nil {
						callers[callee] = append(callers[callee], fn)
					}
				}
			}
		}
	}
	// onGoroutine: fn runs as (part of) a goroutine — started by a go
	// statement, a closure made there, or a helper called only from such
	// code (a worker's finish method).
	memo := make(map[*ssa.Function]bool)
	var onGoroutine func(fn *ssa.Function, depth int) bool
	onGoroutine = func(fn *ssa.Function, depth int) bool {
		if v, ok := memo[fn]; ok {
			return v
		}
		memo[fn] = false // cycles: not proven
		v := spawned[fn]
		if !v && fn.Parent() != nil {
			v = onGoroutine(fn.Parent(), depth)
		}
		if !v && depth < 3 && len(callers[fn]) > 0 {
			v = true
			for _, c := range callers[fn] {
				if !onGoroutine(c, depth+1) {
					v = false
					break
				}
			}
		}
		memo[fn] = v
		return v
	}
	out := make(map[*types.Var]bool)
	for _, fn := range fns {
		if onGoroutine(fn, 0) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if _, isGo := instr.(*ssa.Go); isGo {
					continue
				}
				if known.Call(ci.Common()) != known.WGDone {
					continue
				}
				if f := doneField(ci.Common()); f != nil {
					out[f] = true
				}
			}
		}
	}
	return out
}
