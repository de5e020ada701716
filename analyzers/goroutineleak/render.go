package goroutineleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/chanmodel"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// exitPos returns where ret is written (the closing brace of its function
// for an implicit return) and its line.
func (pc *passContext) exitPos(ret *ssa.Return) (token.Pos, int) {
	pos := ret.Pos()
	if !pos.IsValid() {
		switch s := ret.Parent().Syntax().(type) {
		case *ast.FuncDecl:
			pos = s.Body.Rbrace
		case *ast.FuncLit:
			pos = s.Body.Rbrace
		}
	}
	return pos, pc.pass.Fset.Position(pos).Line
}

// file returns the syntax file containing pos.
func (pc *passContext) file(pos token.Pos) *ast.File {
	for _, f := range pc.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// opName renders the channel expression of op as written at the op, or the
// variable the channel was made into.
func (pc *passContext) opName(o *chanmodel.Op, c *chanmodel.Chan) string {
	if !o.Summary {
		if f := pc.file(o.Pos); f != nil {
			path, _ := astutil.PathEnclosingInterval(f, o.Pos, o.Pos)
			for _, n := range path {
				var e ast.Expr
				switch n := n.(type) {
				case *ast.SendStmt:
					e = n.Chan
				case *ast.UnaryExpr:
					if n.Op == token.ARROW {
						e = n.X
					}
				case *ast.RangeStmt:
					e = n.X
				}
				if e != nil {
					return types.ExprString(e)
				}
			}
		}
	}
	return pc.makeName(c)
}

// makeName renders the variable a channel was made into, or "the channel".
func (pc *passContext) makeName(c *chanmodel.Chan) string {
	call := pc.makeCall(c)
	if call == nil {
		return "the channel"
	}
	f := pc.file(call.Pos())
	path, _ := astutil.PathEnclosingInterval(f, call.Pos(), call.End())
	for _, n := range path[1:] {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, r := range n.Rhs {
				if ast.Unparen(r) == call && i < len(n.Lhs) {
					return types.ExprString(n.Lhs[i])
				}
			}
			return "the channel"
		case *ast.ValueSpec:
			for i, r := range n.Values {
				if ast.Unparen(r) == call && i < len(n.Names) {
					return n.Names[i].Name
				}
			}
			return "the channel"
		case *ast.ParenExpr:
			continue
		default:
			return "the channel"
		}
	}
	return "the channel"
}

// makeCall finds the make(chan T[, n]) call of c (ssa positions it at the
// Lparen).
func (pc *passContext) makeCall(c *chanmodel.Chan) *ast.CallExpr {
	pos := c.Make.Pos()
	f := pc.file(pos)
	if f == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for _, n := range path {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == pos {
			return call
		}
	}
	return nil
}

// bufferFix offers make(chan T) -> make(chan T, n): with a buffer for every
// send, the goroutine completes whether or not anyone receives.
func (pc *passContext) bufferFix(c *chanmodel.Chan, n int) []analysis.SuggestedFix {
	call := pc.makeCall(c)
	if call == nil || len(call.Args) != 1 {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message: fmt.Sprintf("Give the channel a buffer of %d", n),
		TextEdits: []analysis.TextEdit{{
			Pos:     call.Args[0].End(),
			End:     call.Args[0].End(),
			NewText: fmt.Appendf(nil, ", %d", n),
		}},
	}}
}
