// Package noreturn owns concurlint's conditional no-return summaries: a
// function that never returns to its caller (it panics, exits, or stops the
// test with t.FailNow), or that does not return when one of its parameters
// is non-nil, nil, true or false — the shape of hand-written test assertion
// helpers:
//
//	func requireNoError(t testing.TB, err error) {
//		if err != nil {
//			t.Helper()
//			t.Fatalf("unexpected error: %v", err)
//		}
//	}
//
// "requireNoError does not return when parameter 1 is non-nil", so a path
// that went through `if err != nil` ends at requireNoError(t, err).
//
// The base knowledge is internal/known's Stops table (panic, os.Exit,
// log.Fatal*, runtime.Goexit, testing.TB's Fatal*/FailNow/Skip*, interface
// calls of FailNow/Fatal* on any value implementing them, testify's
// require.* assertions) together with ctrlflow's unconditional no-return
// facts. Summaries are derived bottom-up on ctrlflow's syntactic CFGs
// (syntax and types only: this analyzer runs on every dependency under go
// vet, so it stays cheap) and exported as facts for other packages.
//
// A parameter condition is derived only for a parameter the function never
// assigns: the function is walked from its entry with the branches that
// contradict the assumption pruned, and "does not return when" holds if no
// return statement is reachable. Wrappers follow: a call of a summarised
// function whose argument is the assumed parameter (or a constant nil,
// true or false that satisfies the callee's condition) stops the path too.
//
// Consumers list Analyzer in Requires and use the typed *Result; on SSA,
// Result.Call answers for one call instruction with the SSA values its
// conditions are about.
package noreturn

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer computes no-return summaries and exports them as facts.
var Analyzer = &analysis.Analyzer{
	Name:       "noreturn",
	Doc:        "summarise functions that do not return, always or when a parameter is nil, non-nil, true or false (reports nothing)",
	Run:        run,
	Requires:   []*analysis.Analyzer{ctrlflow.Analyzer, inspect.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
	FactTypes:  []analysis.Fact{(*stops)(nil)},
}

// Cond is the condition on one argument under which a call does not return.
type Cond = known.StopCond

// The conditions (re-exported from internal/known).
const (
	NonNil = known.StopNonNil
	Nil    = known.StopNil
	True   = known.StopTrue
	False  = known.StopFalse
)

// ParamCond says: the function does not return when parameter Param (the
// receiver of a method is 0) satisfies Cond.
type ParamCond struct {
	Param int
	Cond  Cond
}

// Summary is a function's no-return behaviour.
type Summary struct {
	Always bool        // never returns
	When   []ParamCond // does not return under any one of these (sorted)
}

// Empty reports whether s records nothing.
func (s *Summary) Empty() bool { return s == nil || (!s.Always && len(s.When) == 0) }

func (s *Summary) String() string {
	if s.Always {
		return "always"
	}
	var xs []string
	for _, w := range s.When {
		xs = append(xs, fmt.Sprintf("%d:%s", w.Param, w.Cond))
	}
	return strings.Join(xs, ",")
}

func (s *Summary) equal(t *Summary) bool { return s.String() == t.String() }

// stops is the fact: a function's no-return summary.
type stops struct{ Summary }

func (*stops) AFact() {}

func (f *stops) String() string { return "stops(" + f.Summary.String() + ")" }

// Result answers no-return questions for the functions of the package and
// of its dependencies.
type Result struct {
	funcs map[*types.Func]*Summary
	lits  map[*ast.FuncLit]*Summary
	cfgs  *ctrlflow.CFGs
}

// Func returns fn's summary (nil when it returns normally as far as is
// known). Table knowledge, ctrlflow's facts, and derived summaries are
// combined; instantiated generic functions are looked up via their origin.
func (r *Result) Func(fn *types.Func) *Summary {
	if r == nil || fn == nil {
		return nil
	}
	fn = fn.Origin()
	if s, ok := r.funcs[fn]; ok {
		return s
	}
	if p, c := known.Stops(fn); c == known.StopAlways {
		return &Summary{Always: true}
	} else if c != known.StopNever {
		return &Summary{When: []ParamCond{{p, c}}}
	}
	if r.cfgs != nil && r.cfgs.NoReturn(fn) {
		return &Summary{Always: true}
	}
	return nil
}

// Lit returns the summary of a function literal of this package.
func (r *Result) Lit(lit *ast.FuncLit) *Summary {
	if r == nil {
		return nil
	}
	return r.lits[lit]
}

// ArgCond says: the call does not return when Arg satisfies Cond. Arg is
// the SSA value passed, with interface conversions stripped (the value a
// path condition such as `err != nil` tests).
type ArgCond struct {
	Arg  ssa.Value
	Cond Cond
}

// Call answers for one SSA call: whether it never returns, and the
// argument conditions under which it does not.
func (r *Result) Call(c *ssa.CallCommon) (always bool, when []ArgCond) {
	if r == nil {
		return false, nil
	}
	var s *Summary
	args := c.Args
	switch {
	case c.IsInvoke():
		s = r.Func(c.Method)
		args = append([]ssa.Value{c.Value}, c.Args...)
	default:
		switch v := c.Value.(type) {
		case *ssa.Function:
			s = r.ssaFunc(v)
		case *ssa.MakeClosure:
			if f, ok := v.Fn.(*ssa.Function); ok {
				s = r.ssaFunc(f)
			}
		}
	}
	if s == nil {
		return false, nil
	}
	if s.Always {
		return true, nil
	}
	for _, w := range s.When {
		if w.Param < len(args) {
			when = append(when, ArgCond{StripConv(args[w.Param]), w.Cond})
		}
	}
	return false, when
}

func (r *Result) ssaFunc(f *ssa.Function) *Summary {
	if obj, ok := f.Object().(*types.Func); ok {
		return r.Func(obj)
	}
	if f.Origin() != nil {
		if obj, ok := f.Origin().Object().(*types.Func); ok {
			return r.Func(obj)
		}
	}
	if lit, ok := f.Syntax().(*ast.FuncLit); ok {
		return r.Lit(lit)
	}
	return nil
}

// StripConv returns the value v converts to an interface (err for
// make(interface{} <- error) err): nil-ness carries through.
func StripConv(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		default:
			return v
		}
	}
}

