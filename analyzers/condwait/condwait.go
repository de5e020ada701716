package condwait

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"

	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/docutil"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockfacts"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/noreturn"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "condwait",
	Doc:      docutil.MustExtract(doc, "condwait"),
	URL:      "https://github.com/concurlint/concurlint#condwait",
	Run:      run,
	Requires: []*analysis.Analyzer{buildssa.Analyzer, ctrlflow.Analyzer, lockfacts.Analyzer, noreturn.Analyzer, suppress.Analyzer},
}

// passContext carries the pass and what its functions share.
type passContext struct {
	pass  *analysis.Pass
	cfg   lockmodel.Config
	facts *lockfacts.Result
	funcs []*ssa.Function
	// links: the lock each Cond field's L is, below the Cond's owner.
	links map[*types.Var]link
	// preds: for each Cond field, the fields its Wait loops test.
	preds map[*types.Var]map[*types.Var]bool
	// waiters: for each Cond field, the functions that wait on it in a
	// loop testing the predicate.
	waiters map[*types.Var][]*ssa.Function
	// stores: the values stored into each field anywhere in the package
	// (nil entry: a write the analysis cannot see the value of).
	stores map[*types.Var][]ssa.Value
	// loopCalled: functions called from inside a loop somewhere in the
	// package.
	loopCalled map[*ssa.Function]bool
	seen       map[string]bool
}

// condOp is one Wait, Signal or Broadcast call.
type condOp struct {
	api   known.API
	call  *ssa.Call
	recv  ssa.Value
	field *types.Var // the Cond field, or nil for a local Cond
	owner ssa.Value  // the struct holding the field
}

func run(pass *analysis.Pass) (any, error) {
	if !imports(pass.Pkg, "sync") {
		return nil, nil // no sync.Cond can be used here
	}
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	facts := pass.ResultOf[lockfacts.Analyzer].(*lockfacts.Result)
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	pc := &passContext{
		pass:       pass,
		facts:      facts,
		cfg:        lockmodel.Config{Summary: facts.Summary, NoReturn: cfgs.NoReturn, Stops: pass.ResultOf[noreturn.Analyzer].(*noreturn.Result)},
		links:      make(map[*types.Var]link),
		preds:      make(map[*types.Var]map[*types.Var]bool),
		waiters:    make(map[*types.Var][]*ssa.Function),
		stores:     make(map[*types.Var][]ssa.Value),
		loopCalled: make(map[*ssa.Function]bool),
		seen:       make(map[string]bool),
	}
	pc.funcs = pass.ResultOf[suppress.Analyzer].(*suppress.Result).HandWritten(ssainfo.SrcFuncs)
	ops := make(map[*ssa.Function][]condOp)
	for _, fn := range ssainfo.SrcFuncs {
		if o := condOps(fn); len(o) > 0 {
			ops[fn] = o
		}
	}
	if len(ops) == 0 {
		return nil, nil
	}
	// Phase 1: what the whole package says about each Cond field.
	pc.learnLinks(ssainfo.SrcFuncs)
	pc.learnStores(ssainfo.SrcFuncs)
	pc.learnLoopCalls(ssainfo.SrcFuncs)
	for _, fn := range ssainfo.SrcFuncs {
		for _, op := range ops[fn] {
			if op.api == known.CondWait && op.field != nil {
				if fs := waitPredicate(op.call); len(fs) > 0 {
					if pc.preds[op.field] == nil {
						pc.preds[op.field] = make(map[*types.Var]bool)
					}
					for f := range fs {
						pc.preds[op.field][f] = true
					}
					pc.waiters[op.field] = append(pc.waiters[op.field], fn)
				}
			}
		}
	}
	// Phase 2: the checks, function by function.
	for _, fn := range contain.Each(pass, pc.funcs) {
		if len(ops[fn]) == 0 {
			continue
		}
		pc.checkWaitLoop(fn, ops[fn])
		pc.checkLockState(fn, ops[fn])
		pc.checkSignalOnce(fn, ops[fn])
	}
	return nil, nil
}

