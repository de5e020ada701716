package unguarded

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/ordering"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// Classes 1 and 2: variables and maps a goroutine shares with the
// function that starts it.

type writeKind uint8

const (
	wVar    writeKind = iota // x = v, x++, x.f = v
	wAppend                  // x = append(x, v)
	wMap                     // m[k] = v, delete(m, k)
)

// gWrite is an unguarded write made by a goroutine (or a function it calls)
// to a variable or map shared with its spawner.
type gWrite struct {
	pos  token.Pos
	path string // field path below the variable ("" for all of it)
	kind writeKind
	// obj: a write to a field of the object a captured pointer variable
	// points to (res.count), not to the variable. Compared with other
	// goroutines' writes only: the spawner's accesses to the object are
	// the field rules' (it is published at the spawn).
	obj bool
}

// sAccess is the spawner's access to the shared variable or map.
type sAccess struct {
	instr ssa.Instruction
	pos   token.Pos
	path  string
	write bool
	isMap bool // a map operation (not a load of the variable)
}

// paramWrite is what a function does through one of its parameters.
type paramWrite struct {
	pos  token.Pos
	kind writeKind
	ok   bool
}

// checkSpawns looks at every goroutine fn starts.
func (pc *passContext) checkSpawns(fn *ssa.Function) {
	spawns := gomodel.Spawns(fn)
	if len(spawns) == 0 {
		return
	}
	// Writes of each spawn, by shared root, for the cross-spawn check.
	type spawnWrites struct {
		s      gomodel.Spawn
		writes map[ssa.Value][]gWrite
	}
	var all []spawnWrites
	for _, s := range spawns {
		if s.Fn == nil {
			continue
		}
		all = append(all, spawnWrites{s, pc.goroutineWrites(s)})
	}
	for _, sw := range all {
		s := sw.s
		g := ordering.Of(s)
		roots := make([]ssa.Value, 0, len(sw.writes))
		for r := range sw.writes {
			roots = append(roots, r)
		}
		sort.Slice(roots, func(i, j int) bool { return roots[i].Pos() < roots[j].Pos() })
		for _, r := range roots {
			ws := sw.writes[r]
			def, _ := r.(ssa.Instruction)
			reached := g.Concurrent(func(in ssa.Instruction) bool { return in == def })
			name := pc.rootName(r)
			if name == "" {
				continue
			}
			related := []analysis.RelatedInformation{{Pos: s.Pos(), Message: "goroutine started here"}}
			// (a) Other instances of the same goroutine.
			if reached[s.Instr] && !limitedToOne(fn, s) {
				w := ws[0]
				switch w.kind {
				case wAppend:
					pc.report(w.pos, related, "append to %s from every goroutine started in this loop without synchronisation", join(name, w.path))
				case wMap:
					pc.report(w.pos, related, "map %s is written by every goroutine started in this loop without a lock; concurrent map writes crash the process", name)
				default:
					pc.report(w.pos, related, "%s is written by every goroutine started in this loop without synchronisation", join(name, w.path))
				}
				continue
			}
			// (b) The spawner's own accesses after the go statement.
			if !isObjectRoot(r) && pc.checkSpawnerAccess(g, r, name, ws, reached) {
				continue
			}
			// (c) A second goroutine writing the same variable.
			for _, other := range all {
				if other.s.Instr == s.Instr || !reached[other.s.Instr] {
					continue
				}
				for _, w2 := range other.writes[r] {
					if w, ok := conflicting(ws, w2.path, true, w2.kind == wMap); ok {
						pc.report(w2.pos, []analysis.RelatedInformation{{Pos: w.pos, Message: "also written here by the goroutine started on line " + itoa(pc.line(s.Pos()))}},
							"%s is written by the goroutines started on lines %d and %d without synchronisation", join(name, w2.path), pc.line(s.Pos()), pc.line(other.s.Pos()))
						goto next
					}
				}
			}
		next:
		}
	}
}

