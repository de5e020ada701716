package condwait

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// checkWaitLoop reports a Wait guarded by an if, in no loop: when Wait
// returns, the condition the if tested may be false again.
func (pc *passContext) checkWaitLoop(fn *ssa.Function, ops []condOp) {
	if pc.loopCalled[fn] {
		// A helper called from a loop: the caller's loop may re-check.
		return
	}
	for _, op := range ops {
		if op.api != known.CondWait {
			continue
		}
		b := op.call.Block()
		if ssacfg.InLoop(b) {
			// Precision: a Wait in any loop is taken as re-checked; loops
			// that do not test the predicate again are not judged.
			continue
		}
		guards := guards(b)
		if len(guards) == 0 {
			continue // an unconditional Wait: waits for the next signal
		}
		fs := make(map[*types.Var]bool)
		for _, iff := range guards {
			fieldsRead(iff.Cond, fs, make(map[ssa.Value]bool), 0)
		}
		if len(fs) == 0 {
			continue // not a test of shared state (an error check)
		}
		if op.field != nil {
			delete(fs, op.field)
		}
		allOneWay := true
		for f := range fs {
			if !pc.oneWay(f) {
				allOneWay = false
			}
		}
		if allOneWay {
			// done = true and never reset: once it holds it stays true,
			// so a single test before Wait is enough (an event).
			continue
		}
		if returnsAfterWait(op) {
			// Wait; Unlock; return true (or return q.Remove()): the
			// function uses nothing the condition promised; its caller
			// acts on the result and re-checks (a queue's Wait primitive).
			continue
		}
		if retested(op.call, fs) {
			// Every field the if tested is tested again after Wait (a
			// wait with a timeout that reports whether it was woken for
			// the condition): the code does not assume it holds.
			continue
		}
		name := pc.render(op.call.Pos())
		d := analysis.Diagnostic{
			Pos: pc.start(op.call.Pos()),
			Message: fmt.Sprintf("%s.Wait is not in a loop that re-checks the condition (%s): another goroutine can change it between the wake-up and Wait returning; wait in a for loop",
				name, strings.Join(sortedNames(fs), ", ")),
		}
		if ifs := pc.ifStmt(op.call.Pos()); ifs != nil {
			d.Related = []analysis.RelatedInformation{{Pos: ifs.Pos(), Message: "the condition is tested only once here"}}
			if fix, ok := pc.forFix(ifs); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		}
		pc.report(d)
	}
}

// retested reports whether every field of fs is read by a branch condition
// or returned after the Wait call.
func retested(call *ssa.Call, fs map[*types.Var]bool) bool {
	b := call.Block()
	after := make(map[*types.Var]bool)
	for _, x := range call.Parent().Blocks {
		if x != b && !ssacfg.Reaches(b, x) || len(x.Instrs) == 0 {
			continue
		}
		switch last := x.Instrs[len(x.Instrs)-1].(type) {
		case *ssa.If:
			fieldsRead(last.Cond, after, make(map[ssa.Value]bool), 0)
		case *ssa.Return:
			// return w.done: the caller is told whether it holds.
			for _, r := range last.Results {
				fieldsRead(r, after, make(map[ssa.Value]bool), 0)
			}
		}
	}
	for f := range fs {
		if !after[f] {
			return false
		}
	}
	return true
}

// guards returns the ifs that decide whether block b runs: dominators of b
// ending in an If with one successor that reaches b and one that does not
// (both tests of if a && b { … }).
func guards(b *ssa.BasicBlock) []*ssa.If {
	var out []*ssa.If
	reach := func(s *ssa.BasicBlock) bool { return s == b || ssacfg.Reaches(s, b) }
	for d := b.Idom(); d != nil; d = d.Idom() {
		if len(d.Instrs) == 0 {
			continue
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || len(d.Succs) != 2 {
			continue
		}
		if reach(d.Succs[0]) != reach(d.Succs[1]) {
			out = append(out, iff)
		}
	}
	return out
}

// ifStmt returns the if statement that directly encloses the call at
// lparen.
func (pc *passContext) ifStmt(lparen token.Pos) *ast.IfStmt {
	for _, f := range pc.pass.Files {
		if f.Pos() > lparen || lparen > f.End() {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, lparen, lparen)
		for _, n := range path {
			switch n := n.(type) {
			case *ast.IfStmt:
				return n
			case *ast.FuncLit, *ast.FuncDecl, *ast.ForStmt, *ast.RangeStmt:
				return nil
			}
		}
	}
	return nil
}

// forFix rewrites if cond { c.Wait() } as for cond { c.Wait() } when the if
// has no init, no else and waits only.
func (pc *passContext) forFix(ifs *ast.IfStmt) (analysis.SuggestedFix, bool) {
	if ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   "Wait in a for loop",
		TextEdits: []analysis.TextEdit{{Pos: ifs.Pos(), End: ifs.Pos() + token.Pos(len("if")), NewText: []byte("for")}},
	}, true
}

