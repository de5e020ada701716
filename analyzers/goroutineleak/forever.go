package goroutineleak

import (
	"go/ast"
	"go/types"
	"go/version"
	"strings"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/ssa"
)

// checkForever reports goroutines, started outside main and init, whose
// body contains select {} or an empty for {}: they can never finish.
func (pc *passContext) checkForever(fns []*ssa.Function) {
	done := make(map[*ssa.Function]bool)
	for _, fn := range fns {
		if isProcessLifetime(fn) {
			continue
		}
		for _, s := range gomodel.Spawns(fn) {
			if s.Kind != gomodel.GoStmt || s.Fn == nil || s.Fn.Pkg != fn.Pkg || done[s.Fn] {
				continue
			}
			done[s.Fn] = true
			var body *ast.BlockStmt
			switch syn := s.Fn.Syntax().(type) {
			case *ast.FuncDecl:
				body = syn.Body
			case *ast.FuncLit:
				body = syn.Body
			}
			if body == nil {
				continue
			}
			line := pc.pass.Fset.Position(s.Pos()).Line
			ast.Inspect(body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.SelectStmt:
					if len(n.Body.List) == 0 {
						suppress.Reportf(pc.pass, n.Pos(), "goroutine started at line %d blocks forever in select {}", line)
					}
				case *ast.ForStmt:
					if n.Cond == nil && len(n.Body.List) == 0 {
						suppress.Reportf(pc.pass, n.Pos(), "goroutine started at line %d spins forever in an empty for loop", line)
					}
				}
				return true
			})
		}
	}
}

// checkTickers reports time.Tick calls and never-stopped time.NewTicker
// tickers in files whose Go version is below 1.23. Since Go 1.23 the
// garbage collector reclaims unreferenced tickers, so newer files are
// skipped entirely.
func (pc *passContext) checkTickers() {
	pass := pc.pass
	for _, f := range pass.Files {
		v := pass.TypesInfo.FileVersions[f]
		if v == "" || version.Compare(v, "go1.23") >= 0 {
			continue
		}
		if pass.Pkg.Name() == "main" || strings.HasSuffix(pass.Fset.File(f.FileStart).Name(), "_test.go") {
			continue // process lifetime, or tests: a leaked ticker is harmless
		}
		ast.Inspect(f, func(n ast.Node) bool {
			var body *ast.BlockStmt
			switch n := n.(type) {
			case *ast.FuncDecl:
				body = n.Body
			case *ast.FuncLit:
				body = n.Body
			default:
				return true
			}
			if body != nil {
				pc.checkTickerBody(body)
			}
			return true
		})
	}
}

// checkTickerBody checks the calls directly in one function body.
func (pc *passContext) checkTickerBody(body *ast.BlockStmt) {
	info := pc.pass.TypesInfo
	endless := isEndless(body)
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if api := known.Func(typeutilCallee(info, n)); api == known.TimeTick && !endless {
				suppress.Reportf(pc.pass, n.Pos(), "time.Tick leaks its ticker: before Go 1.23 it is never collected; use time.NewTicker and Stop it")
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != 1 || len(n.Rhs) != 1 {
				return true
			}
			call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
			if !ok || known.Func(typeutilCallee(info, call)) != known.TimeNewTicker {
				return true
			}
			id, ok := n.Lhs[0].(*ast.Ident)
			if !ok || endless {
				return true
			}
			obj := info.ObjectOf(id)
			if obj == nil || !tickerNeverStopped(info, body, obj) {
				return true
			}
			suppress.Reportf(pc.pass, call.Pos(), "ticker %s is never stopped: before Go 1.23 it is never collected; defer %s.Stop()", id.Name, id.Name)
		}
		return true
	})
}

// tickerNeverStopped reports whether the ticker variable obj is only ever
// used as obj.C or obj.Reset in body (including closures). Any other use —
// Stop, passing it on, storing it — means someone may stop it.
func tickerNeverStopped(info *types.Info, body *ast.BlockStmt, obj types.Object) bool {
	ok := true
	sels := make(map[*ast.Ident]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		if se, isSel := n.(*ast.SelectorExpr); isSel {
			if id, isID := se.X.(*ast.Ident); isID && info.Uses[id] == obj {
				sels[id] = true
				if se.Sel.Name != "C" && se.Sel.Name != "Reset" {
					ok = false
				}
			}
		}
		return ok
	})
	if !ok {
		return false
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if id, isID := n.(*ast.Ident); isID && info.Uses[id] == obj && !sels[id] {
			ok = false
		}
		return ok
	})
	return ok
}

// isEndless reports whether a function body never returns normally: no
// return statement and a final for loop without a condition. Tickers made
// there live as long as the goroutine anyway.
func isEndless(body *ast.BlockStmt) bool {
	if len(body.List) == 0 {
		return false
	}
	hasReturn := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			hasReturn = true
		}
		return !hasReturn
	})
	if hasReturn {
		return false
	}
	switch last := body.List[len(body.List)-1].(type) {
	case *ast.ForStmt:
		return last.Cond == nil
	case *ast.RangeStmt:
		return true // for range time.Tick(d): ranges over a channel nobody closes
	}
	return false
}

func typeutilCallee(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}
