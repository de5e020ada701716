// Package lockfacts owns concurlint's cross-package facts about lock
// wrappers: functions that return holding a lock (func (c *C) lock() {
// c.mu.Lock() }), that release one they did not take, and that expect their
// caller to hold one (fooLocked naming, "must be called with mu held"
// contracts). It works on syntax and types only — it runs on every
// dependency of every checked package, so it must stay cheap — and
// exposes a typed Result; other analyzers never touch the fact type.
package lockfacts

import (
	"github.com/concurlint/concurlint/internal/astpath"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer computes lock-wrapper summaries and exports them as facts.
var Analyzer = &analysis.Analyzer{
	Name:       "lockfacts",
	Doc:        "summarise lock wrappers (acquires, releases, requires) for other analyzers (reports nothing)",
	Run:        run,
	Requires:   []*analysis.Analyzer{suppress.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
	FactTypes:  []analysis.Fact{(*lockEffects)(nil)},
}

// lockEffects is the fact: a function's lock summary.
type lockEffects struct {
	lockmodel.Summary
}

func (*lockEffects) AFact() {}

func (f *lockEffects) String() string { return f.Summary.String() }

// Result answers lock summaries for functions of the package and of its
// dependencies.
type Result struct {
	summaries map[*types.Func]*lockmodel.Summary
}

// Summary returns fn's lock summary, or nil when it has none. Instantiated
// generic functions are looked up through their origin.
func (r *Result) Summary(fn *types.Func) *lockmodel.Summary {
	if r == nil || fn == nil {
		return nil
	}
	return r.summaries[fn.Origin()]
}

type declInfo struct {
	decl   *ast.FuncDecl
	obj    *types.Func
	params map[*types.Var]int
	// ranged: the value variables of range loops over a slice parameter
	// (for _, n := range nodes), by parameter index: a lock of n is a
	// lock of every element ("[]" in the effect path).
	ranged map[*types.Var]int
	// panicOnly: panicOnlyCalls of the body, computed once.
	panicOnly map[*ast.CallExpr]bool
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{summaries: make(map[*types.Func]*lockmodel.Summary)}
	for _, f := range pass.AllObjectFacts() {
		if fn, ok := f.Object.(*types.Func); ok {
			if le, ok := f.Fact.(*lockEffects); ok {
				res.summaries[fn] = &le.Summary
			}
		}
	}
	var decls []*declInfo
	for _, fd := range FuncDecls(pass) {
		decls = append(decls, &declInfo{decl: fd.Decl, obj: fd.Obj, params: fd.Params})
	}
	// Wrappers of wrappers: iterate to a fixpoint, bounded. A summary can
	// also disappear (a lock found to be handed to the result once the
	// result type's methods are summarised), and that change travels up
	// one caller per round.
	for round := 0; round < 16; round++ {
		changed := false
		for _, d := range decls {
			s := summarize(pass, d, res)
			old := res.summaries[d.obj]
			if s.Empty() {
				if old != nil {
					delete(res.summaries, d.obj)
					changed = true
				}
				continue
			}
			if old == nil || old.String() != s.String() {
				res.summaries[d.obj] = s
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	sup := pass.ResultOf[suppress.Analyzer].(*suppress.Result)
	for _, d := range decls {
		s := res.summaries[d.obj]
		if s == nil || sup.Suppressed(pass.Analyzer.Name, d.decl.Pos()) {
			continue
		}
		pass.ExportObjectFact(d.obj, &lockEffects{*s})
	}
	return res, nil
}

// ParamIndex maps fn's receiver and parameters to their summary indices
// (the receiver is 0).
func ParamIndex(fn *types.Func) map[*types.Var]int {
	sig := fn.Type().(*types.Signature)
	idx := make(map[*types.Var]int)
	i := 0
	if sig.Recv() != nil {
		idx[sig.Recv()] = 0
		i = 1
	}
	for j := range sig.Params().Len() {
		idx[sig.Params().At(j)] = i + j
	}
	return idx
}

type effectKey struct {
	param int
	path  string
	read  bool
}

// summarize counts acquisitions and releases of parameter-rooted locks in
// the body (closures included: a lock released anywhere in the function,
// even by a deferred closure or a goroutine, is not returned held).
func summarize(pass *analysis.Pass, d *declInfo, res *Result) *lockmodel.Summary {
	acq := make(map[effectKey]int)
	rel := make(map[effectKey]int)
	tried := make(map[effectKey]bool)
	byArg := paramConditional(pass.TypesInfo, d)
	called := make(map[ast.Expr]bool)
	if d.panicOnly == nil {
		d.panicOnly = panicOnlyCalls(pass.TypesInfo, d.decl.Body)
	}
	panicOnly := d.panicOnly
	ast.Inspect(d.decl.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && panicOnly[c] {
			return false // runs only when the function panics: not its effect
		}
		if sel, ok := n.(*ast.SelectorExpr); ok && !called[sel] {
			// once.Do(mu.Unlock), defer once.Do(mu.Unlock): the method
			// value releases the lock where it is finally called.
			if fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func); ok {
				if api := known.LockMethod(fn); api == known.Unlock || api == known.RUnlock {
					if param, path, ok := lockPath(pass.TypesInfo, &ast.CallExpr{Fun: sel}, d); ok {
						rel[effectKey{param, path, api == known.RUnlock}]++
					}
				}
			}
			return true
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		called[ast.Unparen(call.Fun)] = true
		if byArg[call] {
			// if write { db.writer.Lock() }: whether the function locks
			// is the caller's argument, not a contract of the function.
			markTried(pass, call, d, res, tried)
			return true
		}
		callee, _ := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
		if callee == nil {
			return true
		}
		if api := known.LockMethod(callee); api != known.None {
			param, path, ok := lockPath(pass.TypesInfo, call, d)
			if !ok {
				return true
			}
			switch api {
			case known.Lock:
				acq[effectKey{param, path, false}]++
			case known.RLock:
				acq[effectKey{param, path, true}]++
			case known.Unlock:
				rel[effectKey{param, path, false}]++
			case known.RUnlock:
				rel[effectKey{param, path, true}]++
			case known.TryLock, known.TryRLock:
				// Conditional: the function is neither a plain acquirer
				// nor a plain releaser of this lock.
				tried[effectKey{param, path, api == known.TryRLock}] = true
			}
			return true
		}
		s := res.Summary(callee)
		if s == nil {
			return true
		}
		args := CallArgs(pass.TypesInfo, call)
		if args == nil {
			return true
		}
		for _, e := range s.Acquires {
			if k, ok := argEffect(pass.TypesInfo, args, e, d.params); ok {
				acq[k]++
			}
		}
		for _, e := range s.Releases {
			if k, ok := argEffect(pass.TypesInfo, args, e, d.params); ok {
				rel[k]++
			}
		}
		return true
	})
	s := &lockmodel.Summary{}
	// A function that returns a function hands its caller the release
	// (database/sql's grabConn returns releaseConn): not a plain acquirer.
	handsBack := returnsFunc(d.obj)
	for k, n := range acq {
		if n > 0 && rel[k] == 0 && !tried[k] && !handsBack && !handsToResult(d, k, res) {
			s.Acquires = append(s.Acquires, lockmodel.Effect{Param: k.param, Path: k.path, Read: k.read})
		}
	}
	for k, n := range rel {
		if n > 0 && acq[k] == 0 && !tried[k] {
			s.Releases = append(s.Releases, lockmodel.Effect{Param: k.param, Path: k.path, Read: k.read})
		}
	}
	if e, ok := requires(pass, d); ok {
		s.Requires = append(s.Requires, e)
	}
	s.Sort()
	return s
}

func returnsFunc(fn *types.Func) bool {
	res := fn.Type().(*types.Signature).Results()
	for i := range res.Len() {
		if _, ok := res.At(i).Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// CallArgs returns a call's operands in summary order: the receiver of a
// method call first, then the arguments (a package-qualified function's
// arguments alone, a method expression's as written).
func CallArgs(info *types.Info, call *ast.CallExpr) []ast.Expr {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			return append([]ast.Expr{sel.X}, call.Args...)
		}
	}
	return call.Args
}

// FuncDecl is a function declared with a body in the package, with its
// object and its parameters' summary indices.
type FuncDecl struct {
	Decl   *ast.FuncDecl
	Obj    *types.Func
	Params map[*types.Var]int
}

// FuncDecls lists the package's function declarations with bodies.
func FuncDecls(pass *analysis.Pass) []FuncDecl {
	var out []FuncDecl
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			out = append(out, FuncDecl{Decl: fd, Obj: obj, Params: ParamIndex(obj)})
		}
	}
	return out
}

func argEffect(info *types.Info, args []ast.Expr, e lockmodel.Effect, params map[*types.Var]int) (effectKey, bool) {
	if e.Param >= len(args) || args[e.Param] == nil || e.Any {
		return effectKey{}, false
	}
	param, path, ok := exprPath(info, args[e.Param], params)
	if !ok {
		return effectKey{}, false
	}
	return effectKey{param, astpath.Join(path, e.Path), e.Read}, true
}

// exprPath resolves x to a parameter and a field path below it: c, c.mu,
// (*c).inner.mu, &c.mu. Implicit embedded fields are included.
// panicOnlyCalls returns the calls of body that run only when the
// function panics: inside a deferred closure, under `if !done` where done
// is a local flag the function sets to true (done = true; return), or
// under `if r := recover(); r != nil`. callUnlockingOnPanic(mu, f) unlocks
// only if f panics; its normal return leaves the lock to the caller.
func panicOnlyCalls(info *types.Info, body *ast.BlockStmt) map[*ast.CallExpr]bool {
	out := make(map[*ast.CallExpr]bool)
	setTrue := make(map[*types.Var]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
			if id, ok := as.Lhs[0].(*ast.Ident); ok {
				if b, ok := ast.Unparen(as.Rhs[0]).(*ast.Ident); ok && b.Name == "true" {
					if v, ok := info.Uses[id].(*types.Var); ok {
						setTrue[v] = true
					}
				}
			}
		}
		return true
	})
	onPanic := func(ifs *ast.IfStmt) bool {
		switch c := ast.Unparen(ifs.Cond).(type) {
		case *ast.UnaryExpr:
			if c.Op != token.NOT {
				return false
			}
			id, ok := ast.Unparen(c.X).(*ast.Ident)
			if !ok {
				return false
			}
			v, ok := info.Uses[id].(*types.Var)
			return ok && setTrue[v]
		case *ast.BinaryExpr:
			if c.Op != token.NEQ {
				return false
			}
			isRecover := func(e ast.Expr) bool {
				call, ok := ast.Unparen(e).(*ast.CallExpr)
				if !ok {
					return false
				}
				id, ok := ast.Unparen(call.Fun).(*ast.Ident)
				return ok && id.Name == "recover" && info.Uses[id] == types.Universe.Lookup("recover")
			}
			if isRecover(c.X) || isRecover(c.Y) {
				return true
			}
			// if r := recover(); r != nil
			if as, ok := ifs.Init.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && isRecover(as.Rhs[0]) {
				return true
			}
		}
		return false
	}
	ast.Inspect(body, func(n ast.Node) bool {
		d, ok := n.(*ast.DeferStmt)
		if !ok {
			return true
		}
		lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
		if !ok {
			return true
		}
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			ifs, ok := m.(*ast.IfStmt)
			if !ok || !onPanic(ifs) {
				return true
			}
			ast.Inspect(ifs.Body, func(k ast.Node) bool {
				if c, ok := k.(*ast.CallExpr); ok {
					out[c] = true
				}
				return true
			})
			return false
		})
		return true
	})
	return out
}