// checkSpawnerAccess reports the first access of the spawner to r that may
// run while the goroutine writes it.
func (pc *passContext) checkSpawnerAccess(g *ordering.Goroutine, r ssa.Value, name string, ws []gWrite, reached map[ssa.Instruction]bool) bool {
	s := g.Spawn
	var accs []sAccess
	for _, a := range spawnerAccesses(s.Instr.Parent(), r, "") {
		if !reached[a.instr] {
			continue
		}
		if _, global := r.(*ssa.Global); !a.write && !a.isMap && !global {
			// The spawner reading a captured variable its goroutine
			// writes, before a join or with none: missingjoin's finding
			// (one site, one finding). Writes racing with writes, map use
			// and package variables (which missingjoin does not follow)
			// stay ours.
			continue
		}
		accs = append(accs, a)
	}
	sort.Slice(accs, func(i, j int) bool { return accs[i].pos < accs[j].pos })
	var varWrites []gWrite
	for _, w := range ws {
		if !w.obj {
			varWrites = append(varWrites, w)
		}
	}
	for _, a := range accs {
		w, ok := conflicting(varWrites, a.path, a.write, a.isMap)
		if !ok {
			continue
		}
		related := []analysis.RelatedInformation{{Pos: w.pos, Message: "written by the goroutine here"}}
		line := pc.line(s.Pos())
		switch {
		case a.isMap:
			pc.report(a.pos, related, "map %s is used here while the goroutine started on line %d may write it; concurrent map access crashes the process", name, line)
		case a.write:
			pc.report(a.pos, related, "%s is written here while the goroutine started on line %d may also write it (no lock or join orders them)", join(name, a.path), line)
		default:
			pc.report(a.pos, related, "%s is read here while the goroutine started on line %d may still write it (no lock or join orders them)", join(name, a.path), line)
		}
		return true
	}
	return false
}

// conflicting returns a goroutine write that conflicts with an access to
// path: map writes conflict with map operations, variable writes with
// loads and stores of an overlapping field path.
func conflicting(ws []gWrite, path string, write, isMap bool) (gWrite, bool) {
	for _, w := range ws {
		if (w.kind == wMap) != isMap {
			continue
		}
		if isMap || overlaps(w.path, path) {
			return w, true
		}
	}
	return gWrite{}, false
}

func overlaps(a, b string) bool {
	return a == "" || b == "" || a == b || strings.HasPrefix(a, b+".") || strings.HasPrefix(b, a+".")
}

func join(name, path string) string {
	if path == "" {
		return name
	}
	return name + "." + path
}

// goroutineWrites returns, per spawner-side root (an *ssa.Alloc or
// *ssa.FreeVar of the spawner, or a map value), the unguarded writes the
// goroutine makes to it.
func (pc *passContext) goroutineWrites(s gomodel.Spawn) map[ssa.Value][]gWrite {
	out := make(map[ssa.Value][]gWrite)
	add := func(r ssa.Value, ws []gWrite) {
		if r != nil && len(ws) > 0 {
			out[r] = append(out[r], ws...)
		}
	}
	for i, fv := range s.Fn.FreeVars {
		if i >= len(s.Bindings) {
			break
		}
		if r := sharedRoot(s.Bindings[i]); r != nil {
			add(r, pc.writesVia(fv, "", 0))
		} else if r := objectRoot(s.Bindings[i]); r != nil {
			add(r, pc.objectWrites(fv))
		}
	}
	// Package variables the goroutine writes.
	for g, ws := range pc.globalWrites(s.Fn) {
		add(g, ws)
	}
	// Arguments: the goroutine function's parameters.
	params := s.Fn.Params
	for j, arg := range s.Args {
		if j >= len(params) {
			break
		}
		r := sharedRoot(arg)
		if r == nil {
			r = mapRoot(arg)
		}
		if r == nil {
			r = objectRoot(arg)
		}
		if r == nil {
			continue
		}
		var ws []gWrite
		if isObjectRoot(r) {
			ws = pc.objectWrites(params[j])
		} else {
			ws = pc.writesVia(params[j], "", 0)
		}
		if s.Fn.Parent() == nil {
			// A declared function: report at the go statement, where the
			// shared variable is in view.
			for k := range ws {
				ws[k].pos = s.Pos()
			}
		}
		add(r, ws)
	}
	return out
}

