// Package lockorder owns concurlint's cross-package facts about lock
// acquisition: which locks a function acquires on its own goroutine before
// it returns (whether or not it releases them again), and the package's
// lock-order edges — "B acquired while A is held", between lock classes.
//
// A lock class is a type-level name for a lock: the field of the named
// struct type that declares it ("(example.com/p.Store).mu"), or a package
// variable ("example.com/p.mu"). The SSA side (deadlock) names classes
// with Class and ClassOfPath, so the two agree.
//
// Like lockfacts, it works on syntax and types only: it runs on every
// dependency of every checked package under go vet and must stay cheap.
// Held sets are computed by dominance in the syntax tree: a lock is held
// at a statement when its Lock is an earlier statement of an enclosing
// block and no release of it lies in between (a release in a branch that
// returns does not count). Function literals are other goroutines or run
// later; their bodies are not part of the function's summary.
package lockorder

import (
	"encoding/gob"
	"fmt"
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/concurlint/concurlint/internal/astpath"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockfacts"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer computes acquisition summaries and lock-order edges and exports
// them as facts.
var Analyzer = &analysis.Analyzer{
	Name:       "lockorder",
	Doc:        "summarise lock acquisitions and lock-order edges for other analyzers (reports nothing)",
	Run:        run,
	Requires:   []*analysis.Analyzer{lockfacts.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
	FactTypes:  []analysis.Fact{(*acquires)(nil), (*edges)(nil)},
}

func init() {
	gob.Register(&acquires{})
	gob.Register(&edges{})
}

// An Acq is one lock a function acquires: reachable from parameter Param
// through Path, or (Param < 0) the package-level lock of class Class.
type Acq struct {
	Param int
	Path  string
	Class string // the lock's class, when it has one
	// Global: for Param < 0, the package variable and path
	// ("example.com/p.cache.mu"), as lockmodel keys name it.
	Global string
	Read   bool
	// Via names the callee chain that reaches the acquisition ("" when the
	// function locks directly); Where is "file.go:line" of the Lock.
	Via   string
	Where string
	// Pos: the Lock (or the call leading to it) in this package; NoPos for
	// summaries imported from dependencies.
	Pos token.Pos `gob:"-"`
}

func (a Acq) key() string {
	s := fmt.Sprintf("%d.%s", a.Param, a.Path)
	if a.Param < 0 {
		s = a.Global
	}
	if a.Read {
		s += "(r)"
	}
	return s
}

// acquires is the object fact on a function. Drops: parameter-rooted
// locks whose first operation in the function is a release (a helper that
// drops its caller's lock: resetTransportAndUnlock, waitLocked).
type acquires struct{ Acqs, Drops []Acq }

func (*acquires) AFact() {}

func (f *acquires) String() string {
	var xs []string
	for _, a := range f.Acqs {
		xs = append(xs, a.key())
	}
	s := "acquires(" + strings.Join(xs, ",") + ")"
	if len(f.Drops) > 0 {
		s += " drops(" + acqString(f.Drops) + ")"
	}
	return s
}

// An Edge records that lock class To is acquired while class From is held.
type Edge struct {
	From, To         string
	FromRead, ToRead bool
	Pkg, Func        string // where the acquisition of To is written
	Where            string // "file.go:line" of the acquisition (or call)
	Via              string // callee chain through which To is acquired, if any
	Test             bool   // written in a _test.go file
	Pos              token.Pos
	HeldPos          token.Pos // the acquisition of From (this package only)
}

// edges is the package fact: the package's own lock-order edges.
type edges struct{ Edges []Edge }

func (*edges) AFact() {}

func (f *edges) String() string {
	var xs []string
	for _, e := range f.Edges {
		xs = append(xs, e.From+"->"+e.To)
	}
	return "edges(" + strings.Join(xs, " ") + ")"
}

// Result answers acquisition summaries and lock-order edges.
type Result struct {
	acqs  map[*types.Func][]Acq
	drops map[*types.Func][]Acq
	local []Edge
	deps  []Edge
}

// Acquires returns the locks fn acquires before returning, or nil.
func (r *Result) Acquires(fn *types.Func) []Acq {
	if r == nil || fn == nil {
		return nil
	}
	return r.acqs[fn.Origin()]
}

// Drops returns the caller's locks fn releases before taking any: the
// caller no longer holds them while fn runs.
func (r *Result) Drops(fn *types.Func) []Acq {
	if r == nil || fn == nil {
		return nil
	}
	return r.drops[fn.Origin()]
}

// Local returns the lock-order edges of the package under analysis.
func (r *Result) Local() []Edge { return r.local }

// Imported returns the lock-order edges exported by dependencies.
func (r *Result) Imported() []Edge { return r.deps }

type declInfo struct {
	decl   *ast.FuncDecl
	obj    *types.Func
	params map[*types.Var]int
	edges  []Edge
	fresh  map[*types.Var]bool // freshVars
}

type passContext struct {
	pass  *analysis.Pass
	locks *lockfacts.Result
	res   *Result
}

// maxVia bounds the callee chains that summaries carry.
const maxVia = 3

// goroot is where the standard library's files are.
var goroot = filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)

// isStd reports whether the package's files lie in GOROOT: the standard
// library's locks are its own business (fmt's pools, go/token's file set),
// never a caller's deadlock; some drivers do not give it facts anyway.
func isStd(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return true
	}
	f := pass.Fset.File(pass.Files[0].Pos())
	return f != nil && strings.HasPrefix(f.Name(), goroot)
}

