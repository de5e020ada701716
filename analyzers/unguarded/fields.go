package unguarded

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strings"

	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/ordering"
	"github.com/concurlint/concurlint/internal/publish"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Classes 3-5: struct fields accessed with and without the lock that
// guards them (inferred or declared), and variables accessed both with
// sync/atomic and plainly.

type accKind uint8

const (
	accRead accKind = iota
	accWrite
	accAtomic
)

// faccess is one access to a field or package variable.
type faccess struct {
	instr ssa.Instruction
	pos   token.Pos
	kind  accKind
	obj   types.Object // the field (origin) or package variable
	base  *lockmodel.Key
	// baseType: the type of the object the field is selected from.
	baseType types.Type
	baseDisp string // the object as the source names it
	display  string
	// held: the locks held at the access, as paths relative to base
	// ("mu"); nil when unknown.
	held map[string]lockMode
	// heldClass: the same locks by type-level class ("(p.T).mu"), to
	// compare accesses made through different objects.
	heldClass map[string]lockMode
	known     bool // held is known
	fresh     bool // the object was allocated in this function, or is being constructed
	closure   bool // the access is in a closure
	// entryKnown: the closure runs with no lock of its creator held (a
	// goroutine, or deferred while no lock is held), so its own lock
	// state is the real one.
	entryKnown bool
	test       bool // in a _test.go file
	locked     bool // the field's struct has a lock field: lock sets matter
	// atomicWrite: an atomic access that stores (Add, Store, Swap, CAS…).
	atomicWrite bool
}

// lockMode is how a lock is held at an access.
type lockMode uint8

const (
	modeNone  lockMode = iota
	modeRead           // RLock
	modeWrite          // Lock (or held by contract)
)

// callSite is a static call of an unexported function of the package.
type callSite struct {
	caller *ssa.Function
	instr  ssa.Instruction
	args   []ssa.Value
}

func (pc *passContext) checkFields() {
	declared, notGuarded := pc.declaredGuards()
	var accs []*faccess
	sites := make(map[*ssa.Function][]callSite)
	escaped := make(map[*ssa.Function]bool)
	invoked := make(gomodel.Invoked)
	for _, fn := range contain.Each(pc.pass, pc.srcFuncs) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				pc.collectAccess(fn, instr, &accs)
				pc.collectCall(fn, instr, sites, escaped, invoked)
			}
		}
	}
	accs = dedupeLines(pc, accs)
	pc.sites = sites
	pc.escapedFns = escaped
	inherited, unknownInh := pc.inheritLocks(sites, escaped, invoked)
	pc.inherited = inherited
	pc.unknownInh = unknownInh
	atomicObjs := make(map[types.Object]bool)
	for _, a := range accs {
		if a.kind == accAtomic {
			atomicObjs[a.obj] = true
		}
	}
	for _, a := range accs {
		if atomicObjs[a.obj] {
			a.locked = true // lock sets decide which plain accesses conflict
		}
		pc.completeAccess(a, inherited, unknownInh)
	}
	// Group by variable. For the atomic class, a field of an embedded
	// struct shared by several outer types is a different variable in each
	// (grouped by the base's type-level class); lock inference works on
	// the field itself, its guard being a sibling.
	type group struct {
		obj   types.Object
		class string
	}
	byObj := make(map[types.Object][]*faccess)
	byClass := make(map[group][]*faccess)
	var objs []types.Object
	var classes []group
	for _, a := range accs {
		g := group{obj: a.obj}
		if a.base != nil {
			g.class = a.base.Class
		}
		if byObj[a.obj] == nil {
			objs = append(objs, a.obj)
		}
		byObj[a.obj] = append(byObj[a.obj], a)
		if byClass[g] == nil {
			classes = append(classes, g)
		}
		byClass[g] = append(byClass[g], a)
	}
	sort.SliceStable(classes, func(i, j int) bool {
		if classes[i].obj.Pos() != classes[j].obj.Pos() {
			return classes[i].obj.Pos() < classes[j].obj.Pos()
		}
		return classes[i].class < classes[j].class
	})
	sort.Slice(objs, func(i, j int) bool { return objs[i].Pos() < objs[j].Pos() })
	for _, gr := range classes {
		if atomicObjs[gr.obj] && flagAtomic {
			pc.checkAtomic(byClass[gr], gr.class != "" || isGlobal(gr.obj))
		}
	}
	for _, obj := range objs {
		as := byObj[obj]
		if atomicObjs[obj] {
			continue // the atomic class's
		}
		if g, ok := declared[obj]; ok {
			pc.checkDeclared(as, g)
			continue
		}
		if flagInferred {
			pc.checkInferred(as, notGuarded)
		}
	}
}

