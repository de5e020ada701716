// Package joinfacts is the fact-only analyzer that summarises which
// sync.WaitGroup operations a function performs on its parameters: "calls
// Add on parameter 1", "defers Done on the receiver's field wg". It works on
// syntax and types only (no SSA), so it stays cheap on every dependency.
//
// Parameters are numbered as SSA passes arguments: for a method the
// receiver is 0 and the declared parameters follow.
//
// Consumers (missingjoin) list Analyzer in Requires and ask its Result,
// which answers for functions of the package being analysed and, through
// facts, for functions of its dependencies.
package joinfacts

import (
	"fmt"
	"github.com/concurlint/concurlint/internal/astpath"
	"go/ast"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer computes WaitGroup operation summaries. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "joinfacts",
	Doc:        "record the sync.WaitGroup operations functions perform on their parameters (reports nothing)",
	Run:        run,
	FactTypes:  []analysis.Fact{new(WGOps)},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Op is one WaitGroup operation on a parameter.
type Op struct {
	Param int    // argument index; the receiver of a method is 0
	Path  string // field path from the parameter ("wg", "s.wg"); "" for the parameter itself
	Kind  string // "Add", "Done" or "Wait"
	// Guarded: the function performing the operation also takes a lock
	// (an Add serialised with Wait by a mutex, as a deliberate protocol).
	Guarded bool
	// Repeated: the operation may run more than once per call (inside a
	// loop, at more than one site, or through a callee that repeats it),
	// e.g. a worker calling Done once per work item.
	Repeated bool
}

func (o Op) String() string {
	p := fmt.Sprintf("p%d", o.Param)
	if o.Path != "" {
		p += "." + o.Path
	}
	if o.Guarded {
		p += ",locked"
	}
	if o.Repeated {
		p += ",repeated"
	}
	return o.Kind + "(" + p + ")"
}

// WGOps is the fact attached to a function that performs WaitGroup
// operations on its parameters, directly or through callees.
type WGOps struct {
	Ops []Op // sorted, no duplicates
}

func (*WGOps) AFact() {}

func (f *WGOps) String() string {
	s := make([]string, len(f.Ops))
	for i, o := range f.Ops {
		s[i] = o.String()
	}
	return "wgops " + strings.Join(s, " ")
}

// Result answers for functions of the analysed package and its dependencies.
type Result struct {
	local   map[*types.Func][]Op
	import_ func(*types.Func) []Op
}

// Ops returns the WaitGroup operations fn performs on its parameters.
func (r *Result) Ops(fn *types.Func) []Op {
	if r == nil || fn == nil {
		return nil
	}
	fn = fn.Origin()
	if ops, ok := r.local[fn]; ok {
		return ops
	}
	return r.import_(fn)
}

// Has reports whether fn performs an operation of kind on argument i with
// field path path.
func (r *Result) Has(fn *types.Func, i int, path, kind string) bool {
	for _, o := range r.Ops(fn) {
		if o.Param == i && o.Path == path && o.Kind == kind {
			return true
		}
	}
	return false
}

type funcInfo struct {
	obj    *types.Func
	decl   *ast.FuncDecl
	params map[types.Object]int
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{local: make(map[*types.Func][]Op)}
	res.import_ = func(fn *types.Func) []Op {
		var f WGOps
		if fn.Pkg() != nil && fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, &f) {
			return f.Ops
		}
		return nil
	}
	var funcs []*funcInfo
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			obj, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if obj == nil {
				continue
			}
			fi := &funcInfo{obj: obj, decl: fd, params: make(map[types.Object]int)}
			i := 0
			if fd.Recv != nil {
				for _, f := range fd.Recv.List {
					for _, n := range f.Names {
						if o := pass.TypesInfo.Defs[n]; o != nil {
							fi.params[o] = 0
						}
					}
				}
				i = 1
			}
			for _, f := range fd.Type.Params.List {
				if len(f.Names) == 0 {
					i++
					continue
				}
				for _, n := range f.Names {
					if o := pass.TypesInfo.Defs[n]; o != nil {
						fi.params[o] = i
					}
					i++
				}
			}
			if len(fi.params) > 0 {
				funcs = append(funcs, fi)
			}
		}
	}
	// Same-package callees are summarised by a bounded fixpoint: each round
	// can only add operations, and chains deeper than the bound are rare.
	for round := 0; round < 8; round++ {
		changed := false
		for _, fi := range funcs {
			ops := summarise(pass, fi, res)
			if !slices.Equal(ops, res.local[fi.obj]) {
				res.local[fi.obj] = ops
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for _, fi := range funcs {
		if ops := res.local[fi.obj]; len(ops) > 0 {
			pass.ExportObjectFact(fi.obj, &WGOps{Ops: ops})
		}
	}
	return res, nil
}

// summarise walks fi's body, skipping function literals other than
// deferred ones and go statements (their operations belong to another
// goroutine or happen at an unknown time).
func summarise(pass *analysis.Pass, fi *funcInfo, res *Result) []Op {
	locked := false
	ast.Inspect(fi.decl.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, _ := typeutil.Callee(pass.TypesInfo, call).(*types.Func); fn != nil {
				switch known.Func(fn) {
				case known.Lock, known.RLock:
					locked = true
				}
			}
		}
		return !locked
	})
	sites := make(map[Op]int)
	WalkLoops(fi.decl.Body, false, func(n ast.Node, inLoop bool) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			// Done in a goroutine the function starts: recorded as
			// GoDone, so that callers know the group is counted down
			// by goroutines they cannot see.
			ast.Inspect(n.Call, func(m ast.Node) bool {
				if call, ok := m.(*ast.CallExpr); ok {
					visitCall(pass, fi, res, call, true, sites, true)
				}
				return true
			})
			return false
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
				WalkLoops(lit.Body, inLoop, func(m ast.Node, inLoop bool) bool {
					switch m := m.(type) {
					case *ast.GoStmt, *ast.FuncLit:
						return false
					case *ast.CallExpr:
						visitCall(pass, fi, res, m, inLoop, sites, false)
					}
					return true
				})
				return false
			}
		case *ast.CallExpr:
			visitCall(pass, fi, res, n, inLoop, sites, false)
		}
		return true
	})
	// One op per (param, path, kind); guarded when any instance is,
	// repeated when any instance is or there are several sites.
	type flags struct{ guarded, repeated bool }
	merged := make(map[Op]flags)
	for o, n := range sites {
		g := o.Guarded || (locked && o.Kind == "Add")
		r := o.Repeated
		o.Guarded, o.Repeated = false, false
		f, seen := merged[o]
		merged[o] = flags{f.guarded || g, f.repeated || r || seen || n > 1}
	}
	var ops []Op
	for o, f := range merged {
		o.Guarded, o.Repeated = f.guarded, f.repeated
		ops = append(ops, o)
	}
	slices.SortFunc(ops, func(a, b Op) int {
		if a.Param != b.Param {
			return a.Param - b.Param
		}
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		if c := strings.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		if a.Guarded != b.Guarded {
			if a.Guarded {
				return 1
			}
			return -1
		}
		if a.Repeated != b.Repeated {
			if a.Repeated {
				return 1
			}
			return -1
		}
		return 0
	})
	return ops
}

