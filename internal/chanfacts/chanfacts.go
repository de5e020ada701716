// Package chanfacts owns the cross-package summaries of what a function does
// with its channel-typed parameters: sends on parameter i, receives from it,
// closes it, ranges over it, or lets it escape to code nobody can see.
//
// It is a cheap, fact-only analyzer (AST and types, no SSA): it runs on every
// dependency of every analysed package. Consumers (goroutineleak, later
// chanmisuse) list Analyzer in Requires and query the typed *Result, which
// answers for functions of the current package (exported or not) and for
// imported functions whose package exported a fact.
package chanfacts

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Ops is a set of things a function may do with one channel parameter.
type Ops uint16

const (
	Send       Ops = 1 << iota // a send that blocks until received (not a select case with alternatives)
	SelectSend                 // a send offered as one case of a select with alternatives or a default
	Recv                       // a receive that blocks until a value or close arrives
	SelectRecv                 // a receive offered as one case of a select with alternatives or a default
	Range                      // for range over the channel: receives until it is closed
	Close                      // close(ch)
	Async                      // some operation happens in a function literal (maybe another goroutine)
	Escape                     // the channel reaches code the summary cannot see
)

var opNames = []string{"send", "selsend", "recv", "selrecv", "range", "close", "async", "escape"}

func (o Ops) String() string {
	if o == 0 {
		return "none"
	}
	var parts []string
	for i, n := range opNames {
		if o&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, "|")
}

// Receives reports whether o may receive from the channel in any way.
func (o Ops) Receives() bool { return o&(Recv|SelectRecv|Range) != 0 }

// Sends reports whether o may send on the channel in any way.
func (o Ops) Sends() bool { return o&(Send|SelectSend) != 0 }

// ChanParams is the fact exported for a function or method with at least one
// channel parameter that it uses: Params[i] describes parameter i of the
// signature (receiver excluded).
type ChanParams struct {
	Params []Ops
}

// AFact marks ChanParams as an analysis fact.
func (*ChanParams) AFact() {}

func (f *ChanParams) String() string {
	var parts []string
	for i, o := range f.Params {
		if o != 0 {
			parts = append(parts, fmt.Sprintf("%d:%s", i, o))
		}
	}
	return "chanparams(" + strings.Join(parts, " ") + ")"
}

// Analyzer computes the summaries. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "chanfacts",
	Doc:        "summarise what functions do with their channel parameters (reports nothing)",
	Run:        run,
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	FactTypes:  []analysis.Fact{(*ChanParams)(nil)},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result answers Param queries for local functions and for imported
// functions called from the package.
type Result struct {
	funcs map[*types.Func][]Ops
}

// Param returns what fn does with its parameter i (receiver excluded). ok is
// false when nothing is known about fn (no body, no fact): callers must then
// treat the channel as escaping.
func (r *Result) Param(fn *types.Func, i int) (ops Ops, ok bool) {
	if r == nil || fn == nil {
		return 0, false
	}
	fn = fn.Origin()
	ps, ok := r.funcs[fn]
	if !ok {
		return 0, false
	}
	if i < 0 || i >= len(ps) {
		return 0, true
	}
	return ps[i], true
}

type summarizer struct {
	pass  *analysis.Pass
	decls map[*types.Func]*ast.FuncDecl
	res   map[*types.Func][]Ops
	busy  map[*types.Func]bool
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	s := &summarizer{
		pass:  pass,
		decls: make(map[*types.Func]*ast.FuncDecl),
		res:   make(map[*types.Func][]Ops),
		busy:  make(map[*types.Func]bool),
	}
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		d := cur.Node().(*ast.FuncDecl)
		if fn, ok := pass.TypesInfo.Defs[d.Name].(*types.Func); ok && d.Body != nil {
			s.decls[fn] = d
		}
	}
	// Summarise every local function (in a deterministic order), then
	// export facts for those that use a channel parameter.
	fns := make([]*types.Func, 0, len(s.decls))
	for fn := range s.decls {
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	for _, fn := range fns {
		ps := s.summary(fn)
		used := false
		for _, o := range ps {
			used = used || o != 0
		}
		if used {
			pass.ExportObjectFact(fn, &ChanParams{Params: ps})
		}
	}
	// Imported callees: copy their facts into the result so that consumers
	// need not touch the fact type.
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
		fn := calleeFunc(pass.TypesInfo, cur.Node().(*ast.CallExpr))
		if fn == nil || fn.Pkg() == pass.Pkg {
			continue
		}
		fn = fn.Origin()
		if _, done := s.res[fn]; done {
			continue
		}
		var f ChanParams
		if pass.ImportObjectFact(fn, &f) {
			s.res[fn] = f.Params
		} else if hasChanParam(fn) {
			// A dependency that exports no fact does nothing with its
			// channel parameters — unless it has no body or was not
			// analysed (std may be skipped by some drivers): stay unknown.
			continue
		}
	}
	return &Result{funcs: s.res}, nil
}

