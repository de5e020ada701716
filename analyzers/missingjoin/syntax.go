package missingjoin

import (
	"github.com/concurlint/concurlint/internal/astpath"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/joinfacts"
	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// objKey names a group syntactically: the variable it is rooted at and
// the field path from it.
type objKey struct {
	obj  types.Object
	path string
}

// groupCall classifies a call of a WaitGroup method and resolves its
// receiver.
func (pc *passContext) groupCall(call *ast.CallExpr) (known.API, objKey, bool) {
	fn, _ := typeutil.Callee(pc.pass.TypesInfo, call).(*types.Func)
	api := known.Func(fn)
	switch api {
	case known.WGAdd, known.WGDone, known.WGWait, known.WGGo:
	default:
		return api, objKey{}, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return api, objKey{}, false
	}
	obj, path, ok := astpath.ObjPath(pc.pass.TypesInfo, sel.X)
	if !ok {
		return api, objKey{}, false
	}
	if emb := astpath.EmbeddedPath(pc.pass.TypesInfo.Selections[sel]); len(emb) > 0 {
		path = astpath.Join(path, strings.Join(emb, "."))
	}
	return api, pc.throughFields(objKey{obj, path}), true
}

// stmtCall returns the call of an expression statement.
func stmtCall(st ast.Stmt) *ast.CallExpr {
	if es, ok := st.(*ast.ExprStmt); ok {
		if c, ok := ast.Unparen(es.X).(*ast.CallExpr); ok {
			return c
		}
	}
	return nil
}

// countedBy reports whether the goroutine of g calls Done on k, directly,
// through a parameter of its function literal, or in a callee (facts).
func (pc *passContext) countedBy(g *ast.GoStmt, k objKey) bool {
	counted, _ := pc.goCount(g, k)
	return counted
}

// goCount is countedBy that also says whether the answer is known: a go
// statement whose function is a variable, or whose literal calls function
// values, or a declared function when k is a package-level variable, may
// call Done where we cannot see.
func (pc *passContext) goCount(g *ast.GoStmt, k objKey) (counted, known_ bool) {
	counted, known_, _ = pc.goDone(g, k)
	return counted, known_
}

// goDone is goCount that also says whether the goroutine calls Done on k
// exactly once per run: at a single site, deferred or not, outside any
// loop and outside nested function literals (other than a deferred one),
// or through a callee whose Done is not repeated. A worker calling Done
// per work item taken from a channel is counted but not once.
func (pc *passContext) goDone(g *ast.GoStmt, k objKey) (counted, known_, once bool) {
	info := pc.pass.TypesInfo
	global := k.obj.Pkg() == nil || k.obj.Parent() == k.obj.Pkg().Scope()
	resolve := func(e ast.Expr, params map[types.Object]ast.Expr) (objKey, bool) {
		obj, path, ok := astpath.ObjPath(info, e)
		if !ok {
			return objKey{}, false
		}
		if arg, ok := params[obj]; ok {
			o2, p2, ok := astpath.ObjPath(info, arg)
			if !ok {
				return objKey{}, false
			}
			return objKey{o2, astpath.Join(p2, path)}, true
		}
		return objKey{obj, path}, true
	}
	// async: a callee hands k to goroutines of its own that call Done
	// (GoDone): how many goroutines count down k is unknown.
	async := false
	// doneVia reports whether call calls Done on k, and whether it may do
	// so more than once (a callee whose Done is repeated).
	doneVia := func(call *ast.CallExpr, params map[types.Object]ast.Expr) (hit, repeated bool) {
		fn, _ := typeutil.Callee(info, call).(*types.Func)
		if fn == nil {
			return false, false
		}
		if known.Func(fn) == known.WGDone {
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return false, false
			}
			rk, ok := resolve(sel.X, params)
			if emb := astpath.EmbeddedPath(info.Selections[sel]); len(emb) > 0 {
				rk.path = astpath.Join(rk.path, strings.Join(emb, "."))
			}
			return ok && pc.throughFields(rk) == k, false
		}
		var args []ast.Expr
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return false, false
			}
			args = append(args, sel.X)
		}
		args = append(args, call.Args...)
		for _, o := range pc.facts.Ops(fn) {
			if (o.Kind != "Done" && o.Kind != "GoDone") || o.Param >= len(args) {
				continue
			}
			if rk, ok := resolve(args[o.Param], params); ok && pc.throughFields(objKey{rk.obj, astpath.Join(rk.path, o.Path)}) == k {
				if o.Kind == "GoDone" {
					async = true
					continue
				}
				hit = true
				repeated = repeated || o.Repeated
			}
		}
		return hit, repeated
	}
	if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok {
		params := make(map[types.Object]ast.Expr)
		i := 0
		for _, f := range lit.Type.Params.List {
			for _, n := range f.Names {
				if obj := info.Defs[n]; obj != nil && i < len(g.Call.Args) {
					params[obj] = g.Call.Args[i]
				}
				i++
			}
			if len(f.Names) == 0 {
				i++
			}
		}
		sites, repeated, dynamic, deferred := 0, false, false, false
		// Several sites are once per run only when each but the last (in
		// source order) is directly followed by a return, as in
		// "if err != nil { wg.Done(); return }; ...; wg.Done()".
		var last *ast.CallExpr
		lastReturns := true
		beforeReturn := make(map[ast.Node]bool)
		markReturns := func(list []ast.Stmt) {
			for i, st := range list {
				if c := stmtCall(st); c != nil && i+1 < len(list) {
					if _, ok := list[i+1].(*ast.ReturnStmt); ok {
						beforeReturn[c] = true
					}
				}
			}
		}
		// nested: inside a function literal that is not deferred, which
		// may run any number of times.
		var walk func(body ast.Node, inLoop, nested, inDefer bool)
		walk = func(body ast.Node, inLoop, nested, inDefer bool) {
			joinfacts.WalkLoops(body, inLoop, func(n ast.Node, inLoop bool) bool {
				switch n := n.(type) {
				case *ast.GoStmt:
					// A goroutine started by the counted goroutine that
					// calls Done itself also counts towards Add(n):
					// the number of goroutines is not this go
					// statement's alone.
					if c, _, _ := pc.goDone(n, k); c || pc.passesGroup(n.Call, k) {
						async = true
					}
					return false
				case *ast.BlockStmt:
					markReturns(n.List)
				case *ast.CaseClause:
					markReturns(n.Body)
				case *ast.CommClause:
					markReturns(n.Body)
				case *ast.BranchStmt:
					if n.Tok == token.GOTO {
						repeated = true // may jump back
					}
				case *ast.DeferStmt:
					if lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit); ok {
						walk(lit.Body, inLoop, nested, true)
						return false
					}
					if hit, rep := doneVia(n.Call, params); hit {
						sites++
						deferred = true
						repeated = repeated || rep || inLoop || nested
						return false
					}
				case *ast.FuncLit:
					walk(n.Body, inLoop, true, inDefer)
					return false
				case *ast.CallExpr:
					if hit, rep := doneVia(n, params); hit {
						sites++
						deferred = deferred || inDefer
						repeated = repeated || rep || inLoop || nested
						if last != nil && !lastReturns {
							repeated = true
						}
						last, lastReturns = n, beforeReturn[n]
					} else if isDynamicCall(info, n) {
						dynamic = true
					}
				}
				return true
			})
		}
		walk(lit.Body, false, false, false)
		found := sites > 0
		once = found && !repeated && (sites == 1 || !deferred)
		if async {
			return found, false, false
		}
		return found, found || !dynamic, once
	}
	if typeutil.StaticCallee(info, g.Call) == nil {
		return false, false, false
	}
	counted, repeated := doneVia(g.Call, nil)
	if async {
		return counted, false, false
	}
	return counted, counted || !global, counted && !repeated
}