// lockVisitor records, for the instructions of interest, whether some path
// reaches them with the lock not held.
type lockVisitor struct {
	keys  map[ssa.Instruction][]*lockmodel.Key
	bad   map[ssa.Instruction]bool
	isBad func(*lockmodel.Key, lockmodel.LockState) bool
}

func (v *lockVisitor) Op(*lockmodel.Op, *lockmodel.State)    {}
func (v *lockVisitor) Defer(*lockmodel.Op, *lockmodel.State) {}
func (v *lockVisitor) Exit(lockmodel.Exit, *lockmodel.State) {}
func (v *lockVisitor) Instr(instr ssa.Instruction, st *lockmodel.State) {
	ks := v.keys[instr]
	if len(ks) == 0 {
		return
	}
	for _, k := range ks {
		if !v.isBad(k, st.Get(k.ID)) {
			return
		}
	}
	v.bad[instr] = true
}

// startsUnlocked reports whether fn starts with no lock of its caller
// held: a goroutine body, or an exported function with no contract saying
// the caller holds a lock.
func (pc *passContext) startsUnlocked(fn *ssa.Function) bool {
	if fn.Parent() != nil {
		sites := gomodel.ClosureSites(fn)
		if len(sites) != 1 {
			return false
		}
		for _, r := range *sites[0].Referrers() {
			if g, ok := r.(*ssa.Go); ok && g.Call.Value == sites[0] {
				return true
			}
		}
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || !obj.Exported() {
		return false
	}
	s := pc.summary(fn)
	return s == nil || len(s.Requires) == 0
}

// checkLockState reports Wait called without its Cond's lock held, and a
// Wait-loop's predicate changed without the lock before Signal/Broadcast
// (a lost wake-up).
func (pc *passContext) checkLockState(fn *ssa.Function, ops []condOp) {
	cfg := pc.cfg
	if s := pc.summary(fn); s != nil {
		cfg.HeldOnEntry = s.Requires
	}
	m := lockmodel.NewModel(fn, &cfg)
	keys := make(map[ssa.Instruction][]*lockmodel.Key)
	waits := make(map[ssa.Instruction]condOp)
	// stores: predicate writes before a Signal/Broadcast, with the
	// notifying op.
	stores := make(map[ssa.Instruction]condOp)
	storeField := make(map[ssa.Instruction]*types.Var)
	for _, op := range ops {
		// The lock is held as c.L (c.L.Lock()) or as the locker the Cond
		// was made with (q.mu.Lock()).
		// Precision: a Cond whose lock is not known (made elsewhere, or
		// with mu.RLocker()) is not judged.
		k, linked := pc.lockOf(fn, m.Keys, op.recv)
		if !linked {
			continue
		}
		var ks []*lockmodel.Key
		if ck := m.Keys.Of(op.recv); ck != nil {
			ks = append(ks, m.Keys.Extend(ck, "L"))
		}
		if k != nil {
			ks = append(ks, k)
		}
		if len(ks) == 0 {
			continue
		}
		if op.api == known.CondWait {
			keys[op.call] = ks
			waits[op.call] = op
			continue
		}
		if op.field == nil || len(pc.preds[op.field]) == 0 || k == nil {
			continue
		}
		owner := m.Keys.Of(op.owner)
		if owner == nil {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				fa, f := writtenField(instr)
				if f == nil || !pc.preds[op.field][f] || !ssacfg.After(instr, op.call) {
					continue
				}
				if x := m.Keys.Of(fa.X); x == nil || !x.Same(owner) {
					continue
				}
				if _, dup := stores[instr]; !dup {
					keys[instr] = ks
					stores[instr] = op
					storeField[instr] = f
				}
			}
		}
	}
	if len(keys) == 0 {
		return
	}
	own := func(k *lockmodel.Key) bool {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				for _, o := range m.Ops(instr) {
					if o.Kind.Acquires() && o.Key.Same(k) {
						return true
					}
				}
			}
		}
		return false
	}
	unlocked := pc.startsUnlocked(fn)
	v := &lockVisitor{keys: keys, bad: make(map[ssa.Instruction]bool)}
	ownCache := make(map[string]bool)
	v.isBad = func(k *lockmodel.Key, ls lockmodel.LockState) bool {
		switch ls.Status {
		case lockmodel.Released, lockmodel.TryFailed:
			return true
		case lockmodel.Unknown:
			if unlocked {
				return true
			}
			// The function takes the lock itself elsewhere, so its caller
			// does not hold it.
			o, ok := ownCache[k.ID]
			if !ok {
				o = own(k)
				ownCache[k.ID] = o
			}
			return o
		}
		return false
	}
	if !m.Walk(v) {
		return // too many paths: stay silent
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if !v.bad[instr] {
				continue
			}
			k := keys[instr][len(keys[instr])-1]
			if op, ok := waits[instr]; ok {
				pc.report(analysis.Diagnostic{
					Pos:     pc.start(op.call.Pos()),
					Message: fmt.Sprintf("%s.Wait is called without %s held: Wait unlocks %s, which is a fatal error when it is not locked, and the condition is read unprotected", pc.render(op.call.Pos()), k.Display, k.Display),
				})
				continue
			}
			op := stores[instr]
			f := storeField[instr]
			verb := "Signal"
			if op.api == known.CondBroadcast {
				verb = "Broadcast"
			}
			var related []analysis.RelatedInformation
			related = append(related, analysis.RelatedInformation{Pos: pc.start(op.call.Pos()), Message: verb + " here"})
			for _, w := range pc.waiters[op.field] {
				related = append(related, analysis.RelatedInformation{Pos: w.Pos(), Message: "a waiter tests " + f.Name() + " in its Wait loop here"})
				break
			}
			pc.report(analysis.Diagnostic{
				Pos:     instrPos(instr),
				Message: fmt.Sprintf("%s is changed without %s held before %s.%s: a waiter that has just tested it, but not yet called Wait, misses the wake-up and can block forever", f.Name(), k.Display, pc.render(op.call.Pos()), verb),
				Related: related,
			})
		}
	}
}

