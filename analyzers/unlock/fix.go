package unlock

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/lockmodel"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

// deferFix offers "Defer the Unlock": defer X.Unlock() right after the
// Lock and the explicit unlocks removed. It is offered only where the
// rewrite cannot change what runs under the lock: the Lock is a statement
// at the top level of the function body and the only acquisition of that
// lock in the function, every explicit unlock is directly followed by a
// return whose results call nothing (or ends the function), none is in a
// loop or closure, and the leaking exits are returns.
func (pc *passContext) deferFix(fn *ssa.Function, m *lockmodel.Model, lock *lockmodel.Op, exits []lockmodel.Exit) (analysis.SuggestedFix, bool) {
	none := analysis.SuggestedFix{}
	if lock.Wrapper || lock.Try || lock.Deferred {
		return none, false
	}
	for _, x := range exits {
		if x.Kind != lockmodel.ExitReturn {
			return none, false
		}
	}
	unlockName := "Unlock"
	if lock.Kind == lockmodel.OpRLock {
		unlockName = "RUnlock"
	}
	var releases []*lockmodel.Op
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			for _, op := range m.Ops(instr) {
				if op.Key.ID != lock.Key.ID {
					continue
				}
				switch {
				case op == lock:
				case op.Kind.Acquires(), op.Kind == lockmodel.OpHandOff, op.Wrapper, op.Deferred:
					return none, false
				default:
					if op.Kind.String() != unlockName {
						return none, false
					}
					releases = append(releases, op)
				}
			}
		}
	}
	lockCur, ok := pc.callCursor(lock.Pos())
	if !ok {
		return none, false
	}
	lockStmt, ok := lockCur.Parent().Node().(*ast.ExprStmt)
	if !ok {
		return none, false
	}
	body, ok := lockCur.Parent().Parent().Node().(*ast.BlockStmt)
	if !ok {
		return none, false
	}
	switch lockCur.Parent().Parent().Parent().Node().(type) {
	case *ast.FuncDecl, *ast.FuncLit:
	default:
		return none, false
	}
	recv := types.ExprString(lockCur.Node().(*ast.CallExpr).Fun.(*ast.SelectorExpr).X)
	tf := pc.pass.Fset.File(lock.Pos())
	src, err := pc.pass.ReadFile(tf.Name())
	if err != nil {
		return none, false
	}
	var edits []analysis.TextEdit
	for _, rel := range releases {
		cur, ok := pc.callCursor(rel.Pos())
		if !ok {
			return none, false
		}
		call := cur.Node().(*ast.CallExpr)
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || types.ExprString(sel.X) != recv {
			return none, false
		}
		stmtCur := cur.Parent()
		stmt, ok := stmtCur.Node().(*ast.ExprStmt)
		if !ok || !followedByReturn(stmtCur, body) {
			return none, false
		}
		for p := stmtCur.Parent(); p.Node() != body; p = p.Parent() {
			switch p.Node().(type) {
			case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit, *ast.FuncDecl:
				return none, false
			}
		}
		from, to, ok := wholeLines(tf, src, stmt.Pos(), stmt.End())
		if !ok {
			return none, false
		}
		edits = append(edits, analysis.TextEdit{Pos: from, End: to})
	}
	lineStart := tf.LineStart(tf.Line(lockStmt.Pos()))
	indent := string(src[tf.Offset(lineStart):tf.Offset(lockStmt.Pos())])
	// Insert at the end of the Lock's line, after any trailing comment.
	eol := tf.Offset(lockStmt.End())
	for eol < len(src) && src[eol] != '\n' {
		eol++
	}
	at := tf.Pos(eol)
	edits = append(edits, analysis.TextEdit{
		Pos:     at,
		End:     at,
		NewText: []byte("\n" + indent + "defer " + recv + "." + unlockName + "()"),
	})
	return analysis.SuggestedFix{Message: "Defer the " + unlockName, TextEdits: edits}, true
}

// followedByReturn reports whether the statement at cur is directly
// followed by a return whose results call nothing, or is the last
// statement of the function body.
func followedByReturn(cur inspector.Cursor, body *ast.BlockStmt) bool {
	next, ok := cur.NextSibling()
	if !ok {
		return cur.Parent().Node() == body
	}
	ret, ok := next.Node().(*ast.ReturnStmt)
	if !ok {
		return false
	}
	calls := false
	ast.Inspect(ret, func(n ast.Node) bool {
		if _, ok := n.(*ast.CallExpr); ok {
			calls = true
		}
		return !calls
	})
	return !calls
}

// wholeLines extends [pos, end) to the whole line(s) it occupies, with the
// newline, when nothing else shares them.
func wholeLines(tf *token.File, src []byte, pos, end token.Pos) (token.Pos, token.Pos, bool) {
	start := tf.LineStart(tf.Line(pos))
	for _, c := range src[tf.Offset(start):tf.Offset(pos)] {
		if c != ' ' && c != '\t' {
			return 0, 0, false
		}
	}
	off := tf.Offset(end)
	if off >= len(src) || src[off] != '\n' {
		return 0, 0, false
	}
	return start, end + 1, true
}

// callCursor finds the CallExpr whose Lparen is at pos.
func (pc *passContext) callCursor(pos token.Pos) (inspector.Cursor, bool) {
	if pc.calls == nil {
		pc.calls = make(map[token.Pos]inspector.Cursor)
		insp := pc.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
		for cur := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
			pc.calls[cur.Node().(*ast.CallExpr).Lparen] = cur
		}
	}
	cur, ok := pc.calls[pos]
	return cur, ok
}
