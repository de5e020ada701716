package astpath_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/astpath"
)

const src = `package p

type Inner struct{ n int }

type Group struct{ Inner }

type S struct {
	g     Group
	Group
	ptr   *S
	items []S
}

func f(s *S, v S, m map[string]S) {
	_ = s.g.n
	_ = &s.g
	_ = (*s).ptr.g
	_ = s.n
	_ = v.Group.Inner.n
	_ = (&v).g
	_ = s
	_ = s.items[0].g
	_ = m["k"].g
	_ = s.ptr.method
	_ = -s.g.n
}

func (s *S) method() {}
`

func TestObjPath(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	if _, err := new(types.Config).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	// The right-hand sides of f's assignments, in order.
	var exprs []ast.Expr
	ast.Inspect(f, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			exprs = append(exprs, as.Rhs[0])
		}
		return true
	})
	want := []string{
		"s g.Inner.n", // the embedded Inner is part of the path
		"s g",
		"s ptr.g",
		"s Group.Inner.n", // promoted through two embedded fields
		"v Group.Inner.n",
		"v g",
		"s ",
		"fail", // index expressions have no path
		"fail",
		"fail", // a method value is not a field
		"fail", // an arithmetic expression
	}
	if len(exprs) != len(want) {
		t.Fatalf("got %d expressions, want %d", len(exprs), len(want))
	}
	for i, e := range exprs {
		got := "fail"
		if obj, path, ok := astpath.ObjPath(info, e); ok {
			got = obj.Name() + " " + path
		}
		if got != want[i] {
			t.Errorf("ObjPath(%s) = %q, want %q", types.ExprString(e), got, want[i])
		}
	}
	// EmbeddedPath: the implicit fields of a promoted selection.
	for sel, s := range info.Selections {
		got := strings.Join(astpath.EmbeddedPath(s), ".")
		var want string
		switch types.ExprString(sel) {
		case "s.n":
			want = "Group.Inner"
		case "s.g.n":
			want = "Inner" // n is promoted from g's embedded Inner
		case "v.Group.Inner.n":
			want = "" // direct selections
		default:
			continue
		}
		if got != want {
			t.Errorf("EmbeddedPath(%s) = %q, want %q", types.ExprString(sel), got, want)
		}
	}
	if astpath.EmbeddedPath(nil) != nil {
		t.Error("EmbeddedPath(nil) != nil")
	}
}

func TestJoin(t *testing.T) {
	for _, c := range []struct{ a, b, want string }{
		{"", "", ""}, {"a", "", "a"}, {"", "b", "b"}, {"a.b", "c", "a.b.c"},
	} {
		if got := astpath.Join(c.a, c.b); got != c.want {
			t.Errorf("Join(%q, %q) = %q, want %q", c.a, c.b, got, c.want)
		}
	}
}
