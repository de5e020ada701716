package chanmodel

import (
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"golang.org/x/tools/go/ssa"
)

// Channel identities beyond make sites: a channel held in a struct field
// (s.done), a package variable, a parameter or a captured variable is named
// by the same lockmodel.Key machinery that names locks, so that "the same
// channel" means the same thing to every analyzer. A make site with no
// variable cell is its own root.

// Key returns the identity of channel value v in its function (the field,
// variable, parameter or make site it comes from), or nil when the model
// cannot name it — callers must then stay silent.
func Key(ks *lockmodel.Keys, v ssa.Value) *lockmodel.Key {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.Convert:
			v = x.X
			continue
		}
		break
	}
	if mc, ok := v.(*ssa.MakeChan); ok {
		return &lockmodel.Key{ID: "m:" + mc.Name(), Display: "channel", Root: mc}
	}
	if k := ks.Of(v); k != nil {
		if a, ok := k.Root.(*ssa.Alloc); ok && k.IsRoot() && !storedOnce(a) {
			return nil // a local reassigned: which channel it holds is unknown
		}
		if fv, ok := k.Root.(*ssa.FreeVar); ok && k.IsRoot() && !capturedOnce(fv) {
			return nil // a captured variable the enclosing function reassigns
		}
		return k
	}
	return nil
}

// KeyClass returns the type-level class of k (a struct field of a named
// type, a package variable) as Reassigned names them, or "" for locals,
// parameters and make sites.
func KeyClass(k *lockmodel.Key) string {
	if k == nil || len(k.Path) == 0 {
		if g, ok := k.Root.(*ssa.Global); ok {
			return k.Class + "@" + g.Name()
		}
		return ""
	}
	return k.Class
}

// Reassigned returns the classes of the struct fields and package variables
// (as KeyClass names them) that a function of fns stores a channel into
// after construction: a store through a pointer that is not a fresh
// allocation of the same function, or a store to a package variable
// outside init. Such a field may hold a different channel at two uses.
func Reassigned(fns []*ssa.Function) map[string]bool {
	out := make(map[string]bool)
	for _, fn := range fns {
		var ks *lockmodel.Keys
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok || !isChan(st.Val.Type()) {
					continue
				}
				switch addr := st.Addr.(type) {
				case *ssa.FieldAddr:
					if _, fresh := addr.X.(*ssa.Alloc); fresh {
						continue // s := &T{done: make(chan struct{})}
					}
					if ks == nil {
						ks = lockmodel.NewKeys(fn)
					}
					if k := ks.Of(addr); k != nil && k.Class != "" {
						out[k.Class] = true
					}
				case *ssa.Global:
					if isInit(fn) {
						continue
					}
					if ks == nil {
						ks = lockmodel.NewKeys(fn)
					}
					if k := ks.Of(addr); k != nil {
						out[KeyClass(k)] = true
					}
				}
			}
		}
	}
	return out
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

func isInit(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Signature.Recv() == nil && (fn.Name() == "init" || strings.HasPrefix(fn.Name(), "init#"))
}

// storedOnce reports whether the variable cell a is assigned once: one
// store in its function and none through the closures that capture it.
func storedOnce(a *ssa.Alloc) bool {
	refs := a.Referrers()
	if refs == nil {
		return false
	}
	stores := 0
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == a {
				stores++
			}
		case *ssa.MakeClosure:
			fn, bindings := gomodel.Target(r)
			if fn == nil {
				return false
			}
			for _, fv := range (gomodel.Frame{Fn: fn, Bindings: bindings}).Inner(a) {
				if frefs := fv.Referrers(); frefs != nil {
					for _, fr := range *frefs {
						if s, ok := fr.(*ssa.Store); ok && s.Addr == fv {
							return false
						}
					}
				}
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		}
	}
	return stores == 1
}

// Outer maps key k of a goroutine's or callee's function to the caller's
// key through frame f (the spawn's or call's bindings and arguments), or nil.
func Outer(outer *lockmodel.Keys, f gomodel.Frame, k *lockmodel.Key) *lockmodel.Key {
	if k == nil || k.Root == nil || len(k.Elems()) > 0 {
		return nil
	}
	if _, ok := k.Root.(*ssa.Global); ok {
		return k
	}
	v, ok := f.Outer(k.Root)
	if !ok {
		return nil
	}
	base := Key(outer, v)
	if base == nil {
		return nil
	}
	return base.Extend(k.Path...)
}

// capturedOnce reports whether fv, a closure's free variable, is bound to a
// value or to a variable cell assigned once, at every site that makes the
// closure.
func capturedOnce(fv *ssa.FreeVar) bool {
	fn := fv.Parent()
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	if idx < 0 {
		return false
	}
	for _, mc := range gomodel.ClosureSites(fn) {
		if idx >= len(mc.Bindings) {
			return false
		}
		switch b := mc.Bindings[idx].(type) {
		case *ssa.Alloc:
			if !storedOnce(b) {
				return false
			}
		case *ssa.FreeVar:
			if !capturedOnce(b) {
				return false
			}
		}
	}
	return true
}
