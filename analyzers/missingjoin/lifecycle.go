package missingjoin

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// checkReturnWithoutWait reports a WaitGroup or errgroup that fn creates,
// counts goroutines with, keeps to itself, and does not wait for on some
// path to a return.
func (pc *passContext) checkReturnWithoutWait(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			var root ssa.Value
			switch v := in.(type) {
			case *ssa.Alloc:
				if isGroupType(v.Type()) {
					root = v
				}
			case *ssa.Extract:
				if v.Index == 0 && isErrgroup(v.Type()) {
					root = v
				}
			}
			if root != nil {
				pc.checkGroupLifecycle(fn, root)
			}
		}
	}
}

// groupUses is what a local group is used for, when it does not escape.
type groupUses struct {
	starts []ssa.Instruction // Add, Go: each makes a later Wait necessary
	waits  map[ssa.Instruction]bool
}

func (pc *passContext) checkGroupLifecycle(fn *ssa.Function, root ssa.Value) {
	u := &groupUses{waits: make(map[ssa.Instruction]bool)}
	if !pc.collectUses(root, u, true) || len(u.starts) == 0 {
		return
	}
	for w := range u.waits {
		if ssacfg.InLoop(w.Block()) {
			// A Wait inside a loop: whether the paths that skip it started
			// anything depends on trip counts we do not track.
			return
		}
	}
	if pc.unnamedArgument(root) {
		// go s.start(&sync.WaitGroup{}): a group nobody can ever wait
		// for, made only to satisfy the callee — the caller chose not to
		// join (it stops the goroutines some other way).
		return
	}
	name := keyName(gkey{root: root})
	for _, st := range u.starts {
		call, ok := st.(*ssa.Call)
		if !ok || !isGroupStart(&call.Call, root) {
			continue // a callee that counts with the group: its receiver is not the group
		}
		if t := pc.groupText(st.Pos()); t != "" {
			name = t // as written at the call: g, not new(errgroup.Group)
			break
		}
	}
	launches := groupLaunches(fn, root)
	for _, st := range u.starts {
		ret := pc.returnAfterLaunch(st, launches, u.waits)
		if ret == nil {
			continue
		}
		d := analysis.Diagnostic{Pos: st.Pos()}
		if len(u.waits) == 0 && len(gomodel.Spawns(fn)) == 0 && !startsViaGroup(u.starts, root) {
			// Add with no goroutine and no Wait in sight (a leftover
			// counter): nothing outlives the function.
			return
		}
		if len(u.waits) == 0 {
			d.Message = fmt.Sprintf("%s is never waited for: the goroutines it counts outlive %s", name, funcName(fn))
		} else {
			d.Message = fmt.Sprintf("%s returns on some path without waiting for %s after this point", funcName(fn), name)
			if ret.Pos().IsValid() {
				d.Related = []analysis.RelatedInformation{{Pos: ret.Pos(), Message: "returns here without Wait"}}
			}
		}
		pc.report(d)
		return
	}
}

// collectUses records the starts and waits of group pointer v and reports
// whether v stays local: used only as a receiver of group methods, by
// goroutines, and by callees whose facts describe what they do with it.
// Precision over recall: any other use (stored, returned, passed to an
// unknown function, deferred) means someone else may wait, and the check
// stays silent.
func (pc *passContext) collectUses(v ssa.Value, u *groupUses, top bool) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Call:
			c := &r.Call
			switch known.Call(c) {
			case known.WGAdd, known.WGGo, known.GroupGo, known.GroupTryGo:
				if c.Value == v || len(c.Args) == 0 || c.Args[0] != v {
					return false
				}
				if top {
					u.starts = append(u.starts, r)
				}
				continue
			case known.WGWait, known.GroupWait:
				if len(c.Args) == 0 || c.Args[0] != v {
					return false
				}
				if !top {
					// Waited for by another goroutine (a closer that
					// closes the results channel): not this function's job.
					return false
				}
				u.waits[r] = true
				continue
			case known.WGDone, known.GroupSetLimit:
				continue
			}
			if !pc.calleeUse(r, v, u, top) {
				return false
			}
		case *ssa.Defer:
			// A deferred Done is bookkeeping; a deferred Wait (or anything
			// else) hands the join to the defer: stay silent.
			if known.Call(&r.Call) != known.WGDone || len(r.Call.Args) == 0 || r.Call.Args[0] != v {
				return false
			}
		case *ssa.Go:
			if !pc.calleeUse(r, v, u, false) {
				return false
			}
		case *ssa.MakeClosure:
			if !top || !pc.closureUse(r, v, u) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// calleeUse accepts v as an argument of a static call whose joinfacts
