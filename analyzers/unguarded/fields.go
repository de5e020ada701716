package unguarded

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockmodel"
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
	instr   ssa.Instruction
	pos     token.Pos
	kind    accKind
	obj     types.Object // the field (origin) or package variable
	base    *lockmodel.Key
	display string
	// held: the locks held at the access, as paths relative to base
	// ("mu"); nil when unknown.
	held map[string]lockMode
	// heldClass: the same locks by type-level class ("(p.T).mu"), to
	// compare accesses made through different objects.
	heldClass map[string]lockMode
	known     bool // held is known
	fresh     bool // the object was allocated in this function, or is being constructed
	closure   bool // the access is in a closure
	test      bool // in a _test.go file
	locked    bool // the field's struct has a lock field: lock sets matter
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

// callSite is a static call of an unexported method of the package.
type callSite struct {
	caller *ssa.Function
	instr  ssa.Instruction
	arg    *lockmodel.Key // key of the receiver argument in the caller
}

func (pc *passContext) checkFields() {
	declared := pc.declaredGuards()
	var accs []*faccess
	sites := make(map[*ssa.Function][]callSite)
	escaped := make(map[*ssa.Function]bool)
	invoked := make(map[string]bool)
	for _, fn := range pc.srcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				pc.collectAccess(fn, instr, &accs)
				pc.collectCall(fn, instr, sites, escaped, invoked)
			}
		}
	}
	accs = dedupeLines(pc, accs)
	inherited, ctorOnly, unknownInh := pc.inheritLocks(sites, escaped, invoked)
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
		pc.completeAccess(a, inherited, ctorOnly, unknownInh)
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
			pc.checkInferred(as)
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
			a.locked = hasLockField(addr.X.Type())
			if a.base == nil {
				return // an object we cannot name: stay silent about it
			}
			a.display = a.base.Display + "." + f.Name()
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
			add(instr.X, accRead, instr.Pos())
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

// collectCall records static calls of unexported methods (their callers'
// locks are inherited) and uses of those methods other than calls.
func (pc *passContext) collectCall(fn *ssa.Function, instr ssa.Instruction, sites map[*ssa.Function][]callSite, escaped map[*ssa.Function]bool, invoked map[string]bool) {
	var callee *ssa.Function
	if c, ok := instr.(ssa.CallInstruction); ok {
		if c.Common().IsInvoke() {
			invoked[c.Common().Method.Name()] = true
		} else if f, ok := c.Common().Value.(*ssa.Function); ok && isInheritable(f) {
			if _, isCall := instr.(*ssa.Call); isCall && len(c.Common().Args) > 0 {
				callee = f
				sites[f] = append(sites[f], callSite{caller: fn, instr: instr, arg: pc.keysOf(fn).Of(c.Common().Args[0])})
			} else {
				escaped[f] = true // go, defer: runs later, without the caller's locks
			}
		}
	}
	for _, op := range instr.Operands(nil) {
		if op == nil || *op == nil {
			continue
		}
		f, ok := (*op).(*ssa.Function)
		if !ok || f == callee {
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

// isInheritable: unexported methods, whose every caller is in the package.
func isInheritable(f *ssa.Function) bool {
	return f.Signature.Recv() != nil && !token.IsExported(f.Name()) && f.Synthetic == "" && len(f.Params) > 0
}

// inheritLocks computes, for unexported methods called only from the
// package, the locks (as IDs in the method's own key space) that every
// caller holds, and the methods only ever called on objects under
// construction.
func (pc *passContext) inheritLocks(sites map[*ssa.Function][]callSite, escaped map[*ssa.Function]bool, invoked map[string]bool) (map[*ssa.Function]map[string]bool, map[*ssa.Function]bool, map[*ssa.Function]bool) {
	inh := make(map[*ssa.Function]map[string]bool)
	ctor := make(map[*ssa.Function]bool)
	// unknown: some caller's lock state could not be followed (its walk
	// gave up, or the receiver has no name); precision over recall, the
	// method's accesses through its receiver are then not judged.
	unknown := make(map[*ssa.Function]bool)
	var ms []*ssa.Function
	for m := range sites {
		if !escaped[m] && !invoked[m.Name()] {
			ms = append(ms, m)
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Pos() < ms[j].Pos() })
	for round := 0; round < 3; round++ {
		for _, m := range ms {
			recvID := "p:" + m.Params[0].Name()
			var acc map[string]bool
			fresh := true
			unk := false
			for _, s := range sites[m] {
				set := make(map[string]bool)
				if s.arg == nil {
					unk = true
				} else {
					if _, isAlloc := s.arg.Root.(*ssa.Alloc); isAlloc || callDerived(s.arg) {
						continue // an object under construction
					}
					if held, ok := pc.heldAt(s.instr); ok {
						for _, k := range held {
							if strings.HasPrefix(k.ID, s.arg.ID+".") {
								set[recvID+k.ID[len(s.arg.ID):]] = true
							}
						}
					} else {
						unk = true
					}
					if isReceiver(s.caller, s.arg) {
						if unknown[s.caller] {
							unk = true
						}
						callerRecv := "p:" + s.caller.Params[0].Name()
						for id := range inh[s.caller] {
							if strings.HasPrefix(id, s.arg.ID+".") || strings.HasPrefix(id, callerRecv+".") {
								set[recvID+id[len(callerRecv):]] = true
							}
						}
						if ctor[s.caller] {
							continue
						}
					}
				}
				fresh = false
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
			inh[m] = acc
			ctor[m] = fresh
			unknown[m] = unk && !fresh
		}
	}
	return inh, ctor, unknown
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

// isReceiver reports whether k is the receiver parameter of fn itself.
func isReceiver(fn *ssa.Function, k *lockmodel.Key) bool {
	return fn.Signature.Recv() != nil && len(fn.Params) > 0 && k.Root == fn.Params[0] && len(k.Path) == 0
}

// completeAccess fills in the lock set and freshness of a field access.
func (pc *passContext) completeAccess(a *faccess, inherited map[*ssa.Function]map[string]bool, ctorOnly, unknownInh map[*ssa.Function]bool) {
	if a.base == nil {
		a.known = true
		return
	}
	fn := a.instr.Parent()
	switch a.base.Root.(type) {
	case *ssa.Alloc:
		a.fresh = true // allocated here: not yet shared (constructors)
	case *ssa.Call:
		a.fresh = true
	case *ssa.Parameter:
		if a.base.Root == fn.Params[0] && ctorOnly[fn] && fn.Signature.Recv() != nil {
			a.fresh = true
		}
	}
	if !a.locked {
		a.known = true
		return
	}
	if callDerived(a.base) {
		// A value returned by a call (pool.Get(), an accessor): it may be
		// a new object each time; precision over recall.
		a.fresh = true
	}
	if unknownInh[fn] && len(fn.Params) > 0 && a.base.Root == fn.Params[0] {
		return // a caller's lock state is unknown
	}
	if _, isParam := a.base.Root.(*ssa.Parameter); isParam && docHoldsLock(fn) {
		// "Account `na` write lock is expected to be held on entry": a
		// contract lockfacts cannot tie to a lock; treat as unknown.
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
	a.heldClass = make(map[string]lockMode)
	for _, k := range held {
		if k.Class != "" {
			a.heldClass[k.Class] = modeWrite
			if read[k.ID] {
				a.heldClass[k.Class] = modeRead
			}
		}
		if strings.HasPrefix(k.ID, prefix) {
			a.held[k.ID[len(prefix):]] = modeWrite
			if read[k.ID] {
				a.held[k.ID[len(prefix):]] = modeRead
			}
		}
	}
	if fn.Signature.Recv() != nil && len(fn.Params) > 0 && len(inherited[fn]) > 0 {
		// Inherited locks by class too, for accesses below the receiver
		// (c.stats.hits under the caller's c.mu).
		if rk := pc.keysOf(fn).Of(fn.Params[0]); rk != nil && rk.Class != "" {
			for id := range inherited[fn] {
				if strings.HasPrefix(id, rk.ID+".") {
					a.heldClass[rk.Class+id[len(rk.ID):]] = modeWrite
				}
			}
		}
	}
	if fn.Signature.Recv() != nil && len(fn.Params) > 0 && a.base.Root == fn.Params[0] {
		for id := range inherited[fn] {
			if strings.HasPrefix(id, prefix) {
				a.held[id[len(prefix):]] = modeWrite
			}
		}
	}
}

// counts reports whether a takes part in guard inference: outside tests
// and constructors, with a known lock set. A closure's accesses with no
// lock of their own are unknown: the closure may run under its creator's
// lock (callbacks, sort.Slice).
func (a *faccess) counts() bool {
	return a.base != nil && a.known && !a.fresh && !a.test && !(a.closure && len(a.held) == 0)
}

// checkInferred reports writes without the lock that guards most
// accesses to a field.
func (pc *passContext) checkInferred(as []*faccess) {
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
	total := len(use)
	if best == "" || total < 3 || n < 2 || n*4 < total*3 {
		return
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
		if a.kind != accWrite || a.held[best] != 0 {
			continue
		}
		lock := a.base.Display + "." + best
		pc.report(a.pos, []analysis.RelatedInformation{{Pos: guarded.pos, Message: "accessed with " + lock + " held here"}},
			"%s is written here without %s, which guards it in %d other accesses", a.display, lock, n)
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
		if !a.counts() || a.kind == accAtomic || a.held[g.lock] != 0 {
			continue
		}
		lock := a.base.Display + "." + g.lock
		related := []analysis.RelatedInformation{{Pos: g.pos, Message: "declared as guarded by " + g.lock + " here"}}
		switch {
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
	for _, a := range as {
		if a.kind == accAtomic && a.atomicWrite {
			writers[a.instr.Parent()] = true
			anyAtomicWrite = true
		}
	}
	for _, a := range as {
		if a.kind == accAtomic || a.fresh || a.test || isInitFunc(a.instr.Parent()) {
			continue
		}
		// Plain reads race only with atomic writes: with atomic loads alone
		// the plain writes are the problem, reported at them.
		if a.kind == accRead && (writers[a.instr.Parent()] || !anyAtomicWrite) || excludedByLock(a) || pc.afterJoin(a.instr) {
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

// afterJoin reports whether a wg.Wait or g.Wait runs before instr on every
// path through its function (the totals read after the workers finished).
func (pc *passContext) afterJoin(instr ssa.Instruction) bool {
	ib := instr.Block()
	for _, b := range instr.Parent().Blocks {
		if !b.Dominates(ib) {
			continue
		}
		for _, in := range b.Instrs {
			if b == ib && in == instr {
				break
			}
			if c, ok := in.(*ssa.Call); ok {
				if api := known.Call(&c.Call); api == known.WGWait || api == known.GroupWait {
					return true
				}
			}
		}
	}
	return false
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
