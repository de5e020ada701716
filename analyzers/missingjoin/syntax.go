package missingjoin

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"go/version"
	"strings"

	"github.com/concurlint/concurlint/internal/joinfacts"
	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis"
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
	obj, path, ok := joinfacts.ObjPath(pc.pass.TypesInfo, sel.X)
	if !ok {
		return api, objKey{}, false
	}
	if emb := joinfacts.EmbeddedPath(pc.pass.TypesInfo.Selections[sel]); len(emb) > 0 {
		path = joinPath(path, strings.Join(emb, "."))
	}
	return api, objKey{obj, path}, true
}

func joinPath(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
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
	info := pc.pass.TypesInfo
	global := k.obj.Pkg() == nil || k.obj.Parent() == k.obj.Pkg().Scope()
	resolve := func(e ast.Expr, params map[types.Object]ast.Expr) (objKey, bool) {
		obj, path, ok := joinfacts.ObjPath(info, e)
		if !ok {
			return objKey{}, false
		}
		if arg, ok := params[obj]; ok {
			o2, p2, ok := joinfacts.ObjPath(info, arg)
			if !ok {
				return objKey{}, false
			}
			return objKey{o2, joinPath(p2, path)}, true
		}
		return objKey{obj, path}, true
	}
	doneVia := func(call *ast.CallExpr, params map[types.Object]ast.Expr) bool {
		fn, _ := typeutil.Callee(info, call).(*types.Func)
		if fn == nil {
			return false
		}
		if known.Func(fn) == known.WGDone {
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return false
			}
			rk, ok := resolve(sel.X, params)
			if emb := joinfacts.EmbeddedPath(info.Selections[sel]); len(emb) > 0 {
				rk.path = joinPath(rk.path, strings.Join(emb, "."))
			}
			return ok && rk == k
		}
		var args []ast.Expr
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
			sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !ok {
				return false
			}
			args = append(args, sel.X)
		}
		args = append(args, call.Args...)
		for _, o := range pc.facts.Ops(fn) {
			if o.Kind != "Done" || o.Param >= len(args) {
				continue
			}
			if rk, ok := resolve(args[o.Param], params); ok && joinPath(rk.path, o.Path) == k.path && rk.obj == k.obj {
				return true
			}
		}
		return false
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
		found, dynamic := false, false
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				return false
			case *ast.CallExpr:
				if doneVia(n, params) {
					found = true
				} else if isDynamicCall(info, n) {
					dynamic = true
				}
			}
			return !found
		})
		return found, found || !dynamic
	}
	if typeutil.StaticCallee(info, g.Call) == nil {
		return false, false
	}
	counted = doneVia(g.Call, nil)
	return counted, counted || !global
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

// count is a range of goroutine counts.
type count struct{ min, max int64 }

// countResult describes the goroutines started on k between Add and Wait.
type countResult struct {
	c        count
	lenLoops int      // loops over the Add(len(xs)) slice
	perIter  count    // goroutines per iteration of that loop
	cond     ast.Node // a conditional go, break or continue, for Related
	ok       bool
}