// collectAccess records the field and package-variable accesses of instr.
func (pc *passContext) collectAccess(fn *ssa.Function, instr ssa.Instruction, accs *[]*faccess) {
	add := func(addr ssa.Value, kind accKind, pos token.Pos) {
		a := &faccess{instr: instr, pos: pos, kind: kind, closure: fn.Parent() != nil}
		switch addr := addr.(type) {
		case *ssa.FieldAddr:
			f := fieldOf(addr.X.Type(), addr.Field)
			if f == nil || f.Pkg() != pc.pass.Pkg || isSyncType(f.Type()) || known.IsLockType(f.Type()) {
				return
			}
			a.obj = f.Origin()
			a.base = pc.keysOf(fn).Of(addr.X)
			a.baseType = addr.X.Type()
			a.locked = hasLockField(addr.X.Type())
			if a.base == nil {
				return // an object we cannot name: stay silent about it
			}
			a.baseDisp = pc.keyDisplay(a.base)
			a.display = a.baseDisp + "." + f.Name()
			if !pos.IsValid() {
				a.pos = addr.Pos()
			}
		case *ssa.Global:
			if addr.Pkg != pc.ssa.Pkg {
				return // only the atomic class looks at package variables
			}
			a.obj = addr.Object()
			a.display = addr.Name()
			if a.obj == nil {
				return
			}
		default:
			return
		}
		if !a.pos.IsValid() {
			return
		}
		a.test = pc.isTestFile(a.pos)
		*accs = append(*accs, a)
	}
	switch instr := instr.(type) {
	case *ssa.Store:
		add(instr.Addr, accWrite, storePos(instr))
	case *ssa.UnOp:
		if instr.Op == token.MUL {
			kind := accRead
			if mapWritten(instr) {
				kind = accWrite // s.m[k] = v, delete(s.m, k): a write of the map
			}
			add(instr.X, kind, instr.Pos())
		}
	case *ssa.Call:
		if known.Call(&instr.Call) == known.AtomicAccess && len(instr.Call.Args) > 0 {
			add(instr.Call.Args[0], accAtomic, instr.Pos())
			if n := len(*accs); n > 0 && (*accs)[n-1].instr == instr {
				name := known.Callee(&instr.Call).Name()
				(*accs)[n-1].atomicWrite = !strings.HasPrefix(name, "Load")
			}
		}
	}
}

// keyDisplay renders k as the source names it: a fresh &T{} is the
// variable it was assigned to.
func (pc *passContext) keyDisplay(k *lockmodel.Key) string {
	if a, ok := k.Root.(*ssa.Alloc); ok && syntheticAlloc[a.Comment] {
		if name := pc.assignedName(a.Pos()); name != "" && strings.HasPrefix(k.Display, a.Comment) {
			return name + k.Display[len(a.Comment):]
		}
	}
	return k.Display
}

// mapWritten reports whether v, a loaded map, is updated: m[k] = v or
// delete(m, k).
func mapWritten(v *ssa.UnOp) bool {
	if _, ok := v.Type().Underlying().(*types.Map); !ok {
		return false
	}
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.MapUpdate:
			if ref.Map == ssa.Value(v) {
				return true
			}
		case *ssa.Call:
			if b, ok := ref.Call.Value.(*ssa.Builtin); ok && b.Name() == "delete" && len(ref.Call.Args) > 0 && ref.Call.Args[0] == ssa.Value(v) {
				return true
			}
		}
	}
	return false
}

// collectCall records static calls of unexported methods (their callers'
// locks are inherited) and uses of those methods other than calls.
func (pc *passContext) collectCall(fn *ssa.Function, instr ssa.Instruction, sites map[*ssa.Function][]callSite, escaped map[*ssa.Function]bool, invoked gomodel.Invoked) {
	var callee *ssa.Function
	if c, ok := instr.(ssa.CallInstruction); ok {
		if c.Common().IsInvoke() {
			invoked.Add(c.Common())
		} else if f, ok := c.Common().Value.(*ssa.Function); ok && pc.isInheritable(origin(f)) {
			// A call of a generic function or method from generic code
			// names an instance; its body, and its accesses, are the
			// origin's.
			f = origin(f)
			_, isCall := instr.(*ssa.Call)
			_, isDefer := instr.(*ssa.Defer)
			switch {
			case (isCall || isDefer) && len(c.Common().Args) > 0:
				// A deferred call runs at the exit, still holding the
				// locks whose deferred release was registered before it
				// (defers run last in, first out): heldAt keeps only
				// those for a Defer.
				callee = f
				sites[f] = append(sites[f], callSite{caller: fn, instr: instr, args: c.Common().Args})
			default:
				escaped[f] = true // go: runs later, without the caller's locks
			}
		}
	}
	for _, op := range instr.Operands(nil) {
		if op == nil || *op == nil {
			continue
		}
		f, ok := (*op).(*ssa.Function)
		if !ok || origin(f) == callee {
			continue
		}
		// A method value, or the method's bound/thunk wrapper.
		if obj, ok := f.Object().(*types.Func); ok && obj.Pkg() == pc.pass.Pkg {
			for _, m := range pc.methodsByObj(obj) {
				escaped[m] = true
			}
		}
	}
}

func (pc *passContext) methodsByObj(obj *types.Func) []*ssa.Function {
	if fn := pc.ssa.Pkg.Prog.FuncValue(obj); fn != nil {
		return []*ssa.Function{fn}
	}
	return nil
}

// isInheritable: functions and methods only the package can call (unexported
// names, methods of unexported types that do not leave it), whose every caller is
// in the package.
func (pc *passContext) isInheritable(f *ssa.Function) bool {
	return pc.pub.Internal(f) && f.Synthetic == "" && f.Parent() == nil && len(f.Params) > 0
}

