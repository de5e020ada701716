package missingjoin

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/version"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis"
)

// checkSuggestGo reports the exact triple wg.Add(1); go func() { defer
// wg.Done(); ... }() in Go 1.25+ files with a fix to wg.Go. Never when the
// goroutine recovers panics (wg.Go's function must not panic) or the shape
// differs in any way.
func (pc *passContext) checkSuggestGo(list []ast.Stmt) {
	for i := 0; i+1 < len(list); i++ {
		add := stmtCall(list[i])
		g, ok := list[i+1].(*ast.GoStmt)
		if add == nil || !ok || len(add.Args) != 1 || len(g.Call.Args) != 0 {
			continue
		}
		if v, ok := constInt(pc.pass.TypesInfo, add.Args[0]); !ok || v != 1 {
			continue
		}
		api, k, ok := pc.groupCall(add)
		if !ok || api != known.WGAdd || !pc.fileAtLeast(add.Pos(), "go1.25") {
			continue
		}
		lit, ok := g.Call.Fun.(*ast.FuncLit)
		if !ok || lit.Type.Params.NumFields() != 0 || lit.Type.Results.NumFields() != 0 || len(lit.Body.List) < 2 {
			continue
		}
		def, ok := lit.Body.List[0].(*ast.DeferStmt)
		if !ok || len(def.Call.Args) != 0 {
			continue
		}
		dapi, dk, ok := pc.groupCall(def.Call)
		if !ok || dapi != known.WGDone || dk != k {
			continue
		}
		addSel := ast.Unparen(add.Fun).(*ast.SelectorExpr)
		if pc.render(addSel.X) != pc.render(ast.Unparen(def.Call.Fun).(*ast.SelectorExpr).X) {
			continue
		}
		// A trailing comment on the Add line moves to the wg.Go line; any
		// other comment in the rewritten range blocks the fix.
		_, addLine, ok := pc.deleteLine(list[i])
		if !ok || recovers(lit.Body) || pc.doneCount(lit.Body, k) != 1 || hasComments(pc, g.Pos(), def.End()) {
			continue
		}
		comment := ""
		if j := strings.Index(addLine, "//"); j >= 0 {
			comment = " " + addLine[j:]
		}
		wg := pc.text(addSel.X)
		pc.report(analysis.Diagnostic{
			Pos: add.Pos(), End: g.End(),
			Message: fmt.Sprintf("%s.Add(1), go and defer %s.Done() can be written %s.Go", wg, wg, wg),
			SuggestedFixes: []analysis.SuggestedFix{{
				Message: "Use " + wg + ".Go",
				TextEdits: []analysis.TextEdit{
					{Pos: list[i].Pos(), End: def.End(), NewText: []byte(wg + ".Go(func() {" + comment)},
					{Pos: lit.End(), End: g.Call.End(), NewText: []byte(")")},
				},
			}},
		})
	}
}

func (pc *passContext) fileAtLeast(pos token.Pos, v string) bool {
	for _, f := range pc.pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			fv := pc.pass.TypesInfo.FileVersions[f]
			return fv != "" && version.Compare(fv, v) >= 0
		}
	}
	return false
}

// recovers reports whether body calls recover anywhere, nested function
// literals included.
func recovers(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok && id.Name == "recover" {
				found = true
			}
		}
		return !found
	})
	return found
}

func (pc *passContext) doneCount(body ast.Node, k objKey) int {
	n := 0
	ast.Inspect(body, func(m ast.Node) bool {
		if c, ok := m.(*ast.CallExpr); ok {
			if api, k2, ok := pc.groupCall(c); ok && k2 == k && (api == known.WGDone || api == known.WGAdd || api == known.WGWait) {
				n++
			}
		}
		return true
	})
	return n
}

// hasComments reports whether a comment lies in [from, to).
func hasComments(pc *passContext, from, to token.Pos) bool {
	for _, f := range pc.pass.Files {
		if f.FileStart <= from && from < f.FileEnd {
			for _, cg := range f.Comments {
				if cg.Pos() < to && cg.End() > from {
					return true
				}
			}
		}
	}
	return false
}