// checkCounts compares a constant Add(n) or Add(len(xs)) with the
// goroutines started before the Wait that follows it in the same
// statement list.
func (pc *passContext) checkCounts(list []ast.Stmt, owner inspector.Cursor) {
	info := pc.pass.TypesInfo
	var fnNode ast.Node
	for c := range owner.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fnNode = c.Node()
		break
	}
	if fnNode == nil {
		return
	}
	for i, st := range list {
		call := stmtCall(st)
		if call == nil || len(call.Args) != 1 {
			continue
		}
		api, k, ok := pc.groupCall(call)
		// Only a group local to this function, so that every Done is in
		// sight: a field or parameter may be marked done by other code.
		if !ok || api != known.WGAdd || k.path != "" || k.obj.Pos() < fnNode.Pos() || k.obj.Pos() >= fnNode.End() {
			continue
		}
		wait := -1
		for j := i + 1; j < len(list); j++ {
			if c := stmtCall(list[j]); c != nil {
				if a, k2, ok := pc.groupCall(c); ok && a == known.WGWait && k2 == k {
					wait = j
					break
				}
			}
		}
		if wait < 0 {
			continue
		}
		arg := ast.Unparen(call.Args[0])
		var n int64 = -1
		var lenOf types.Object
		if tv, ok := info.Types[arg]; ok && tv.Value != nil {
			if v, exact := constant.Int64Val(constant.ToInt(tv.Value)); exact {
				n = v
			}
		} else if lc, ok := arg.(*ast.CallExpr); ok && len(lc.Args) == 1 {
			if id, ok := ast.Unparen(lc.Fun).(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok && b.Name() == "len" {
					if x, ok := ast.Unparen(lc.Args[0]).(*ast.Ident); ok {
						lenOf = info.Uses[x]
					}
				}
			}
		}
		if n < 0 && lenOf == nil {
			continue
		}
		r := pc.countStmts(list[i+1:wait], k, lenOf)
		if !r.ok || pc.doneOutside(fnNode, k, list[i+1].Pos(), list[wait].Pos()) {
			continue
		}
		name := strings.TrimPrefix(pc.render(ast.Unparen(call.Fun).(*ast.SelectorExpr).X), "&")
		related := []analysis.RelatedInformation{{Pos: list[wait].Pos(), Message: "Wait called here"}}
		if r.cond != nil {
			related = append(related, analysis.RelatedInformation{Pos: r.cond.Pos(), Message: "goroutine start skipped here on some path"})
		}
		var msg string
		switch {
		case lenOf != nil:
			if r.lenLoops != 1 || r.c.max != 0 {
				continue // other shapes: a count we cannot compare
			}
			switch {
			case r.perIter.min == 1 && r.perIter.max == 1:
				continue // matches
			case r.perIter.min < r.perIter.max && r.perIter.max == 1:
				msg = fmt.Sprintf("%s.Add(%s) counts one goroutine per element, but the loop may skip the go statement; %s.Wait then blocks forever", name, pc.render(arg), name)
			case r.perIter.min == r.perIter.max:
				msg = fmt.Sprintf("%s.Add(%s) counts one goroutine per element, but the loop starts %d per element", name, pc.render(arg), r.perIter.max)
			default:
				continue
			}
		case r.lenLoops > 0:
			continue
		case r.c.min == r.c.max && r.c.max == n:
			continue // matches
		case r.c.min == r.c.max && n > r.c.max:
			msg = fmt.Sprintf("%s.Add(%d) counts more goroutines than the %d started before %s.Wait, which blocks forever", name, n, r.c.max, name)
		case r.c.min == r.c.max:
			msg = fmt.Sprintf("%s.Add(%d) counts fewer goroutines than the %d started before %s.Wait; the counter goes negative", name, n, r.c.max, name)
		case n > r.c.min:
			msg = fmt.Sprintf("%s.Add(%d) counts goroutines that may not be started (between %d and %d are); %s.Wait may block forever", name, n, r.c.min, r.c.max, name)
		default:
			msg = fmt.Sprintf("%s.Add(%d) counts fewer goroutines than may be started (between %d and %d)", name, n, r.c.min, r.c.max)
		}
		pc.report(analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Message: msg, Related: related})
	}
}

// doneOutside reports whether fn calls Done on k outside [from, to), or
// hands k to a call there (a callback, another goroutine started earlier):
// then the goroutines between Add and Wait are not all that Done counts.
func (pc *passContext) doneOutside(fn ast.Node, k objKey, from, to token.Pos) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || (call.Pos() >= from && call.Pos() < to) {
			return !found
		}
		if api, k2, ok := pc.groupCall(call); ok && k2 == k && api == known.WGDone {
			found = true
		} else if !ok && pc.passesGroup(call, k) {
			found = true
		}
		return !found
	})
	return found
}

// countStmts counts the goroutines counted by k that stmts start. ok is
// false when the count cannot be known: another Add, the group handed to a
// call, a loop with an unknown trip count, a jump out of the list.
func (pc *passContext) countStmts(stmts []ast.Stmt, k objKey, lenOf types.Object) countResult {
	r := countResult{ok: true}
	for _, st := range stmts {
		if !r.ok {
			break
		}
		switch s := st.(type) {
		case *ast.GoStmt:
			counted, known := pc.goCount(s, k)
			switch {
			case !known:
				r.ok = false
			case counted:
				r.c.min++
				r.c.max++
			case pc.passesGroup(s.Call, k):
				r.ok = false
			}
		case *ast.BranchStmt, *ast.LabeledStmt:
			r.ok = false
		case *ast.BlockStmt:
			sub := pc.countStmts(s.List, k, lenOf)
			r.merge(sub, 1)
		case *ast.ForStmt, *ast.RangeStmt:
			pc.countLoop(&r, s, k, lenOf)
		default:
			// Anything else: go statements inside are conditional. A Done
			// by the function itself (a "main is ready too" count) or a
			// handover makes the count unknown.
			if pc.passesGroupIn(st, k) || pc.unknownGoIn(st, k) || pc.doneIn(st, k) {
				r.ok = false
				break
			}
			if g := pc.countedGoIn(st, k); g > 0 {
				r.c.max += int64(g)
				if r.cond == nil {
					r.cond = st
				}
			}
		}
	}
	return r
}

