// Package lockmodel is concurlint's shared model of locks on SSA: which
// values are locks, a stable identity for "the same lock" (Key), effect
// summaries of lock wrappers (Summary), and the state of every lock along
// the control-flow paths of a function (Walk). The unlock, deadlock,
// unguarded and condwait analyzers all reason through it.
//
// Walk prunes what cannot happen: branches on constant conditions and the
// contradicting outcome of a condition already tested (ssacfg's condition
// classes), and paths through a call that cannot return given what the
// path knows of its arguments (Config.Stops, internal/noreturn: after
// `if err != nil`, requireNoError(t, err) ends the path). Locks the caller
// holds (Config.HeldOnEntry) start the walk held on its behalf.
//
// Keys have typed operations (Same, SameClass, Field, Extend, Under, Param,
// Elems): analyzers compare and take keys apart with them, never by
// building or parsing ID strings.
package lockmodel

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A Key names one lock inside one function: a root value and a path of
// field selections from it. Two operations whose keys have equal ID act on
// the same lock (within the function); Class compares locks across
// functions ("the mu field of any *T").
type Key struct {
	// ID is canonical within the function: root identity plus field path.
	ID string
	// Display renders the lock as the source writes it ("c.mu", "mu").
	Display string
	// Class is a type-level identity ("(example.com/p.Cache).mu",
	// "example.com/p.mu" for a package variable), or "" for locals.
	Class string
	// Root is the value the path starts at: a *ssa.Parameter, *ssa.FreeVar,
	// *ssa.Global, *ssa.Alloc or the *ssa.Call of an accessor.
	Root ssa.Value
	// Path lists the selected field names, embedded ones included; an
	// element of a slice, array or map is "[i]" with i the index value's
	// SSA name or constant.
	Path []string
	// elems: the index values of element selections on the path
	// (s.shards[i].mu): a key whose index changes from one loop iteration
	// to the next names a different lock each time.
	elems []ssa.Value
}

// Elems returns the index values of the element selections on k's path
// (nil for a plain field path).
func (k *Key) Elems() []ssa.Value { return k.elems }

func (k *Key) String() string { return k.Display }

// Typed operations: analyzers compare, extend and take keys apart with
// these, never by building or parsing ID strings.

// Same reports whether k and o name the same lock of one function.
func (k *Key) Same(o *Key) bool { return k != nil && o != nil && k.ID == o.ID }

// SameClass reports whether k and o are the same lock field of the same
// type ("the mu field of any *Cache"), across functions. Locals have no
// class and are never the same class as anything.
func (k *Key) SameClass(o *Key) bool {
	return k != nil && o != nil && k.Class != "" && k.Class == o.Class
}

// Field returns the key of the field name selected from k's lock value
// (k.name), or nil for a nil k.
func (k *Key) Field(name string) *Key {
	if k == nil {
		return nil
	}
	return child(k, name, false)
}

// Extend returns the key of the field path below k (nil for a nil k; k
// itself for no path).
func (k *Key) Extend(path ...string) *Key {
	for _, name := range path {
		k = k.Field(name)
	}
	return k
}

// IsRoot reports whether k is its root value itself (no field path).
func (k *Key) IsRoot() bool { return k != nil && len(k.Path) == 0 }

// PathString returns k's field path as a dot-separated string, the form
// Summary effects use ("" for a root).
func (k *Key) PathString() string { return strings.Join(k.Path, ".") }

// Under reports whether k is base or a lock reached through base's
// fields, and returns the field path from base to k.
func (k *Key) Under(base *Key) ([]string, bool) {
	if k == nil || base == nil || k.Root != base.Root || len(k.Path) < len(base.Path) {
		return nil, false
	}
	if k.Root == nil && k.ID != base.ID && !strings.HasPrefix(k.ID, base.ID+".") {
		return nil, false
	}
	for i, p := range base.Path {
		if k.Path[i] != p {
			return nil, false
		}
	}
	return append([]string(nil), k.Path[len(base.Path):]...), true
}

// Param returns the index of k's root among fn's parameters (the
// receiver is 0), if it is a parameter.
func (k *Key) Param(fn *ssa.Function) (int, bool) {
	if k == nil {
		return 0, false
	}
	for i, p := range fn.Params {
		if ssa.Value(p) == k.Root {
			return i, true
		}
	}
	return 0, false
}

// Keys computes and caches keys for the values of one function.
type Keys struct {
	fn    *ssa.Function
	cache map[ssa.Value]*Key
	busy  map[ssa.Value]bool
	// names: the variable a fresh value (&T{…}, new(T)) is assigned to,
	// by the position SSA gives its allocation; built on first need.
	names     map[token.Pos]string
	indexes   map[token.Pos]string // index expression text by '[' position
	rangeVars []rangeVar
}