// rangedVars computes d.ranged on first use.
func (d *declInfo) rangedVars(info *types.Info) map[*types.Var]int {
	if d.ranged != nil {
		return d.ranged
	}
	d.ranged = make(map[*types.Var]int)
	ast.Inspect(d.decl.Body, func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok || r.Value == nil {
			return true
		}
		x, ok := ast.Unparen(r.X).(*ast.Ident)
		if !ok {
			return true
		}
		pv, _ := info.Uses[x].(*types.Var)
		i, isParam := d.params[pv]
		if !isParam {
			return true
		}
		if _, isSlice := pv.Type().Underlying().(*types.Slice); !isSlice {
			return true
		}
		if id, ok := r.Value.(*ast.Ident); ok {
			if v, ok := info.Defs[id].(*types.Var); ok {
				d.ranged[v] = i
			}
		}
		return true
	})
	return d.ranged
}

func exprPath(info *types.Info, x ast.Expr, params map[*types.Var]int) (int, string, bool) {
	obj, path, ok := astpath.ObjPath(info, x)
	if !ok {
		return 0, "", false
	}
	v, _ := obj.(*types.Var)
	i, ok := params[v]
	return i, path, ok
}

func structOf(t types.Type) *types.Struct {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, _ := t.Underlying().(*types.Struct)
	return st
}

