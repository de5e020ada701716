package missingjoin

import (
	"fmt"
	"go/ast"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// checkWaitInLoop reports a Wait that immediately follows the only counted
// go statement of a loop body: each goroutine is waited for before the
// next starts.
func (pc *passContext) checkWaitInLoop(list []ast.Stmt, owner inspector.Cursor) {
	blk, ok := owner.Node().(*ast.BlockStmt)
	if !ok {
		return
	}
	switch owner.Parent().Node().(type) {
	case *ast.ForStmt, *ast.RangeStmt:
	default:
		return
	}
	for i := 0; i+1 < len(list); i++ {
		g, ok := list[i].(*ast.GoStmt)
		if !ok {
			continue
		}
		call := stmtCall(list[i+1])
		if call == nil {
			continue
		}
		api, k, ok := pc.groupCall(call)
		if !ok || api != known.WGWait || !pc.countedBy(g, k) || pc.countedGoIn(blk, k) != 1 || pc.unknownGoIn(blk, k) {
			continue
		}
		name := strings.TrimPrefix(pc.render(ast.Unparen(call.Fun).(*ast.SelectorExpr).X), "&")
		msg := fmt.Sprintf("%s.Wait inside the loop waits for each goroutine before the next is started, so they never run concurrently", name)
		if !pc.addsIn(blk, k) {
			msg = fmt.Sprintf("%s.Wait inside the loop waits for goroutines the loop has not started yet (Add is before the loop) and blocks forever", name)
		}
		pc.report(analysis.Diagnostic{
			Pos: call.Pos(), End: call.End(), Message: msg,
			Related: []analysis.RelatedInformation{{Pos: g.Pos(), Message: "goroutine started here"}},
		})
	}
}

// addsIn reports whether n calls Add on k (outside function literals).
func (pc *passContext) addsIn(n ast.Node, k objKey) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if api, k2, ok := pc.groupCall(m); ok && api == known.WGAdd && k2 == k {
				found = true
			}
		}
		return !found
	})
	return found
}
