package gomodel

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Starts summarises the goroutines a function starts on its caller's
// behalf, in terms of its parameters (numbered as ssa numbers them: the
// receiver of a method is 0).
type Starts struct {
	// Runs lists the function-typed parameters the function starts as a
	// goroutine and does nothing else with (StartsParam).
	Runs []int
	// Captures lists the parameters a goroutine started by the function
	// receives: captured by the goroutine's closure or passed to it as an
	// argument or receiver (go c.loop(), go func() { use(p) }()).
	Captures []int
}

// Summarize returns fn's Starts. It looks at fn's own go statements and
// Go calls and at closures they run; it does not follow calls.
func Summarize(fn *ssa.Function) Starts {
	var st Starts
	for i := range fn.Params {
		if StartsParam(fn, i, fn.Pkg) {
			st.Runs = append(st.Runs, i)
		}
	}
	for _, s := range Spawns(fn) {
		vals := append(append([]ssa.Value(nil), s.Bindings...), s.Args...)
		for _, v := range vals {
			root, _, _ := Trace(v)
			if p, ok := root.(*ssa.Parameter); ok && p.Parent() == fn {
				if i := slices.Index(fn.Params, p); i >= 0 && !slices.Contains(st.Captures, i) {
					st.Captures = append(st.Captures, i)
				}
			} else if a, ok := root.(*ssa.Alloc); ok {
				// A parameter captured by a closure lives in a heap cell
				// the parameter is stored into.
				for _, i := range paramsStoredIn(fn, a) {
					if !slices.Contains(st.Captures, i) {
						st.Captures = append(st.Captures, i)
					}
				}
			}
		}
	}
	slices.Sort(st.Captures)
	return st
}

// paramsStoredIn returns the parameters of fn stored into the cell a.
func paramsStoredIn(fn *ssa.Function, a *ssa.Alloc) []int {
	var out []int
	for _, r := range *a.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == ssa.Value(a) {
			if p, ok := st.Val.(*ssa.Parameter); ok {
				if i := slices.Index(fn.Params, p); i >= 0 {
					out = append(out, i)
				}
			}
		}
	}
	return out
}

// StartsParam reports whether callee, a function of package pkg, does
// nothing with its parameter i but start it as a goroutine, directly (go
// f()) or from a closure that a go statement runs (go func() { ...; f() }()),
// as a wrapper such as func (r *Raft) goFunc(f func()) { r.wg.Add(1); go
// func() { defer r.wg.Done(); f() }() } does. Only same-package callees
// are summarised (no fact crosses packages yet). The starter may still wait
// for the goroutine before it returns (a runner that recovers its panics):
// a starter call starts a goroutine but does not say that its caller runs
// concurrently with it after the call.
func StartsParam(callee *ssa.Function, i int, pkg *ssa.Package) bool {
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
			if r.Call.IsInvoke() || r.Call.Value != p || ArgIndex(&r.Call, p) >= 0 {
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

// ArgIndex returns the position of v among the arguments of c, or -1.
func ArgIndex(c *ssa.CallCommon, v ssa.Value) int {
	for i, a := range c.Args {
		if a == v {
			return i
		}
	}
	return -1
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
	for _, fv := range (Frame{Fn: fn, Bindings: mc.Bindings}).Inner(p) {
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
		if !ok || c.Call.Value != f || ArgIndex(&c.Call, f) >= 0 {
			return false
		}
	}
	return true
}