func run(pass *analysis.Pass) (any, error) {
	if isStd(pass) {
		return &Result{acqs: make(map[*types.Func][]Acq), drops: make(map[*types.Func][]Acq)}, nil
	}
	pc := &passContext{
		pass:  pass,
		locks: pass.ResultOf[lockfacts.Analyzer].(*lockfacts.Result),
		res:   &Result{acqs: make(map[*types.Func][]Acq), drops: make(map[*types.Func][]Acq)},
	}
	for _, f := range pass.AllObjectFacts() {
		if fn, ok := f.Object.(*types.Func); ok {
			if a, ok := f.Fact.(*acquires); ok {
				if len(a.Acqs) > 0 {
					pc.res.acqs[fn] = a.Acqs
				}
				if len(a.Drops) > 0 {
					pc.res.drops[fn] = a.Drops
				}
			}
		}
	}
	for _, f := range pass.AllPackageFacts() {
		if e, ok := f.Fact.(*edges); ok && f.Package != pass.Pkg {
			pc.res.deps = append(pc.res.deps, e.Edges...)
		}
	}
	var decls []*declInfo
	for _, fd := range lockfacts.FuncDecls(pass) {
		decls = append(decls, &declInfo{decl: fd.Decl, obj: fd.Obj, params: fd.Params})
	}
	// Callees of callees: a bounded fixpoint.
	for round := 0; round < 5; round++ {
		changed := false
		for _, d := range decls {
			acqs, drops := pc.summarize(d, false)
			if acqString(drops) != acqString(pc.res.drops[d.obj]) {
				changed = true
				if len(drops) == 0 {
					delete(pc.res.drops, d.obj)
				} else {
					pc.res.drops[d.obj] = drops
				}
			}
			if acqString(acqs) != acqString(pc.res.acqs[d.obj]) {
				changed = true
				if len(acqs) == 0 {
					delete(pc.res.acqs, d.obj)
				} else {
					pc.res.acqs[d.obj] = acqs
				}
			}
		}
		if !changed {
			break
		}
	}
	for _, d := range decls {
		pc.summarize(d, true)
		pc.res.local = append(pc.res.local, d.edges...)
		if acqs, drops := pc.res.acqs[d.obj], pc.res.drops[d.obj]; len(acqs)+len(drops) > 0 {
			pass.ExportObjectFact(d.obj, &acquires{Acqs: acqs, Drops: drops})
		}
	}
	if len(pc.res.local) > 0 {
		out := make([]Edge, len(pc.res.local))
		copy(out, pc.res.local)
		for i := range out {
			out[i].Pos, out[i].HeldPos = token.NoPos, token.NoPos
		}
		pass.ExportPackageFact(&edges{Edges: out})
	}
	return pc.res, nil
}

func acqString(as []Acq) string {
	var xs []string
	for _, a := range as {
		xs = append(xs, a.key())
	}
	return strings.Join(xs, ",")
}