func (r *countResult) merge(sub countResult, times int64) {
	if !sub.ok {
		r.ok = false
		return
	}
	r.c.min += sub.c.min * times
	r.c.max += sub.c.max * times
	r.lenLoops += sub.lenLoops
	if r.cond == nil {
		r.cond = sub.cond
	}
}

// countLoop adds a loop's goroutines: trip count times those of one
// iteration, or the per-iteration count for a range over the len(xs) of
// the Add.
func (pc *passContext) countLoop(r *countResult, loop ast.Stmt, k objKey, lenOf types.Object) {
	var body *ast.BlockStmt
	trip := int64(-1)
	overLen := false
	info := pc.pass.TypesInfo
	switch s := loop.(type) {
	case *ast.ForStmt:
		body = s.Body
		trip = constTrip(info, s)
	case *ast.RangeStmt:
		body = s.Body
		if id, ok := ast.Unparen(s.X).(*ast.Ident); ok && lenOf != nil && info.Uses[id] == lenOf {
			overLen = true
		} else if tv, ok := info.Types[s.X]; ok {
			if tv.Value != nil {
				if v, exact := constant.Int64Val(constant.ToInt(tv.Value)); exact {
					trip = v
				}
			} else if a, ok := tv.Type.Underlying().(*types.Array); ok {
				trip = a.Len()
			}
		}
	}
	if pc.unknownGoIn(body, k) {
		r.ok = false
		return
	}
	if pc.countedGoIn(body, k) == 0 {
		if pc.passesGroupIn(body, k) {
			r.ok = false
		}
		return
	}
	sub := pc.countStmts(loopBodyStmts(body), k, nil)
	if !sub.ok || sub.lenLoops > 0 {
		r.ok = false
		return
	}
	if jump := loopExitBeforeGo(body, k, pc); jump != nil {
		sub.c.min = 0
		if sub.cond == nil {
			sub.cond = jump
		}
	}
	switch {
	case overLen:
		r.lenLoops++
		r.perIter = sub.c
		if r.cond == nil {
			r.cond = sub.cond
		}
	case trip >= 0:
		if jump := findBreak(body); jump != nil {
			sub.c.min = 0
			if sub.cond == nil {
				sub.cond = jump
			}
		}
		r.merge(sub, trip)
	default:
		r.ok = false
	}
}

// loopBodyStmts returns the body's statements with jumps that belong to
// this loop turned harmless for countStmts (they are handled by
// loopExitBeforeGo and findBreak).
func loopBodyStmts(body *ast.BlockStmt) []ast.Stmt {
	var out []ast.Stmt
	for _, st := range body.List {
		if b, ok := st.(*ast.BranchStmt); ok && b.Label == nil && (b.Tok == token.CONTINUE || b.Tok == token.BREAK) {
			continue
		}
		out = append(out, st)
	}
	return out
}

// loopExitBeforeGo returns a continue or break of the loop that appears
// before its last counted go statement, or nil.
func loopExitBeforeGo(body *ast.BlockStmt, k objKey, pc *passContext) ast.Node {
	var lastGo token.Pos
	ast.Inspect(body, func(n ast.Node) bool {
		if g, ok := n.(*ast.GoStmt); ok && pc.countedBy(g, k) {
			lastGo = g.Pos()
		}
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
	var jump ast.Node
	walkLoopJumps(body, func(b *ast.BranchStmt) {
		if jump == nil && b.Pos() < lastGo {
			jump = b
		}
	})
	return jump
}

// findBreak returns a break out of the loop whose body is body, or nil.
func findBreak(body *ast.BlockStmt) ast.Node {
	var jump ast.Node
	walkLoopJumps(body, func(b *ast.BranchStmt) {
		if jump == nil && b.Tok == token.BREAK {
			jump = b
		}
	})
	return jump
}

// walkLoopJumps calls f for unlabelled break and continue statements that
// leave or restart the loop of body (not those of nested loops, switches
// or selects) and for every labelled one and return (conservatively).
func walkLoopJumps(body *ast.BlockStmt, f func(*ast.BranchStmt)) {
	var walk func(n ast.Node, inSwitch, inLoop bool)
	walk = func(n ast.Node, inSwitch, inLoop bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if m == n {
				return true
			}
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				walk(m, inSwitch, true)
				return false
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				walk(m, true, inLoop)
				return false
			case *ast.BranchStmt:
				switch {
				case m.Label != nil && (m.Tok == token.BREAK || m.Tok == token.CONTINUE || m.Tok == token.GOTO):
					f(m)
				case m.Tok == token.CONTINUE && !inLoop:
					f(m)
				case m.Tok == token.BREAK && !inLoop && !inSwitch:
					f(m)
				}
			}
			return true
		})
	}
	walk(body, false, false)
}