// sharedRoot returns v when it is the address of a variable of the
// spawner that a goroutine can share: a local (*ssa.Alloc with a name) or
// a variable the spawner itself captured.
func sharedRoot(v ssa.Value) ssa.Value {
	switch v := v.(type) {
	case *ssa.Alloc:
		if v.Comment != "" && !isSyncType(deref(v.Type())) && !syntheticAlloc[v.Comment] {
			return v
		}
	case *ssa.FreeVar:
		if _, ok := v.Type().Underlying().(*types.Pointer); ok && !isSyncType(deref(v.Type())) {
			return v
		}
	}
	return nil
}

// objectRoot returns v when it is a pointer to a struct object that
// goroutines share through a captured pointer rather than a variable: a
// parameter or receiver of the spawner, or a fresh &T{} / new(T). Their
// fields written by every goroutine started in a loop, or by two
// goroutines, race; the spawner's own accesses are left to the field rules
// (the object is published at the spawn).
func objectRoot(v ssa.Value) ssa.Value {
	switch x := v.(type) {
	case *ssa.Parameter:
	case *ssa.Alloc:
		if !syntheticAlloc[x.Comment] || x.Comment == "varargs" || x.Comment == "slicelit" || x.Comment == "makeslice" {
			return nil
		}
	default:
		return nil
	}
	p, ok := v.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	if _, ok := p.Elem().Underlying().(*types.Struct); !ok || isSyncType(p.Elem()) {
		return nil
	}
	return v
}

func isStructPointer(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = p.Elem().Underlying().(*types.Struct)
	return ok && !isSyncType(p.Elem())
}

func isObjectRoot(r ssa.Value) bool {
	return objectRoot(r) != nil && sharedRoot(r) == nil
}

// globalWrites returns the unguarded writes fn makes to package variables
// of this package, by variable.
func (pc *passContext) globalWrites(fn *ssa.Function) map[ssa.Value][]gWrite {
	out := make(map[ssa.Value][]gWrite)
	var ops []*ssa.Value
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			for _, op := range in.Operands(ops[:0]) {
				g, ok := (*op).(*ssa.Global)
				if !ok || g.Pkg != pc.ssa.Pkg || g.Object() == nil || isSyncType(deref(g.Type())) {
					continue
				}
				var ws []gWrite
				switch in := in.(type) {
				case *ssa.Store:
					if in.Addr == ssa.Value(g) && pc.unguarded(in) {
						k := wVar
						if isAppend(in.Val) {
							k = wAppend
						}
						ws = append(ws, gWrite{pos: storePos(in), kind: k})
					}
				case *ssa.FieldAddr:
					if f := fieldOf(g.Type(), in.Field); f != nil && !isSyncType(f.Type()) {
						ws = pc.writesVia(in, f.Name(), 0)
					}
				case *ssa.UnOp:
					if _, isMap := in.Type().Underlying().(*types.Map); isMap && in.Op == token.MUL {
						ws = pc.writesVia(in, "", 0)
					}
				case ssa.CallInstruction:
					ws = pc.callWrites(in, g, "", false, 0)
				}
				if len(ws) > 0 {
					out[g] = append(out[g], ws...)
				}
			}
		}
	}
	return out
}

// syntheticAlloc lists the comments go/ssa gives allocations that are not
// named variables.
var syntheticAlloc = map[string]bool{"complit": true, "new": true, "varargs": true, "slicelit": true, "makeslice": true}

// mapRoot returns the identity of a map value passed to a goroutine: the
// variable it was loaded from, or the value itself.
func mapRoot(v ssa.Value) ssa.Value {
	if _, ok := v.Type().Underlying().(*types.Map); !ok {
		return nil
	}
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		return sharedRoot(u.X)
	}
	switch v.(type) {
	case *ssa.MakeMap, *ssa.Parameter:
		return v
	}
	return nil
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// isSyncType: values of these types synchronise themselves.
func isSyncType(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	p := n.Obj().Pkg().Path()
	return p == "sync" || p == "sync/atomic"
}

