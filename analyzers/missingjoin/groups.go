package missingjoin

import (
	"go/types"
	"strings"

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

// keyOf returns the key of the group pointer v of function f, resolved
// into the spawner's frame when f is the goroutine entered through fr (nil:
// f's own frame). The mapping of the goroutine's free variables and
// parameters, and the field path, are gomodel.Trace's; a pointer field of
// a local struct set once to &wg resolves to wg (gomodel.ThroughFields), so
// go c.copy() on c := &copier{wg: &wg} counts on wg.
func keyOf(v ssa.Value, fr *gomodel.Frame) (gkey, bool) {
	var frames []gomodel.Frame
	if fr != nil {
		frames = []gomodel.Frame{*fr}
	}
	root, path, inner := gomodel.Trace(v, frames...)
	if inner {
		// A value local to the goroutine: not one of the spawner's groups.
		return gkey{}, false
	}
	switch root.(type) {
	case *ssa.Alloc, *ssa.Global, *ssa.Call, *ssa.Extract, *ssa.FreeVar, *ssa.Parameter:
	default:
		return gkey{}, false
	}
	root, path = gomodel.ThroughFields(root, path)
	return gkey{root: root, path: strings.Join(path, ".")}, true
}

// throughFields resolves k's path through pointer fields set once
// (gomodel.ThroughFields).
func (k gkey) throughFields() gkey {
	if k.path == "" {
		return k
	}
	root, path := gomodel.ThroughFields(k.root, strings.Split(k.path, "."))
	return gkey{root: root, path: strings.Join(path, ".")}
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
func (pc *passContext) opsIn(fn *ssa.Function, fr *gomodel.Frame) []opSite {
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
func (pc *passContext) calleeOps(out []opSite, ci ssa.CallInstruction, fr *gomodel.Frame, deferred bool) []opSite {
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
		out = append(out, opSite{kind: kind, key: k.with(o.Path).throughFields(), instr: ci, deferred: deferred, guarded: o.Guarded})
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