// fnInfo is one function of the package being summarised.
type fnInfo struct {
	obj    *types.Func  // nil for literals
	lit    *ast.FuncLit // nil for declarations
	body   *ast.BlockStmt
	cfg    *cfg.CFG
	params []*types.Var // receiver first
	// recovers: the body calls recover, so a panic may return.
	recovers bool
}

type passContext struct {
	pass *analysis.Pass
	res  *Result
	// closures: local variables bound once to a function literal
	// (check := func(err error) {...}), so check(err) is a call of it.
	closures map[*types.Var]*ast.FuncLit
}

func run(pass *analysis.Pass) (any, error) {
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	res := &Result{funcs: make(map[*types.Func]*Summary), lits: make(map[*ast.FuncLit]*Summary), cfgs: cfgs}
	for _, f := range pass.AllObjectFacts() {
		if fn, ok := f.Object.(*types.Func); ok {
			if s, ok := f.Fact.(*stops); ok {
				res.funcs[fn] = &s.Summary
			}
		}
	}
	pc := &passContext{pass: pass, res: res, closures: make(map[*types.Var]*ast.FuncLit)}
	var fns []*fnInfo
	assigned := make(map[*types.Var]int)
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.AssignStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.IncDecStmt)(nil), (*ast.ValueSpec)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			obj, ok := pass.TypesInfo.Defs[n.Name].(*types.Func)
			if !ok || n.Body == nil {
				continue
			}
			fi := &fnInfo{obj: obj, body: n.Body, cfg: cfgs.FuncDecl(n)}
			sig := obj.Type().(*types.Signature)
			if sig.Recv() != nil {
				fi.params = append(fi.params, sig.Recv())
			}
			for i := range sig.Params().Len() {
				fi.params = append(fi.params, sig.Params().At(i))
			}
			fns = append(fns, fi)
		case *ast.FuncLit:
			fi := &fnInfo{lit: n, body: n.Body, cfg: cfgs.FuncLit(n)}
			if sig, ok := pass.TypesInfo.TypeOf(n).(*types.Signature); ok {
				for i := range sig.Params().Len() {
					fi.params = append(fi.params, sig.Params().At(i))
				}
			}
			fns = append(fns, fi)
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				v := pc.varOf(lhs)
				if v == nil {
					continue
				}
				assigned[v]++
				if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
					if lit, ok := ast.Unparen(n.Rhs[i]).(*ast.FuncLit); ok {
						pc.closures[v] = lit
					}
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				v, _ := pass.TypesInfo.Defs[name].(*types.Var)
				if v == nil || i >= len(n.Values) {
					continue
				}
				assigned[v]++
				if lit, ok := ast.Unparen(n.Values[i]).(*ast.FuncLit); ok {
					pc.closures[v] = lit
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := pc.varOf(n.X); v != nil {
					assigned[v] += 2 // its address escapes: any write possible
				}
			}
		case *ast.IncDecStmt:
			if v := pc.varOf(n.X); v != nil {
				assigned[v]++
			}
		}
	}
	for v := range pc.closures {
		if assigned[v] != 1 {
			delete(pc.closures, v)
		}
	}
	for _, fi := range fns {
		if fi.cfg == nil {
			continue
		}
		ast.Inspect(fi.body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && pass.TypesInfo.Uses[id] == recoverBuiltin {
					fi.recovers = true
				}
			}
			return !fi.recovers
		})
		// Parameters the function assigns can't be reasoned about from
		// their value on entry.
		var ps []*types.Var
		for _, p := range fi.params {
			if assigned[p] == 0 {
				ps = append(ps, p)
			} else {
				ps = append(ps, nil)
			}
		}
		fi.params = ps
	}
	// Bottom-up through wrappers: iterate to a fixpoint, bounded.
	for round := 0; round < 5; round++ {
		changed := false
		for _, fi := range fns {
			if fi.cfg == nil {
				continue
			}
			s := pc.summarize(fi)
			var old *Summary
			if fi.obj != nil {
				old = res.funcs[fi.obj]
			} else {
				old = res.lits[fi.lit]
			}
			if s.Empty() {
				if old != nil {
					changed = true
				}
				if fi.obj != nil {
					delete(res.funcs, fi.obj)
				} else {
					delete(res.lits, fi.lit)
				}
				continue
			}
			if old == nil || !old.equal(s) {
				changed = true
				if fi.obj != nil {
					res.funcs[fi.obj] = s
				} else {
					res.lits[fi.lit] = s
				}
			}
		}
		if !changed {
			break
		}
	}
	for _, fi := range fns {
		if fi.obj == nil {
			continue
		}
		if s := res.funcs[fi.obj]; s != nil {
			pass.ExportObjectFact(fi.obj, &stops{*s})
		}
	}
	return res, nil
}