// writesVia returns the unguarded writes made through v, a pointer to a
// variable (or a map value) inside the goroutine function v belongs to,
// including nested closures it calls and callees it passes v to.
func (pc *passContext) writesVia(v ssa.Value, path string, depth int) []gWrite {
	if depth > 4 || v.Referrers() == nil {
		return nil
	}
	_, isMap := v.Type().Underlying().(*types.Map)
	var out []gWrite
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr == v && pc.unguarded(ref) {
				k := wVar
				if isAppend(ref.Val) {
					k = wAppend
				}
				out = append(out, gWrite{pos: storePos(ref), path: path, kind: k})
			}
		case *ssa.UnOp:
			if ref.Op == token.MUL && path == "" {
				if _, ok := ref.Type().Underlying().(*types.Map); ok {
					out = append(out, pc.writesVia(ref, "", depth)...)
				} else if _, isVar := v.(*ssa.FreeVar); isVar && isStructPointer(ref.Type()) {
					// The object a captured pointer variable points to.
					for _, w := range pc.objectWrites(ref) {
						w.obj = true
						out = append(out, w)
					}
				}
			}
		case *ssa.FieldAddr:
			if ref.X == v && !isMap {
				f := fieldOf(ref.X.Type(), ref.Field)
				if f != nil && !isSyncType(f.Type()) {
					out = append(out, pc.writesVia(ref, joinPath(path, f.Name()), depth)...)
				}
			}
		case *ssa.MapUpdate:
			if isMap && ref.Map == v && pc.unguarded(ref) {
				out = append(out, gWrite{pos: ref.Pos(), kind: wMap})
			}
		case *ssa.MakeClosure:
			// A nested closure: follow it when it runs here (called,
			// deferred) or as another goroutine, never when it is passed to
			// other code (sync.Once.Do, callbacks).
			if fn, ok := ref.Fn.(*ssa.Function); ok && closureRunsHere(ref) {
				for i, b := range ref.Bindings {
					if b == v && i < len(fn.FreeVars) {
						out = append(out, pc.writesVia(fn.FreeVars[i], path, depth+1)...)
					}
				}
			}
		case ssa.CallInstruction:
			if !pc.noCalls {
				out = append(out, pc.callWrites(ref, v, path, isMap, depth)...)
			}
		}
	}
	return out
}

// objectWrites returns the writes the goroutine makes itself (and in
// closures it runs in place) to fields of the object v points to. Callees
// are not followed: what a method does to its receiver (lazy
// initialisation under a condition, writes it orders itself) is the field
// rules' question, not a race between the goroutines' own statements.
func (pc *passContext) objectWrites(v ssa.Value) []gWrite {
	saved := pc.noCalls
	pc.noCalls = true
	defer func() { pc.noCalls = saved }()
	return pc.writesVia(v, "", 1)
}

// callWrites returns the writes a call makes through v, one of its
// arguments, when the callee is known to write through that parameter.
func (pc *passContext) callWrites(call ssa.CallInstruction, v ssa.Value, path string, isMap bool, depth int) []gWrite {
	c := call.Common()
	if c.IsInvoke() || known.Call(c) != known.None {
		return nil // interface calls: unknown; known APIs (atomics): synchronised
	}
	if b, ok := c.Value.(*ssa.Builtin); ok {
		if b.Name() == "delete" && isMap && len(c.Args) > 0 && c.Args[0] == v && pc.unguarded(call) {
			return []gWrite{{pos: c.Pos(), kind: wMap}}
		}
		return nil
	}
	callee, ok := c.Value.(*ssa.Function)
	if !ok {
		return nil
	}
	if held, ok := pc.heldAt(call); !ok || len(held) > 0 {
		return nil // the call runs under a lock (or we cannot tell)
	}
	var out []gWrite
	for i, a := range c.Args {
		if a != v {
			continue
		}
		if callee.Pkg == pc.ssa.Pkg && len(callee.Blocks) > 0 {
			if pw := pc.paramWrites(callee, depth+1); i < len(pw) && pw[i].ok {
				k := pw[i].kind
				if isMap != (k == wMap) {
					continue
				}
				// Reported at the call, where the shared variable is in view.
				out = append(out, gWrite{pos: c.Pos(), path: path, kind: k})
			}
			continue
		}
		obj, _ := callee.Object().(*types.Func)
		if obj == nil && callee.Origin() != nil {
			obj, _ = callee.Origin().Object().(*types.Func)
		}
		if obj == nil {
			continue
		}
		if isMap && pc.writes.WritesMap(obj, i) {
			out = append(out, gWrite{pos: c.Pos(), kind: wMap})
		} else if !isMap && pc.writes.WritesPointer(obj, i) {
			out = append(out, gWrite{pos: c.Pos(), path: path, kind: wVar})
		}
	}
	return out
}

