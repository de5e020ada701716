package fanout

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/docutil"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/spawnfacts"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "fanout",
	Doc:      docutil.MustExtract(doc, "fanout"),
	URL:      "https://github.com/concurlint/concurlint#fanout",
	Run:      run,
	Requires: []*analysis.Analyzer{inspect.Analyzer, spawnfacts.Analyzer, suppress.Analyzer},
}

type passContext struct {
	pass   *analysis.Pass
	spawns *spawnfacts.Result
	decls  map[*types.Func]*ast.FuncDecl
	seen   map[token.Pos]bool
	sent   map[*types.Var]bool // sentTo, by field
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	pc := &passContext{
		pass:   pass,
		spawns: pass.ResultOf[spawnfacts.Analyzer].(*spawnfacts.Result),
		decls:  make(map[*types.Func]*ast.FuncDecl),
		seen:   make(map[token.Pos]bool),
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					pc.decls[obj] = fd
				}
			}
		}
	}
	for cur := range insp.Root().Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		n := cur.Node()
		if pc.isTestFile(n.Pos()) {
			continue // a test's goroutines live as long as the test
		}
		var stack []ast.Node
		for c := cur.Parent(); c.Node() != nil; c = c.Parent() {
			stack = append(stack, c.Node())
		}
		pc.checkSpawn(n, stack)
	}
	return nil, nil
}

func (pc *passContext) isTestFile(pos token.Pos) bool {
	return strings.HasSuffix(pc.pass.Fset.File(pos).Name(), "_test.go")
}

// checkSpawn looks at one node that may start a goroutine; stack holds its
// ancestors, innermost first.
func (pc *passContext) checkSpawn(n ast.Node, stack []ast.Node) {
	info := pc.pass.TypesInfo
	fun, group, ok := spawnfacts.Spawned(info, n)
	viaHelper := ""
	if !ok {
		// A call of a function that starts a goroutine on every call.
		call, isCall := n.(*ast.CallExpr)
		if !isCall {
			return
		}
		callee := typeutil.StaticCallee(info, call)
		if callee == nil || !pc.spawns.SpawnsPerCall(callee) {
			return
		}
		viaHelper = callee.Name()
	}
	// The loops around the spawn, up to the enclosing function.
	var encl ast.Node
	var loops []ast.Node
	for _, a := range stack {
		switch a.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, a)
		case *ast.FuncLit, *ast.FuncDecl:
			encl = a
		}
		if encl != nil {
			break
		}
	}
	if encl == nil || len(loops) == 0 {
		return
	}
	for _, loop := range loops {
		src, what := pc.uncontrolled(loop, encl)
		if src == nil {
			continue
		}
		body := loopBody(loop)
		if pc.limited(body, fun, group, encl) {
			return
		}
		spawn := "one goroutine is started"
		if viaHelper != "" {
			spawn = viaHelper + " starts a goroutine"
		}
		if pc.seen[n.Pos()] {
			return
		}
		pc.seen[n.Pos()] = true
		suppress.Report(pc.pass, analysis.Diagnostic{
			Pos: n.Pos(),
			End: spawnEnd(n),
			Message: fmt.Sprintf("%s per %s, with nothing limiting how many run at once: a large input exhausts memory and file descriptors and runs slower, not faster; bound it with errgroup.SetLimit or a semaphore",
				spawn, what),
			Related: []analysis.RelatedInformation{{Pos: src.Pos(), End: src.End(), Message: "the loop's input, whose size the program does not control"}},
		})
		return
	}
}

func spawnEnd(n ast.Node) token.Pos {
	if g, ok := n.(*ast.GoStmt); ok {
		return g.Go + token.Pos(len("go"))
	}
	return n.End()
}

func loopBody(loop ast.Node) *ast.BlockStmt {
	switch l := loop.(type) {
	case *ast.ForStmt:
		return l.Body
	case *ast.RangeStmt:
		return l.Body
	}
	return nil
}