var (
	panicBuiltin   = types.Universe.Lookup("panic").(*types.Builtin)
	recoverBuiltin = types.Universe.Lookup("recover").(*types.Builtin)
)

func (pc *passContext) varOf(x ast.Expr) *types.Var {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := pc.pass.TypesInfo.ObjectOf(id)
	v, _ := obj.(*types.Var)
	return v
}

// assumption: parameter p satisfies cond (p == nil: no assumption).
type assumption struct {
	p    *types.Var
	cond Cond
}

// summarize derives fi's summary from its CFG and the current summaries.
func (pc *passContext) summarize(fi *fnInfo) *Summary {
	// Cheap filter: only a function containing a call that may stop can
	// stop (ctrlflow already covers the rest: infinite loops).
	may := false
	for _, b := range fi.cfg.Blocks {
		for _, n := range b.Nodes {
			if call := stmtCall(n); call != nil && pc.mayStop(fi, call) {
				may = true
			}
		}
	}
	if !may {
		return nil
	}
	s := &Summary{}
	if !pc.returns(fi, assumption{}) {
		s.Always = true
		return s
	}
	for i, p := range fi.params {
		if p == nil {
			continue
		}
		for _, c := range condsFor(p.Type()) {
			if !pc.returns(fi, assumption{p, c}) {
				s.When = append(s.When, ParamCond{i, c})
			}
		}
	}
	sort.Slice(s.When, func(i, j int) bool {
		if s.When[i].Param != s.When[j].Param {
			return s.When[i].Param < s.When[j].Param
		}
		return s.When[i].Cond < s.When[j].Cond
	})
	return s
}

// condsFor lists the conditions worth deriving for a parameter of type t.
func condsFor(t types.Type) []Cond {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Info()&types.IsBoolean != 0 {
			return []Cond{True, False}
		}
		if u.Kind() == types.UnsafePointer {
			return []Cond{NonNil, Nil}
		}
	case *types.Pointer, *types.Interface, *types.Map, *types.Slice, *types.Chan, *types.Signature:
		return []Cond{NonNil, Nil}
	}
	return nil
}

func stmtCall(n ast.Node) *ast.CallExpr {
	es, ok := n.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, _ := ast.Unparen(es.X).(*ast.CallExpr)
	return call
}

// callee returns the summary of what call calls and its arguments in
// parameter numbering (receiver first for method calls).
func (pc *passContext) callee(call *ast.CallExpr) (*Summary, []ast.Expr, bool) {
	info := pc.pass.TypesInfo
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		switch obj := info.Uses[id].(type) {
		case *types.Builtin:
			return nil, nil, obj == panicBuiltin
		case *types.Var:
			if lit := pc.closures[obj]; lit != nil {
				return pc.res.lits[lit], call.Args, false
			}
			return nil, nil, false
		}
	}
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return pc.res.lits[lit], call.Args, false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return nil, nil, false
	}
	args := call.Args
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			args = append([]ast.Expr{sel.X}, call.Args...)
		}
	}
	return pc.res.Func(fn), args, false
}