// A lockRef is one syntactic lock operation or acquisition through a call.
type lockRef struct {
	id      string // root object identity + path, "" when unnamed
	param   int    // -1: not parameter-rooted
	path    string
	global  string
	class   string
	read    bool
	acquire bool
	// holds: the lock is still held after the call (Lock, RLock, a lock
	// wrapper); a callee's acquisitions are released before it returns.
	holds bool
	// fresh: the lock belongs to an object this function made (x :=
	// &T{…}, new(T)) and x is never assigned anything else: no other
	// goroutine can be holding it or waiting for it while the function
	// still builds the object.
	fresh   bool
	via     string
	where   string
	pos     token.Pos
	display string
}

// refsOf returns the lock effects of one call: a Lock/Unlock of a named
// lock, or the acquisitions of a summarised callee (and lockfacts'
// wrapper releases), in the caller's terms.
func (pc *passContext) refsOf(d *declInfo, call *ast.CallExpr) []lockRef {
	info := pc.pass.TypesInfo
	callee, _ := typeutil.Callee(info, call).(*types.Func)
	if callee == nil {
		return nil
	}
	if api := known.LockMethod(callee); api != known.None {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		var emb []string
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			emb = astpath.EmbeddedPath(s)
		}
		r := pc.ref(d, sel.X, strings.Join(emb, "."))
		r.pos = call.Pos()
		r.where = pc.where(call.Pos())
		r.display = types.ExprString(sel.X)
		switch api {
		case known.Lock, known.RLock:
			r.acquire, r.holds, r.read = true, true, api == known.RLock
		case known.Unlock, known.RUnlock:
			r.read = api == known.RUnlock
		default:
			return nil // TryLock: conditional, never a blocking acquisition
		}
		return []lockRef{r}
	}
	args := lockfacts.CallArgs(info, call)
	var out []lockRef
	for _, a := range pc.res.Acquires(callee) {
		if strings.Count(a.Via, "→") >= maxVia {
			continue // a long chain of callees: too speculative to carry on
		}
		var r lockRef
		if a.Param < 0 {
			r = lockRef{id: "g:" + a.Global, param: -1, class: a.Class, global: a.Global}
		} else {
			if a.Param >= len(args) || args[a.Param] == nil {
				continue
			}
			r = pc.ref(d, args[a.Param], a.Path)
		}
		r.acquire, r.read, r.pos = true, a.Read, call.Pos()
		r.via = callee.Name()
		if a.Via != "" {
			r.via += " → " + a.Via
		}
		r.where = a.Where
		out = append(out, r)
	}
	for _, a := range pc.res.Drops(callee) {
		if a.Param < len(args) && args[a.Param] != nil {
			r := pc.ref(d, args[a.Param], a.Path)
			r.pos, r.read = call.Pos(), a.Read
			out = append(out, r)
		}
	}
	if s := pc.locks.Summary(callee); s != nil {
		for _, e := range s.Acquires {
			if e.Param < len(args) && args[e.Param] != nil && !e.Any {
				r := pc.ref(d, args[e.Param], e.Path)
				r.pos, r.read, r.acquire, r.holds = call.Pos(), e.Read, true, true
				r.where = pc.where(call.Pos())
				out = append(out, r)
			}
		}
		for _, e := range s.Releases {
			if e.Param < len(args) && args[e.Param] != nil && !e.Any {
				r := pc.ref(d, args[e.Param], e.Path)
				r.pos, r.read = call.Pos(), e.Read
				out = append(out, r)
			}
		}
	}
	return out
}

// freshVars returns the local variables of d assigned only the address of
// a new object (&T{…}, new(T)), computed once.
func (d *declInfo) freshVars(info *types.Info) map[*types.Var]bool {
	if d.fresh != nil {
		return d.fresh
	}
	d.fresh = make(map[*types.Var]bool)
	other := make(map[*types.Var]bool)
	isNew := func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.UnaryExpr:
			_, lit := ast.Unparen(e.X).(*ast.CompositeLit)
			return e.Op == token.AND && lit
		case *ast.CallExpr:
			id, ok := ast.Unparen(e.Fun).(*ast.Ident)
			return ok && id.Name == "new" && info.Uses[id] == types.Universe.Lookup("new")
		}
		return false
	}
	if d.decl.Body == nil {
		return d.fresh
	}
	ast.Inspect(d.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					continue
				}
				v, _ := info.ObjectOf(id).(*types.Var)
				if v == nil {
					continue
				}
				if len(n.Rhs) == len(n.Lhs) && isNew(n.Rhs[i]) {
					d.fresh[v] = true
				} else {
					other[v] = true
				}
			}
		case *ast.GoStmt:
			// go x.loop(), go f(x): x is shared from there on.
			ast.Inspect(n.Call, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok {
					if v, ok := info.Uses[id].(*types.Var); ok {
						other[v] = true
					}
				}
				return true
			})
		case *ast.UnaryExpr:
			// &x: the variable itself escapes, anything may be stored in it.
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v, ok := info.Uses[id].(*types.Var); ok {
					other[v] = true
				}
			}
		}
		return true
	})
	for v := range other {
		delete(d.fresh, v)
	}
	return d.fresh
}