// limited reports whether something bounds the goroutines started in body:
// a limiter in the loop body or in the goroutine, a limited errgroup, or a
// group the function does not own.
func (pc *passContext) limited(body *ast.BlockStmt, fun, group ast.Expr, encl ast.Node) bool {
	info := pc.pass.TypesInfo
	var gbody *ast.BlockStmt
	if fun != nil {
		switch f := ast.Unparen(fun).(type) {
		case *ast.FuncLit:
			gbody = f.Body
		default:
			// go worker(x): look at the worker when the package has it.
			if obj := calleeObj(info, f); obj != nil {
				if fd := pc.decls[obj]; fd != nil && fd.Body != nil {
					gbody = fd.Body
				} else if obj.Pkg() != pc.pass.Pkg {
					// Precision: a function of another package may gate
					// itself; its body is not visible here.
					return true
				}
			} else {
				return true // a function value: unknown
			}
		}
	}
	if spawnfacts.Limited(info, body, gbody) {
		return true
	}
	if gbody != nil && pc.releasesUpstreamSlot(gbody) {
		return true
	}
	if group != nil {
		// errgroup / WaitGroup.Go: a group that is not a local of this
		// function may be limited where it is made; a local one is
		// limited by a SetLimit call anywhere in the function.
		id, ok := ast.Unparen(group).(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.Pos() < encl.Pos() || v.Pos() > encl.End() {
			return true
		}
		if isParam(encl, v, info) {
			return true
		}
		limit := false
		ast.Inspect(encl, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && known.Func(typeutil.StaticCallee(info, c)) == known.GroupSetLimit {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
					if x, ok := ast.Unparen(sel.X).(*ast.Ident); ok && info.Uses[x] == v {
						limit = true
					}
				}
			}
			return !limit
		})
		return limit
	}
	return false
}

// releasesUpstreamSlot reports whether the goroutine gives back a
// semaphore slot that its producer took before handing it the work: it
// defers a call of a package function that receives from a token channel
// field (chan struct{}) which other code of the package sends to (the
// acquire, a poller's reserve before it fetches the next task).
func (pc *passContext) releasesUpstreamSlot(gbody *ast.BlockStmt) bool {
	info := pc.pass.TypesInfo
	found := false
	ast.Inspect(gbody, func(n ast.Node) bool {
		d, ok := n.(*ast.DeferStmt)
		if !ok || found {
			return !found
		}
		obj := calleeObj(info, d.Call.Fun)
		if obj == nil {
			return true
		}
		fd := pc.decls[obj.Origin()] // a method of a generic queue: its declaration
		if fd == nil || fd.Body == nil {
			return true
		}
		ast.Inspect(fd.Body, func(m ast.Node) bool {
			u, ok := m.(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				return !found
			}
			if f := tokenField(info, u.X); f != nil && pc.sentTo(f) {
				found = true
			}
			return !found
		})
		return !found
	})
	return found
}

// tokenField returns the field a token channel expression (x.slots, of
// type chan struct{}) selects, or nil.
func tokenField(info *types.Info, e ast.Expr) *types.Var {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	f, ok := info.Uses[sel.Sel].(*types.Var)
	if !ok || !f.IsField() {
		return nil
	}
	ch, ok := f.Type().Underlying().(*types.Chan)
	if !ok {
		return nil
	}
	if st, ok := ch.Elem().Underlying().(*types.Struct); !ok || st.NumFields() != 0 {
		return nil
	}
	return f
}

// sentTo reports whether some function of the package sends to the
// token channel field f (plainly or as a select case).
func (pc *passContext) sentTo(f *types.Var) bool {
	if v, ok := pc.sent[f]; ok {
		return v
	}
	if pc.sent == nil {
		pc.sent = make(map[*types.Var]bool)
	}
	v := pc.scanSentTo(f)
	pc.sent[f] = v
	return v
}

func (pc *passContext) scanSentTo(f *types.Var) bool {
	info := pc.pass.TypesInfo
	for _, fd := range pc.decls {
		if fd.Body == nil {
			continue
		}
		sent := false
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if s, ok := n.(*ast.SendStmt); ok && tokenField(info, s.Chan) == f {
				sent = true
			}
			return !sent
		})
		if sent {
			return true
		}
	}
	return false
}

func calleeObj(info *types.Info, e ast.Expr) *types.Func {
	switch e := e.(type) {
	case *ast.Ident:
		f, _ := info.Uses[e].(*types.Func)
		return f
	case *ast.SelectorExpr:
		if sel := info.Selections[e]; sel != nil {
			f, _ := sel.Obj().(*types.Func)
			return f
		}
		f, _ := info.Uses[e.Sel].(*types.Func)
		return f
	}
	return nil
}

func isParam(encl ast.Node, v *types.Var, info *types.Info) bool {
	var ft *ast.FuncType
	switch f := encl.(type) {
	case *ast.FuncDecl:
		ft = f.Type
		if f.Recv != nil {
			for _, fl := range f.Recv.List {
				for _, n := range fl.Names {
					if info.Defs[n] == v {
						return true
					}
				}
			}
		}
	case *ast.FuncLit:
		ft = f.Type
	}
	if ft == nil || ft.Params == nil {
		return false
	}
	for _, fl := range ft.Params.List {
		for _, n := range fl.Names {
			if info.Defs[n] == v {
				return true
			}
		}
	}
	return false
}
