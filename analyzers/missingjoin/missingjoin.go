package missingjoin

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/docutil"
	"github.com/concurlint/concurlint/internal/joinfacts"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

// Analyzer is the missingjoin analyzer.
var Analyzer = &analysis.Analyzer{
	Name:     "missingjoin",
	Doc:      docutil.MustExtract(doc, "missingjoin"),
	URL:      "https://github.com/concurlint/concurlint#missingjoin",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, inspect.Analyzer, joinfacts.Analyzer, suppress.Analyzer},
	Run:      run,
}

// suggestGo enables the wg.Go modernisation diagnostic. It is off by
// default: the triple it rewrites is correct code, and a linter tuned for
// precision reports bugs, not style.
var suggestGo bool

func init() {
	Analyzer.Flags.BoolVar(&suggestGo, "suggestgo", false, "also suggest wg.Go for wg.Add(1); go func() { defer wg.Done(); ... }() in Go 1.25+ files")
}

// passContext carries the pass and its per-package caches.
type passContext struct {
	pass  *analysis.Pass
	facts *joinfacts.Result
	insp  *inspector.Inspector
	calls map[token.Pos]inspector.Cursor // CallExpr by Lparen
	gos   map[token.Pos]inspector.Cursor // GoStmt by Go keyword
	ops   map[*ssa.Function][]opSite     // ops of a function in its own frame
	seen  map[string]bool                // reported position+message, to report once

	inits map[types.Object]*ast.CompositeLit // see fieldInits
	// syncDone: WaitGroup fields some function not started by a go
	// statement calls Done on (see countsOthers); built on first need.
	syncDone       map[*types.Var]bool
	fieldsAssigned map[fieldRef]bool
}

func run(pass *analysis.Pass) (any, error) {
	if !importsAny(pass.Pkg, "sync", "golang.org/x/sync/errgroup") {
		// Every check needs a WaitGroup or an errgroup, and a package that
		// uses one through another package's type still imports it for the
		// method calls to resolve... except through embedding; stay cheap.
		if !mentionsGroup(pass) {
			return nil, nil
		}
	}
	pc := &passContext{
		pass:  pass,
		facts: pass.ResultOf[joinfacts.Analyzer].(*joinfacts.Result),
		insp:  pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		calls: make(map[token.Pos]inspector.Cursor),
		gos:   make(map[token.Pos]inspector.Cursor),
		ops:   make(map[*ssa.Function][]opSite),
		seen:  make(map[string]bool),
	}
	for cur := range pc.insp.Root().Preorder((*ast.CallExpr)(nil), (*ast.GoStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.CallExpr:
			pc.calls[n.Lparen] = cur
		case *ast.GoStmt:
			pc.gos[n.Go] = cur
		}
	}
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)

	// 1. SSA checks, per function that starts goroutines or owns a group.
	for _, fn := range contain.Each(pass, pass.ResultOf[suppress.Analyzer].(*suppress.Result).HandWritten(ssainfo.SrcFuncs)) {
		pc.runFunc(fn)
		pc.checkPerItemDone(fn)
	}
	// 2. Syntactic checks: counts, Wait in the spawning loop, copies, wg.Go.
	pc.checkSyntax()
	return nil, nil
}

func importsAny(pkg *types.Package, paths ...string) bool {
	for _, imp := range pkg.Imports() {
		for _, p := range paths {
			if imp.Path() == p {
				return true
			}
		}
	}
	return false
}

// mentionsGroup reports whether the package has a value of a WaitGroup or
// errgroup type at all (a struct from another package embedding one).
func mentionsGroup(pass *analysis.Pass) bool {
	for _, tv := range pass.TypesInfo.Types {
		if isGroupType(tv.Type) {
			return true
		}
	}
	return false
}

func isWaitGroup(t types.Type) bool { return known.IsNamed(t, "sync", "WaitGroup") }

func isErrgroup(t types.Type) bool { return known.IsNamed(t, "golang.org/x/sync/errgroup", "Group") }

func isGroupType(t types.Type) bool { return isWaitGroup(t) || isErrgroup(t) }

// report funnels every diagnostic through suppress, once per position and
// message (a function started as a goroutine from several places is
// checked once per spawn site).
func (pc *passContext) report(d analysis.Diagnostic) {
	key := fmt.Sprint(d.Pos, d.Message)
	if pc.seen[key] {
		return
	}
	pc.seen[key] = true
	suppress.Report(pc.pass, d)
}

// render prints an expression as written in the source.
func (pc *passContext) render(e ast.Expr) string { return types.ExprString(e) }

// callAt returns the call expression whose Lparen is pos.
func (pc *passContext) callAt(pos token.Pos) (*ast.CallExpr, inspector.Cursor, bool) {
	cur, ok := pc.calls[pos]
	if !ok {
		return nil, cur, false
	}
	return cur.Node().(*ast.CallExpr), cur, true
}

// groupText renders the receiver of a WaitGroup/errgroup method call at
// pos ("wg", "s.wg"), or "" when the call is not in the source.
func (pc *passContext) groupText(pos token.Pos) string {
	call, _, ok := pc.callAt(pos)
	if !ok {
		return ""
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		return strings.TrimPrefix(pc.render(sel.X), "&")
	}
	return ""
}