// rangeVar: a range loop's value variable and the extent of the ranged
// expression (SSA positions the element's address inside it).
type rangeVar struct {
	pos, end token.Pos
	name     string
}

// rangeVarAt returns the value variable of the innermost range loop whose
// ranged expression contains pos.
func (ks *Keys) rangeVarAt(pos token.Pos) string {
	name, width := "", token.Pos(-1)
	for _, r := range ks.rangeVars {
		if r.pos <= pos && pos < r.end && (width < 0 || r.end-r.pos < width) {
			name, width = r.name, r.end-r.pos
		}
	}
	return name
}

// NewKeys returns a key cache for fn.
func NewKeys(fn *ssa.Function) *Keys {
	return &Keys{fn: fn, cache: make(map[ssa.Value]*Key), busy: make(map[ssa.Value]bool)}
}

// Of returns the key of the lock that v points to (or, for interface and
// pointer values, denotes), or nil when its identity cannot be established —
// callers must then stay silent about it.
func (ks *Keys) Of(v ssa.Value) *Key {
	if k, ok := ks.cache[v]; ok {
		return k
	}
	if ks.busy[v] {
		return nil // a cycle through phis
	}
	ks.busy[v] = true
	k := ks.compute(v)
	delete(ks.busy, v)
	ks.cache[v] = k
	return k
}

// Extend returns the key of path below base (path as in Summary effects:
// dot-separated field names), or base itself for an empty path.
func (ks *Keys) Extend(base *Key, path string) *Key {
	if base == nil || path == "" {
		return base
	}
	k := base
	for _, name := range strings.Split(path, ".") {
		k = child(k, name, false)
	}
	return k
}

func child(parent *Key, name string, embedded bool) *Key {
	k := &Key{
		ID:    parent.ID + "." + name,
		Root:  parent.Root,
		Path:  append(append([]string(nil), parent.Path...), name),
		elems: parent.elems,
	}
	k.Display = parent.Display
	if !embedded {
		k.Display += "." + name
	}
	if parent.Class != "" {
		k.Class = parent.Class + "." + name
	}
	return k
}

func (ks *Keys) compute(v ssa.Value) *Key {
	switch v := v.(type) {
	case *ssa.Parameter:
		return &Key{ID: "p:" + v.Name(), Display: v.Name(), Class: typeClass(v.Type()), Root: v}
	case *ssa.FreeVar:
		cls := typeClass(v.Type())
		if p, ok := v.Type().Underlying().(*types.Pointer); ok && cls == "" {
			// The captured cell of a variable holding a *T (loads are
			// implicit in keys): T's class.
			cls = typeClass(p.Elem())
		}
		return &Key{ID: "f:" + v.Name(), Display: v.Name(), Class: cls, Root: v}
	case *ssa.Global:
		name := v.Name()
		if v.Pkg != nil && ks.fn.Pkg != nil && v.Pkg != ks.fn.Pkg {
			name = v.Pkg.Pkg.Name() + "." + name
		}
		path := v.Name()
		if v.Pkg != nil {
			path = v.Pkg.Pkg.Path() + "." + v.Name()
		}
		return &Key{ID: "g:" + path, Display: name, Class: path, Root: v}
	case *ssa.Alloc:
		if v.Comment == "" {
			return nil
		}
		if p := SpilledParam(v); p != nil {
			// A parameter a closure captures lives in this cell; loads
			// are implicit in keys, so the cell is the parameter.
			return ks.Of(p)
		}
		// A local: the name alone is not unique (shadowing), the SSA name is.
		display := v.Comment
		if display == "complit" || display == "new" {
			// s := &store{…}: render as the source does, "s".
			name := ks.allocName(v.Pos())
			if name == "" {
				name = v.Comment
			}
			display = name
		}
		return &Key{ID: "l:" + v.Name(), Display: display, Root: v}
	case *ssa.IndexAddr:
		return ks.elem(v.X, v.Index, v.Pos())
	case *ssa.Lookup:
		if !v.CommaOk {
			return ks.elem(v.X, v.Index, v.Pos())
		}
	case *ssa.FieldAddr:
		return ks.field(v.X, v.Field)
	case *ssa.Field:
		return ks.field(v.X, v.Field)
	case *ssa.UnOp:
		// A load of a pointer (s.mu where mu is *sync.Mutex, or *p): the
		// lock is the one the loaded pointer designates; loads are implicit
		// in both IDs and display.
		if v.Op.String() == "*" {
			return ks.Of(v.X)
		}
	case *ssa.MakeInterface:
		return ks.Of(v.X)
	case *ssa.ChangeType:
		return ks.Of(v.X)
	case *ssa.ChangeInterface:
		return ks.Of(v.X)
	case *ssa.TypeAssert:
		if !v.CommaOk {
			return ks.Of(v.X)
		}
	case *ssa.Phi:
		var k *Key
		for _, e := range v.Edges {
			if e == v {
				continue
			}
			ek := ks.Of(e)
			if ek == nil || (k != nil && ek.ID != k.ID) {
				return nil
			}
			k = ek
		}
		return k
	case *ssa.Call:
		// An accessor: c.lockFor() with no arguments besides the receiver
		// and a statically known callee names the same lock each time it is
		// called on the same receiver.
		callee := v.Call.StaticCallee()
		if callee == nil || v.Call.IsInvoke() || callee.Signature.Recv() == nil || len(v.Call.Args) != 1 {
			return nil
		}
		recv := ks.Of(v.Call.Args[0])
		if recv == nil {
			return nil
		}
		k := child(recv, callee.Name()+"()", false)
		return k
	}
	return nil
}

