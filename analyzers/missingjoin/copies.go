package missingjoin

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis"
)

// checkCopies reports WaitGroup methods called on a parameter or receiver
// passed by value (or a WaitGroup field of one): the Add or Done changes a
// copy the caller never sees.
func (pc *passContext) checkCopies() {
	info := pc.pass.TypesInfo
	for cur := range pc.insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var ft *ast.FuncType
		var recv *ast.FieldList
		var body *ast.BlockStmt
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			ft, recv, body = n.Type, n.Recv, n.Body
		case *ast.FuncLit:
			ft, body = n.Type, n.Body
		}
		if body == nil {
			continue
		}
		params := make(map[types.Object]bool)
		for _, fl := range []*ast.FieldList{recv, ft.Params} {
			if fl == nil {
				continue
			}
			for _, f := range fl.List {
				for _, n := range f.Names {
					if obj := info.Defs[n]; obj != nil && containsWaitGroupValue(obj.Type()) {
						params[obj] = true
					}
				}
			}
		}
		if len(params) == 0 {
			continue
		}
		done := make(map[types.Object]bool)
		ast.Inspect(body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			api, k, ok := pc.groupCall(call)
			if !ok || !params[k.obj] || done[k.obj] || (api != known.WGAdd && api != known.WGDone) {
				return true
			}
			sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !valueChain(info, sel.X) {
				return true
			}
			done[k.obj] = true
			pc.report(analysis.Diagnostic{
				Pos: call.Pos(), End: call.End(),
				Message: fmt.Sprintf("%s is a copy of the caller's sync.WaitGroup (%s passed by value); this %s never reaches the caller's Wait", strings.TrimPrefix(pc.render(sel.X), "&"), k.obj.Name(), sel.Sel.Name),
				Related: []analysis.RelatedInformation{{Pos: k.obj.Pos(), Message: "passed by value here; use a pointer"}},
			})
			return true
		})
	}
}

// containsWaitGroupValue reports whether t holds a sync.WaitGroup by
// value (itself, or a struct field path without pointers).
func containsWaitGroupValue(t types.Type) bool {
	return containsWG(t, 0)
}

func containsWG(t types.Type, depth int) bool {
	if depth > 4 {
		return false
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "WaitGroup" {
		return true
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if containsWG(st.Field(i).Type(), depth+1) {
			return true
		}
	}
	return false
}

// valueChain reports whether e reaches its root variable through values
// only: no pointer dereference, explicit or implicit.
func valueChain(info *types.Info, e ast.Expr) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			_, isPtr := info.TypeOf(x).Underlying().(*types.Pointer)
			return !isPtr
		case *ast.SelectorExpr:
			s := info.Selections[x]
			if s == nil || s.Indirect() {
				return false
			}
			e = x.X
		case *ast.UnaryExpr:
			e = x.X
		default:
			return false
		}
	}
}
