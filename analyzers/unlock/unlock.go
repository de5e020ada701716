package unlock

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/docutil"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockfacts"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/noreturn"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "unlock",
	Doc:      docutil.MustExtract(doc, "unlock"),
	URL:      "https://github.com/concurlint/concurlint#unlock",
	Run:      run,
	Requires: []*analysis.Analyzer{buildssa.Analyzer, inspect.Analyzer, ctrlflow.Analyzer, lockfacts.Analyzer, noreturn.Analyzer, suppress.Analyzer},
}

// passContext carries the pass and what is shared by its functions.
type passContext struct {
	pass  *analysis.Pass
	cfg   lockmodel.Config
	calls map[token.Pos]inspector.Cursor // CallExpr by Lparen, built on first need
	seen  map[string]bool                // reported (pos, message) pairs
	ssa   *buildssa.SSA
	// sites: locks every call site of an unexported function holds.
	sites map[*ssa.Function][]lockmodel.Effect
	// writeClasses: lock classes write-locked somewhere in the package,
	// built on first need.
	writeClasses map[string]bool
	// releasers: lock classes some function of the package releases
	// without taking them (lockfacts Releases), built on first need.
	releasers map[string]bool
	facts     *lockfacts.Result
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	facts := pass.ResultOf[lockfacts.Analyzer].(*lockfacts.Result)
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	pc := &passContext{
		pass: pass,
		cfg: lockmodel.Config{
			Summary:  facts.Summary,
			NoReturn: cfgs.NoReturn,
			Stops:    pass.ResultOf[noreturn.Analyzer].(*noreturn.Result),
		},
		seen:  make(map[string]bool),
		ssa:   ssainfo,
		facts: facts,
	}
	pc.cfg.Summary = pc.withNetReleases(facts.Summary)
	funcs := pass.ResultOf[suppress.Analyzer].(*suppress.Result).HandWritten(ssainfo.SrcFuncs)
	pc.sites = pc.callSiteHeld(funcs)
	for _, fn := range contain.Each(pass, funcs) {
		pc.runFunc(fn)
		pc.checkSemaphores(fn)
	}
	pc.checkEmptyCriticalSections()
	return nil, nil
}

// finding accumulates what the walk saw of one lock operation.
type finding struct {
	op *lockmodel.Op
	// For acquisitions: the exits reached with the lock still held.
	leakExits []lockmodel.Exit
	// For releases.
	unheldPath   bool           // reached with the lock untouched on this path
	heldBy       *lockmodel.Op  // ... and with it held, by this op, on another path
	doubleAfter  *lockmodel.Op  // reached after the lock was already released by this op
	mismatchWith *lockmodel.Op  // RUnlock of a Lock, Unlock of an RLock
	failedTry    *lockmodel.Op  // reached where this TryLock returned false
	loopRelock   bool           // acquisition reached again while it still holds
	loopDefer    *lockmodel.Op  // ... with a deferred release pending
	deferLockOf  *lockmodel.Op  // defer Lock while held by this op
	exitsHeldKey map[string]int // unused for releases
}

type visitor struct {
	m        *lockmodel.Model
	findings map[*lockmodel.Op]*finding
	order    []*lockmodel.Op
	exits    int            // exits reached (path-distinct)
	heldAt   map[string]int // exits reached holding each key (own acquisition)
	// releasedAt: exits reached, on some path, with the key released by
	// this function's own Unlock.
	releasedAt map[ssa.Instruction]map[string]bool
}

// releasesUnheld reports whether the walk saw a release, of one of the
// locks in es, on a path where the function had not acquired it.
func (v *visitor) releasesUnheld(m *lockmodel.Model, fn *ssa.Function, es []lockmodel.Effect) bool {
	for op, f := range v.findings {
		if !op.Kind.Releases() || !f.unheldPath {
			continue
		}
		for _, e := range es {
			if e.Param < len(fn.Params) && op.Key.Same(m.Keys.Extend(m.Keys.Of(fn.Params[e.Param]), e.Path)) {
				return true
			}
		}
	}
	return false
}