func imports(pkg *types.Package, path string) bool {
	if pkg.Path() == path {
		return true
	}
	for _, p := range pkg.Imports() {
		if p.Path() == path {
			return true
		}
	}
	return false
}

func condOps(fn *ssa.Function) []condOp {
	var out []condOp
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(*ssa.Call)
			if !ok || c.Call.IsInvoke() || len(c.Call.Args) != 1 {
				continue
			}
			api := known.Call(&c.Call)
			if api != known.CondWait && api != known.CondSignal && api != known.CondBroadcast {
				continue
			}
			op := condOp{api: api, call: c, recv: c.Call.Args[0]}
			op.owner, op.field = condField(op.recv)
			out = append(out, op)
		}
	}
	return out
}

// learnStores records every value stored into a struct field (plain stores
// and sync/atomic writes), for the one-way question.
func (pc *passContext) learnStores(funcs []*ssa.Function) {
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Store:
					fa, ok := instr.Addr.(*ssa.FieldAddr)
					if !ok {
						continue
					}
					f := fieldOf(fa.X.Type(), fa.Field)
					if f == nil {
						continue
					}
					if _, fresh := fa.X.(*ssa.Alloc); fresh && isZeroConst(instr.Val) {
						// &T{done: false}: the initial state of a new object.
						continue
					}
					pc.stores[f] = append(pc.stores[f], instr.Val)
				case *ssa.Call:
					if k, addr := known.Atomic(&instr.Call); k == known.AtomicWrite {
						if fa, ok := addr.(*ssa.FieldAddr); ok {
							if f := fieldOf(fa.X.Type(), fa.Field); f != nil {
								pc.stores[f] = append(pc.stores[f], nil)
							}
						}
					}
				}
			}
		}
	}
}

func isZeroConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && (c.Value == nil || (c.Value.Kind() == constant.Bool && !constant.BoolVal(c.Value)) ||
		(c.Value.Kind() == constant.Int && constant.Sign(c.Value) == 0))
}

// oneWay reports whether f only ever changes one way: every write the
// package makes stores the same non-zero constant (done = true), so once a
// waiter's predicate holds it holds for good.
func (pc *passContext) oneWay(f *types.Var) bool {
	vals := pc.stores[f]
	if len(vals) == 0 {
		return false
	}
	var first constant.Value
	for _, v := range vals {
		c, ok := v.(*ssa.Const)
		if !ok || c.Value == nil || isZeroConst(c) {
			return false
		}
		if first == nil {
			first = c.Value
		} else if !constant.Compare(first, token.EQL, c.Value) {
			return false
		}
	}
	return true
}

// learnLoopCalls marks the functions called statically from inside a loop.
func (pc *passContext) learnLoopCalls(funcs []*ssa.Function) {
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			if !ssacfg.InLoop(b) {
				continue
			}
			for _, instr := range b.Instrs {
				if c, ok := instr.(ssa.CallInstruction); ok {
					if callee := c.Common().StaticCallee(); callee != nil {
						pc.loopCalled[callee] = true
					}
				}
			}
		}
	}
}