// WalkLoops is ast.Inspect that also tells f whether n is inside a for or
// range statement of root (conservatively including its header).
func WalkLoops(root ast.Node, inLoop bool, f func(n ast.Node, inLoop bool) bool) {
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil || n == root {
			return n != nil
		}
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if !inLoop {
				if f(n, inLoop) {
					WalkLoops(n, true, f)
				}
				return false
			}
		}
		return f(n, inLoop)
	})
}

// visitCall records the operations of call on fi's parameters. In a
// goroutine (async), only Done counts, as GoDone.
func visitCall(pass *analysis.Pass, fi *funcInfo, res *Result, call *ast.CallExpr, inLoop bool, sites map[Op]int, async bool) {
	callee, _ := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if callee == nil {
		return
	}
	record := func(o Op) {
		if async {
			if o.Kind != "Done" && o.Kind != "GoDone" {
				return
			}
			o.Kind, o.Guarded = "GoDone", false
		}
		sites[o]++
	}
	if kind := wgKind(known.Func(callee)); kind != "" {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return
		}
		if p, path, ok := ParamPath(pass.TypesInfo, fi.params, sel.X); ok {
			record(Op{Param: p, Path: astpath.Join(path, strings.Join(astpath.EmbeddedPath(pass.TypesInfo.Selections[sel]), ".")), Kind: kind, Repeated: inLoop})
		}
		return
	}
	ops := res.Ops(callee)
	if len(ops) == 0 {
		return
	}
	// Arguments in SSA numbering: the receiver first for methods called
	// through a selector on a value (not method expressions).
	var args []ast.Expr
	if sig, ok := callee.Type().(*types.Signature); ok && sig.Recv() != nil {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return
		}
		if s := pass.TypesInfo.Selections[sel]; s == nil || s.Kind() != types.MethodVal {
			return
		}
		args = append(args, sel.X)
	}
	args = append(args, call.Args...)
	for _, o := range ops {
		if o.Param >= len(args) {
			continue
		}
		if p, path, ok := ParamPath(pass.TypesInfo, fi.params, args[o.Param]); ok {
			record(Op{Param: p, Path: astpath.Join(path, o.Path), Kind: o.Kind, Guarded: o.Guarded, Repeated: o.Repeated || inLoop})
		}
	}
}

func wgKind(api known.API) string {
	switch api {
	case known.WGAdd:
		return "Add"
	case known.WGDone:
		return "Done"
	case known.WGWait:
		return "Wait"
	}
	return ""
}

// ParamPath resolves e (wg, &wg, *wg, s.wg, (&s).a.wg) to a root object in
// params and the field path from it.
func ParamPath(info *types.Info, params map[types.Object]int, e ast.Expr) (int, string, bool) {
	obj, path, ok := astpath.ObjPath(info, e)
	if !ok {
		return 0, "", false
	}
	p, ok := params[obj]
	return p, path, ok
}