func (v *visitor) get(op *lockmodel.Op) *finding {
	f := v.findings[op]
	if f == nil {
		f = &finding{op: op}
		v.findings[op] = f
		v.order = append(v.order, op)
	}
	return f
}

func (v *visitor) Op(op *lockmodel.Op, st *lockmodel.State) {
	ls := st.Get(op.Key.ID)
	if op.IfHeld && !ls.IsHeld() {
		return // once.Do(mu.Unlock) after the Once already ran: nothing
	}
	switch {
	case op.Kind.Acquires():
		if ls.IsHeld() && ls.Since == op {
			f := v.get(op)
			f.loopRelock = true
			for _, d := range st.Deferred(op.Key.ID) {
				if d.Kind.Releases() && ssacfg.SameLoop(d.Instr.Block(), op.Instr.Block()) {
					f.loopDefer = d
				}
			}
		}
	case op.Kind.Releases():
		f := v.get(op)
		switch ls.Status {
		case lockmodel.Unknown:
			f.unheldPath = true
		case lockmodel.TryFailed:
			f.failedTry = ls.Since
		case lockmodel.Held, lockmodel.RHeld:
			if !ls.Entry {
				f.heldBy = ls.Since
			}
			if (ls.Status == lockmodel.Held) != (op.Kind == lockmodel.OpUnlock) && ls.Since != nil && !ls.Since.Wrapper && !op.Wrapper {
				f.mismatchWith = ls.Since
			}
		case lockmodel.Released:
			// Only after this function's own Lock on this path: a lock the
			// caller (or another goroutine) held may have been taken again
			// by someone else in between.
			if !ls.Entry {
				f.doubleAfter = ls.Since
			}
		}
	}
}

func (v *visitor) Defer(op *lockmodel.Op, st *lockmodel.State) {
	if op.Kind.Acquires() && !op.Wrapper {
		if ls := st.Get(op.Key.ID); ls.IsHeld() && ls.Since != nil && ls.Since.Kind.Acquires() {
			v.get(op).deferLockOf = ls.Since
		}
	}
}

func (v *visitor) Exit(x lockmodel.Exit, st *lockmodel.State) {
	v.exits++
	for _, ls := range st.Locks() {
		if ls.Status == lockmodel.Released && !ls.Entry {
			if v.releasedAt[x.Instr] == nil {
				v.releasedAt[x.Instr] = make(map[string]bool)
			}
			v.releasedAt[x.Instr][ls.Key.ID] = true
		}
		if ls.Leaked() && ls.Since != nil {
			v.heldAt[ls.Key.ID]++
			f := v.get(ls.Since)
			f.leakExits = append(f.leakExits, x)
		}
	}
}

func (pc *passContext) runFunc(fn *ssa.Function) {
	cfg := pc.cfg
	cfg.PanicsRecovered = isHTTPHandler(fn)
	m := lockmodel.NewModel(fn, &cfg)
	if !m.HasOps() {
		return
	}
	v := &visitor{m: m, findings: make(map[*lockmodel.Op]*finding), heldAt: make(map[string]int), releasedAt: make(map[ssa.Instruction]map[string]bool)}
	if !m.Walk(v) {
		return // too many paths: stay silent rather than guess
	}
	// The caller's locks (see entry.go): assumed held on entry when the
	// function releases them on a path where it did not take them.
	if entry := pc.entryHeld(fn); len(entry) > 0 && v.releasesUnheld(m, fn, entry) {
		cfg.HeldOnEntry = entry
		m = lockmodel.NewModel(fn, &cfg)
		v = &visitor{m: m, findings: make(map[*lockmodel.Op]*finding), heldAt: make(map[string]int), releasedAt: make(map[ssa.Instruction]map[string]bool)}
		if !m.Walk(v) {
			return
		}
	}
	// Locks this function releases somewhere (explicitly, deferred, through
	// a wrapper or a hand-off). A function that takes a lock and never
	// releases it anywhere keeps it on purpose or passes ownership on (a
	// goroutine whose partner unlocks, "// no need to unlock" in a test);
	// forgetting one Unlock among several paths is the bug this analyzer
	// is for, so acquisitions of other locks are not judged.
	releases := make(map[string]bool)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			for _, op := range m.Ops(instr) {
				if op.Kind.Releases() || op.Kind == lockmodel.OpHandOff {
					releases[op.Key.ID] = true
				}
			}
		}
	}
	counted := countedLoops(m)
	for _, op := range v.order {
		if op.Kind.Acquires() && !releases[op.Key.ID] && v.findings[op].deferLockOf == nil {
			continue
		}
		if counted[op.Key.ID] {
			continue
		}
		pc.report(fn, m, v, v.findings[op])
	}
}