// paramWrites summarises (once) which parameters of a same-package
// function it writes through without a lock.
func (pc *passContext) paramWrites(fn *ssa.Function, depth int) []paramWrite {
	if pw, ok := pc.pwrites[fn]; ok {
		return pw
	}
	pc.pwrites[fn] = nil // recursion guard
	pw := make([]paramWrite, len(fn.Params))
	for i, p := range fn.Params {
		switch p.Type().Underlying().(type) {
		case *types.Pointer, *types.Map:
		default:
			continue
		}
		if ws := pc.writesVia(p, "", depth); len(ws) > 0 {
			pw[i] = paramWrite{pos: ws[0].pos, kind: ws[0].kind, ok: true}
		}
	}
	pc.pwrites[fn] = pw
	return pw
}

func closureRunsHere(mc *ssa.MakeClosure) bool {
	for _, ref := range *mc.Referrers() {
		call, ok := ref.(ssa.CallInstruction)
		if !ok || call.Common().Value != mc {
			return false
		}
	}
	return true
}

func isAppend(v ssa.Value) bool {
	c, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := c.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "append"
}

// unguarded reports whether no lock is held at instr on any path (and
// the lock state of its function is known).
//
// An instruction after which the code unlocks something before locking
// anything is guarded by a lock the model does not see (releasedNext).
func (pc *passContext) unguarded(instr ssa.Instruction) bool {
	held, ok := pc.heldAt(instr)
	if !ok || len(held) > 0 || pc.releasedNext(instr) {
		return false
	}
	// A closure run only by one defer statement of its parent runs with
	// the locks whose deferred release was registered before it (defer
	// mu.Unlock(); defer func() { m[k] = v }(): the write runs first).
	if d := pc.onlyDeferredAt(instr.Parent()); d != nil {
		if dheld, ok := pc.heldAt(d); ok && len(pc.heldWhenDeferredRuns(d, dheld)) > 0 {
			return false
		}
	}
	return true
}

// onlyDeferredAt returns the defer statement that runs the closure fn, when
// that is the closure's one use, or nil.
func (pc *passContext) onlyDeferredAt(fn *ssa.Function) *ssa.Defer {
	if d, ok := pc.deferredAt[fn]; ok {
		return d
	}
	d := deferSite(fn)
	if pc.deferredAt == nil {
		pc.deferredAt = make(map[*ssa.Function]*ssa.Defer)
	}
	pc.deferredAt[fn] = d
	return d
}

func deferSite(fn *ssa.Function) *ssa.Defer {
	sites := gomodel.ClosureSites(fn)
	if len(sites) != 1 {
		return nil
	}
	refs := sites[0].Referrers()
	if refs == nil || len(*refs) != 1 {
		return nil
	}
	d, ok := (*refs)[0].(*ssa.Defer)
	if !ok || d.Call.Value != ssa.Value(sites[0]) {
		return nil
	}
	return d
}

func storePos(s *ssa.Store) token.Pos {
	if s.Pos().IsValid() {
		return s.Pos()
	}
	return s.Addr.Pos()
}

func fieldOf(t types.Type, i int) *types.Var {
	st, ok := deref(t).Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return nil
	}
	return st.Field(i)
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "." + b
}