// inheritLocks is the one rule for locks held by the caller (call-site
// evidence): an unexported function whose every static call site in the
// package holds L runs with L held. L is re-expressed in the callee's own
// key space — below the parameter the caller passed the lock's object as
// ("p:s.mu"), or a package variable ("g:pkg.mu") — and inherited
// transitively (to a fixed point). Call sites passing an object still private
// to the caller (a constructor's helper on the fresh value) do not count:
// no lock is needed there. The second result marks functions some caller
// of which has an unknown lock state.
func (pc *passContext) inheritLocks(sites map[*ssa.Function][]callSite, escaped map[*ssa.Function]bool, invoked gomodel.Invoked) (map[*ssa.Function]map[string]bool, map[*ssa.Function]bool) {
	inh := make(map[*ssa.Function]map[string]bool)
	// unknown: some caller's lock state could not be followed (its walk
	// gave up, or the receiver has no name); precision over recall, the
	// function's accesses through its parameters are then not judged.
	unknown := make(map[*ssa.Function]bool)
	clsInh := make(map[*ssa.Function]map[string]lockMode)
	var ms []*ssa.Function
	for m := range sites {
		if escaped[m] || invoked.MayInvoke(m) {
			continue
		}
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Pos() < ms[j].Pos() })
	// Rounds until nothing changes: the sets only grow as callers learn
	// theirs, and a chain of helpers declared in reverse order (dial
	// below connect below runReconnects below reconnect) needs one round
	// per level. Bounded for safety.
	for round, changed := 0, true; changed && round < 16; round++ {
		changed = false
		for _, m := range ms {
			var acc map[string]bool
			var cacc map[string]lockMode
			unk := false
			for _, s := range pc.productionSites(sites[m]) {
				isMethod := m.Signature.Recv() != nil
				if isMethod && len(s.args) > 0 && pc.pub.PrivateAt(s.args[0], s.instr) {
					continue // an object under construction
				}
				keys := pc.keysOf(s.caller)
				if isMethod && (len(s.args) == 0 || keys.Of(s.args[0]) == nil) {
					unk = true
				}
				if unknown[s.caller] {
					unk = true
				}
				if s.caller.Parent() != nil && !startedOnly(s.caller) {
					// A closure called in place, handed to a retry helper
					// or stored as a callback runs under whatever its
					// runner holds: unknown here.
					unk = true
				}
				held, ok := pc.heldAt(s.instr)
				if !ok {
					unk = true
				}
				if d, isDefer := s.instr.(*ssa.Defer); isDefer {
					held = pc.heldWhenDeferredRuns(d, held)
				}
				// By class too: the lock of an object the callee reaches
				// by another path (n.r.mu for the caller's r.mu).
				cset := make(map[string]lockMode)
				if ok {
					read := pc.locksOf(s.caller).read[s.instr]
					for _, k := range held {
						m := modeWrite
						if read[k.ID] {
							m = modeRead
						}
						for _, c := range []string{k.Class, k.OwnerClass()} {
							if c != "" && m > cset[c] {
								cset[c] = m
							}
						}
					}
					for c, m := range clsInh[s.caller] {
						if m > cset[c] {
							cset[c] = m
						}
					}
				}
				if cacc == nil {
					cacc = cset
				} else {
					for c, m := range cacc {
						if cset[c] < m {
							if cset[c] == modeNone {
								delete(cacc, c)
							} else {
								cacc[c] = cset[c]
							}
						}
					}
				}
				set := make(map[string]bool)
				ids := make([]string, 0, len(held)+len(inh[s.caller]))
				for _, k := range held {
					ids = append(ids, k.ID)
				}
				for id := range inh[s.caller] {
					ids = append(ids, id)
				}
				for _, id := range ids {
					if strings.HasPrefix(id, "g:") {
						set[id] = true
					}
				}
				for i, a := range s.args {
					if i >= len(m.Params) {
						break
					}
					ak := keys.Of(a)
					if ak == nil {
						continue
					}
					pid := "p:" + m.Params[i].Name()
					for _, id := range ids {
						if strings.HasPrefix(id, ak.ID+".") {
							set[pid+id[len(ak.ID):]] = true
						}
					}
				}
				if acc == nil {
					acc = set
					continue
				}
				for id := range acc {
					if !set[id] {
						delete(acc, id)
					}
				}
			}
			if !sameIDs(inh[m], acc) || !sameModes(clsInh[m], cacc) || unknown[m] != unk {
				changed = true
			}
			inh[m] = acc
			clsInh[m] = cacc
			unknown[m] = unk
		}
	}
	pc.inheritedClass = clsInh
	return inh, unknown
}