func (pc *passContext) mayStop(fi *fnInfo, call *ast.CallExpr) bool {
	s, _, isPanic := pc.callee(call)
	return isPanic || !s.Empty()
}

// stopsUnder reports whether call does not return under the assumption.
func (pc *passContext) stopsUnder(fi *fnInfo, call *ast.CallExpr, a assumption) bool {
	s, args, isPanic := pc.callee(call)
	if isPanic {
		return !fi.recovers
	}
	if s.Empty() {
		return false
	}
	if s.Always {
		return true
	}
	for _, w := range s.When {
		if w.Param < len(args) && pc.satisfies(args[w.Param], w.Cond, a) {
			return true
		}
	}
	return false
}

// satisfies reports whether arg is known to satisfy c: it is the assumed
// parameter under that condition, or a constant that does.
func (pc *passContext) satisfies(arg ast.Expr, c Cond, a assumption) bool {
	arg = ast.Unparen(arg)
	if a.p != nil && pc.varOf(arg) == a.p {
		return a.cond == c
	}
	tv, ok := pc.pass.TypesInfo.Types[arg]
	if !ok {
		return false
	}
	switch {
	case tv.IsNil():
		return c == Nil
	case tv.Value != nil && tv.Value.String() == "true":
		return c == True
	case tv.Value != nil && tv.Value.String() == "false":
		return c == False
	}
	return false
}

// eval returns the value of a branch condition under the assumption, if
// the assumption decides it.
func (pc *passContext) eval(e ast.Expr, a assumption) (val, ok bool) {
	e = ast.Unparen(e)
	if tv, ok := pc.pass.TypesInfo.Types[e]; ok && tv.Value != nil {
		switch tv.Value.String() {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	if a.p == nil {
		return false, false
	}
	switch e := e.(type) {
	case *ast.Ident:
		if pc.varOf(e) == a.p && (a.cond == True || a.cond == False) {
			return a.cond == True, true
		}
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			if v, ok := pc.eval(e.X, a); ok {
				return !v, true
			}
		}
	case *ast.BinaryExpr:
		if e.Op != token.EQL && e.Op != token.NEQ {
			return false, false
		}
		x, y := e.X, e.Y
		if pc.varOf(y) == a.p {
			x, y = y, x
		}
		if pc.varOf(x) != a.p {
			return false, false
		}
		var eq bool // x == y under the assumption
		switch {
		case pc.isNil(y) && (a.cond == Nil || a.cond == NonNil):
			eq = a.cond == Nil
		case pc.isConst(y, "true") && (a.cond == True || a.cond == False):
			eq = a.cond == True
		case pc.isConst(y, "false") && (a.cond == True || a.cond == False):
			eq = a.cond == False
		default:
			return false, false
		}
		return eq == (e.Op == token.EQL), true
	}
	return false, false
}

func (pc *passContext) isNil(e ast.Expr) bool {
	tv, ok := pc.pass.TypesInfo.Types[ast.Unparen(e)]
	return ok && tv.IsNil()
}

func (pc *passContext) isConst(e ast.Expr, s string) bool {
	tv, ok := pc.pass.TypesInfo.Types[ast.Unparen(e)]
	return ok && tv.Value != nil && tv.Value.String() == s
}

// returns reports whether a return statement is reachable from the entry
// of fi under the assumption.
func (pc *passContext) returns(fi *fnInfo, a assumption) bool {
	blocks := fi.cfg.Blocks
	if len(blocks) == 0 {
		return true
	}
	seen := make([]bool, len(blocks))
	work := []*cfg.Block{blocks[0]}
	seen[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		stopped := false
		for _, n := range b.Nodes {
			if call := stmtCall(n); call != nil && pc.stopsUnder(fi, call, a) {
				stopped = true
				break
			}
		}
		if stopped {
			continue
		}
		succs := b.Succs
		switch len(succs) {
		case 0:
			if len(b.Nodes) > 0 {
				if _, ok := b.Nodes[len(b.Nodes)-1].(*ast.ReturnStmt); ok {
					return true
				}
			}
			// Otherwise the block ends in a call ctrlflow knows does
			// not return.
			if len(b.Nodes) > 0 {
				if stmtCall(b.Nodes[len(b.Nodes)-1]) != nil && !fi.recovers {
					continue
				}
			}
			return true
		case 2:
			if len(b.Nodes) > 0 {
				if cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr); ok {
					if val, ok := pc.eval(cond, a); ok {
						if val {
							succs = succs[:1]
						} else {
							succs = succs[1:]
						}
					}
				}
			}
		}
		for _, s := range succs {
			if !seen[s.Index] {
				seen[s.Index] = true
				work = append(work, s)
			}
		}
	}
	return false
}
