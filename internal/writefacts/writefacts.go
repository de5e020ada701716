// Package writefacts owns concurlint's cross-package facts about functions
// that write through their parameters: a pointer parameter stored through
// (*p = v, p.f++), or a map parameter updated (m[k] = v, delete(m, k)),
// with no lock taken in the function. unguarded uses them to follow a
// pointer handed to a goroutine (go fill(&x)) into another package. It
// works on syntax and types only, because it runs on every dependency.
package writefacts

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer computes parameter-write summaries and exports them as facts.
var Analyzer = &analysis.Analyzer{
	Name:       "writefacts",
	Doc:        "summarise functions that write through pointer or map parameters for other analyzers (reports nothing)",
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
	FactTypes:  []analysis.Fact{(*writesThrough)(nil)},
}

// writesThrough is the fact: parameter indices (the receiver is 0 for
// methods, as in SSA) written through without a lock.
type writesThrough struct {
	Pointers []int // *p = v, p.f = v
	Maps     []int // m[k] = v, delete(m, k)
}

func (*writesThrough) AFact() {}

func (f *writesThrough) String() string {
	var parts []string
	if len(f.Pointers) > 0 {
		parts = append(parts, "writes"+ints(f.Pointers))
	}
	if len(f.Maps) > 0 {
		parts = append(parts, "maps"+ints(f.Maps))
	}
	return strings.Join(parts, " ")
}

func ints(xs []int) string {
	var s []string
	for _, x := range xs {
		s = append(s, fmt.Sprint(x))
	}
	return "(" + strings.Join(s, ",") + ")"
}

// Result answers parameter-write summaries for the package and its
// dependencies.
type Result struct {
	facts map[*types.Func]*writesThrough
}

// WritesPointer reports whether fn writes through its parameter i (the
// receiver of a method is 0) without taking a lock.
func (r *Result) WritesPointer(fn *types.Func, i int) bool {
	f := r.lookup(fn)
	return f != nil && contains(f.Pointers, i)
}

// WritesMap reports whether fn updates the map passed as parameter i
// without taking a lock.
func (r *Result) WritesMap(fn *types.Func, i int) bool {
	f := r.lookup(fn)
	return f != nil && contains(f.Maps, i)
}

func (r *Result) lookup(fn *types.Func) *writesThrough {
	if r == nil || fn == nil {
		return nil
	}
	return r.facts[fn.Origin()]
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{facts: make(map[*types.Func]*writesThrough)}
	for _, f := range pass.AllObjectFacts() {
		if fn, ok := f.Object.(*types.Func); ok {
			if w, ok := f.Fact.(*writesThrough); ok {
				res.facts[fn] = w
			}
		}
	}
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if f := summarize(pass.TypesInfo, fd, obj); f != nil {
				res.facts[obj] = f
				pass.ExportObjectFact(obj, f)
			}
		}
	}
	return res, nil
}

func summarize(info *types.Info, fd *ast.FuncDecl, obj *types.Func) *writesThrough {
	sig := obj.Type().(*types.Signature)
	params := make(map[*types.Var]int)
	i := 0
	if sig.Recv() != nil {
		params[sig.Recv()] = 0
		i = 1
	}
	for j := range sig.Params().Len() {
		params[sig.Params().At(j)] = i + j
	}
	ptrs := make(map[int]bool)
	maps := make(map[int]bool)
	locked := false
	// root returns the parameter index that x writes through, and whether
	// the write goes to a map element.
	var root func(x ast.Expr, deref bool) (int, bool, bool)
	root = func(x ast.Expr, deref bool) (int, bool, bool) {
		switch x := ast.Unparen(x).(type) {
		case *ast.Ident:
			v, ok := info.Uses[x].(*types.Var)
			if !ok {
				return 0, false, false
			}
			idx, ok := params[v]
			if !ok || !deref {
				return 0, false, false
			}
			return idx, false, true
		case *ast.StarExpr:
			return root(x.X, true)
		case *ast.SelectorExpr:
			sel := info.Selections[x]
			if sel == nil || sel.Kind() != types.FieldVal {
				return 0, false, false
			}
			_, isPtr := sel.Recv().Underlying().(*types.Pointer)
			return root(x.X, deref || isPtr || sel.Indirect())
		case *ast.IndexExpr:
			t := info.TypeOf(x.X)
			if t == nil {
				return 0, false, false
			}
			switch t.Underlying().(type) {
			case *types.Map:
				if id, ok := ast.Unparen(x.X).(*ast.Ident); ok {
					if v, ok := info.Uses[id].(*types.Var); ok {
						if idx, ok := params[v]; ok {
							return idx, true, true
						}
					}
				}
			case *types.Pointer: // p[i] on *[N]T
				return root(x.X, true)
			}
		}
		return 0, false, false
	}
	mark := func(lhs ast.Expr) {
		if idx, isMap, ok := root(lhs, false); ok {
			if isMap {
				maps[idx] = true
			} else {
				ptrs[idx] = true
			}
		}
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // runs who knows when
		case *ast.AssignStmt:
			if n.Tok.String() != ":=" {
				for _, l := range n.Lhs {
					mark(l)
				}
			}
		case *ast.IncDecStmt:
			mark(n.X)
		case *ast.CallExpr:
			if b, ok := typeutil.Callee(info, n).(*types.Builtin); ok && b.Name() == "delete" && len(n.Args) == 2 {
				mark(&ast.IndexExpr{X: n.Args[0], Index: n.Args[1]})
			}
			if fn, ok := typeutil.Callee(info, n).(*types.Func); ok {
				switch known.LockMethod(fn) {
				case known.Lock, known.RLock, known.TryLock, known.TryRLock:
					locked = true
				}
			}
		}
		return true
	})
	// Precision over recall: a function that takes any lock may well
	// write under it; without a lock model here, claim nothing.
	if locked || len(ptrs)+len(maps) == 0 {
		return nil
	}
	f := &writesThrough{}
	for i := range ptrs {
		f.Pointers = append(f.Pointers, i)
	}
	for i := range maps {
		f.Maps = append(f.Maps, i)
	}
	sort.Ints(f.Pointers)
	sort.Ints(f.Maps)
	return f
}