var contractRE = regexp.MustCompile(`(?i)(must|should) be (called|invoked|used) (with|while|when)\b[^.]*\b(held|locked|acquired)|\bcaller (must|should) hold\b|\bcallers? (is|are) responsible for (locking|holding|acquiring)\b|\b(requires|assumes|expects)\b[^.]*\b(lock|mutex|mu)\b[^.]*\b(held|locked|acquired)|\b(needs|requires|assumes|expects)\s+[\w.]+(\s+(and|&)\s+[\w.]+)?\s+(to be\s+)?(held|locked|acquired)\b`)

// "Has to be called with lock!", "must be called under c.mu", "needs to be
// invoked while holding the mutex": a call contract naming the lock
// without saying "held".
var calledWithRE = regexp.MustCompile(`(?i)\b(must|should|has to|have to|needs? to) be (called|invoked|used) (with|under|while holding|holding) (the |a |its )?([\w.]+ )?(lock|mutex|mu|[\w.]*mu)\b`)

var (
	// "Lock should be held.", "Write lock must be held", "Lock is held on
	// entry", "Both locks should be held" (nats-server's convention).
	heldRE = regexp.MustCompile(`(?i)\b(lock|locks|mutex|mu)\s+((should|must|will|is|are|needs\s+to)\s+)?(be\s+)?(held|locked|acquired)\b`)
	// Negations in the same sentence: "Lock should not be held", "No lock
	// held on entry", "Lock MUST NOT be held".
	// "This requires a lock on ac.mu" (grpc's clientconn.go).
	requiresLockRE = regexp.MustCompile(`(?i)\b(requires|needs|assumes)\s+(a|the)\s+(\w+\s+)?lock\b`)
	notHeldRE      = regexp.MustCompile(`(?i)\b(not|no|never|without)\b`)
)