// ref names the lock reached from x through the field path extra.
func (pc *passContext) ref(d *declInfo, x ast.Expr, extra string) lockRef {
	info := pc.pass.TypesInfo
	r := lockRef{param: -1}
	var path []string
	if extra != "" {
		path = strings.Split(extra, ".")
	}
	r.class = ExprClass(info, x, path)
	if obj, p, ok := astpath.ObjPath(info, x); ok {
		if v, ok := obj.(*types.Var); ok && d.freshVars(info)[v] {
			r.fresh = true
		}
		full := astpath.Join(p, extra)
		r.id = fmt.Sprintf("%p:%s", obj, full)
		if v, ok := obj.(*types.Var); ok {
			if i, ok := d.params[v]; ok {
				r.param, r.path = i, full
			}
		}
		if isGlobal(obj) {
			r.global = astpath.Join(obj.Pkg().Path()+"."+obj.Name(), full)
			r.id = "g:" + r.global
		}
	}
	return r
}

func isGlobal(obj types.Object) bool {
	return obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope()
}

func (pc *passContext) where(pos token.Pos) string {
	p := pc.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// heldLock is a lock held at a point of the syntax walk.
type heldLock struct {
	ref lockRef
}

// summarize walks d's body. It returns the acquisitions callers see and,
// with withEdges, records d's lock-order edges.
func (pc *passContext) summarize(d *declInfo, withEdges bool) (acqs, drops []Acq) {
	w := &walker{pc: pc, d: d, withEdges: withEdges, firstOp: make(map[string]bool)}
	w.block(d.decl.Body.List, nil, false)
	// A function whose first operation on a lock releases it drops and
	// retakes its caller's lock (a …Locked helper waiting on something):
	// not an acquisition the caller must not hold.
	seen := make(map[string]bool)
	var out []Acq
	for _, r := range w.acqs {
		if r.id != "" && !w.firstOp[r.id] {
			continue
		}
		a := Acq{Param: r.param, Path: r.path, Class: r.class, Global: r.global, Read: r.read, Via: r.via, Where: r.where, Pos: r.pos}
		if seen[a.key()] {
			continue
		}
		seen[a.key()] = true
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key() < out[j].key() })
	for _, r := range w.rels {
		a := Acq{Param: r.param, Path: r.path, Read: r.read}
		if r.param < 0 || w.firstOp[r.id] || seen["drop:"+a.key()] {
			continue
		}
		seen["drop:"+a.key()] = true
		drops = append(drops, a)
	}
	sort.Slice(drops, func(i, j int) bool { return drops[i].key() < drops[j].key() })
	return out, drops
}

type walker struct {
	pc        *passContext
	d         *declInfo
	withEdges bool
	acqs      []lockRef
	rels      []lockRef
	// firstOp: the first operation in source order on each lock was an
	// acquisition.
	firstOp map[string]bool
}

// block walks a statement list with the locks held on entry; cond: the
// list runs only under a condition on a parameter (a "locked bool" flag).
func (w *walker) block(list []ast.Stmt, held []heldLock, cond bool) {
	held = append([]heldLock(nil), held...)
	for _, s := range list {
		w.stmt(s, held, cond)
		// Locks acquired and released by this statement, at top level.
		for _, r := range w.topRefs(s) {
			if r.id == "" {
				continue
			}
			if r.holds {
				held = append(held, heldLock{r})
				continue
			}
			if r.acquire {
				continue // taken and released by the callee
			}
			for j := len(held) - 1; j >= 0; j-- {
				if held[j].ref.id == r.id {
					held = append(held[:j], held[j+1:]...)
					break
				}
			}
		}
		// A release nested in a branch that falls through ends the hold.
		if _, ok := s.(*ast.ExprStmt); !ok {
			held = w.dropNestedReleases(s, held)
		}
	}
}