func (pc *passContext) report(fn *ssa.Function, m *lockmodel.Model, v *visitor, f *finding) {
	op := f.op
	name := op.Key.Display
	switch {
	case f.loopDefer != nil && !loopVariant(op.Key, op.Instr.Block()):
		pc.emit(analysis.Diagnostic{
			Pos:     f.loopDefer.Pos(),
			Message: fmt.Sprintf("%s is unlocked by a defer inside the loop, which runs only when the function returns, so the next iteration's Lock at line %d blocks forever", name, pc.line(op.Pos())),
			Related: []analysis.RelatedInformation{{Pos: op.Pos(), Message: "locked again here on the next iteration"}},
		})
	case f.loopRelock && !op.Wrapper && !loopVariant(op.Key, op.Instr.Block()) && (op.Kind == lockmodel.OpLock || pc.writeLocked(m, op.Key)):
		// A read lock taken again while read-held blocks only when a
		// writer waits in between: with no write Lock of that mutex
		// anywhere in the package, only a leak at the exit shows an
		// imbalance (the next case).
		d := analysis.Diagnostic{
			Pos:     op.Pos(),
			Message: fmt.Sprintf("%s is still held when the loop comes back to this Lock (a path through the loop body skips the Unlock), so it blocks forever", name),
		}
		if rel := releaseInLoop(m, op); rel != nil {
			d.Related = []analysis.RelatedInformation{{Pos: rel.Pos(), Message: "unlocked here, but not on every path back to the Lock"}}
		}
		pc.emit(d)
	case len(f.leakExits) > 0:
		// A function that returns holding the lock on every path is a lock
		// wrapper; one returning a bool (TryLock style) or named like a lock
		// function may do so on some paths only. Both are contracts with the
		// caller, learned by lockfacts; precision first.
		if v.heldAt[op.Key.ID] == v.exits || leaksReturnTrue(fn, f.leakExits) || leaksReturnNilError(fn, f.leakExits) && pc.callerReleases(fn, op.Key) || lockLikeName(fn.Name()) {
			return
		}
		// The same return reached both holding and having released the
		// lock is a conditional hold decided by state the analysis does
		// not track (database/sql's closemuScanHold); a return that hands
		// back a function gives the caller the release (grabConn's
		// releaseConn). Both are contracts, not forgotten unlocks.
		conditional, handsBack := true, false
		for _, x := range f.leakExits {
			if !v.releasedAt[x.Instr][op.Key.ID] {
				conditional = false
			}
			if returnsFunc(x.Instr) {
				handsBack = true
			}
		}
		if conditional || handsBack {
			return
		}
		if pc.handsHandle(op.Key, f.leakExits) {
			return
		}
		exits := f.leakExits
		sort.Slice(exits, func(i, j int) bool { return exits[i].Instr.Pos() < exits[j].Instr.Pos() })
		x := exits[0]
		where := fmt.Sprintf("the return at line %d", pc.line(x.Instr.Pos()))
		if x.Kind == lockmodel.ExitPanic {
			where = fmt.Sprintf("the panic at line %d, which net/http recovers", pc.line(x.Instr.Pos()))
		}
		if x.Instr.Pos() == token.NoPos {
			where = "the implicit return at the end of the function"
		}
		verb := "locked"
		if op.Kind == lockmodel.OpRLock {
			verb = "read-locked"
		}
		how := "here"
		if op.Wrapper {
			how = "by this call"
		}
		msg := fmt.Sprintf("%s is %s %s but not unlocked on %s, so every later Lock blocks forever", name, verb, how, where)
		d := analysis.Diagnostic{Pos: op.Pos(), Message: msg}
		if x.Instr.Pos().IsValid() {
			d.Related = []analysis.RelatedInformation{{Pos: x.Instr.Pos(), Message: "returns here with " + name + " held"}}
		}
		if fix, ok := pc.deferFix(fn, m, op, exits); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		pc.emit(d)
	case f.failedTry != nil && !op.Wrapper:
		try := "TryLock"
		if f.failedTry.Kind == lockmodel.OpRLock {
			try = "TryRLock"
		}
		pc.emit(analysis.Diagnostic{
			Pos:     op.Pos(),
			Message: fmt.Sprintf("%s is unlocked here on the path where %s at line %d failed, so it is not held; unlocking an unlocked mutex is a fatal error", name, try, pc.line(f.failedTry.Pos())),
			Related: []analysis.RelatedInformation{{Pos: f.failedTry.Pos(), Message: try + " returns false on this path"}},
		})
	case f.doubleAfter != nil && !op.Wrapper:
		what := "is unlocked here"
		if op.Deferred {
			what = "is unlocked by this deferred call when the function returns"
		}
		pc.emit(analysis.Diagnostic{
			Pos:     op.Pos(),
			Message: fmt.Sprintf("%s %s but was already unlocked at line %d; unlocking an unlocked mutex is a fatal error", name, what, pc.line(f.doubleAfter.Pos())),
			Related: []analysis.RelatedInformation{{Pos: f.doubleAfter.Pos(), Message: "first unlocked here"}},
		})
	case f.mismatchWith != nil:
		held, rel := "Lock", "RUnlock"
		if f.mismatchWith.Kind == lockmodel.OpRLock {
			held, rel = "RLock", "Unlock"
		}
		pc.emit(analysis.Diagnostic{
			Pos:     op.Pos(),
			Message: fmt.Sprintf("%s is released with %s but was acquired with %s at line %d; the mismatch is a fatal error", name, rel, held, pc.line(f.mismatchWith.Pos())),
			Related: []analysis.RelatedInformation{{Pos: f.mismatchWith.Pos(), Message: "acquired here"}},
		})
	case f.unheldPath && f.heldBy != nil && !op.Wrapper && !op.Deferred:
		pc.emit(analysis.Diagnostic{
			Pos:     op.Pos(),
			Message: fmt.Sprintf("%s is unlocked here on a path where the Lock at line %d did not run; unlocking an unlocked mutex is a fatal error", name, pc.line(f.heldBy.Pos())),
			Related: []analysis.RelatedInformation{{Pos: f.heldBy.Pos(), Message: "locked here on other paths"}},
		})
	case f.deferLockOf != nil:
		pc.emit(analysis.Diagnostic{
			Pos:     op.Pos(),
			Message: fmt.Sprintf("deferring %s.Lock right after locking %s at line %d; did you mean to defer Unlock?", name, name, pc.line(f.deferLockOf.Pos())),
			Related: []analysis.RelatedInformation{{Pos: f.deferLockOf.Pos(), Message: "locked here"}},
		})
	}
}