// waitPredicate returns the fields tested by the conditions that end the
// innermost loop around the Wait call (for !q.ready { c.Wait() }, and
// for { if q.ready { break }; c.Wait() }), or nil when the Wait is in no
// loop.
func waitPredicate(call *ssa.Call) map[*types.Var]bool {
	hs := ssacfg.LoopHeaders(call.Block())
	if len(hs) == 0 {
		return nil
	}
	h := hs[len(hs)-1]
	out := make(map[*types.Var]bool)
	for _, b := range call.Parent().Blocks {
		if !ssacfg.InLoopOf(b, h) || len(b.Instrs) == 0 {
			continue
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		exits := false
		for _, s := range b.Succs {
			if !ssacfg.InLoopOf(s, h) {
				exits = true
			}
		}
		if exits {
			fieldsRead(iff.Cond, out, make(map[ssa.Value]bool), 0)
		}
	}
	return out
}

// fieldsRead collects the struct fields a condition reads: directly, through
// len and other calls' arguments, and one level into a same-package method
// (for !q.ready() { … }).
func fieldsRead(v ssa.Value, out map[*types.Var]bool, seen map[ssa.Value]bool, depth int) {
	if v == nil || seen[v] || depth > 12 {
		return
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.FieldAddr:
		if f := fieldOf(v.X.Type(), v.Field); f != nil {
			out[f] = true
		}
	case *ssa.Field:
		if f := fieldOf(v.X.Type(), v.Field); f != nil {
			out[f] = true
		}
		fieldsRead(v.X, out, seen, depth+1)
	case *ssa.UnOp:
		if a, ok := v.X.(*ssa.Alloc); ok && a.Referrers() != nil {
			// A local cell (a function's result slot when it defers):
			// what was stored there.
			for _, r := range *a.Referrers() {
				if st, ok := r.(*ssa.Store); ok && st.Addr == a {
					fieldsRead(st.Val, out, seen, depth+1)
				}
			}
		}
		fieldsRead(v.X, out, seen, depth+1)
	case *ssa.BinOp:
		fieldsRead(v.X, out, seen, depth+1)
		fieldsRead(v.Y, out, seen, depth+1)
	case *ssa.Convert:
		fieldsRead(v.X, out, seen, depth+1)
	case *ssa.ChangeType:
		fieldsRead(v.X, out, seen, depth+1)
	case *ssa.Phi:
		for _, e := range v.Edges {
			fieldsRead(e, out, seen, depth+1)
		}
	case *ssa.Call:
		for _, a := range v.Call.Args {
			fieldsRead(a, out, seen, depth+1)
		}
		if callee := v.Call.StaticCallee(); callee != nil && depth < 4 {
			if callee.Pkg == v.Parent().Pkg && callee.Signature.Recv() != nil && len(callee.Params) > 0 {
				for _, b := range callee.Blocks {
					for _, instr := range b.Instrs {
						if fa, ok := instr.(*ssa.FieldAddr); ok && fa.X == callee.Params[0] {
							if f := fieldOf(fa.X.Type(), fa.Field); f != nil {
								out[f] = true
							}
						}
					}
				}
			}
		}
	}
}

// exported reports whether fn can be called by code the package does not
// control: an exported function or method (closures: their enclosing one).
func exported(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	obj, ok := fn.Object().(*types.Func)
	return ok && obj.Exported()
}

func (pc *passContext) summary(fn *ssa.Function) *lockmodel.Summary {
	if obj, ok := fn.Object().(*types.Func); ok {
		return pc.facts.Summary(obj)
	}
	return nil
}

// report emits d once, from the start of the call or statement at its
// position.
func (pc *passContext) report(d analysis.Diagnostic) {
	k := fmt.Sprintf("%d %s", d.Pos, d.Message)
	if pc.seen[k] {
		return
	}
	pc.seen[k] = true
	suppress.Report(pc.pass, d)
}

// callExpr finds the call expression whose parenthesis is at lparen.
func (pc *passContext) callExpr(lparen token.Pos) *ast.CallExpr {
	for _, f := range pc.pass.Files {
		if f.Pos() > lparen || lparen > f.End() {
			continue
		}
		var found *ast.CallExpr
		ast.Inspect(f, func(n ast.Node) bool {
			if found != nil || n == nil || n.Pos() > lparen || n.End() < lparen {
				return false
			}
			if c, ok := n.(*ast.CallExpr); ok && c.Lparen == lparen {
				found = c
				return false
			}
			return true
		})
		return found
	}
	return nil
}

func (pc *passContext) start(pos token.Pos) token.Pos {
	if c := pc.callExpr(pos); c != nil {
		return c.Pos()
	}
	return pos
}

func (pc *passContext) render(pos token.Pos) string {
	if c := pc.callExpr(pos); c != nil {
		if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
			return types.ExprString(sel.X)
		}
	}
	return "the Cond"
}

func sortedNames(fs map[*types.Var]bool) []string {
	var out []string
	for f := range fs {
		out = append(out, f.Name())
	}
	sort.Strings(out)
	return out
}
