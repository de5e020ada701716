package missingjoin

import (
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/joinfacts"
	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/ssa"
)

// gkey names a group: a root value of the function that starts the
// goroutines (an Alloc, Parameter, FreeVar, Global or call result) and a
// field path from it. Loads are looked through, so a captured variable and
// the WaitGroup it holds share a key.
type gkey struct {
	root ssa.Value
	path string
}

// frame maps a goroutine's free variables and parameters to the values the
// spawning function gave them; nil means "the function's own frame".
type frame struct {
	fn    *ssa.Function
	spawn *gomodel.Spawn
}

// keyOf returns the key of the group pointer v of function f, resolved
// into the spawner's frame when f is the goroutine of fr.
func keyOf(v ssa.Value, fr *frame) (gkey, bool) {
	var path []string
	for range 32 {
		switch x := v.(type) {
		case *ssa.FieldAddr:
			path = append(path, fieldName(x.X.Type(), x.Field))
			v = x.X
			continue
		case *ssa.Field:
			path = append(path, fieldName(x.X.Type(), x.Field))
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				v = x.X
				continue
			}
			return gkey{}, false
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.FreeVar:
			if fr != nil && x.Parent() == fr.fn {
				if i := indexOf(fr.fn.FreeVars, x); i >= 0 && i < len(fr.spawn.Bindings) {
					v, fr = fr.spawn.Bindings[i], nil
					continue
				}
				return gkey{}, false
			}
		case *ssa.Parameter:
			if fr != nil && x.Parent() == fr.fn {
				if i := indexOf(fr.fn.Params, x); i >= 0 && i < len(fr.spawn.Args) {
					v, fr = fr.spawn.Args[i], nil
					continue
				}
				return gkey{}, false
			}
		case *ssa.Alloc, *ssa.Global, *ssa.Call, *ssa.Extract:
		default:
			return gkey{}, false
		}
		if fr != nil {
			// A value local to the goroutine: not one of the spawner's groups.
			return gkey{}, false
		}
		k := gkey{root: v}
		for i := len(path) - 1; i >= 0; i-- {
			if k.path != "" {
				k.path += "."
			}
			k.path += path[i]
		}
		return k, true
	}
	return gkey{}, false
}

func indexOf[T comparable](s []T, x T) int {
	for i, y := range s {
		if y == x {
			return i
		}
	}
	return -1
}

func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if st, ok := t.Underlying().(*types.Struct); ok && i < st.NumFields() {
		return st.Field(i).Name()
	}
	return "?"
}

func (k gkey) with(path string) gkey {
	switch {
	case path == "":
	case k.path == "":
		k.path = path
	default:
		k.path += "." + path
	}
	return k
}

// opKind is a group operation.
type opKind int

const (
	opAdd opKind = iota
	opDone
	opWait
	opGo // errgroup Go/TryGo, WaitGroup.Go
)

// opSite is one group operation in a function.
type opSite struct {
	kind     opKind
	key      gkey
	instr    ssa.CallInstruction
	deferred bool
	direct   bool // the known API itself, not a callee summarised by facts
	guarded  bool // a callee's Add made while it holds a lock
	errgroup bool
}

// opsIn lists the group operations of fn's own body (not its closures) in
// the frame fr (nil: fn's own frame).
func (pc *passContext) opsIn(fn *ssa.Function, fr *frame) []opSite {
	if fr == nil {
		if ops, ok := pc.ops[fn]; ok {
			return ops
		}
	}
	var out []opSite
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := instr.(*ssa.Go); isGo {
				continue
			}
			_, deferred := instr.(*ssa.Defer)
			c := ci.Common()
			var kind opKind
			eg := false
			switch known.Call(c) {
			case known.WGAdd:
				kind = opAdd
			case known.WGDone:
				kind = opDone
			case known.WGWait:
				kind = opWait
			case known.WGGo:
				kind = opGo
			case known.GroupGo, known.GroupTryGo:
				kind, eg = opGo, true
			case known.GroupWait:
				kind, eg = opWait, true
			default:
				out = pc.calleeOps(out, ci, fr, deferred)
				continue
			}
			if c.IsInvoke() || len(c.Args) == 0 {
				continue
			}
			if k, ok := keyOf(c.Args[0], fr); ok {
				out = append(out, opSite{kind: kind, key: k, instr: ci, deferred: deferred, direct: true, errgroup: eg})
			}
		}
	}
	if fr == nil {
		pc.ops[fn] = out
	}
	return out
}

// calleeOps appends the operations a statically called function performs
// on its arguments, from joinfacts.
func (pc *passContext) calleeOps(out []opSite, ci ssa.CallInstruction, fr *frame, deferred bool) []opSite {
	c := ci.Common()
	if c.IsInvoke() {
		return out
	}
	callee, ok := c.Value.(*ssa.Function)
	if !ok {
		return out
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil {
		return out
	}
	facts := pc.facts.Ops(obj)
	balanced := func(o joinfacts.Op) bool {
		// A callee that both adds and marks done on the same group
		// (wg.Add(1); defer wg.Done() around its own work, as
		// http.Server.ListenAndServe does) counts itself, not its caller.
		for _, p := range facts {
			if p.Param == o.Param && p.Path == o.Path && p.Kind != o.Kind && (p.Kind == "Add" || p.Kind == "Done") && (o.Kind == "Add" || o.Kind == "Done") {
				return true
			}
		}
		return false
	}
	for _, o := range facts {
		if o.Param >= len(c.Args) || balanced(o) {
			continue
		}
		k, ok := keyOf(c.Args[o.Param], fr)
		if !ok {
			continue
		}
		var kind opKind
		switch o.Kind {
		case "Add":
			kind = opAdd
		case "Done":
			kind = opDone
		case "Wait":
			kind = opWait
		default:
			continue
		}
		out = append(out, opSite{kind: kind, key: k.with(o.Path), instr: ci, deferred: deferred, guarded: o.Guarded})
	}
	return out
}

// has reports whether ops contains an operation of kind on k.
func has(ops []opSite, kind opKind, k gkey) bool {
	for _, o := range ops {
		if o.kind == kind && o.key == k {
			return true
		}
	}
	return false
}