// heldOnEntry returns the sentences of doc stating that a lock is held
// when the function is called, without a negation ("" if none).
func heldOnEntry(doc string) string {
	var out []string
	for _, sentence := range regexp.MustCompile(`[.;\n]`).Split(doc, -1) {
		if (heldRE.MatchString(sentence) || requiresLockRE.MatchString(sentence)) && !notHeldRE.MatchString(sentence) {
			out = append(out, sentence)
		}
	}
	return strings.Join(out, ". ")
}

// requires recognises the "expects the lock held" contract of a method: a
// name ending in "Locked", starting or ending with "Unsafe" (the
// unsynchronised variant of a locking method), or a doc comment saying so. The lock is the
// receiver's only lock field, or one the comment names; otherwise Any.
func requires(pass *analysis.Pass, d *declInfo) (lockmodel.Effect, bool) {
	sig := d.obj.Type().(*types.Signature)
	if sig.Recv() == nil {
		return lockmodel.Effect{}, false
	}
	doc := ""
	if d.decl.Doc != nil {
		doc = d.decl.Doc.Text()
	}
	name := d.obj.Name()
	byName := strings.HasSuffix(name, "Locked") || strings.HasSuffix(name, "_locked") ||
		strings.HasPrefix(strings.ToLower(name), "unsafe") || strings.HasSuffix(name, "Unsafe")
	if !byName && !contractRE.MatchString(doc) && !(calledWithRE.MatchString(doc) && !notHeldRE.MatchString(calledWithRE.FindString(doc))) {
		// "Lock should be held." style: look for the lock's name only in
		// those sentences (nats-server's "a peer state entry is received"
		// must not name a field called entry).
		sentences := heldOnEntry(doc)
		if sentences == "" {
			return lockmodel.Effect{}, false
		}
		doc = sentences
	}
	st := structOf(sig.Recv().Type())
	if st == nil {
		return lockmodel.Effect{Param: 0, Any: true}, true
	}
	var locks []string
	for i := range st.NumFields() {
		f := st.Field(i)
		if known.IsLockType(f.Type()) {
			locks = append(locks, f.Name())
		}
	}
	sort.Strings(locks)
	for _, l := range locks {
		if doc != "" && regexp.MustCompile(`\b`+regexp.QuoteMeta(l)+`\b`).MatchString(doc) {
			return lockmodel.Effect{Param: 0, Path: l}, true
		}
	}
	if len(locks) == 1 {
		return lockmodel.Effect{Param: 0, Path: locks[0]}, true
	}
	return lockmodel.Effect{Param: 0, Any: true}, true
}