// elem returns the key of an element x[index] of a slice, array or map
// (s.shards[i].mu, a range element): the same lock while the index value
// is the same SSA value.
func (ks *Keys) elem(x, index ssa.Value, pos token.Pos) *Key {
	parent := ks.Of(x)
	if parent == nil {
		return nil
	}
	idx := index.Name()
	if c, ok := index.(*ssa.Const); ok {
		if c.Value == nil {
			return nil
		}
		idx = c.Value.ExactString()
	}
	name := "[" + idx + "]"
	k := &Key{
		ID:    parent.ID + name,
		Root:  parent.Root,
		Path:  append(append([]string(nil), parent.Path...), name),
		elems: append(append([]ssa.Value(nil), parent.elems...), index),
	}
	if parent.Class != "" {
		k.Class = parent.Class + "[]"
	}
	ks.syntaxNames()
	switch {
	case ks.indexes[pos] != "":
		k.Display = parent.Display + "[" + ks.indexes[pos] + "]"
	case ks.rangeVarAt(pos) != "":
		k.Display = ks.rangeVarAt(pos) // for _, sh := range s.shards: "sh"
	default:
		k.Display = parent.Display + "[…]"
	}
	return k
}

// allocName returns the variable that the allocation at pos (a composite
// literal's brace, new's parenthesis) is assigned to, or "".
func (ks *Keys) allocName(pos token.Pos) string {
	ks.syntaxNames()
	return ks.names[pos]
}

// syntaxNames indexes the function's syntax by the positions SSA gives
// allocations, index operations and range loops, for display.
func (ks *Keys) syntaxNames() {
	if ks.names == nil {
		ks.names = make(map[token.Pos]string)
		ks.indexes = make(map[token.Pos]string)
		if syn := ks.fn.Syntax(); syn != nil {
			ast.Inspect(syn, func(n ast.Node) bool {
				var lhs []*ast.Ident
				var rhs []ast.Expr
				switch n := n.(type) {
				case *ast.IndexExpr:
					ks.indexes[n.Lbrack] = types.ExprString(n.Index)
					return true
				case *ast.RangeStmt:
					if id, ok := n.Value.(*ast.Ident); ok && id.Name != "_" {
						ks.rangeVars = append(ks.rangeVars, rangeVar{n.X.Pos(), n.X.End(), id.Name})
					}
					return true
				case *ast.AssignStmt:
					for _, l := range n.Lhs {
						id, _ := l.(*ast.Ident)
						lhs = append(lhs, id)
					}
					rhs = n.Rhs
				case *ast.ValueSpec:
					lhs, rhs = n.Names, n.Values
				default:
					return true
				}
				if len(lhs) != len(rhs) {
					return true
				}
				for i, r := range rhs {
					if lhs[i] == nil {
						continue
					}
					r = ast.Unparen(r)
					if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.AND {
						r = ast.Unparen(u.X)
					}
					switch r := r.(type) {
					case *ast.CompositeLit:
						ks.names[r.Lbrace] = lhs[i].Name
					case *ast.CallExpr:
						ks.names[r.Lparen] = lhs[i].Name
					}
				}
				return true
			})
		}
	}
}

func (ks *Keys) field(x ssa.Value, index int) *Key {
	parent := ks.Of(x)
	if parent == nil {
		return nil
	}
	st := structOf(x.Type())
	if st == nil || index >= st.NumFields() {
		return nil
	}
	f := st.Field(index)
	return child(parent, f.Name(), f.Embedded())
}

func structOf(t types.Type) *types.Struct {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return nil // no fields to select through a type parameter
	}
	st, _ := t.Underlying().(*types.Struct)
	return st
}

