package missingjoin

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// source returns the content of the file holding pos.
func (pc *passContext) source(pos token.Pos) ([]byte, *token.File) {
	tf := pc.pass.Fset.File(pos)
	if tf == nil {
		return nil, nil
	}
	b, err := pc.pass.ReadFile(tf.Name())
	if err != nil || len(b) != tf.Size() {
		return nil, nil
	}
	return b, tf
}

// text returns the source text of n.
func (pc *passContext) text(n ast.Node) string {
	src, tf := pc.source(n.Pos())
	if src == nil {
		return ""
	}
	return string(src[tf.Offset(n.Pos()):tf.Offset(n.End())])
}

// indentOf returns the whitespace that starts the line holding pos, when
// nothing but whitespace precedes pos on it.
func (pc *passContext) indentOf(pos token.Pos) (string, bool) {
	src, tf := pc.source(pos)
	if src == nil {
		return "", false
	}
	off := tf.Offset(pos)
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	ind := src[start:off]
	if len(bytes.TrimLeft(ind, " \t")) != 0 {
		return "", false
	}
	return string(ind), true
}

// deleteLine returns an edit deleting statement n together with its line,
// when n is alone on its line (a trailing // comment aside), and the text
// of n with that comment, to re-insert elsewhere.
func (pc *passContext) deleteLine(n ast.Node) (analysis.TextEdit, string, bool) {
	src, tf := pc.source(n.Pos())
	if src == nil {
		return analysis.TextEdit{}, "", false
	}
	if _, ok := pc.indentOf(n.Pos()); !ok {
		return analysis.TextEdit{}, "", false
	}
	end := tf.Offset(n.End())
	rest := src[end:]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		return analysis.TextEdit{}, "", false
	}
	tail := bytes.TrimSpace(rest[:nl])
	if len(tail) != 0 && !bytes.HasPrefix(tail, []byte("//")) {
		return analysis.TextEdit{}, "", false
	}
	text := string(bytes.TrimRight(src[tf.Offset(n.Pos()):end+nl], " \t\r"))
	from := tf.LineStart(tf.Line(n.Pos()))
	return analysis.TextEdit{Pos: from, End: tf.Pos(end + nl + 1)}, text, true
}

// declaredOutside reports whether every identifier of e refers to
// something declared outside [from, to): moving e out of that range keeps
// its meaning.
func (pc *passContext) declaredOutside(e ast.Node, from, to token.Pos) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		id, isID := n.(*ast.Ident)
		if !isID {
			return true
		}
		if obj := pc.pass.TypesInfo.Uses[id]; obj != nil && obj.Pos() >= from && obj.Pos() < to {
			if _, isField := obj.(*types.Var); isField && obj.(*types.Var).IsField() {
				return true
			}
			ok = false
		}
		return true
	})
	return ok
}

// goFuncLit returns the go statement at goPos and its function literal.
func (pc *passContext) goFuncLit(goPos token.Pos) (*ast.GoStmt, inspector.Cursor, *ast.FuncLit, bool) {
	cur, ok := pc.gos[goPos]
	if !ok {
		return nil, cur, nil, false
	}
	g := cur.Node().(*ast.GoStmt)
	lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
	return g, cur, lit, ok
}

// topStmt returns the statement of lit's body (its top level) that is the
// expression statement of the call at callPos.
func (pc *passContext) topStmt(lit *ast.FuncLit, callPos token.Pos) (int, *ast.ExprStmt, bool) {
	for i, st := range lit.Body.List {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			continue
		}
		if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok && call.Lparen == callPos {
			return i, es, true
		}
	}
	return 0, nil, false
}

// fixMoveAdd moves an Add that is a top-level statement of a go func
// literal before the go statement. Offered only when no statement before
// it can return (the goroutine would then not run its Done) and the Add
// refers only to names visible at the go statement.
func (pc *passContext) fixMoveAdd(addPos, goPos token.Pos) []analysis.SuggestedFix {
	g, cur, lit, ok := pc.goFuncLit(goPos)
	if !ok || len(g.Call.Args) != 0 {
		return nil
	}
	switch cur.Parent().Node().(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
	default:
		return nil
	}
	i, es, ok := pc.topStmt(lit, addPos)
	if !ok || !pc.declaredOutside(es, lit.Pos(), lit.End()) {
		return nil
	}
	for _, st := range lit.Body.List[:i] {
		if mayLeave(st) {
			return nil
		}
	}
	del, text, ok := pc.deleteLine(es)
	ind, ok2 := pc.indentOf(g.Pos())
	if !ok || !ok2 {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message: "Move Add before the go statement",
		TextEdits: []analysis.TextEdit{
			{Pos: g.Pos(), End: g.Pos(), NewText: []byte(text + "\n" + ind)},
			del,
		},
	}}
}

// mayLeave reports whether st contains a return, goto or panic outside
// nested function literals.
func mayLeave(st ast.Stmt) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				found = true
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "panic" {
				found = true
			}
		}
		return !found
	})
	return found
}

// fixDeferDone turns a Done that is the last statement of a go func
// literal into a deferred Done at its top: on the paths that reached it,
// Done still runs once (at return instead of just before it); on the paths
// that skipped it, it now runs.
func (pc *passContext) fixDeferDone(donePos token.Pos, goPos token.Pos) []analysis.SuggestedFix {
	_, _, lit, ok := pc.goFuncLit(goPos)
	if !ok || len(lit.Body.List) < 2 {
		return nil
	}
	i, es, ok := pc.topStmt(lit, donePos)
	if !ok || i != len(lit.Body.List)-1 || !pc.declaredOutside(es, lit.Body.Pos(), lit.Body.End()) {
		return nil
	}
	del, text, ok := pc.deleteLine(es)
	first := lit.Body.List[0]
	ind, ok2 := pc.indentOf(first.Pos())
	if !ok || !ok2 {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message: "Defer the Done",
		TextEdits: []analysis.TextEdit{
			{Pos: first.Pos(), End: first.Pos(), NewText: []byte("defer " + text + "\n" + ind)},
			del,
		},
	}}
}