// isDynamicCall reports whether call calls a function value (not a
// declared function, method, builtin or conversion).
func isDynamicCall(info *types.Info, call *ast.CallExpr) bool {
	if tv, ok := info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return false
	}
	if _, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return false
	}
	if fn := typeutil.Callee(info, call); fn != nil {
		if _, ok := fn.(*types.Func); ok {
			return false
		}
	}
	return true
}

// unknownGoIn reports whether n has a go statement whose counting by k is
// unknown.
func (pc *passContext) unknownGoIn(n ast.Node, k objKey) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			if _, ok := pc.goCount(m, k); !ok {
				found = true
			}
			return false
		}
		return !found
	})
	return found
}

// stmtLists calls f with every statement list of the package.
func (pc *passContext) stmtLists(f func(list []ast.Stmt, owner inspector.Cursor)) {
	for cur := range pc.insp.Root().Preorder((*ast.BlockStmt)(nil), (*ast.CaseClause)(nil), (*ast.CommClause)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.BlockStmt:
			f(n.List, cur)
		case *ast.CaseClause:
			f(n.Body, cur)
		case *ast.CommClause:
			f(n.Body, cur)
		}
	}
}

// checkSyntax runs the syntactic checks.
func (pc *passContext) checkSyntax() {
	pc.stmtLists(func(list []ast.Stmt, owner inspector.Cursor) {
		pc.checkCounts(list, owner)
		pc.checkAddWithoutGo(list, owner)
		pc.checkWaitInLoop(list, owner)
		if suggestGo {
			pc.checkSuggestGo(list)
		}
	})
	pc.checkCopies()
}

// countedGoIn counts the go statements counted by k inside n (not in
// nested function literals).
func (pc *passContext) countedGoIn(n ast.Node, k objKey) int {
	c := 0
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			if pc.countedBy(m, k) {
				c++
			}
			return false
		}
		return true
	})
	return c
}