func sameIDs(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func sameModes(a, b map[string]lockMode) bool {
	if len(a) != len(b) {
		return false
	}
	for k, m := range a {
		if b[k] != m {
			return false
		}
	}
	return true
}

// callDerived reports whether k names an object returned by a call.
func callDerived(k *lockmodel.Key) bool {
	for _, p := range k.Path {
		if strings.HasSuffix(p, "()") {
			return true
		}
	}
	return false
}

// completeAccess fills in the lock set and freshness of a field access.
func (pc *passContext) completeAccess(a *faccess, inherited map[*ssa.Function]map[string]bool, unknownInh map[*ssa.Function]bool) {
	if a.base == nil {
		a.known = true
		return
	}
	fn := a.instr.Parent()
	if pc.testOnly(fn) {
		a.test = true
	}
	if a.closure {
		a.entryKnown = pc.runsUnlocked(fn)
	}
	// Private to its goroutine here (not yet published), or being
	// initialised (before its lock is created): not shared yet.
	top := a.obj.Name()
	if len(a.base.Path) > 0 {
		top = a.base.Path[0]
	}
	if pc.pub.PrivateFieldAt(a.base.Root, top, a.instr) || publish.Initialising(a.base.Root, a.instr) || pc.setupOnly(fn, a.base.Root) {
		a.fresh = true
	}
	if !a.locked {
		a.known = true
		return
	}
	// Lock classes every caller holds, whatever objects they lock: known
	// even where the callers' objects cannot be mapped to ours.
	a.heldClass = make(map[string]lockMode)
	for c, m := range pc.inheritedClass[fn] {
		a.heldClass[c] = m
	}
	if callDerived(a.base) || pc.fromCall(a.base.Root) {
		// A value returned by a call (pool.Get(), an accessor, a helper
		// that registers what it creates): it may be a new object each
		// time; precision over recall. Fresh constructors' results are
		// the publication model's (PrivateAt above).
		a.fresh = true
	}
	_, isParam := a.base.Root.(*ssa.Parameter)
	if unknownInh[fn] && isParam {
		return // a caller's lock state is unknown
	}
	if isParam && pc.pub.UnknownEntry(fn) {
		return // only ever run as a callback by code that may hold the lock
	}
	if isParam && len(pc.locksOf(fn).entry) == 0 && pc.callerHolds(fn) {
		// "Account `na` write lock is expected to be held on entry",
		// fooUnsafe(): a contract lockfacts cannot tie to a lock; treat as
		// unknown.
		return
	}
	for _, p := range pc.locksOf(fn).anyHeld {
		if a.base.Root == p {
			return // the contract holds a lock it does not name: unknown
		}
	}
	held, ok := pc.heldAt(a.instr)
	if !ok {
		return
	}
	a.known = true
	a.held = make(map[string]lockMode)
	prefix := a.base.ID + "."
	read := pc.locksOf(fn).read[a.instr]
	fieldType := a.baseType
	for _, k := range held {
		mode := modeWrite
		if read[k.ID] {
			mode = modeRead
		}
		for _, c := range []string{k.Class, k.OwnerClass()} {
			if c != "" && mode > a.heldClass[c] {
				a.heldClass[c] = mode
			}
		}
		if strings.HasPrefix(k.ID, prefix) {
			rel := k.ID[len(prefix):]
			// A guard belongs to its object: only a lock of the field's own
			// struct (possibly promoted from an embedded field) guards it,
			// not the lock of an object the struct points to (cd.level.mu)
			// nor one inside a sibling group (mu struct{ sync.Mutex; … }).
			if siblingLock(fieldType, rel) {
				a.held[rel] = mode
			}
		}
	}
	if len(fn.Params) > 0 && len(inherited[fn]) > 0 {
		// Inherited locks by class too, for accesses below a parameter
		// (c.stats.hits under the caller's c.mu).
		for _, p := range fn.Params {
			if rk := pc.keysOf(fn).Of(p); rk != nil && rk.Class != "" {
				for id := range inherited[fn] {
					if strings.HasPrefix(id, rk.ID+".") {
						a.heldClass[rk.Class+id[len(rk.ID):]] = modeWrite
					}
				}
			}
		}
	}
	for id := range inherited[fn] {
		if strings.HasPrefix(id, prefix) && siblingLock(fieldType, id[len(prefix):]) {
			a.held[id[len(prefix):]] = modeWrite
		}
	}
}

// setupRE: a doc comment's setup contract — "must be called before any
// concurrent access", "should only be called before the server starts",
// "call before using it from several goroutines".
var setupRE = regexp.MustCompile(`(?i)\b(?:must|should|has to|needs? to)\s+(?:only\s+)?be\s+(?:called|invoked|run|used|set)\s+(?:only\s+)?before\b[^.;!]*\b(?:concurrent\w*|goroutines?|start\w*|serv\w*|run\w*|shared|published|in use|used)\b`)

// setupOnly reports whether fn's doc comment says it runs before the
// object is shared (setupRE), the code agrees — fn takes no lock — and
// root is fn's receiver or parameter: its accesses are setup, as an
// unpublished object's are.
func (pc *passContext) setupOnly(fn *ssa.Function, root ssa.Value) bool {
	p, ok := root.(*ssa.Parameter)
	if !ok || p.Parent() != fn {
		return false
	}
	fd, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || fd.Doc == nil || !setupRE.MatchString(fd.Doc.Text()) {
		return false
	}
	return !pc.locksOf(fn).model.HasOps()
}

var notThreadSafeRE = regexp.MustCompile(`(?i)\b(?:not|n't)\s+(?:need\s+to\s+be\s+)?(?:thread|goroutine|concurrency)[- ]safe|\bfor\s+test(?:ing|s)?\s+only\b|\btest[- ]only\b`)

// testOnly reports whether fn's doc says it is not thread safe or for
// tests only, and the code agrees: it is unexported and every static call
// of it in the package is in a _test.go file. Such a function runs on a
// test's own goroutine: field rules do not apply, as in tests.
func (pc *passContext) testOnly(fn *ssa.Function) bool {
	fd, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || fd.Doc == nil || token.IsExported(fn.Name()) || !notThreadSafeRE.MatchString(fd.Doc.Text()) {
		return false
	}
	for _, s := range pc.sites[fn] {
		if !pc.isTestFile(s.instr.Pos()) {
			return false
		}
	}
	return true
}

// mayHoldOnEntry reports whether fn may run with a lock its walk does not
// see: a caller-held contract, locks every caller holds, or callers the
// analysis cannot follow (callbacks, escaping functions).
func (pc *passContext) mayHoldOnEntry(fn *ssa.Function) bool {
	if fn.Parent() != nil {
		return true // a closure's own entry: its creator's business
	}
	if len(pc.inherited[fn]) > 0 || len(pc.locksOf(fn).entry) > 0 || pc.callerHolds(fn) || pc.pub.UnknownEntry(fn) {
		return true
	}
	return pc.unknownInh[fn] && len(fn.Params) > 0
}

// productionSites leaves out the call sites in _test.go files when there
// are others: a test calls internals on objects it owns, outside the
// locking protocol of the package's own code (publish.ProductionSites).
func (pc *passContext) productionSites(sites []callSite) []callSite {
	var prod []callSite
	for _, s := range sites {
		if !pc.isTestFile(s.instr.Pos()) {
			prod = append(prod, s)
		}
	}
	if len(prod) == 0 {
		return sites
	}
	return prod
}

// startedOnly reports whether every use of the closure fn starts it as a
// goroutine (go, errgroup or WaitGroup Go): it runs with no lock held.
func startedOnly(fn *ssa.Function) bool {
	sites := gomodel.ClosureSites(fn)
	for _, mc := range sites {
		for _, ref := range *mc.Referrers() {
			if _, ok := ref.(*ssa.DebugRef); !ok && !startsClosure(ref, mc) {
				return false
			}
		}
	}
	return len(sites) > 0
}

// startsClosure reports whether ref, a use of the closure mc, starts it as
// a goroutine (go, errgroup or WaitGroup Go).
func startsClosure(ref ssa.Instruction, mc *ssa.MakeClosure) bool {
	switch r := ref.(type) {
	case *ssa.Go:
		return r.Call.Value == mc
	case *ssa.Call:
		switch known.Call(&r.Call) {
		case known.GroupGo, known.GroupTryGo, known.WGGo:
			args := r.Call.Args
			return len(args) == 2 && args[1] == mc
		}
	}
	return false
}

// runsUnlocked reports whether the closure fn runs with none of its
// creator's locks held: every use starts it as a goroutine (go, errgroup
// or WaitGroup Go) or defers it at a point where no lock is held (the
// deferred unlocks registered later run first).
func (pc *passContext) runsUnlocked(fn *ssa.Function) bool {
	if v, ok := pc.unlockedClosures[fn]; ok {
		return v
	}
	pc.unlockedClosures[fn] = false
	sites := gomodel.ClosureSites(fn)
	for _, mc := range sites {
		for _, ref := range *mc.Referrers() {
			if startsClosure(ref, mc) {
				continue
			}
			d, ok := ref.(*ssa.Defer)
			if !ok || d.Call.Value != mc {
				return false
			}
			if held, ok := pc.heldAt(d); !ok || len(held) > 0 {
				return false
			}
			if pc.mayHoldOnEntry(d.Parent()) {
				// A deferred closure runs before its function returns
				// to a caller that may still hold a lock.
				return false
			}
		}
	}
	found := len(sites) > 0
	pc.unlockedClosures[fn] = found
	return found
}

// fromCall reports whether root is (a variable holding) the result of a
// call that is not a fresh constructor.
func (pc *passContext) fromCall(root ssa.Value) bool {
	if a, ok := root.(*ssa.Alloc); ok {
		var stored ssa.Value
		for _, ref := range *a.Referrers() {
			if st, ok := ref.(*ssa.Store); ok && st.Addr == ssa.Value(a) {
				if stored != nil {
					return false
				}
				stored = st.Val
			}
		}
		root = stored
	}
	for {
		switch v := root.(type) {
		case *ssa.ChangeType:
			root = v.X
			continue
		case *ssa.TypeAssert:
			root = v.X
			continue
		case *ssa.Call:
			return !pc.pub.PrivateAt(v, v) // not a fresh constructor's result
		}
		return false
	}
}

// siblingLock reports whether rel, a lock path relative to a struct of
// type t, names a lock that belongs to that struct: no step goes through a
// pointer (the lock of another object, cd.level.mu) or an accessor call,
// and no step enters an anonymous struct that groups the lock with the
// fields it guards (mu struct{ sync.Mutex; … } guards its members, not the
// fields around it). Embedded fields (a promoted lock) and value fields of
// a named type (a lock wrapper, g.mu in a Guard) are the struct's own.
func siblingLock(t types.Type, rel string) bool {
	if t == nil {
		return false
	}
	parts := strings.Split(rel, ".")
	for i, name := range parts {
		if strings.HasSuffix(name, "()") {
			return false
		}
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok {
			return false
		}
		var f *types.Var
		for j := range st.NumFields() {
			if st.Field(j).Name() == name {
				f = st.Field(j)
				break
			}
		}
		if f == nil {
			return false
		}
		t = f.Type()
		if i == len(parts)-1 || f.Embedded() {
			continue
		}
		if _, isPtr := t.Underlying().(*types.Pointer); isPtr {
			return false
		}
		if _, named := types.Unalias(t).(*types.Named); !named {
			return false
		}
	}
	return true
}

var (
	unsafeNameRE  = regexp.MustCompile(`^(?:[uU]nsafe[A-Z_]|.*Unsafe$|.*NoLock$)`)
	callerHoldsRE = regexp.MustCompile(`(?i)\b(?:caller|callers)\b[^.;!]*\b(?:must|should|has to|have to|needs? to)\b[^.;!]*\bhold|\bcallers? (?:is|are) responsible for (?:locking|holding|acquiring)\b`)
	// "must be called with mu held", "Has to be called with lock!",
	// "should only be called while holding the lock".
	calledWithLock = regexp.MustCompile(`(?i)\b(?:must|should|has to|have to|needs? to)\s+(?:only\s+)?be\s+(?:called|invoked|run|used)\s+(?:only\s+)?(?:with|while|under|when)\b[^.;!]*\b(?:lock|locked|mu|mutex|held|holding)\b`)
)

// callerHolds reports whether fn's contract says its caller holds a lock
// it does not name: a doc comment ("lock is held", "caller must hold …",
// "must be called with … locked", "has to be called with lock") — strong
// evidence on its own — or an Unsafe…/…Unsafe/…NoLock name, combined with
// code: fn takes no lock of its own.
func (pc *passContext) callerHolds(fn *ssa.Function) bool {
	// The contract lockfacts reads (…Locked names, "Lock should be held",
	// "Connection lock is held on entry", "must be called with mu held") is
	// the one the unlock analyzer and importers see too.
	if obj, ok := fn.Object().(*types.Func); ok {
		if s := pc.facts.Summary(obj); s != nil && len(s.Requires) > 0 {
			return true
		}
	}
	if docHoldsLock(fn) {
		return true
	}
	if fd, ok := fn.Syntax().(*ast.FuncDecl); ok && fd.Doc != nil {
		text := fd.Doc.Text()
		if callerHoldsRE.MatchString(text) || calledWithLock.MatchString(text) {
			return true
		}
	}
	if !unsafeNameRE.MatchString(fn.Name()) {
		return false
	}
	return !pc.locksOf(fn).model.HasOps()
}

// counts reports whether a takes part in guard inference: outside tests
// and constructors, with a known lock set. A closure's accesses with no
// lock of their own are unknown: the closure may run under its creator's
// lock (callbacks, sort.Slice).
func (a *faccess) counts() bool {
	return a.base != nil && a.known && !a.fresh && !a.test && !(a.closure && len(a.held) == 0 && !a.entryKnown)
}

// checkInferred reports writes without the lock that guards most
// accesses to a field.
func (pc *passContext) checkInferred(as []*faccess, ng notGuarded) {
	var use []*faccess
	counts := make(map[string]int)
	for _, a := range as {
		if !a.counts() || a.kind == accAtomic {
			continue
		}
		use = append(use, a)
		for g := range a.held {
			counts[g]++
		}
	}
	best, n := "", 0
	for g, c := range counts {
		if c > n || c == n && g < best {
			best, n = g, c
		}
	}
	// An access the code unlocks best after (without locking it first)
	// holds best in a way the lock model does not see: it counts as
	// guarded.
	handed := make(map[*faccess]bool)
	if best != "" {
		for _, a := range use {
			if a.held[best] == modeNone && pc.releasedAfter(a, best) {
				handed[a] = true
				n++
			}
		}
	}
	total := len(use)
	if best == "" || total < 3 || n < 2 || n*4 < total*3 {
		return
	}
	if ng.excludes(as[0].obj, best) {
		return // a declared scope says best does not guard the field
	}
	var guarded *faccess
	fns := make(map[*ssa.Function]bool)
	for _, a := range use {
		if a.held[best] != 0 {
			if guarded == nil {
				guarded = a
			}
			fns[a.instr.Parent()] = true
		}
	}
	if len(fns) < 2 {
		// One function locking around its own accesses says little about
		// the field's protocol (raft's verifyFuture.notifyCh is set up by
		// its owner before publication, then used under voteLock by vote).
		return
	}
	for _, a := range use {
		if a.kind != accWrite || a.held[best] == modeWrite {
			continue
		}
		if handed[a] {
			continue
		}
		lock := a.baseDisp + "." + best
		related := []analysis.RelatedInformation{{Pos: guarded.pos, Message: "accessed with " + lock + " held here"}}
		if a.held[best] == modeRead {
			if exclusiveOther(a, best) {
				// RLock of a priority lock, then Lock of the field's own
				// mutex: writers exclude each other through the second.
				continue
			}
			// Readers hold the read lock too: they run at the same time.
			pc.report(a.pos, related, "%s is written here holding only the read lock of %s, which guards it in %d other accesses", a.display, lock, n)
			continue
		}
		pc.report(a.pos, related, "%s is written here without %s, which guards it in %d other accesses", a.display, lock, n)
	}
}

// checkDeclared reports accesses without the lock a comment says guards
// the field: every write, and reads when the field is written outside
// constructors.
func (pc *passContext) checkDeclared(as []*faccess, g guard) {
	written := false
	for _, a := range as {
		if a.kind == accWrite && a.base != nil && !a.fresh && !a.test {
			written = true
		}
	}
	for _, a := range as {
		if !a.counts() || a.kind == accAtomic || a.held[g.lock] == modeWrite || a.held[g.lock] == modeRead && a.kind != accWrite {
			continue
		}
		if a.held[g.lock] == modeNone && pc.releasedAfter(a, g.lock) {
			continue // the code unlocks it next: held in a way the model misses
		}
		lock := a.baseDisp + "." + g.lock
		related := []analysis.RelatedInformation{{Pos: g.pos, Message: "declared as guarded by " + g.lock + " here"}}
		switch {
		case a.kind == accWrite && a.held[g.lock] == modeRead:
			pc.report(a.pos, related, "%s is written here holding only the read lock of %s, which is declared to guard it", a.display, lock)
		case a.kind == accWrite:
			pc.report(a.pos, related, "%s is written here without %s, which is declared to guard it", a.display, lock)
		case written && g.strict:
			pc.report(a.pos, related, "%s is read here without %s, which is declared to guard it, while other code writes it", a.display, lock)
		}
	}
}

// checkAtomic reports plain accesses to a variable that is also accessed
// with sync/atomic, and whether it did.
func (pc *passContext) checkAtomic(as []*faccess, named bool) bool {
	var atomicSite *faccess
	var atomics []*faccess
	for _, a := range as {
		if a.kind == accAtomic {
			if atomicSite == nil {
				atomicSite = a
			}
			atomics = append(atomics, a)
		}
	}
	if atomicSite == nil {
		return false
	}
	if !named {
		return true // an object without a type-level identity: say nothing
	}
	// excludedByLock: a plain access under a sibling lock that excludes
	// every conflicting atomic access (all atomics under the lock when the
	// plain access holds it exclusively; all atomic writes under the
	// exclusive lock when it holds it for reading).
	excludedByLock := func(a *faccess) bool {
		for g, m := range a.heldClass {
			ok := true
			for _, at := range atomics {
				if a.kind == accRead && !at.atomicWrite {
					continue // a load does not conflict with a plain read
				}
				if m == modeWrite && at.heldClass[g] == modeNone || m == modeRead && at.atomicWrite && at.heldClass[g] != modeWrite {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
	// Functions that update the variable atomically: their own plain
	// reads are the single writer reading back its value (raft's
	// atomic.StoreUint64(&s.nextIndex, s.nextIndex-1)), not a race.
	writers := make(map[*ssa.Function]bool)
	anyAtomicWrite := false
	var allWrites []ssa.Instruction // atomic and plain
	for _, a := range as {
		if a.kind == accAtomic && a.atomicWrite {
			writers[a.instr.Parent()] = true
			anyAtomicWrite = true
		}
		if a.kind == accWrite || a.kind == accAtomic && a.atomicWrite {
			if !a.fresh && !a.test {
				allWrites = append(allWrites, a.instr)
			}
		}
	}
	for _, a := range as {
		if a.kind == accAtomic || a.fresh || a.test || isInitFunc(a.instr.Parent()) || pc.beforeAnyGoroutine(a.instr) {
			continue
		}
		// Plain reads race only with atomic writes: with atomic loads alone
		// the plain writes are the problem, reported at them.
		if a.kind == accRead && (writers[a.instr.Parent()] || !anyAtomicWrite || ordering.SingleWriter(a.instr, allWrites, pc.callersOf)) || excludedByLock(a) || ordering.AfterWait(a.instr) {
			continue
		}
		related := []analysis.RelatedInformation{{Pos: atomicSite.pos, Message: "accessed with sync/atomic here"}}
		line := pc.line(atomicSite.pos)
		if a.kind == accWrite {
			pc.report(a.pos, related, "%s is written here with a plain store but accessed with sync/atomic on line %d", a.display, line)
		} else {
			pc.report(a.pos, related, "%s is read here with a plain load but accessed with sync/atomic on line %d", a.display, line)
		}
	}
	return true
}

// callersOf returns the functions calling fn statically, when every use
// of fn is such a call (nil otherwise): single-writer reads follow a
// helper to its only caller.
func (pc *passContext) callersOf(fn *ssa.Function) []*ssa.Function {
	if pc.escapedFns[fn] {
		return nil
	}
	var out []*ssa.Function
	for _, s := range pc.sites[fn] {
		out = append(out, s.caller)
	}
	return out
}

// beforeAnyGoroutine reports whether instr is in main.main of package main
// with no go statement and no call of a function of the package before
// it: the program's only goroutine then, as far as the package's own
// variables go (other packages cannot name package main's variables,
// and no callback of it has been handed out yet).
func (pc *passContext) beforeAnyGoroutine(instr ssa.Instruction) bool {
	fn := instr.Parent()
	if fn.Pkg == nil || fn.Pkg.Pkg.Name() != "main" || fn.Name() != "main" || fn.Signature.Recv() != nil || fn.Parent() != nil {
		return false
	}
	if pc.mainStarts == nil {
		pc.mainStarts = goroutineStarts(fn)
	}
	for _, in := range pc.mainStarts {
		if in != instr && ssacfg.After(in, instr) {
			return false
		}
	}
	return true
}

// goroutineStarts lists the instructions of fn after which another
// goroutine may see the package's variables: go statements, calls into
// the package or of unknown functions, calls handing out a callback.
func goroutineStarts(fn *ssa.Function) []ssa.Instruction {
	var out []ssa.Instruction
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Go:
				out = append(out, in)
			case ssa.CallInstruction:
				c := in.Common()
				if callee := c.StaticCallee(); callee == nil && !isBuiltin(c) || callee != nil && callee.Pkg == fn.Pkg {
					out = append(out, in)
					continue
				}
				for _, a := range c.Args {
					_, closure := a.(*ssa.MakeClosure)
					f, isFn := a.(*ssa.Function)
					if closure || isFn && f.Pkg == fn.Pkg {
						out = append(out, in)
						break
					}
				}
			}
		}
	}
	return out
}

func isBuiltin(c *ssa.CallCommon) bool {
	_, ok := c.Value.(*ssa.Builtin)
	return ok
}

func isInitFunc(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn.Signature.Recv() == nil && (fn.Name() == "init" || strings.HasPrefix(fn.Name(), "init#"))
}

// keysOf returns the lock-key cache of fn (IDs are deterministic, so they
// agree with the keys of fn's lock walk).
func (pc *passContext) keysOf(fn *ssa.Function) *lockmodel.Keys {
	if ls, ok := pc.locks[fn]; ok {
		return ls.model.Keys
	}
	if ks, ok := pc.keys[fn]; ok {
		return ks
	}
	ks := lockmodel.NewKeys(fn)
	pc.keys[fn] = ks
	return ks
}

// hasLockField reports whether the struct t (or *t) has a lock field,
// directly or in a nested struct (a lock wrapper type).
func hasLockField(t types.Type) bool { return hasLockDepth(t, 0) }

func hasLockDepth(t types.Type, depth int) bool {
	st, ok := deref(t).Underlying().(*types.Struct)
	if !ok || depth > 2 {
		return false
	}
	for i := range st.NumFields() {
		ft := st.Field(i).Type()
		if known.IsLockType(ft) || hasLockDepth(ft, depth+1) {
			return true
		}
	}
	return false
}

// dedupeLines merges the accesses to one variable on one source line of
// one function (x++ is a load and a store): one site, a write if any is.
func dedupeLines(pc *passContext, accs []*faccess) []*faccess {
	type key struct {
		obj  types.Object
		fn   *ssa.Function
		line int
		atom bool
	}
	seen := make(map[key]*faccess)
	var out []*faccess
	for _, a := range accs {
		k := key{a.obj, a.instr.Parent(), pc.line(a.pos), a.kind == accAtomic}
		if prev, ok := seen[k]; ok {
			if a.kind == accWrite && prev.kind == accRead {
				*prev = *a
			}
			prev.atomicWrite = prev.atomicWrite || a.atomicWrite
			continue
		}
		seen[k] = a
		out = append(out, a)
	}
	return out
}

func isGlobal(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	return ok && !v.IsField()
}

var (
	docHeldRE    = regexp.MustCompile(`(?i)\block\b[^.;]*\b(held|acquired)\b`)
	docNotHeldRE = regexp.MustCompile(`(?i)\b(not|no|never|without)\b`)
)

// docHoldsLock reports whether fn's doc comment says a lock is held when
// it is called.
func docHoldsLock(fn *ssa.Function) bool {
	fd, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || fd.Doc == nil {
		return false
	}
	// Sentences, and lines (a negation later in a long sentence must not
	// hide "na's lock is expected to be held on entry").
	text := fd.Doc.Text()
	parts := append(regexp.MustCompile(`[.;]`).Split(text, -1), strings.Split(text, "\n")...)
	for _, sentence := range parts {
		if docHeldRE.MatchString(sentence) && !docNotHeldRE.MatchString(sentence) {
			return true
		}
	}
	return false
}

// origin returns the generic function an instance was made from, or f.
func origin(f *ssa.Function) *ssa.Function {
	if o := f.Origin(); o != nil {
		return o
	}
	return f
}

// exclusiveOther reports whether access a holds, besides lock (for
// reading), another lock of the same object exclusively.
func exclusiveOther(a *faccess, lock string) bool {
	for l, m := range a.held {
		if l != lock && m == modeWrite {
			return true
		}
	}
	return false
}