func hasChanParam(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i := range sig.Params().Len() {
		if isChan(sig.Params().At(i).Type()) {
			return true
		}
	}
	return false
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// calleeFunc returns the function or method a call expression statically
// calls, or nil (builtins, function values, interface methods).
func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[f]; ok {
			if sel.Kind() != types.MethodVal {
				return nil
			}
			if types.IsInterface(sel.Recv()) {
				return nil
			}
		}
		id = f.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

// summary computes (once) what fn does with each of its parameters.
// Recursion is cut by treating a function under evaluation as escaping its
// channels, which only makes consumers more silent.
func (s *summarizer) summary(fn *types.Func) []Ops {
	if ps, ok := s.res[fn]; ok {
		return ps
	}
	d := s.decls[fn]
	sig := fn.Type().(*types.Signature)
	n := sig.Params().Len()
	if d == nil || s.busy[fn] {
		ps := make([]Ops, n)
		for i := range ps {
			if isChan(sig.Params().At(i).Type()) {
				ps[i] = Escape
			}
		}
		return ps
	}
	s.busy[fn] = true
	defer delete(s.busy, fn)
	ps := make([]Ops, n)
	params := make(map[*types.Var]int)
	for i := range n {
		p := sig.Params().At(i)
		if isChan(p.Type()) {
			params[p] = i
		}
	}
	if len(params) > 0 {
		w := walker{s: s, params: params, ops: ps}
		w.stmt(d.Body, false)
	}
	s.res[fn] = ps
	return ps
}

// walker classifies every use of a channel parameter in one body.
type walker struct {
	s      *summarizer
	params map[*types.Var]int
	ops    []Ops
}

func (w *walker) param(e ast.Expr) (int, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, ok := w.s.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return 0, false
	}
	i, ok := w.params[v]
	return i, ok
}

func (w *walker) add(e ast.Expr, o Ops, async bool) bool {
	i, ok := w.param(e)
	if !ok {
		return false
	}
	if async {
		o |= Async
	}
	w.ops[i] |= o
	return true
}

// stmt walks n. Recognised operand positions (the channel of a send, the
// operand of a receive, a range, close, a call argument) are consumed; any
// other mention of a parameter is an escape.
func (w *walker) stmt(n ast.Node, async bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			w.stmt(n.Body, true)
			return false
		case *ast.SelectStmt:
			multi := len(n.Body.List) > 1
			for _, c := range n.Body.List {
				cc := c.(*ast.CommClause)
				if cc.Comm == nil {
					multi = true // default
				}
			}
			for _, c := range n.Body.List {
				cc := c.(*ast.CommClause)
				w.comm(cc.Comm, multi, async)
				for _, st := range cc.Body {
					w.stmt(st, async)
				}
			}
			return false
		case *ast.SendStmt:
			if w.add(n.Chan, Send, async) {
				w.stmt(n.Value, async)
				return false
			}
		case *ast.UnaryExpr:
			if n.Op.String() == "<-" && w.add(n.X, Recv, async) {
				return false
			}
		case *ast.RangeStmt:
			if w.add(n.X, Range|Recv, async) {
				if n.Key != nil {
					w.stmt(n.Key, async)
				}
				if n.Value != nil {
					w.stmt(n.Value, async)
				}
				w.stmt(n.Body, async)
				return false
			}
		case *ast.BinaryExpr:
			// ch == nil, ch != other: comparisons do not let it escape.
			if _, ok := w.param(n.X); ok {
				w.stmt(n.Y, async)
				return false
			}
			if _, ok := w.param(n.Y); ok {
				w.stmt(n.X, async)
				return false
			}
		case *ast.CallExpr:
			return w.call(n, async)
		case *ast.Ident:
			if i, ok := w.param(n); ok {
				w.ops[i] |= Escape
			}
		}
		return true
	})
}

func (w *walker) comm(s ast.Stmt, multi, async bool) {
	send, recv := Send, Recv
	if multi {
		send, recv = SelectSend, SelectRecv
	}
	switch s := s.(type) {
	case *ast.SendStmt:
		if !w.add(s.Chan, send, async) {
			w.stmt(s.Chan, async)
		}
		w.stmt(s.Value, async)
	case *ast.ExprStmt:
		w.recvExpr(s.X, recv, async)
	case *ast.AssignStmt:
		for _, l := range s.Lhs {
			w.stmt(l, async)
		}
		if len(s.Rhs) == 1 {
			w.recvExpr(s.Rhs[0], recv, async)
		}
	}
}

func (w *walker) recvExpr(e ast.Expr, recv Ops, async bool) {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op.String() == "<-" && w.add(u.X, recv, async) {
		return
	}
	w.stmt(e, async)
}

// call handles close(p), len/cap(p) and p passed to a summarised callee.
func (w *walker) call(c *ast.CallExpr, async bool) bool {
	info := w.s.pass.TypesInfo
	if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "close":
				if len(c.Args) == 1 && w.add(c.Args[0], Close, async) {
					return false
				}
			case "len", "cap":
				if len(c.Args) == 1 {
					if _, ok := w.param(c.Args[0]); ok {
						return false
					}
				}
			}
			return true
		}
	}
	var callee *types.Func
	if fn := calleeFunc(info, c); fn != nil {
		callee = fn.Origin()
	}
	w.stmt(c.Fun, async)
	for j, a := range c.Args {
		i, ok := w.param(a)
		if !ok {
			w.stmt(a, async)
			continue
		}
		o := Escape
		if callee != nil {
			if co, known := w.calleeParam(callee, j); known {
				o = co
			}
		}
		if async && o != 0 {
			o |= Async
		}
		w.ops[i] |= o
	}
	return false
}

// calleeParam returns the summary of the callee's parameter j: computed for
// local functions, imported as a fact otherwise. Variadic tails and unknown
// callees are unknown.
func (w *walker) calleeParam(fn *types.Func, j int) (Ops, bool) {
	sig := fn.Type().(*types.Signature)
	if sig.Variadic() && j >= sig.Params().Len()-1 {
		return 0, false
	}
	if fn.Pkg() == w.s.pass.Pkg {
		if _, ok := w.s.decls[fn]; !ok {
			return 0, false
		}
		ps := w.s.summary(fn)
		if j < len(ps) {
			return ps[j], true
		}
		return 0, false
	}
	var f ChanParams
	if !w.s.pass.ImportObjectFact(fn, &f) {
		return 0, false
	}
	if j < len(f.Params) {
		return f.Params[j], true
	}
	return 0, true
}
