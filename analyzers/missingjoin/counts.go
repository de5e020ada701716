package missingjoin

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/astpath"
	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// count is a range of goroutine counts.
type count struct{ min, max int64 }

// countResult describes the goroutines started on k between Add and Wait.
type countResult struct {
	c        count
	lenLoops int      // loops over the Add(len(xs)) slice
	perIter  count    // goroutines per iteration of that loop
	cond     ast.Node // a conditional go, break or continue, for Related
	// dataLoop is a loop starting counted goroutines whose trip count
	// depends on data (a slice, map, channel, a bound known at run time).
	dataLoop ast.Node
	ok       bool
}

// checkCounts compares a constant Add(n) or Add(len(xs)) with the
// goroutines started before the Wait that follows it in the same
// statement list.
func (pc *passContext) checkCounts(list []ast.Stmt, owner inspector.Cursor) {
	info := pc.pass.TypesInfo
	fnNode := enclosingFunc(owner)
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
		if !r.ok || !pc.doneOnceEach(list[i+1:wait], k) || pc.doneOutside(fnNode, k, list[i+1].Pos(), list[wait].Pos()) || pc.addrEscapes(fnNode, k) {
			continue
		}
		name := strings.TrimPrefix(pc.render(ast.Unparen(call.Fun).(*ast.SelectorExpr).X), "&")
		if r.dataLoop != nil {
			if n < 1 || lenOf != nil || r.lenLoops > 0 {
				continue
			}
			pc.report(analysis.Diagnostic{
				Pos: call.Pos(), End: call.End(),
				Message: fmt.Sprintf("%s.Add(%d) counts a fixed number of goroutines, but the loop at line %d starts one per iteration, a number known only at run time; %s.Wait may block forever or the counter go negative",
					name, n, pc.pass.Fset.Position(r.dataLoop.Pos()).Line, name),
				Related: []analysis.RelatedInformation{{Pos: r.dataLoop.Pos(), Message: "goroutines started in this loop"}, {Pos: list[wait].Pos(), Message: "Wait called here"}},
			})
			continue
		}
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

// doneOnceEach reports whether every goroutine counted by k that stmts
// start calls Done exactly once. Otherwise Add(n) may count work items
// rather than goroutines (workers calling Done per item taken from a
// channel), and comparing n with the goroutines started would be wrong.
func (pc *passContext) doneOnceEach(stmts []ast.Stmt, k objKey) bool {
	ok := true
	for _, st := range stmts {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.GoStmt:
				if counted, _, once := pc.goDone(n, k); counted && !once {
					ok = false
				}
				return false
			}
			return ok
		})
	}
	return ok
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
	if r.dataLoop == nil {
		r.dataLoop = sub.dataLoop
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
	dataDependent := false
	switch s := loop.(type) {
	case *ast.ForStmt:
		body = s.Body
		trip = constTrip(info, s)
		if cmp, ok := s.Cond.(*ast.BinaryExpr); ok && trip < 0 && (cmp.Op == token.LSS || cmp.Op == token.LEQ) {
			if tv, ok := info.Types[cmp.Y]; ok && tv.Value == nil && pc.outsideData(cmp.Y) {
				dataDependent = true // i < n with n known at run time
			}
		}
	case *ast.RangeStmt:
		body = s.Body
		if id, ok := ast.Unparen(s.X).(*ast.Ident); ok && lenOf != nil && info.Uses[id] == lenOf {
			overLen = true
		} else if n, ok := pc.sliceLitLen(s.X); ok {
			trip = n
		} else if tv, ok := info.Types[s.X]; ok {
			if tv.Value != nil {
				if v, exact := constant.Int64Val(constant.ToInt(tv.Value)); exact {
					trip = v
				}
			} else if a, ok := tv.Type.Underlying().(*types.Array); ok {
				trip = a.Len()
			} else if p, ok := tv.Type.Underlying().(*types.Pointer); ok {
				if a, ok := p.Elem().Underlying().(*types.Array); ok {
					trip = a.Len()
				}
			}
			if trip < 0 && !overLen && pc.outsideData(s.X) {
				dataDependent = true
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
	case dataDependent && sub.c.min == sub.c.max && sub.c.min > 0 && findBreak(body) == nil && loopExitBeforeGo(body, k, pc) == nil:
		// Every iteration starts the same number of counted goroutines,
		// as many times as there are elements: not a constant.
		r.merge(sub, 1)
		if r.dataLoop == nil {
			r.dataLoop = loop
		}
	default:
		r.ok = false
	}
}

// sliceLitLen returns the length of a slice literal ranged over directly,
// or held in a variable defined by one and never assigned again: for _, x
// := range []T{a, b} runs twice.
func (pc *passContext) sliceLitLen(x ast.Expr) (int64, bool) {
	var lit *ast.CompositeLit
	switch x := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		lit = x
	case *ast.Ident:
		if obj := pc.pass.TypesInfo.Uses[x]; obj != nil {
			lit = pc.fieldInits()[obj]
		}
	}
	if lit == nil {
		return 0, false
	}
	if _, ok := pc.pass.TypesInfo.TypeOf(lit).Underlying().(*types.Slice); !ok {
		return 0, false
	}
	for _, e := range lit.Elts {
		if _, ok := e.(*ast.KeyValueExpr); ok {
			return 0, false
		}
	}
	return int64(len(lit.Elts)), true
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

// checkAddWithoutGo reports an Add whose goroutine is skipped: a continue,
// break or (for a group that outlives the function) return between the
// Add and the go statement it counts, in the same statement list. The
// counter is never decremented on that path, so Wait blocks forever.
func (pc *passContext) checkAddWithoutGo(list []ast.Stmt, owner inspector.Cursor) {
	fnNode := enclosingFunc(owner)
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

// enclosingFunc returns the innermost function declaration or literal
// around cur, or nil.
func enclosingFunc(cur inspector.Cursor) ast.Node {
	for c := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return c.Node()
	}
	return nil
}

// addrEscapes reports whether fn stores a pointer to k where the count
// cannot follow it: assigned, returned, sent, or set in a composite literal
// other than the one-time initialisation throughFields resolves (c :=
// &copier{wg: &wg}). Goroutines may then count down k through that copy.
func (pc *passContext) addrEscapes(fn ast.Node, k objKey) bool {
	info := pc.pass.TypesInfo
	escapes := false
	var stack []ast.Node
	ast.Inspect(fn, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] != k.obj || escapes {
			return true
		}
		// Climb to the largest expression designating k or a pointer to it.
		i := len(stack) - 1
		var e ast.Expr = id
		for i > 0 {
			switch p := stack[i-1].(type) {
			case *ast.SelectorExpr:
				if p.X != e || info.Selections[p] == nil || info.Selections[p].Kind() != types.FieldVal {
					break
				}
				e, i = p, i-1
				continue
			case *ast.UnaryExpr:
				if p.Op == token.AND {
					e, i = p, i-1
					continue
				}
			case *ast.ParenExpr, *ast.StarExpr:
				e, i = p.(ast.Expr), i-1
				continue
			}
			break
		}
		if obj, path, ok := astpath.ObjPath(info, e); !ok || obj != k.obj || path != k.path {
			return true
		}
		if sel, ok := stack[i-1].(*ast.SelectorExpr); ok && i >= 2 {
			// A method value (NotifyStarted: wg.Done, register(wg.Done)):
			// whoever holds it counts down k.
			if call, ok := stack[i-2].(*ast.CallExpr); !ok || call.Fun != sel {
				escapes = true
			}
			return true
		}
		if _, ptr := info.TypeOf(e).Underlying().(*types.Pointer); !ptr || i == 0 {
			return true
		}
		switch p := stack[i-1].(type) {
		case *ast.AssignStmt, *ast.ReturnStmt, *ast.SendStmt, *ast.ValueSpec, *ast.CompositeLit:
			escapes = true
		case *ast.KeyValueExpr:
			if i < 2 {
				escapes = true
				break
			}
			cl, _ := stack[i-2].(*ast.CompositeLit)
			key, _ := p.Key.(*ast.Ident)
			escapes = true
			for obj, init := range pc.fieldInits() {
				if init == cl && key != nil && !pc.fieldsAssigned[fieldRef{obj, key.Name}] {
					escapes = false
				}
			}
		}
		return true
	})
	return escapes
}

// outsideData reports whether e is data the function does not build
// itself: a parameter, a field, a package-level variable, a call's result,
// or len of one of them. A local slice the function fills (nca =
// append(nca, c) five times) may have a fixed length the count knows.
func (pc *passContext) outsideData(e ast.Expr) bool {
	info := pc.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return false
		}
		if v.Parent() == pc.pass.Pkg.Scope() {
			return true
		}
		return pc.isParam(v)
	case *ast.SelectorExpr:
		return true
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				return b.Name() == "len" && len(e.Args) == 1 && pc.outsideData(e.Args[0])
			}
		}
		return !info.Types[e.Fun].IsType()
	}
	return false
}

// isParam reports whether v is a parameter, result or receiver of a
// function of the package: declared before the body of a function whose
// range holds it (top-level locals share the function's scope, so the
// scope alone does not tell).
func (pc *passContext) isParam(v *types.Var) bool {
	for cur := range pc.insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var body *ast.BlockStmt
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			body = n.Body
		case *ast.FuncLit:
			body = n.Body
		}
		n := cur.Node()
		if body != nil && n.Pos() <= v.Pos() && v.Pos() < body.Lbrace {
			return true
		}
	}
	return false
}
