// Package astpath names what an expression designates as a variable and a
// path of field names below it (c.mu, &s.inner.wg, (*p).x), the syntax-level
// counterpart of lockmodel.Key used by the cheap fact analyzers (lockfacts,
// joinfacts) and syntax checks. Embedded fields are part of the path.
package astpath

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"
)

// ObjPath resolves e to the variable it is rooted at and the field path
// from it, looking through parentheses, & and *. Method calls, index
// expressions and the like yield ok == false.
func ObjPath(info *types.Info, e ast.Expr) (types.Object, string, bool) {
	var fields []string
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			obj, ok := info.Uses[x].(*types.Var)
			if !ok {
				return nil, "", false
			}
			slices.Reverse(fields)
			return obj, strings.Join(fields, "."), true
		case *ast.UnaryExpr:
			if x.Op.String() != "&" {
				return nil, "", false
			}
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.SelectorExpr:
			s := info.Selections[x]
			if s == nil || s.Kind() != types.FieldVal {
				return nil, "", false
			}
			fields = append(fields, x.Sel.Name)
			emb := EmbeddedPath(s)
			for i := len(emb) - 1; i >= 0; i-- {
				fields = append(fields, emb[i])
			}
			e = x.X
		default:
			return nil, "", false
		}
	}
}

// EmbeddedPath returns the names of the embedded fields a selection walks
// through implicitly (s.Add on a struct embedding sync.WaitGroup yields
// ["WaitGroup"]); nil for a direct selection or nil sel.
func EmbeddedPath(sel *types.Selection) []string {
	if sel == nil || len(sel.Index()) < 2 {
		return nil
	}
	var names []string
	t := sel.Recv()
	for _, i := range sel.Index()[:len(sel.Index())-1] {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return nil
		}
		f := st.Field(i)
		names = append(names, f.Name())
		t = f.Type()
	}
	return names
}

// Join joins two dot-separated field paths, either of which may be empty.
func Join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}