// paramConditional returns the calls of d's body that run only under an
// if or switch whose condition reads one of d's parameters directly (Txn(write
// bool) locks the writer only when write is true).
func paramConditional(info *types.Info, d *declInfo) map[*ast.CallExpr]bool {
	out := make(map[*ast.CallExpr]bool)
	readsParam := func(e ast.Expr) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok {
					if _, isParam := d.params[v]; isParam {
						found = true
					}
				}
			}
			return !found
		})
		return found
	}
	mark := func(n ast.Node) {
		if n == nil {
			return
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				out[c] = true
			}
			return true
		})
	}
	ast.Inspect(d.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt:
			if readsParam(n.Cond) {
				mark(n.Body)
				mark(n.Else)
			}
		case *ast.SwitchStmt:
			if n.Tag != nil && readsParam(n.Tag) {
				mark(n.Body)
			}
		}
		return true
	})
	return out
}

// markTried records the locks call acquires or releases (itself or
// through its callee's summary) as conditional: neither acquired nor
// released by the function as a contract.
func markTried(pass *analysis.Pass, call *ast.CallExpr, d *declInfo, res *Result, tried map[effectKey]bool) {
	callee, _ := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	if callee == nil {
		return
	}
	if api := known.LockMethod(callee); api != known.None {
		param, path, ok := lockPath(pass.TypesInfo, call, d)
		if !ok {
			return
		}
		read := api == known.RLock || api == known.RUnlock || api == known.TryRLock
		tried[effectKey{param, path, read}] = true
		return
	}
	s := res.Summary(callee)
	if s == nil {
		return
	}
	args := CallArgs(pass.TypesInfo, call)
	if args == nil {
		return
	}
	for _, es := range [][]lockmodel.Effect{s.Acquires, s.Releases} {
		for _, e := range es {
			if k, ok := argEffect(pass.TypesInfo, args, e, d.params); ok {
				tried[k] = true
			}
		}
	}
}

// lockPath returns the parameter and field path of the lock a Lock-API
// call (x.mu.Lock()) operates on.
// handsToResult reports whether the function hands the lock k to the
// object it returns: the result type holds the lock's owner in a field
// (a back pointer), and one of its methods releases the lock through that
// field. beginCommand locks c.encMutex and returns the encoder whose end()
// unlocks ce.client.encMutex: the caller holds the lock through the
// encoder, and releasing it is the encoder's business.
func handsToResult(d *declInfo, k effectKey, res *Result) bool {
	var owner types.Type
	for v, i := range d.params {
		if i == k.param {
			owner = v.Type()
		}
	}
	if owner == nil {
		return false
	}
	results := d.obj.Type().(*types.Signature).Results()
	for i := range results.Len() {
		t := results.At(i).Type()
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		named, ok := types.Unalias(t).(*types.Named)
		if !ok {
			continue
		}
		st, ok := named.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		ms := types.NewMethodSet(types.NewPointer(named))
		for j := range st.NumFields() {
			f := st.Field(j)
			if !types.Identical(f.Type(), owner) {
				continue
			}
			want := f.Name()
			if k.path != "" {
				want += "." + k.path
			}
			for m := range ms.Len() {
				fn, ok := ms.At(m).Obj().(*types.Func)
				if !ok {
					continue
				}
				if sm := res.Summary(fn); sm != nil {
					for _, e := range sm.Releases {
						if e.Param == 0 && e.Path == want && e.Read == k.read {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

func lockPath(info *types.Info, call *ast.CallExpr, d *declInfo) (int, string, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return 0, "", false
	}
	param, path, ok := exprPath(info, sel.X, d.params)
	if !ok {
		// n.mu.Lock() for n ranging over a slice parameter: every element.
		obj, p, ok2 := astpath.ObjPath(info, sel.X)
		v, _ := obj.(*types.Var)
		i, ranged := d.rangedVars(info)[v]
		if !ok2 || !ranged {
			return 0, "", false
		}
		param, path = i, astpath.Join("[]", p)
	}
	if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
		path = astpath.Join(path, strings.Join(astpath.EmbeddedPath(s), "."))
	}
	return param, path, true
}