func (pc *passContext) emit(d analysis.Diagnostic) {
	// SSA positions a call at its parenthesis; report it from its start.
	if cur, ok := pc.callCursor(d.Pos); ok {
		d.Pos = cur.Node().Pos()
	}
	for i, r := range d.Related {
		if cur, ok := pc.callCursor(r.Pos); ok {
			d.Related[i].Pos = cur.Node().Pos()
		}
	}
	k := fmt.Sprintf("%d %s", d.Pos, d.Message)
	if pc.seen[k] {
		return
	}
	pc.seen[k] = true
	suppress.Report(pc.pass, d)
}

func (pc *passContext) line(pos token.Pos) int { return pc.pass.Fset.Position(pos).Line }

// releaseInLoop returns the first release of op's lock on op's loop.
func releaseInLoop(m *lockmodel.Model, op *lockmodel.Op) *lockmodel.Op {
	var best *lockmodel.Op
	for _, b := range m.Fn.Blocks {
		for _, instr := range b.Instrs {
			for _, o := range m.Ops(instr) {
				if o.Kind.Releases() && !o.Deferred && o.Key.Same(op.Key) && ssacfg.SameLoop(b, op.Instr.Block()) {
					if best == nil || o.Pos() < best.Pos() {
						best = o
					}
				}
			}
		}
	}
	return best
}

// loopVariant reports whether k selects an element by an index that the
// loop around b redefines (for _, sh := range s.shards { sh.mu.Lock() }):
// each iteration locks a different mutex.
func loopVariant(k *lockmodel.Key, b *ssa.BasicBlock) bool {
	for _, e := range k.Elems() {
		if instr, ok := e.(ssa.Instruction); ok && ssacfg.SameLoop(instr.Block(), b) {
			return true
		}
	}
	return false
}

// countedLoops returns the locks that the function acquires in one loop
// and releases in another (for i < n { RLock } … for i < n { RUnlock }):
// whether the counts match depends on trip counts the walk does not
// track, so no finding about them shows an imbalance.
func countedLoops(m *lockmodel.Model) map[string]bool {
	type op struct {
		kind  lockmodel.OpKind
		block *ssa.BasicBlock
	}
	byKey := make(map[string][]op)
	for _, b := range m.Fn.Blocks {
		for _, instr := range b.Instrs {
			for _, o := range m.Ops(instr) {
				if !o.Deferred && (o.Kind.Acquires() || o.Kind.Releases()) {
					byKey[o.Key.ID] = append(byKey[o.Key.ID], op{o.Kind, b})
				}
			}
		}
	}
	out := make(map[string]bool)
	for id, ops := range byKey {
		// loneLoop: an op of this kind in a loop with no op of the other
		// kind on that loop.
		loneLoop := func(acquires bool) bool {
			for _, a := range ops {
				if a.kind.Acquires() != acquires || !ssacfg.InLoop(a.block) {
					continue
				}
				alone := true
				for _, b := range ops {
					if b.kind.Acquires() != acquires && ssacfg.SameLoop(a.block, b.block) {
						alone = false
					}
				}
				if alone {
					return true
				}
			}
			return false
		}
		if loneLoop(true) && loneLoop(false) {
			out[id] = true
		}
	}
	return out
}

// writeLocked reports whether anything in the package write-locks the
// lock k names: by its type-level class, or within the function for a
// local lock.
func (pc *passContext) writeLocked(m *lockmodel.Model, k *lockmodel.Key) bool {
	if k.Class == "" {
		for _, b := range m.Fn.Blocks {
			for _, instr := range b.Instrs {
				for _, o := range m.Ops(instr) {
					if o.Kind == lockmodel.OpLock && o.Key.ID == k.ID {
						return true
					}
				}
			}
		}
		return false
	}
	if pc.writeClasses == nil {
		pc.writeClasses = make(map[string]bool)
		for _, fn := range pc.ssa.SrcFuncs {
			ks := lockmodel.NewKeys(fn)
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					ci, ok := instr.(ssa.CallInstruction)
					if !ok || known.Call(ci.Common()) != known.Lock {
						continue
					}
					recv := lockmodel.Receiver(ci.Common())
					if recv == nil {
						continue
					}
					if rk := ks.Of(recv); rk != nil && rk.Class != "" {
						pc.writeClasses[rk.Class] = true
					}
				}
			}
		}
	}
	return pc.writeClasses[k.Class]
}

// handsHandle reports whether every leaking return hands the lock to the
// object it returns: a non-nil pointer to a struct of this package with a
// field pointing back to the lock's owner, and some function of the
// package releases that lock class without taking it (bbolt's beginRWTx
// returns a Tx whose Rollback unlocks tx.db.rwlock: "released by the
// transaction when it closes").
func (pc *passContext) handsHandle(k *lockmodel.Key, exits []lockmodel.Exit) bool {
	owner := ownerType(k)
	if owner == nil {
		return false
	}
	o := owner.Origin().Obj()
	if o.Pkg() == nil || !pc.releasedElsewhere("("+o.Pkg().Path()+"."+o.Name()+")."+k.Path[len(k.Path)-1]) {
		return false
	}
	for _, x := range exits {
		ret, ok := x.Instr.(*ssa.Return)
		if !ok || !returnsHandleTo(ret, owner, pc.pass.Pkg) {
			return false
		}
	}
	return true
}

// ownerType returns the named type whose field the lock is, from its
// class ("(example.com/p.DB).rwlock" of a *DB root), or nil.
func ownerType(k *lockmodel.Key) *types.Named {
	if len(k.Path) == 0 || k.Root == nil {
		return nil
	}
	t := k.Root.Type()
	for _, f := range k.Path[:len(k.Path)-1] {
		st, ok := derefType(t).Underlying().(*types.Struct)
		if !ok {
			return nil
		}
		var next types.Type
		for i := range st.NumFields() {
			if st.Field(i).Name() == f {
				next = st.Field(i).Type()
			}
		}
		if next == nil {
			return nil
		}
		t = next
	}
	n, _ := types.Unalias(derefType(t)).(*types.Named)
	return n
}

func derefType(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// returnsHandleTo reports whether ret returns a non-nil pointer to a
// struct type of pkg that has a field of type owner or *owner.
func returnsHandleTo(ret *ssa.Return, owner *types.Named, pkg *types.Package) bool {
	for _, r := range ret.Results {
		if c, ok := r.(*ssa.Const); ok && c.IsNil() {
			continue
		}
		p, ok := r.Type().Underlying().(*types.Pointer)
		if !ok {
			continue
		}
		n, ok := types.Unalias(p.Elem()).(*types.Named)
		if !ok || n.Obj().Pkg() != pkg {
			continue
		}
		st, ok := n.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			if fn, ok := types.Unalias(derefType(st.Field(i).Type())).(*types.Named); ok && fn.Origin() == owner.Origin() {
				return true
			}
		}
	}
	return false
}

// releasedElsewhere reports whether some function of the package releases
// a lock of class without taking it (its lockfacts summary); class names
// the lock by the type that holds it ("(p.DB).rwlock", also when reached
// as tx.db.rwlock).
func (pc *passContext) releasedElsewhere(class string) bool {
	if pc.releasers == nil {
		pc.releasers = make(map[string]bool)
		for _, fn := range pc.ssa.SrcFuncs {
			obj, ok := fn.Object().(*types.Func)
			if !ok {
				continue
			}
			s := pc.facts.Summary(obj)
			if s == nil {
				continue
			}
			for _, e := range s.Releases {
				if c := effectClass(fn, e); c != "" {
					pc.releasers[c] = true
				}
			}
		}
	}
	return pc.releasers[class]
}