// spawnerAccesses lists the accesses to root r in its function: loads and
// stores of the variable (by field path) and operations on the map.
func spawnerAccesses(fn *ssa.Function, r ssa.Value, path string) []sAccess {
	var out []sAccess
	refs := referrers(fn, r)
	_, isMap := r.Type().Underlying().(*types.Map)
	for _, ref := range refs {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr == r {
				out = append(out, sAccess{instr: ref, pos: storePos(ref), path: path, write: true})
			}
		case *ssa.UnOp:
			if ref.Op == token.MUL {
				out = append(out, sAccess{instr: ref, pos: ref.Pos(), path: path})
				if _, ok := ref.Type().Underlying().(*types.Map); ok && path == "" {
					out = append(out, spawnerAccesses(fn, ref, "")...)
				}
			}
		case *ssa.FieldAddr:
			if f := fieldOf(ref.X.Type(), ref.Field); f != nil && !isMap {
				out = append(out, spawnerAccesses(fn, ref, joinPath(path, f.Name()))...)
			}
		case *ssa.MapUpdate:
			if isMap {
				out = append(out, sAccess{instr: ref, pos: ref.Pos(), write: true, isMap: true})
			}
		case *ssa.Lookup:
			if isMap && ref.X == r {
				out = append(out, sAccess{instr: ref, pos: ref.Pos(), isMap: true})
			}
		case *ssa.Range:
			if isMap {
				out = append(out, sAccess{instr: ref, pos: ref.Pos(), isMap: true})
			}
		case *ssa.Call:
			if b, ok := ref.Call.Value.(*ssa.Builtin); ok && isMap && (b.Name() == "len" || b.Name() == "delete") {
				out = append(out, sAccess{instr: ref, pos: ref.Pos(), isMap: true, write: b.Name() == "delete"})
			}
		}
	}
	// Implicit loads (of captured variables read in expressions) may lack
	// a position; those cannot be reported.
	var valid []sAccess
	for _, a := range out {
		if a.pos.IsValid() {
			valid = append(valid, a)
		}
	}
	return valid
}

// limitedToOne reports whether s is an errgroup.Go of a group limited to
// one goroutine at a time (g.SetLimit(1)): its instances do not overlap.
func limitedToOne(fn *ssa.Function, s gomodel.Spawn) bool {
	if s.Kind != gomodel.ErrgroupGo {
		return false
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if c, ok := in.(*ssa.Call); ok && known.Call(&c.Call) == known.GroupSetLimit && len(c.Call.Args) == 2 {
				if k, ok := c.Call.Args[1].(*ssa.Const); ok && k.Int64() == 1 {
					return true
				}
			}
		}
	}
	return false
}

// rootName renders a shared root as the source names it.
func (pc *passContext) rootName(r ssa.Value) string {
	switch r := r.(type) {
	case *ssa.Alloc:
		if syntheticAlloc[r.Comment] {
			return pc.assignedName(r.Pos())
		}
		return r.Comment
	case *ssa.FreeVar, *ssa.Parameter, *ssa.Global:
		return r.Name()
	case *ssa.MakeMap:
		return pc.assignedName(r.Pos())
	}
	return ""
}

// assignedName finds the variable a value at pos is assigned to
// (m := make(map…)).
func (pc *passContext) assignedName(pos token.Pos) string {
	for _, f := range pc.pass.Files {
		if f.FileStart > pos || pos > f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, pos, pos)
		for _, n := range path {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, rhs := range n.Rhs {
						if rhs.Pos() <= pos && pos < rhs.End() {
							return types.ExprString(n.Lhs[i])
						}
					}
				}
				return ""
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, rhs := range n.Values {
						if rhs.Pos() <= pos && pos < rhs.End() {
							return n.Names[i].Name
						}
					}
				}
				return ""
			}
		}
	}
	return ""
}

// referrers returns the instructions using v: its referrers, or for a
// package variable (which has none) the instructions of fn using it.
func referrers(fn *ssa.Function, v ssa.Value) []ssa.Instruction {
	if _, ok := v.(*ssa.Global); !ok {
		if v.Referrers() == nil {
			return nil
		}
		return *v.Referrers()
	}
	var out []ssa.Instruction
	var ops []*ssa.Value
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			for _, op := range in.Operands(ops[:0]) {
				if *op == v {
					out = append(out, in)
					break
				}
			}
		}
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }
