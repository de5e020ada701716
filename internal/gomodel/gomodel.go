// Package gomodel finds the places where a function starts goroutines:
// go statements, errgroup.Group.Go/TryGo and sync.WaitGroup.Go, and calls of
// same-package functions that start a function parameter as a goroutine on
// their caller's behalf. It is the one model of spawn sites shared by
// goroutineleak, missingjoin, chanmodel, unguarded and lockmodel.
//
// It also owns THE mapping from the values a function sees (its free
// variables and parameters) to the values its caller gave them: Frame. A
// goroutine's Frame maps its captured variables and bound arguments to the
// spawner's values; a synchronous call's Frame (CallFrame) does the same for
// a called closure or function. Trace follows a value through field
// selections and loads to its root in the outermost frame, the one question
// "which of the spawner's variables does this goroutine use?".
//
// Migrating a consumer: replace loops of the form
//
//	for i, fv := range s.Fn.FreeVars { if fv == v && i < len(s.Bindings) { outer = s.Bindings[i] } }
//
// with s.Frame().Outer(v), loops over Bindings looking for an outer value
// with Frame.Inner, and hand-written field-path walks with Trace.
package gomodel

import (
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/ssa"
)

// Kind says how a goroutine was started.
type Kind int

const (
	GoStmt      Kind = iota // go f(x)
	ErrgroupGo              // g.Go(f), g.TryGo(f)
	WaitGroupGo             // wg.Go(f)
	ViaCall                 // starter(f): a same-package function that starts its parameter (see StartsParam)
)

func (k Kind) String() string {
	switch k {
	case ErrgroupGo:
		return "errgroup.Go"
	case WaitGroupGo:
		return "WaitGroup.Go"
	case ViaCall:
		return "call of a goroutine starter"
	}
	return "go statement"
}

// Spawn is one place that starts a goroutine.
type Spawn struct {
	Kind  Kind
	Instr ssa.CallInstruction // the *ssa.Go, or the *ssa.Call of Go/TryGo or of the starter
	// Fn is the function the goroutine runs when it is known statically:
	// a declared function or method, or a closure's body.
	Fn *ssa.Function
	// Bindings are the closure's captured values (Fn.FreeVars[i] is bound to
	// Bindings[i]); nil for declared functions.
	Bindings []ssa.Value
	// Args are the arguments Fn receives (for methods the receiver first).
	// Empty for errgroup and WaitGroup.Go, whose function takes none.
	Args []ssa.Value
	// Group is the errgroup or WaitGroup pointer for ErrgroupGo/WaitGroupGo.
	Group ssa.Value
}

// Pos is the position of the go statement or the Go call.
func (s Spawn) Pos() token.Pos { return s.Instr.Pos() }

// Frame is the goroutine's entry frame: its free variables and parameters
// bound to the spawner's values.
func (s Spawn) Frame() Frame { return Frame{Fn: s.Fn, Bindings: s.Bindings, Args: s.Args} }

// Outer maps v, a free variable or parameter of the goroutine's function,
// to the spawner's value (see Frame.Outer).
func (s Spawn) Outer(v ssa.Value) (ssa.Value, bool) { return s.Frame().Outer(v) }

// Inner returns the goroutine's free variables and parameters bound to the
// spawner's value outer (see Frame.Inner).
func (s Spawn) Inner(outer ssa.Value) []ssa.Value { return s.Frame().Inner(outer) }

// Spawns returns the spawn sites in fn's own body (not in its closures,
// which ssa lists as functions of their own), in block order: go
// statements, errgroup Go/TryGo and WaitGroup.Go. Calls of starters are
// not included; see SpawnsVia.
func Spawns(fn *ssa.Function) []Spawn {
	var out []Spawn
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Go:
				out = append(out, GoSpawn(instr))
			case *ssa.Call:
				if s, ok := GroupSpawn(instr); ok {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// Started returns the functions that a spawn site of fns starts (go
// statements, errgroup Go/TryGo, WaitGroup.Go), each once.
func Started(fns []*ssa.Function) map[*ssa.Function]bool {
	out := make(map[*ssa.Function]bool)
	for _, f := range fns {
		for _, s := range Spawns(f) {
			if s.Fn != nil {
				out[s.Fn] = true
			}
		}
	}
	return out
}

// GoSpawn returns the spawn of a go statement.
func GoSpawn(instr *ssa.Go) Spawn {
	s := Spawn{Kind: GoStmt, Instr: instr}
	s.Fn, s.Bindings = Target(instr.Call.Value)
	if instr.Call.IsInvoke() {
		s.Args = append([]ssa.Value{instr.Call.Value}, instr.Call.Args...)
	} else {
		s.Args = instr.Call.Args
	}
	return s
}

// GroupSpawn recognises g.Go(f), g.TryGo(f) and wg.Go(f).
func GroupSpawn(instr *ssa.Call) (Spawn, bool) {
	var kind Kind
	switch known.Call(&instr.Call) {
	case known.GroupGo, known.GroupTryGo:
		kind = ErrgroupGo
	case known.WGGo:
		kind = WaitGroupGo
	default:
		return Spawn{}, false
	}
	args := instr.Call.Args
	if len(args) != 2 {
		return Spawn{}, false
	}
	s := Spawn{Kind: kind, Instr: instr, Group: args[0]}
	s.Fn, s.Bindings = Target(args[1])
	return s, true
}

// SpawnsVia returns Spawns(fn) followed by the calls in fn's body that hand
// a statically known function to a same-package starter (StartsParam), as
// spawns of kind ViaCall running that function.
func SpawnsVia(fn *ssa.Function) []Spawn {
	out := Spawns(fn)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || call.Call.IsInvoke() {
				continue
			}
			callee := call.Call.StaticCallee()
			for i, a := range call.Call.Args {
				f, bindings := Target(a)
				if f == nil || !StartsParam(callee, i, fn.Pkg) {
					continue
				}
				out = append(out, Spawn{Kind: ViaCall, Instr: call, Fn: f, Bindings: bindings})
			}
		}
	}
	return out
}

// Target resolves a function value to the function it denotes statically,
// with a closure's bindings, or returns nil.
func Target(v ssa.Value) (*ssa.Function, []ssa.Value) {
	switch v := v.(type) {
	case *ssa.Function:
		return v, nil
	case *ssa.MakeClosure:
		if fn, ok := v.Fn.(*ssa.Function); ok {
			return fn, v.Bindings
		}
	}
	return nil, nil
}

// Frame is one entry into a function: the values its caller gives the
// function's free variables (a closure's bindings) and parameters (the
// call's arguments, for methods the receiver first).
type Frame struct {
	Fn       *ssa.Function
	Bindings []ssa.Value // Fn.FreeVars[i] is bound to Bindings[i]
	Args     []ssa.Value // Fn.Params[i] receives Args[i]
}

// CallFrame returns the frame a static call (or defer) enters: a declared
// function with its arguments, or a closure with its bindings. ok is false
// for dynamic and interface calls.
func CallFrame(c *ssa.CallCommon) (Frame, bool) {
	if c.IsInvoke() {
		return Frame{}, false
	}
	fn, bindings := Target(c.Value)
	if fn == nil {
		return Frame{}, false
	}
	return Frame{Fn: fn, Bindings: bindings, Args: c.Args}, true
}

// Outer maps v, a free variable or parameter of f.Fn, to the caller's value
// bound to it. ok is false for any other value, and for a parameter the
// frame has no argument for (errgroup's func() error takes none).
func (f Frame) Outer(v ssa.Value) (ssa.Value, bool) {
	if f.Fn == nil {
		return nil, false
	}
	switch v := v.(type) {
	case *ssa.FreeVar:
		for i, fv := range f.Fn.FreeVars {
			if fv == v && i < len(f.Bindings) {
				return f.Bindings[i], true
			}
		}
	case *ssa.Parameter:
		for i, p := range f.Fn.Params {
			if p == v && i < len(f.Args) {
				return f.Args[i], true
			}
		}
	}
	return nil, false
}

// Inner returns f.Fn's free variables and parameters bound to outer, the
// caller's value, in that order.
func (f Frame) Inner(outer ssa.Value) []ssa.Value {
	if f.Fn == nil {
		return nil
	}
	var out []ssa.Value
	for i, b := range f.Bindings {
		if b == outer && i < len(f.Fn.FreeVars) {
			out = append(out, f.Fn.FreeVars[i])
		}
	}
	for i, a := range f.Args {
		if a == outer && i < len(f.Fn.Params) {
			out = append(out, f.Fn.Params[i])
		}
	}
	return out
}