// effectClass renders a summary effect (a lock below a parameter) as a
// lock class, as lockmodel.Key.Class does.
func effectClass(fn *ssa.Function, e lockmodel.Effect) string {
	if e.Param >= len(fn.Params) || e.Path == "" {
		return ""
	}
	t := fn.Params[e.Param].Type()
	parts := strings.Split(e.Path, ".")
	for _, f := range parts[:len(parts)-1] {
		st, ok := derefType(t).Underlying().(*types.Struct)
		if !ok {
			return ""
		}
		var next types.Type
		for i := range st.NumFields() {
			if st.Field(i).Name() == f {
				next = st.Field(i).Type()
			}
		}
		if next == nil {
			return ""
		}
		t = next
	}
	n, ok := types.Unalias(derefType(t)).(*types.Named)
	if !ok {
		return ""
	}
	return "(" + n.Origin().Obj().Pkg().Path() + "." + n.Origin().Obj().Name() + ")." + parts[len(parts)-1]
}

// returnsFunc reports whether the exit returns a non-nil function value.
func returnsFunc(instr ssa.Instruction) bool {
	ret, ok := instr.(*ssa.Return)
	if !ok {
		return false
	}
	for _, r := range ret.Results {
		if _, ok := r.Type().Underlying().(*types.Signature); ok {
			if c, ok := r.(*ssa.Const); !ok || !c.IsNil() {
				return true
			}
		}
	}
	return false
}

// leaksReturnNilError reports whether fn's last result is an error, every
// exit that leaks the lock returns a nil error there, and some other
// return of fn returns a non-nil one: the "lock or fail" contract of an
// acquire that can be cancelled (nil means you now hold it).
func leaksReturnNilError(fn *ssa.Function, exits []lockmodel.Exit) bool {
	res := fn.Signature.Results()
	if res.Len() == 0 || !types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
		return false
	}
	idx := res.Len() - 1
	leaks := make(map[ssa.Instruction]bool)
	for _, x := range exits {
		ret, ok := x.Instr.(*ssa.Return)
		if !ok || idx >= len(ret.Results) {
			return false
		}
		c, ok := ret.Results[idx].(*ssa.Const)
		if !ok || !c.IsNil() {
			return false
		}
		leaks[ret] = true
	}
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || leaks[ret] || idx >= len(ret.Results) {
			continue
		}
		if c, ok := ret.Results[idx].(*ssa.Const); !ok || !c.IsNil() {
			return true // a failure return
		}
	}
	return false
}

// callerReleases reports whether some function of the package that calls
// fn also releases a lock of k's class (Commit: if err := g.waitJoin(ctx);
// err != nil { return err }; defer g.joinMu.RUnlock()), itself or in a
// closure it makes (the completion callback it hands on: done := func()
// { g.joinMu.RUnlock(); … }).
func (pc *passContext) callerReleases(fn *ssa.Function, k *lockmodel.Key) bool {
	if k.Class == "" {
		return false
	}
	for _, top := range pc.ssa.SrcFuncs {
		if top.Parent() != nil {
			continue // visited with its enclosing function
		}
		calls, releases := false, false
		for _, f := range withAnon(top, nil) {
			ks := lockmodel.NewKeys(f)
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					ci, ok := instr.(ssa.CallInstruction)
					if !ok {
						continue
					}
					c := ci.Common()
					if c.StaticCallee() == fn {
						calls = true
					}
					switch known.Call(c) {
					case known.Unlock, known.RUnlock:
						if recv := lockmodel.Receiver(c); recv != nil {
							if rk := ks.Of(recv); rk != nil && rk.Class == k.Class {
								releases = true
							}
						}
					}
				}
			}
		}
		if calls && releases && top != fn {
			return true
		}
	}
	return false
}

// withAnon appends fn and the closures it makes, nested ones included.
func withAnon(fn *ssa.Function, out []*ssa.Function) []*ssa.Function {
	out = append(out, fn)
	for _, a := range fn.AnonFuncs {
		out = withAnon(a, out)
	}
	return out
}