// summary covers it; a Wait in the callee counts as a wait.
func (pc *passContext) calleeUse(ci ssa.CallInstruction, v ssa.Value, u *groupUses, top bool) bool {
	c := ci.Common()
	callee := c.StaticCallee()
	if callee == nil || c.Value == v {
		return false
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil {
		return false
	}
	ops := pc.facts.Ops(obj)
	for i, a := range c.Args {
		if a != v {
			continue
		}
		found := false
		for _, o := range ops {
			if o.Param != i || o.Path != "" {
				continue
			}
			found = true
			if o.Kind == "Wait" && top {
				u.waits[ci] = true
			}
			if o.Kind == "Add" && top {
				u.starts = append(u.starts, ci)
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// closureUse accepts a closure binding v when the closure is only started
// as a goroutine and uses its free variable only as a group receiver.
func (pc *passContext) closureUse(mc *ssa.MakeClosure, v ssa.Value, u *groupUses) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	for _, r := range *mc.Referrers() {
		switch r := r.(type) {
		case *ssa.Go:
			if r.Call.Value != ssa.Value(mc) {
				return false
			}
		case *ssa.Call:
			switch known.Call(&r.Call) {
			case known.WGGo, known.GroupGo, known.GroupTryGo:
				if len(r.Call.Args) != 2 || r.Call.Args[1] != ssa.Value(mc) {
					return false
				}
			default:
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	for _, fv := range (gomodel.Frame{Fn: fn, Bindings: mc.Bindings}).Inner(v) {
		if !pc.collectUses(fv, u, false) {
			return false
		}
	}
	return true
}

// funcName names fn as a reader knows it: its name, or "this function
// literal" rather than SSA's "F$1".
func funcName(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return "this function literal"
	}
	return fn.Name()
}

// isGroupStart reports whether c is Add, Go or TryGo called on root.
// groupLaunches lists where fn may start what the group counts: its go
// statements, and calls that are handed the group (a helper that starts a
// worker and counts it).
func groupLaunches(fn *ssa.Function, root ssa.Value) []ssa.Instruction {
	var out []ssa.Instruction
	for _, s := range gomodel.Spawns(fn) {
		out = append(out, s.Instr)
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			c, ok := in.(ssa.CallInstruction)
			if !ok {
				continue
			}
			switch known.Call(c.Common()) {
			case known.WGAdd, known.WGDone, known.WGWait, known.GroupWait:
				continue
			}
			for _, a := range c.Common().Args {
				if a == root {
					out = append(out, in)
					break
				}
			}
		}
	}
	return out
}

// returnAfterLaunch returns a return of st's function that a path reaches
// from st, through a launch, without a Wait; nil if none. An Add counts
// goroutines about to start: a return before any of them started (a setup
// error between wg.Add(2) and the go statements) leaves nothing running.
// Group starts that launch themselves (g.Go, wg.Go) are their own launch.
func (pc *passContext) returnAfterLaunch(st ssa.Instruction, launches []ssa.Instruction, waits map[ssa.Instruction]bool) ssa.Instruction {
	stop := func(in ssa.Instruction) bool { return waits[in] }
	isRet := func(in ssa.Instruction) bool { _, ok := in.(*ssa.Return); return ok }
	if c, ok := st.(*ssa.Call); !ok || known.Call(&c.Call) != known.WGAdd {
		return ssacfg.Reach(st, stop, isRet)
	}
	for _, l := range launches {
		if l == st || !ssacfg.After(st, l) {
			continue
		}
		if ssacfg.Reach(st, stop, func(in ssa.Instruction) bool { return in == l }) == nil {
			continue // every path to the launch waits first
		}
		if ret := ssacfg.Reach(l, stop, isRet); ret != nil {
			return ret
		}
	}
	return nil
}

func isGroupStart(c *ssa.CallCommon, root ssa.Value) bool {
	switch known.Call(c) {
	case known.WGAdd, known.WGGo, known.GroupGo, known.GroupTryGo:
		return len(c.Args) > 0 && c.Args[0] == root
	}
	return false
}

// unnamedArgument reports whether the group root is allocated by a
// composite literal or new() written directly as a call argument
// (f(&sync.WaitGroup{}), f(new(sync.WaitGroup))): no variable holds it, so
// the caller can never wait on it.
func (pc *passContext) unnamedArgument(root ssa.Value) bool {
	a, ok := root.(*ssa.Alloc)
	if !ok || !a.Pos().IsValid() {
		return false
	}
	for _, f := range pc.pass.Files {
		if f.FileStart > a.Pos() || a.Pos() >= f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, a.Pos(), a.Pos())
		var child ast.Node
		for _, n := range path {
			switch n := n.(type) {
			case *ast.CompositeLit, *ast.ParenExpr, *ast.Ident:
				child = n
				continue
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					child = n
					continue
				}
				return false
			case *ast.CallExpr:
				if child == nil {
					// new(sync.WaitGroup): the allocation is this call.
					if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "new" {
						child = n
						continue
					}
					return false
				}
				for _, arg := range n.Args {
					if arg == child {
						return true
					}
				}
				return false
			default:
				return false
			}
		}
		return false
	}
	return false
}

// startsViaGroup reports whether a start hands the group to a callee (a
// starter that runs goroutines counted by it) rather than calling Add on
// it directly.
func startsViaGroup(starts []ssa.Instruction, root ssa.Value) bool {
	for _, st := range starts {
		if call, ok := st.(*ssa.Call); !ok || !isGroupStart(&call.Call, root) {
			return true
		}
		if call := st.(*ssa.Call); known.Call(&call.Call) != known.WGAdd {
			return true // Go, TryGo: a goroutine
		}
	}
	return false
}
