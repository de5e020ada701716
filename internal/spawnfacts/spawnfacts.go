// Package spawnfacts is the fact-only analyzer that records functions that
// start a goroutine on every call with nothing limiting how many run at
// once (func Upload(f File) { go send(f) }): calling one per item of a
// large input is the same unbounded fan-out as a go statement in the loop.
// It works on syntax and types only, so it stays cheap on every dependency.
//
// It also owns the syntactic questions fanout asks of a spawn: what starts
// a goroutine (Spawned) and whether something on the spawn path limits how
// many run (Limited).
package spawnfacts

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer computes per-call spawner summaries. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "spawnfacts",
	Doc:        "record functions that start an unlimited goroutine on every call (reports nothing)",
	Run:        run,
	FactTypes:  []analysis.Fact{new(perCall)},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// perCall marks a function that starts a goroutine each time it is called,
// with no limiter and no wait for it.
type perCall struct{}

func (*perCall) AFact()         {}
func (*perCall) String() string { return "spawnsPerCall" }

// Result answers for functions of the package and of its dependencies.
type Result struct {
	pass  *analysis.Pass
	local map[*types.Func]bool
}

// SpawnsPerCall reports whether each call of fn starts a goroutine that
// nothing limits and fn does not wait for.
func (r *Result) SpawnsPerCall(fn *types.Func) bool {
	if r == nil || fn == nil {
		return false
	}
	fn = fn.Origin()
	if v, ok := r.local[fn]; ok {
		return v
	}
	if fn.Pkg() == nil || fn.Pkg() == r.pass.Pkg {
		return false
	}
	return r.pass.ImportObjectFact(fn, new(perCall))
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{pass: pass, local: make(map[*types.Func]bool)}
	for _, f := range pass.Files {
		if strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go") {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if spawnsPerCall(pass.TypesInfo, fd.Body) {
				res.local[obj] = true
				pass.ExportObjectFact(obj, new(perCall))
			}
		}
	}
	return res, nil
}

// spawnsPerCall: the body starts a goroutine outside any loop (one per
// call) with a go statement, and nothing in the body limits or waits.
func spawnsPerCall(info *types.Info, body *ast.BlockStmt) bool {
	var spawn *ast.GoStmt
	loops := 0
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			loops++
			return false // spawns in loops are fanout's own question
		case *ast.GoStmt:
			if spawn == nil {
				spawn = n
			}
		}
		return true
	})
	if spawn == nil || loops > 0 {
		return false
	}
	// Precision: only an unconditional spawn counts — a statement of the
	// body itself with no return before it. A spawn behind a test (if
	// !c.started { c.started = true; go c.run() }) runs once, not per call.
	top := false
	for _, st := range body.List {
		if st == spawn {
			top = true
		}
	}
	if !top {
		return false
	}
	early := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if n.Pos() < spawn.Pos() {
				early = true
			}
		}
		return !early
	})
	if early {
		return false
	}
	return !Limited(info, body, spawnedBody(info, spawn.Call))
}

// Spawned returns the function call a spawn runs when n starts a
// goroutine: the call of a go statement, or the function argument of
// errgroup's Go/TryGo and WaitGroup.Go. group is the group's receiver for
// the latter.
func Spawned(info *types.Info, n ast.Node) (fun ast.Expr, group ast.Expr, ok bool) {
	switch n := n.(type) {
	case *ast.GoStmt:
		return n.Call.Fun, nil, true
	case *ast.CallExpr:
		fn := typeutil.StaticCallee(info, n)
		switch known.Func(fn) {
		case known.GroupGo, known.GroupTryGo, known.WGGo:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && len(n.Args) == 1 {
				return n.Args[0], sel.X, true
			}
		}
	}
	return nil, nil, false
}

// spawnedBody returns the body the goroutine runs when it is visible: a
// function literal (go func() { … }()).
func spawnedBody(info *types.Info, call *ast.CallExpr) *ast.BlockStmt {
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return lit.Body
	}
	return nil
}

// limiterNames are methods that, on types the known table does not list,
// bound concurrency by their name and shape (a pool's Acquire, a limiter's
// Wait): evidence enough to stay silent, never to report.
var limiterNames = map[string]bool{"Acquire": true, "TryAcquire": true, "Wait": true, "WaitN": true, "Take": true}

// Limited reports whether region (a loop body, or a function body) holds
// something that bounds how many goroutines run: a channel operation
// before the spawn (a buffered-channel semaphore's acquire, a hand-off
// that waits), a semaphore or rate-limiter call, a Wait, or — inside the
// goroutine's own body gbody — a channel both sent to and received from
// (sem <- struct{}{}; defer func() { <-sem }()).
func Limited(info *types.Info, region ast.Node, gbody *ast.BlockStmt) bool {
	limited := false
	ast.Inspect(region, func(n ast.Node) bool {
		if limited {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // another function: gbody is looked at below
		case *ast.SendStmt, *ast.SelectStmt:
			limited = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				limited = true
			}
		case *ast.CallExpr:
			if isLimiterCall(info, n) {
				limited = true
			}
		}
		return true
	})
	if limited || gbody == nil {
		return limited
	}
	return GoroutineLimited(info, gbody)
}

// GoroutineLimited reports whether a goroutine body gates itself: a
// semaphore call, or a channel both sent to and received from in it.
func GoroutineLimited(info *types.Info, gbody *ast.BlockStmt) bool {
	sent := make(map[string]bool)
	recv := make(map[string]bool)
	limited := false
	ast.Inspect(gbody, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			sent[types.ExprString(n.Chan)] = true
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				recv[types.ExprString(n.X)] = true
			}
		case *ast.CallExpr:
			if isLimiterCall(info, n) {
				limited = true
			}
		}
		return true
	})
	for c := range sent {
		if recv[c] {
			return true
		}
	}
	return limited
}

func isLimiterCall(info *types.Info, call *ast.CallExpr) bool {
	fn := typeutil.Callee(info, call)
	f, ok := fn.(*types.Func)
	if !ok {
		return false
	}
	switch known.Func(f) {
	case known.SemAcquire, known.SemTryAcquire, known.RateWait, known.WGWait, known.GroupWait, known.CondWait:
		return true
	case known.None:
		if sig, ok := f.Type().(*types.Signature); ok && sig.Recv() != nil {
			return limiterNames[f.Name()]
		}
	}
	return false
}