// passesGroup reports whether call hands k to someone (an argument), or is
// an Add on k.
func (pc *passContext) passesGroup(call *ast.CallExpr, k objKey) bool {
	if api, k2, ok := pc.groupCall(call); ok {
		return k2 == k && (api == known.WGAdd || api == known.WGGo)
	}
	for _, a := range call.Args {
		if obj, path, ok := astpath.ObjPath(pc.pass.TypesInfo, a); ok && obj == k.obj && strings.HasPrefix(k.path, path) {
			return true
		}
	}
	return false
}

// passesGroupIn reports whether a call in n (outside go statements
// counted by k) hands k on or adds to it, or a function literal there
// captures it (a callback that may call Done).
func (pc *passContext) passesGroupIn(n ast.Node, k objKey) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.GoStmt:
			if pc.countedBy(m, k) {
				return false
			}
		case *ast.FuncLit:
			if pc.mentions(m, k.obj) {
				found = true
			}
			return false
		case *ast.CallExpr:
			if pc.passesGroup(m, k) {
				found = true
			}
		}
		return !found
	})
	return found
}

// mentions reports whether n refers to obj.
func (pc *passContext) mentions(n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && pc.pass.TypesInfo.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// doneIn reports whether n calls Done on k outside function literals.
func (pc *passContext) doneIn(n ast.Node, k objKey) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		switch m := m.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if api, k2, ok := pc.groupCall(m); ok && k2 == k && api == known.WGDone {
				found = true
			}
		}
		return !found
	})
	return found
}

// throughFields resolves a key rooted at a local variable initialised with
// a composite literal that sets a pointer field to a group: after c :=
// &copier{wg: &wg}, (c, "wg") is (wg, ""). The syntactic twin of
// gomodel.ThroughFields. Only when the variable is defined once and the
// field is never assigned afterwards (c.wg = other); anything else keeps
// the key.
func (pc *passContext) throughFields(k objKey) objKey {
	for range 8 {
		field, rest, _ := strings.Cut(k.path, ".")
		if field == "" {
			return k
		}
		lit := pc.fieldInits()[k.obj]
		if lit == nil || pc.fieldsAssigned[fieldRef{k.obj, field}] {
			return k
		}
		var val ast.Expr
		for _, e := range lit.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && id.Name == field {
					val = kv.Value
				}
			}
		}
		if val == nil {
			return k
		}
		if _, ptr := pc.pass.TypesInfo.TypeOf(val).Underlying().(*types.Pointer); !ptr {
			return k
		}
		obj, path, ok := astpath.ObjPath(pc.pass.TypesInfo, val)
		if !ok {
			return k
		}
		k = objKey{obj, astpath.Join(path, rest)}
	}
	return k
}

// fieldRef is a field of the struct a variable holds or points to.
type fieldRef struct {
	obj   types.Object
	field string
}

// fieldInits indexes, once per package, the local variables defined by a
// composite literal (x := &T{...}, var x = T{...}) and assigned nowhere
// else, and the fields assigned through a variable (x.f = ...).
func (pc *passContext) fieldInits() map[types.Object]*ast.CompositeLit {
	if pc.inits != nil {
		return pc.inits
	}
	info := pc.pass.TypesInfo
	pc.inits = make(map[types.Object]*ast.CompositeLit)
	pc.fieldsAssigned = make(map[fieldRef]bool)
	reassigned := make(map[types.Object]bool)
	lit := func(e ast.Expr) *ast.CompositeLit {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = ast.Unparen(u.X)
		}
		cl, _ := e.(*ast.CompositeLit)
		return cl
	}
	define := func(id *ast.Ident, rhs ast.Expr) {
		obj := info.Defs[id]
		if obj == nil {
			return
		}
		if cl := lit(rhs); cl != nil {
			pc.inits[obj] = cl
		}
	}
	assign := func(lhs ast.Expr) {
		switch l := ast.Unparen(lhs).(type) {
		case *ast.Ident:
			if obj := info.Uses[l]; obj != nil {
				reassigned[obj] = true
			}
		case *ast.SelectorExpr:
			if obj, path, ok := astpath.ObjPath(info, l); ok {
				field, _, _ := strings.Cut(path, ".")
				pc.fieldsAssigned[fieldRef{obj, field}] = true
			}
		}
	}
	for cur := range pc.insp.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, isID := l.(*ast.Ident)
				if n.Tok == token.DEFINE && isID && info.Defs[id] != nil && len(n.Lhs) == len(n.Rhs) {
					define(id, n.Rhs[i])
					continue
				}
				assign(l)
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if i < len(n.Values) && len(n.Names) == len(n.Values) {
					define(id, n.Values[i])
				}
			}
		case *ast.UnaryExpr:
			// &x.f: the field may be written through the pointer.
			if n.Op == token.AND {
				switch x := ast.Unparen(n.X).(type) {
				case *ast.SelectorExpr:
					assign(x)
				case *ast.Ident:
					// &x: the variable may be reassigned through the pointer.
					assign(x)
				}
			}
		}
	}
	for obj := range reassigned {
		delete(pc.inits, obj)
	}
	return pc.inits
}