// constTrip returns the trip count of for i := C0; i < C1; i++ with
// constant bounds, or -1.
func constTrip(info *types.Info, s *ast.ForStmt) int64 {
	init, ok := s.Init.(*ast.AssignStmt)
	if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 || init.Tok != token.DEFINE {
		return -1
	}
	id, ok := init.Lhs[0].(*ast.Ident)
	if !ok {
		return -1
	}
	v := info.Defs[id]
	lo, ok1 := constInt(info, init.Rhs[0])
	cond, ok := s.Cond.(*ast.BinaryExpr)
	if !ok || !ok1 {
		return -1
	}
	cx, ok := ast.Unparen(cond.X).(*ast.Ident)
	if !ok || info.Uses[cx] != v {
		return -1
	}
	hi, ok := constInt(info, cond.Y)
	if !ok {
		return -1
	}
	post, ok := s.Post.(*ast.IncDecStmt)
	if !ok || post.Tok != token.INC {
		return -1
	}
	if px, ok := ast.Unparen(post.X).(*ast.Ident); !ok || info.Uses[px] != v {
		return -1
	}
	// The loop variable must not be assigned in the body.
	assigned := false
	ast.Inspect(s.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if lid, ok := ast.Unparen(l).(*ast.Ident); ok && info.Uses[lid] == v {
					assigned = true
				}
			}
		case *ast.IncDecStmt:
			if lid, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.Uses[lid] == v {
				assigned = true
			}
		case *ast.UnaryExpr:
			if lid, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[lid] == v {
				assigned = true
			}
		}
		return true
	})
	if assigned {
		return -1
	}
	var trip int64
	switch cond.Op {
	case token.LSS:
		trip = hi - lo
	case token.LEQ:
		trip = hi - lo + 1
	default:
		return -1
	}
	if trip < 0 {
		trip = 0
	}
	return trip
}

func constInt(info *types.Info, e ast.Expr) (int64, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return 0, false
	}
	return constant.Int64Val(constant.ToInt(tv.Value))
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
		if obj, path, ok := joinfacts.ObjPath(pc.pass.TypesInfo, a); ok && obj == k.obj && strings.HasPrefix(k.path, path) {
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

// checkCopies reports WaitGroup methods called on a parameter or receiver
// passed by value (or a WaitGroup field of one): the Add or Done changes a
// copy the caller never sees.
func (pc *passContext) checkCopies() {
	info := pc.pass.TypesInfo
	for cur := range pc.insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var ft *ast.FuncType
		var recv *ast.FieldList
		var body *ast.BlockStmt
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			ft, recv, body = n.Type, n.Recv, n.Body
		case *ast.FuncLit:
			ft, body = n.Type, n.Body
		}
		if body == nil {
			continue
		}
		params := make(map[types.Object]bool)
		for _, fl := range []*ast.FieldList{recv, ft.Params} {
			if fl == nil {
				continue
			}
			for _, f := range fl.List {
				for _, n := range f.Names {
					if obj := info.Defs[n]; obj != nil && containsWaitGroupValue(obj.Type()) {
						params[obj] = true
					}
				}
			}
		}
		if len(params) == 0 {
			continue
		}
		done := make(map[types.Object]bool)
		ast.Inspect(body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			api, k, ok := pc.groupCall(call)
			if !ok || !params[k.obj] || done[k.obj] || (api != known.WGAdd && api != known.WGDone) {
				return true
			}
			sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
			if !valueChain(info, sel.X) {
				return true
			}
			done[k.obj] = true
			pc.report(analysis.Diagnostic{
				Pos: call.Pos(), End: call.End(),
				Message: fmt.Sprintf("%s is a copy of the caller's sync.WaitGroup (%s passed by value); this %s never reaches the caller's Wait", strings.TrimPrefix(pc.render(sel.X), "&"), k.obj.Name(), sel.Sel.Name),
				Related: []analysis.RelatedInformation{{Pos: k.obj.Pos(), Message: "passed by value here; use a pointer"}},
			})
			return true
		})
	}
}