func instrPos(instr ssa.Instruction) token.Pos {
	if s, ok := instr.(*ssa.Store); ok {
		return s.Pos()
	}
	return instr.Pos()
}

// writtenField returns the field instr writes: a store to x.f, or a
// sync/atomic write of x.f.
func writtenField(instr ssa.Instruction) (*ssa.FieldAddr, *types.Var) {
	var addr ssa.Value
	switch instr := instr.(type) {
	case *ssa.Store:
		addr = instr.Addr
	case *ssa.Call:
		if k, a := known.Atomic(&instr.Call); k == known.AtomicWrite {
			addr = a
		}
	}
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok {
		return nil, nil
	}
	return fa, fieldOf(fa.X.Type(), fa.Field)
}

// checkSignalOnce reports Signal after a one-way state change that every
// waiter is waiting for, when several goroutines can wait.
func (pc *passContext) checkSignalOnce(fn *ssa.Function, ops []condOp) {
	for _, op := range ops {
		if op.api != known.CondSignal || op.field == nil || len(pc.preds[op.field]) == 0 {
			continue
		}
		var set *types.Var
		var setAt ssa.Instruction
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				_, f := writtenField(st)
				if f != nil && pc.preds[op.field][f] && pc.oneWay(f) && ssacfg.Before(st, op.call) {
					set, setAt = f, st
				}
			}
		}
		if set == nil {
			continue
		}
		// Several waiters: some function waiting for it can be called
		// by code the package does not control (an exported Get), so
		// any number of goroutines may be blocked in it.
		var many *ssa.Function
		for _, w := range pc.waiters[op.field] {
			if exported(w) && pc.waitsFor(w, op.field, set) {
				many = w
				break
			}
		}
		if many == nil {
			continue // a single consumer by design
		}
		name := pc.render(op.call.Pos())
		d := analysis.Diagnostic{
			Pos:     pc.start(op.call.Pos()),
			Message: fmt.Sprintf("%s.Signal wakes only one waiter, but %s is set once and never reset: the other goroutines waiting in %s stay blocked; use Broadcast", name, set.Name(), many.Name()),
			Related: []analysis.RelatedInformation{
				{Pos: instrPos(setAt), Message: set.Name() + " is set here"},
				{Pos: many.Pos(), Message: "waiters wait for it here"},
			},
		}
		if c := pc.callExpr(op.call.Pos()); c != nil {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   "Use Broadcast",
					TextEdits: []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte("Broadcast")}},
				}}
			}
		}
		pc.report(d)
	}
}

// waitsFor reports whether w has a Wait on Cond field c whose loop tests f.
func (pc *passContext) waitsFor(w *ssa.Function, c, f *types.Var) bool {
	for _, op := range condOps(w) {
		if op.api == known.CondWait && op.field == c && waitPredicate(op.call)[f] {
			return true
		}
	}
	return false
}

// returnsAfterWait reports whether, after Wait, the function only unlocks
// and returns: constants, or the result of a method called on the Cond's
// owner, which takes the lock and checks for itself. Straight-line code
// only; any load, branch or other call is a use of the woken state.
func returnsAfterWait(op condOp) bool {
	b, i := op.call.Block(), ssacfg.Index(op.call)+1
	for range 16 {
		for _, in := range b.Instrs[i:] {
			switch in := in.(type) {
			case *ssa.FieldAddr, *ssa.Extract, *ssa.Jump:
			case *ssa.Return:
				return true
			case *ssa.Call:
				switch known.Call(in.Common()) {
				case known.Unlock, known.RUnlock:
					continue
				}
				callee := in.Call.StaticCallee()
				if op.owner == nil || callee == nil || callee.Signature.Recv() == nil || len(in.Call.Args) == 0 || in.Call.Args[0] != op.owner {
					return false
				}
			default:
				return false
			}
		}
		if len(b.Succs) != 1 {
			return false
		}
		b, i = b.Succs[0], 0
	}
	return false
}