// topRefs returns the lock effects of a simple statement (an expression
// statement or an assignment whose value is a call); deferred calls run at
// exit and do not change what is held in the body.
func (w *walker) topRefs(s ast.Stmt) []lockRef {
	var call *ast.CallExpr
	switch s := s.(type) {
	case *ast.ExprStmt:
		call, _ = ast.Unparen(s.X).(*ast.CallExpr)
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			call, _ = ast.Unparen(s.Rhs[0]).(*ast.CallExpr)
		}
	}
	if call == nil {
		return nil
	}
	return w.pc.refsOf(w.d, call)
}

// dropNestedReleases removes from held the locks that a compound statement
// releases in a branch that does not end by leaving the function (the
// path continues with the lock released).
func (w *walker) dropNestedReleases(s ast.Stmt, held []heldLock) []heldLock {
	if len(held) == 0 {
		return held
	}
	released := make(map[string]bool)
	var visit func(list []ast.Stmt)
	visit = func(list []ast.Stmt) {
		leaves := len(list) > 0 && terminates(list[len(list)-1])
		for _, st := range list {
			ast.Inspect(st, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.BlockStmt:
					visit(n.List)
					return false
				case *ast.CaseClause:
					visit(n.Body)
					return false
				case *ast.CommClause:
					visit(n.Body)
					return false
				case *ast.DeferStmt:
					return false
				case *ast.CallExpr:
					if !leaves {
						for _, r := range w.pc.refsOf(w.d, n) {
							if !r.acquire && r.id != "" {
								released[r.id] = true
							}
						}
					}
				}
				return true
			})
		}
	}
	visit([]ast.Stmt{s})
	out := held[:0:0]
	for _, h := range held {
		if !released[h.ref.id] {
			out = append(out, h)
		}
	}
	return out
}

func terminates(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.CONTINUE || s.Tok == token.BREAK || s.Tok == token.GOTO
	case *ast.ExprStmt:
		if c, ok := s.X.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	}
	return false
}

// stmt visits the calls of one statement with the locks held before it,
// and descends into nested blocks.
func (w *walker) stmt(s ast.Stmt, held []heldLock, cond bool) {
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // another goroutine, or code that runs later
		case *ast.DeferStmt, *ast.GoStmt:
			return false
		case *ast.IfStmt:
			if n.Init != nil {
				w.stmt(n.Init, held, cond)
			}
			w.expr(n.Cond, held, cond)
			c := cond || w.mentionsParam(n.Cond)
			w.block(n.Body.List, held, c)
			if n.Else != nil {
				switch e := n.Else.(type) {
				case *ast.BlockStmt:
					w.block(e.List, held, c)
				default:
					w.stmt(e, held, c)
				}
			}
			return false
		case *ast.BlockStmt:
			w.block(n.List, held, cond)
			return false
		case *ast.CaseClause:
			w.block(n.Body, held, cond)
			return false
		case *ast.CommClause:
			w.block(n.Body, held, cond)
			return false
		case *ast.CallExpr:
			w.call(n, held, cond)
		}
		return true
	})
}

func (w *walker) expr(e ast.Expr, held []heldLock, cond bool) {
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			w.call(n, held, cond)
		}
		return true
	})
}

