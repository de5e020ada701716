package gomodel

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Exposure tells which methods only code of their own package can call:
// those with unexported names, and the exported methods of an unexported
// type that never leaves the package — not named by an exported
// function's, variable's, field's or method's type, not embedded in a
// struct (which would promote its methods), not converted to an interface
// (another package could call it through one). Calls from the package's
// own code are then every call there is, so call-site evidence applies.
type Exposure struct {
	exposed map[*types.TypeName]bool
}

// NewExposure scans the package's exported API and its functions'
// interface conversions.
func NewExposure(pkg *types.Package, funcs []*ssa.Function) *Exposure {
	e := &Exposure{exposed: make(map[*types.TypeName]bool)}
	seen := make(map[types.Type]bool)
	var mark func(t types.Type, depth int)
	mark = func(t types.Type, depth int) {
		if t == nil || depth > 12 || seen[t] {
			return
		}
		seen[t] = true
		switch t := types.Unalias(t).(type) {
		case *types.Named:
			if t.Obj().Pkg() == pkg {
				e.exposed[t.Origin().Obj()] = true
			}
			if args := t.TypeArgs(); args != nil {
				for i := range args.Len() {
					mark(args.At(i), depth+1)
				}
			}
			// The exported methods and fields of an exposed type are
			// reachable too.
			for i := range t.NumMethods() {
				if m := t.Method(i); m.Exported() {
					mark(m.Type(), depth+1)
				}
			}
			mark(t.Underlying(), depth+1)
		case *types.Pointer:
			mark(t.Elem(), depth+1)
		case *types.Slice:
			mark(t.Elem(), depth+1)
		case *types.Array:
			mark(t.Elem(), depth+1)
		case *types.Map:
			mark(t.Key(), depth+1)
			mark(t.Elem(), depth+1)
		case *types.Chan:
			mark(t.Elem(), depth+1)
		case *types.Signature:
			for i := range t.Params().Len() {
				mark(t.Params().At(i).Type(), depth+1)
			}
			for i := range t.Results().Len() {
				mark(t.Results().At(i).Type(), depth+1)
			}
		case *types.Struct:
			for i := range t.NumFields() {
				if f := t.Field(i); f.Exported() || f.Embedded() {
					mark(f.Type(), depth+1)
				}
			}
		case *types.Interface:
			for i := range t.NumMethods() {
				mark(t.Method(i).Type(), depth+1)
			}
		}
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if tn, ok := obj.(*types.TypeName); ok {
			// Embedding promotes methods whoever embeds.
			if st, ok := tn.Type().Underlying().(*types.Struct); ok {
				for i := range st.NumFields() {
					if f := st.Field(i); f.Embedded() {
						mark(f.Type(), 0)
					}
				}
			}
		}
		if token.IsExported(name) {
			mark(obj.Type(), 0)
		}
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				if mi, ok := in.(*ssa.MakeInterface); ok {
					mark(mi.X.Type(), 0)
				}
			}
		}
	}
	return e
}

// Internal reports whether only code of fn's own package can call fn
// directly: fn has an unexported name, or it is a method of an unexported
// type that does not leave the package.
func (e *Exposure) Internal(fn *ssa.Function) bool {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if !token.IsExported(fn.Name()) {
		return true
	}
	recv := fn.Signature.Recv()
	if recv == nil || e == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := named.Origin().Obj()
	return !obj.Exported() && !e.exposed[obj]
}
