package chanmodel

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

func argIndex(c *ssa.CallCommon, v ssa.Value) int {
	for i, a := range c.Args {
		if a == v {
			return i
		}
	}
	return -1
}

// spawnsParam reports whether callee, a function of package pkg, does
// nothing with its parameter i but start it as a goroutine, directly (go
// f()) or from a closure that a go statement runs (go func() { ...; f() }()).
func spawnsParam(callee *ssa.Function, i int, pkg *ssa.Package) bool {
	if callee == nil || callee.Pkg != pkg || callee.Blocks == nil || i >= len(callee.Params) {
		return false
	}
	p := callee.Params[i]
	refs := p.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Go:
			if r.Call.Value != p || argIndex(&r.Call, p) >= 0 {
				return false
			}
		case *ssa.MakeClosure:
			if !closureOnlyCalls(r, p, false) {
				return false
			}
		case *ssa.Store:
			// A parameter captured by a closure lives in a heap cell.
			a, ok := r.Addr.(*ssa.Alloc)
			if !ok || r.Val != p || a.Referrers() == nil {
				return false
			}
			for _, ar := range *a.Referrers() {
				switch ar := ar.(type) {
				case *ssa.Store, *ssa.DebugRef:
					if st, ok := ar.(*ssa.Store); ok && st != r {
						return false
					}
				case *ssa.MakeClosure:
					if !closureOnlyCalls(ar, a, true) {
						return false
					}
				default:
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// closureOnlyCalls reports whether mc is only started by go statements and
// its body only calls the free variable bound to p.
func closureOnlyCalls(mc *ssa.MakeClosure, p ssa.Value, ptr bool) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || mc.Referrers() == nil {
		return false
	}
	for _, r := range *mc.Referrers() {
		if g, ok := r.(*ssa.Go); !ok || g.Call.Value != mc {
			if _, ok := r.(*ssa.DebugRef); !ok {
				return false
			}
		}
	}
	for i, b := range mc.Bindings {
		if b != p {
			continue
		}
		var fv ssa.Value = fn.FreeVars[i]
		if ptr {
			// The cell is only loaded, and the loaded value only called.
			refs := fv.Referrers()
			if refs == nil || len(*refs) != 1 {
				return false
			}
			load, ok := (*refs)[0].(*ssa.UnOp)
			if !ok || load.Op != token.MUL {
				return false
			}
			fv = load
		}
		if !onlyCalled(fv) {
			return false
		}
	}
	return true
}

// onlyCalled reports whether function value f is only called (not passed on).
func onlyCalled(f ssa.Value) bool {
	if f.Referrers() == nil {
		return false
	}
	for _, r := range *f.Referrers() {
		if _, ok := r.(*ssa.DebugRef); ok {
			continue
		}
		c, ok := r.(*ssa.Call)
		if !ok || c.Call.Value != f || argIndex(&c.Call, f) >= 0 {
			return false
		}
	}
	return true
}