// mentionsParam reports whether a condition reads a non-receiver
// parameter of the function: `if !locked { mu.Lock() }` acquires only when
// the caller says so.
func (w *walker) mentionsParam(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := w.pc.pass.TypesInfo.Uses[id].(*types.Var); ok {
				if i, ok := w.d.params[v]; ok && (i > 0 || w.d.obj.Type().(*types.Signature).Recv() == nil) {
					if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsBoolean != 0 {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// call records one call's acquisitions (for the summary) and edges.
func (w *walker) call(call *ast.CallExpr, held []heldLock, cond bool) {
	refs := w.pc.refsOf(w.d, call)
	// A callee that releases a held lock (resetTransportAndUnlock) takes
	// its other locks without it.
	for _, r := range refs {
		if r.acquire || r.id == "" {
			continue
		}
		var kept []heldLock
		for _, h := range held {
			if h.ref.id != r.id {
				kept = append(kept, h)
			}
		}
		held = kept
	}
	for _, r := range refs {
		if r.id != "" {
			if _, done := w.firstOp[r.id]; !done {
				w.firstOp[r.id] = r.acquire
			}
		}
		if !r.acquire {
			if r.param >= 0 {
				w.rels = append(w.rels, r)
			}
			continue
		}
		if !cond && (r.param >= 0 || r.global != "") {
			w.acqs = append(w.acqs, r)
		}
		if !w.withEdges || r.class == "" {
			continue
		}
		if r.fresh {
			continue // a lock of an object still being built: uncontended
		}
		for _, h := range held {
			if h.ref.class == "" || h.ref.class == r.class {
				continue // same class: a different instance, judged by deadlock on SSA
			}
			w.d.edges = append(w.d.edges, Edge{
				From: h.ref.class, To: r.class, FromRead: h.ref.read, ToRead: r.read,
				Pkg: w.pc.pass.Pkg.Path(), Func: funcName(w.d.obj),
				Where: w.pc.where(call.Pos()), Via: r.via,
				Pos: call.Pos(), HeldPos: h.ref.pos,
				Test: strings.HasSuffix(w.pc.pass.Fset.Position(call.Pos()).Filename, "_test.go"),
			})
		}
	}
}

func funcName(fn *types.Func) string {
	if sig := fn.Type().(*types.Signature); sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}

// ExprClass returns the class of the lock reached from x through the
// implicit field path extra (embedded fields, a summary's path): the named
// struct type declaring the last field and that field, or a package
// variable. "" when the lock has no type-level identity.
func ExprClass(info *types.Info, x ast.Expr, extra []string) string {
	if len(extra) > 0 {
		if c := ClassOfPath(info.TypeOf(x), extra); c != "" {
			return c
		}
		if base := ExprClass(info, x, nil); base != "" && !strings.HasPrefix(base, "(") {
			return base + "." + strings.Join(extra, ".")
		}
		return ""
	}
	for {
		switch e := ast.Unparen(x).(type) {
		case *ast.UnaryExpr:
			if e.Op != token.AND {
				return ""
			}
			x = e.X
			continue
		case *ast.StarExpr:
			x = e.X
			continue
		case *ast.Ident:
			if v, ok := info.Uses[e].(*types.Var); ok && isGlobal(v) {
				return v.Pkg().Path() + "." + v.Name()
			}
			return ""
		case *ast.SelectorExpr:
			s := info.Selections[e]
			if s == nil {
				if v, ok := info.Uses[e.Sel].(*types.Var); ok && isGlobal(v) {
					return v.Pkg().Path() + "." + v.Name()
				}
				return ""
			}
			if s.Kind() != types.FieldVal {
				return ""
			}
			path := append(astpath.EmbeddedPath(s), e.Sel.Name)
			if c := ClassOfPath(info.TypeOf(e.X), path); c != "" {
				return c
			}
			if base := ExprClass(info, e.X, nil); base != "" && !strings.HasPrefix(base, "(") {
				return base + "." + strings.Join(path, ".")
			}
			return ""
		}
		return ""
	}
}

// ClassOfPath returns the class of the field reached from a value of type
// t through path: "(pkg.T).f" with T the named struct declaring the last
// field. "" for an empty path or an unnamed declaring struct.
func ClassOfPath(t types.Type, path []string) string {
	if len(path) == 0 || t == nil {
		return ""
	}
	owner := ""
	for _, name := range path {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		owner = ""
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
			n = n.Origin()
			owner = "(" + n.Obj().Pkg().Path() + "." + n.Obj().Name() + ")"
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return ""
		}
		var f *types.Var
		for i := range st.NumFields() {
			if st.Field(i).Name() == name {
				f = st.Field(i)
			}
		}
		if f == nil {
			return ""
		}
		t = f.Type()
	}
	if owner == "" || strings.HasPrefix(owner, "(sync.") {
		return ""
	}
	return owner + "." + path[len(path)-1]
}

// Display renders a class for messages: "Store.mu", "pkg.mu".
func Display(class string) string {
	if strings.HasPrefix(class, "(") {
		if i := strings.Index(class, ")"); i > 0 {
			name := class[1:i]
			if j := strings.LastIndex(name, "."); j >= 0 {
				name = name[j+1:]
			}
			return name + class[i+1:]
		}
	}
	if i := strings.LastIndex(class, "/"); i >= 0 {
		return class[i+1:]
	}
	return class
}