// leaksReturnTrue reports whether fn returns a bool and every exit that
// leaks the lock returns the constant true there: the TryLock-style
// contract "true means you now hold it".
func leaksReturnTrue(fn *ssa.Function, exits []lockmodel.Exit) bool {
	res := fn.Signature.Results()
	idx := -1
	for i := range res.Len() {
		if b, ok := res.At(i).Type().Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
			idx = i
		}
	}
	if idx < 0 {
		return false
	}
	for _, x := range exits {
		ret, ok := x.Instr.(*ssa.Return)
		if !ok || idx >= len(ret.Results) {
			return false
		}
		c, ok := ret.Results[idx].(*ssa.Const)
		if !ok || c.Value == nil || c.Value.String() != "true" {
			return false
		}
	}
	return true
}

func lockLikeName(name string) bool {
	n := strings.ToLower(name)
	for _, p := range []string{"lock", "rlock", "acquire", "mustlock", "trylock"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// isHTTPHandler reports whether fn has the shape of an http.HandlerFunc
// (net/http recovers a handler's panics, so a lock it holds stays held).
func isHTTPHandler(fn *ssa.Function) bool {
	params := fn.Signature.Params()
	if params.Len() != 2 {
		return false
	}
	return known.IsNamed(params.At(0).Type(), "net/http", "ResponseWriter") &&
		known.IsNamed(params.At(1).Type(), "net/http", "Request")
}

// checkEmptyCriticalSections reports X.Lock() immediately followed by
// X.Unlock() (or RLock/RUnlock) in the same statement list.
//
// Tests and benchmarks use empty critical sections deliberately (to wait
// for a holder, to measure the lock itself: the sync package's own tests
// are full of them), so _test.go files are skipped.
func (pc *passContext) checkEmptyCriticalSections() {
	insp := pc.pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for cur := range insp.Root().Preorder((*ast.BlockStmt)(nil), (*ast.CaseClause)(nil), (*ast.CommClause)(nil)) {
		if strings.HasSuffix(pc.pass.Fset.File(cur.Node().Pos()).Name(), "_test.go") {
			continue
		}
		var list []ast.Stmt
		switch n := cur.Node().(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		}
		for i := 0; i+1 < len(list); i++ {
			x1, api1, ok1 := pc.lockStmt(list[i])
			x2, api2, ok2 := pc.lockStmt(list[i+1])
			if !ok1 || !ok2 || x1 != x2 {
				continue
			}
			if (api1 == known.Lock && api2 == known.Unlock) || (api1 == known.RLock && api2 == known.RUnlock) {
				// Lock-then-Unlock is also a deliberate barrier ("wait until
				// the holder is done"); a comment on or above the pair marks
				// that intent (seen in go-redis), so stay silent then.
				if pc.commented(list[i].Pos(), list[i+1].End()) {
					continue
				}
				pc.emit(analysis.Diagnostic{
					Pos:     list[i].Pos(),
					End:     list[i+1].End(),
					Message: fmt.Sprintf("empty critical section: %s is unlocked right after it is locked, protecting nothing", x1),
				})
			}
		}
	}
}

// commented reports whether a comment ends on one of the three lines
// above pos or sits on the line of end.
func (pc *passContext) commented(pos, end token.Pos) bool {
	tf := pc.pass.Fset.File(pos)
	above, last := tf.Line(pos)-3, tf.Line(end)
	for _, f := range pc.pass.Files {
		if pc.pass.Fset.File(f.FileStart) != tf {
			continue
		}
		for _, cg := range f.Comments {
			if l := tf.Line(cg.End()); (l >= above && l < tf.Line(pos)) || l == last {
				return true
			}
		}
	}
	return false
}

// lockStmt matches the statement X.Lock() (or another lock method) and
// returns X as written.
func (pc *passContext) lockStmt(s ast.Stmt) (string, known.API, bool) {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return "", known.None, false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return "", known.None, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", known.None, false
	}
	fn, _ := typeutil.Callee(pc.pass.TypesInfo, call).(*types.Func)
	if fn == nil {
		return "", known.None, false
	}
	api := known.LockMethod(fn)
	if api == known.None {
		return "", known.None, false
	}
	return types.ExprString(sel.X), api, true
}