// typeClass is the type-level class of a root of type t: the named type it
// (or what it points to) has, so that c.mu in two methods of *Cache share
// "(pkg.Cache).mu". Unnamed roots have no class.
func typeClass(t types.Type) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return ""
	}
	n = n.Origin()
	if n.Obj().Pkg() == nil {
		return ""
	}
	// Only structs: a class for a bare *sync.Mutex parameter would merge
	// every mutex in the program.
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return ""
	}
	if n.Obj().Pkg().Path() == "sync" {
		return ""
	}
	return "(" + n.Obj().Pkg().Path() + "." + n.Obj().Name() + ")"
}

// SpilledParam returns the parameter a is the heap cell of, when a
// closure captures a parameter (func (s *T) f() { go func() { s.x }() }):
// SSA stores the parameter into a cell once and loads it at every use.
// Only a cell that nothing stores to again (neither the function nor the
// closures that capture it) is the parameter; otherwise nil.
func SpilledParam(a *ssa.Alloc) *ssa.Parameter {
	refs := a.Referrers()
	if refs == nil || a.Comment == "" {
		return nil
	}
	var param *ssa.Parameter
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			p, ok := r.Val.(*ssa.Parameter)
			if !ok || r.Addr != a || param != nil || p.Name() != a.Comment {
				return nil
			}
			param = p
		case *ssa.UnOp:
			if r.Op.String() != "*" {
				return nil
			}
		case *ssa.DebugRef:
		case *ssa.MakeClosure:
			fn, ok := r.Fn.(*ssa.Function)
			if !ok {
				return nil
			}
			for i, b := range r.Bindings {
				if b != a || i >= len(fn.FreeVars) {
					continue
				}
				if !onlyLoaded(fn.FreeVars[i]) {
					return nil
				}
			}
		default:
			return nil
		}
	}
	return param
}

// onlyLoaded reports whether the captured cell fv is only read.
func onlyLoaded(fv *ssa.FreeVar) bool {
	refs := fv.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op.String() != "*" {
				return false
			}
		case *ssa.DebugRef:
		case *ssa.MakeClosure:
			// Captured again by a nested closure: follow it.
			fn, ok := r.Fn.(*ssa.Function)
			if !ok {
				return false
			}
			for i, b := range r.Bindings {
				if b == fv && i < len(fn.FreeVars) && !onlyLoaded(fn.FreeVars[i]) {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// OwnerClass is the type-level identity of the lock by the struct that
// holds it rather than by k's root: n.r.mu, with n a *Node whose r is a
// *Cache, is "(p.Cache).mu", as r.mu is for a *Cache r. "" when a type on
// the path is not a named struct (an element, an interface, a local).
func (k *Key) OwnerClass() string {
	if k == nil || k.Root == nil || len(k.Path) == 0 {
		return ""
	}
	t := k.Root.Type()
	if _, isGlobal := k.Root.(*ssa.Global); isGlobal {
		t = t.Underlying().(*types.Pointer).Elem()
	}
	for _, name := range k.Path[:len(k.Path)-1] {
		st, ok := structUnder(t)
		if !ok {
			return ""
		}
		var next types.Type
		for i := 0; i < st.NumFields(); i++ {
			if st.Field(i).Name() == name {
				next = st.Field(i).Type()
			}
		}
		if next == nil {
			return ""
		}
		t = next
	}
	if _, ok := structUnder(t); !ok {
		return ""
	}
	owner := typeClass(t)
	if owner == "" {
		return ""
	}
	return owner + "." + k.Path[len(k.Path)-1]
}

// structUnder returns the struct type t or *t is.
func structUnder(t types.Type) (*types.Struct, bool) {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	return st, ok
}

// EffectKeys returns the keys a summary effect with path names below the
// argument arg: one key, or, for a path starting with "[]" (every element
// of a slice parameter, lockNodes(ns ...*Inode)), one per element the call
// packs into its variadic slice (lockNodes(parent, child)). Nil when they
// cannot be named.
func (ks *Keys) EffectKeys(arg ssa.Value, path string) []*Key {
	if path != "[]" && !strings.HasPrefix(path, "[].") {
		if k := ks.Extend(ks.Of(arg), path); k != nil {
			return []*Key{k}
		}
		return nil
	}
	rest := strings.TrimPrefix(strings.TrimPrefix(path, "[]"), ".")
	sl, ok := arg.(*ssa.Slice)
	if !ok {
		return nil
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok || arr.Comment != "varargs" {
		return nil
	}
	var out []*Key
	for _, r := range *arr.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		for _, r2 := range *ia.Referrers() {
			if st, ok := r2.(*ssa.Store); ok && st.Addr == ia {
				if k := ks.Extend(ks.Of(st.Val), rest); k != nil {
					out = append(out, k)
				}
			}
		}
	}
	return out
}