// Trace follows v, a value of the innermost frame's function (or of the
// outermost caller when frames is empty), through field selections
// (FieldAddr, Field), loads (*p) and type changes to its root, mapping free
// variables and parameters outwards through frames (frames[0] is entered by
// the outermost caller, the last is innermost). It returns the root, a value
// of the outermost caller unless inner is set, and the field names from the
// root outwards ("s.inner.wg" is ["inner", "wg"]).
//
// inner is set when the root is a value of one of the frames' functions
// that the frame does not bind (a local of the goroutine), in which case
// root is that local.
func Trace(v ssa.Value, frames ...Frame) (root ssa.Value, path []string, inner bool) {
	var rev []string
	level := len(frames) - 1
	for range 64 {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			rev = append(rev, FieldName(x.X.Type(), x.Field))
			v = x.X
			continue
		case *ssa.Field:
			rev = append(rev, FieldName(x.X.Type(), x.Field))
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				v = x.X
				continue
			}
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.FreeVar, *ssa.Parameter:
			if level >= 0 && v.Parent() == frames[level].Fn {
				if o, ok := frames[level].Outer(v); ok {
					v = o
					level--
					continue
				}
				return v, reverse(rev), true
			}
		}
		break
	}
	if level >= 0 && v.Parent() != nil && v.Parent() == frames[level].Fn {
		return v, reverse(rev), true
	}
	return v, reverse(rev), false
}

func reverse(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[len(s)-1-i] = x
	}
	return out
}

// FieldName names field i of the struct t (or *t) points to, or "?".
func FieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if st, ok := t.Underlying().(*types.Struct); ok && i < st.NumFields() {
		return st.Field(i).Name()
	}
	return "?"
}

// ThroughFields resolves a root and field path (from Trace) through pointer
// fields of a local allocation that are set exactly once: for c :=
// &copier{wg: &wg}, (c, ["wg"]) becomes (wg, []). The stored value is traced
// in the allocation's own function. It stops at the first field that is not
// such a pointer field, and returns its arguments unchanged when nothing
// resolves.
//
// Precision: the single store must be the only write to that field of the
// allocation in the function that makes it; a later c.wg = other (or a
// store through an alias the function cannot see) keeps the path as is.
func ThroughFields(root ssa.Value, path []string) (ssa.Value, []string) {
	for range 8 {
		a, ok := root.(*ssa.Alloc)
		if !ok || len(path) == 0 || a.Referrers() == nil {
			return root, path
		}
		var val ssa.Value
		n := 0
		if cellOfPointer(a) {
			// A captured pointer variable (c := &copier{...} used by a
			// closure) lives in a cell: follow its one store.
			for _, r := range *a.Referrers() {
				if st, ok := r.(*ssa.Store); ok && st.Addr == ssa.Value(a) {
					val = st.Val
					n++
				}
			}
			if n != 1 {
				return root, path
			}
			root, _, _ = Trace(val)
			if root == ssa.Value(a) {
				return root, path
			}
			continue
		}
		for _, r := range *a.Referrers() {
			fa, ok := r.(*ssa.FieldAddr)
			if !ok || FieldName(fa.X.Type(), fa.Field) != path[0] || fa.Referrers() == nil {
				continue
			}
			if _, ptr := fa.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Pointer); !ptr {
				return root, path
			}
			for _, fr := range *fa.Referrers() {
				if st, ok := fr.(*ssa.Store); ok && st.Addr == ssa.Value(fa) {
					val = st.Val
					n++
				}
			}
		}
		if n != 1 {
			return root, path
		}
		r2, p2, _ := Trace(val)
		root, path = r2, append(p2, path[1:]...)
	}
	return root, path
}

// cellOfPointer reports whether a is a variable cell holding a pointer.
func cellOfPointer(a *ssa.Alloc) bool {
	_, ok := a.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Pointer)
	return ok
}

// ClosureSites returns the MakeClosure instructions that create the
// anonymous function fn in its parent (nil for a named function).
func ClosureSites(fn *ssa.Function) []*ssa.MakeClosure {
	parent := fn.Parent()
	if parent == nil {
		return nil
	}
	var out []*ssa.MakeClosure
	for _, b := range parent.Blocks {
		for _, in := range b.Instrs {
			if mc, ok := in.(*ssa.MakeClosure); ok && mc.Fn == fn {
				out = append(out, mc)
			}
		}
	}
	return out
}

// BoundOnce returns the value bound to fv, a free variable of an anonymous
// function created at a single site (one MakeClosure in its parent), or
// nil when the function is made at several sites or none.
func BoundOnce(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	sites := ClosureSites(fn)
	if len(sites) != 1 {
		return nil
	}
	v, _ := Frame{Fn: fn, Bindings: sites[0].Bindings}.Outer(fv)
	return v
}