// containsWaitGroupValue reports whether t holds a sync.WaitGroup by
// value (itself, or a struct field path without pointers).
func containsWaitGroupValue(t types.Type) bool {
	return containsWG(t, 0)
}

func containsWG(t types.Type, depth int) bool {
	if depth > 4 {
		return false
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "WaitGroup" {
		return true
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if containsWG(st.Field(i).Type(), depth+1) {
			return true
		}
	}
	return false
}

// valueChain reports whether e reaches its root variable through values
// only: no pointer dereference, explicit or implicit.
func valueChain(info *types.Info, e ast.Expr) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			_, isPtr := info.TypeOf(x).Underlying().(*types.Pointer)
			return !isPtr
		case *ast.SelectorExpr:
			s := info.Selections[x]
			if s == nil || s.Indirect() {
				return false
			}
			e = x.X
		case *ast.UnaryExpr:
			e = x.X
		default:
			return false
		}
	}
}

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

// checkAddWithoutGo reports an Add whose goroutine is skipped: a continue,
// break or (for a group that outlives the function) return between the
// Add and the go statement it counts, in the same statement list. The
// counter is never decremented on that path, so Wait blocks forever.
func (pc *passContext) checkAddWithoutGo(list []ast.Stmt, owner inspector.Cursor) {
	var fnNode ast.Node
	for c := range owner.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		fnNode = c.Node()
		break
	}
	if fnNode == nil {
		return
	}
	for i, st := range list {
		call := stmtCall(st)
		if call == nil || len(call.Args) != 1 {
			continue
		}
		api, k, ok := pc.groupCall(call)
		if !ok || api != known.WGAdd {
			continue
		}
		if v, ok := constInt(pc.pass.TypesInfo, call.Args[0]); !ok || v < 1 {
			continue
		}
		local := k.path == "" && k.obj.Pos() >= fnNode.Pos() && k.obj.Pos() < fnNode.End()
		for j := i + 1; j < len(list); j++ {
			if g, ok := list[j].(*ast.GoStmt); ok && pc.countedBy(g, k) {
				if jump := pc.skipsGo(list[i+1:j], k, !local); jump != nil {
					name := strings.TrimPrefix(pc.render(ast.Unparen(call.Fun).(*ast.SelectorExpr).X), "&")
					pc.report(analysis.Diagnostic{
						Pos: call.Pos(), End: call.End(),
						Message: fmt.Sprintf("%s.Add is not matched by a goroutine when the %s below runs, so %s.Wait blocks forever", name, jumpWord(jump), name),
						Related: []analysis.RelatedInformation{
							{Pos: jump.Pos(), Message: "skips the go statement"},
							{Pos: g.Pos(), Message: "goroutine counted by the Add"},
						},
					})
				}
				break
			}
			if c := stmtCall(list[j]); c != nil {
				if _, k2, ok := pc.groupCall(c); ok && k2 == k {
					break // another operation on the group in between: not the simple shape
				}
			}
		}
	}
}

func jumpWord(n ast.Node) string {
	switch n := n.(type) {
	case *ast.ReturnStmt:
		return "return"
	case *ast.BranchStmt:
		return n.Tok.String()
	}
	return "jump"
}

// skipsGo returns a continue or break (of the enclosing loop, or any
// labelled one) in stmts, or a return when returns counts, or nil. A Done
// on k before the jump (undoing the Add) or a call handing k on makes the
// shape unknown: nil.
func (pc *passContext) skipsGo(stmts []ast.Stmt, k objKey, returns bool) ast.Node {
	var jump ast.Node
	for _, st := range stmts {
		if pc.passesGroupIn(st, k) || pc.doneIn(st, k) {
			return nil
		}
		blk := &ast.BlockStmt{List: []ast.Stmt{st}}
		walkLoopJumps(blk, func(b *ast.BranchStmt) {
			if jump == nil && b.Tok != token.GOTO {
				jump = b
			}
		})
		if jump == nil && returns {
			ast.Inspect(st, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.ReturnStmt:
					if jump == nil {
						jump = n
					}
				}
				return jump == nil
			})
		}
		if jump != nil {
			return jump
		}
	}
	return nil
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
