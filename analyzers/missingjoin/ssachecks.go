package missingjoin

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// runFunc runs the SSA checks on one function.
func (pc *passContext) runFunc(fn *ssa.Function) {
	if len(fn.Blocks) == 0 {
		return
	}
	// Calls of same-package goroutine starters (func (s *S) goFunc(f
	// func()) { go func() { …; f() }() }) start f like a go statement.
	spawns := gomodel.SpawnsVia(fn)
	if len(spawns) > 0 {
		own := pc.opsIn(fn, nil)
		for i := range spawns {
			pc.checkSpawn(fn, &spawns[i], own)
		}
		// Reads after a starter call are ordered when the starter waits for
		// what it started (a runner that recovers panics and receives the
		// result): only direct spawns are checked for reads.
		var direct []gomodel.Spawn
		for _, s := range spawns {
			if s.Kind != gomodel.ViaCall {
				direct = append(direct, s)
			}
		}
		pc.checkCapturedReads(fn, direct)
		pc.checkElementReads(fn, direct)
	}
	pc.checkReturnWithoutWait(fn)
}

// checkSpawn checks one goroutine against the groups of its spawner: Add
// inside the goroutine, Done not reached, Wait on its own group.
func (pc *passContext) checkSpawn(fn *ssa.Function, s *gomodel.Spawn, own []opSite) {
	if s.Fn == nil || len(s.Fn.Blocks) == 0 {
		return
	}
	fr := s.Frame()
	g := pc.opsIn(s.Fn, &fr)
	if len(g) == 0 {
		return
	}
	// The group that counts the goroutine implicitly (wg.Go, errgroup Go).
	var implicit gkey
	hasImplicit := false
	if s.Group != nil {
		implicit, hasImplicit = keyOf(s.Group, nil)
	}
	reported := make(map[gkey]bool)
	for _, w := range g {
		if w.kind != opWait || reported[w.key] {
			continue
		}
		if (hasImplicit && implicit == w.key) || waitsForItself(g, w) {
			reported[w.key] = true
			name := pc.groupName(w)
			pc.report(analysis.Diagnostic{
				Pos:     w.instr.Pos(),
				Message: fmt.Sprintf("%s.Wait inside a goroutine counted by %s waits for itself and never returns", name, name),
				Related: []analysis.RelatedInformation{{Pos: s.Pos(), Message: "goroutine started here"}},
			})
		}
	}
	if s.Kind != gomodel.GoStmt && s.Kind != gomodel.ViaCall {
		return
	}
	goLocks := locks(s.Fn)
	for _, a := range g {
		if a.kind != opAdd || reported[a.key] || has(own, opAdd, a.key) {
			continue
		}
		if a.guarded || (a.direct && goLocks) {
			// An Add made under a lock that the Wait side also takes
			// (nats-server's monitorWg) is a deliberate protocol; whether
			// the lock really orders the two is beyond this check.
			continue
		}
		if signalsAfter(s.Fn, a) && reach(s.Instr, isJoin, func(in ssa.Instruction) bool { return isOpOn(own, in, opWait, a.key) }) == nil {
			// The goroutine signals (Done on another group, a send, a
			// close) after its Add, and the spawner joins on something
			// before every Wait: the Add is ordered before the Wait.
			continue
		}
		// vet's waitgroup pass reports the first-statement shape too; the
		// binary drops vet's diagnostic on a line missingjoin reported
		// (cmd/concurlint's covers table), so the site is reported once,
		// with this analyzer's fix.
		name := pc.groupName(a)
		via := ""
		if !a.direct {
			via = " (by " + calleeName(a.instr) + ")"
		}
		if has(g, opDone, a.key) {
			reported[a.key] = true
			d := analysis.Diagnostic{
				Pos:     a.instr.Pos(),
				Message: fmt.Sprintf("%s.Add called inside the goroutine it counts%s; %s.Wait may return before it runs", name, via, name),
				Related: []analysis.RelatedInformation{{Pos: s.Pos(), Message: "goroutine started here; call Add before the go statement"}},
			}
			if a.direct {
				d.SuggestedFixes = pc.fixMoveAdd(a.instr.Pos(), s.Pos())
			}
			pc.report(d)
			continue
		}
		// A goroutine that adds for others (a feeder) while the spawner
		// waits: Wait may see zero before the feeder's first Add. Only
		// reported when the Wait is reached from the go statement with
		// nothing that could order the two in between.
		if w := reach(s.Instr, isJoin, func(in ssa.Instruction) bool { return isOpOn(own, in, opWait, a.key) }); w != nil {
			reported[a.key] = true
			pc.report(analysis.Diagnostic{
				Pos:     a.instr.Pos(),
				Message: fmt.Sprintf("%s.Add called in a goroutine%s that may run after %s.Wait returned", name, via, name),
				Related: []analysis.RelatedInformation{{Pos: w.Pos(), Message: "Wait called here"}, {Pos: s.Pos(), Message: "goroutine started here"}},
			})
		}
	}
	pc.checkDoneReached(s, g)
}

// waitsForItself reports whether Wait w runs while the goroutine still
// holds its own count: Done is deferred, or every Done comes after w.
func waitsForItself(g []opSite, w opSite) bool {
	dones := 0
	for _, d := range g {
		if d.kind != opDone || d.key != w.key {
			continue
		}
		dones++
		if d.deferred {
			continue
		}
		if !before(w.instr, d.instr) {
			return false
		}
	}
	return dones > 0
}

// before reports whether a dominates b (and precedes it in a shared block).
func before(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab == bb {
		return indexOf(ab.Instrs, ssa.Instruction(a)) < indexOf(bb.Instrs, ssa.Instruction(b))
	}
	return ab.Dominates(bb)
}

func isOpOn(ops []opSite, in ssa.Instruction, kind opKind, k gkey) bool {
	for _, o := range ops {
		if o.kind == kind && o.key == k && ssa.Instruction(o.instr) == in && !o.deferred {
			return true
		}
	}
	return false
}

// checkDoneReached reports a goroutine whose non-deferred wg.Done is
// skipped on some path to a return, or by a panic its own deferred recover
// swallows.
func (pc *passContext) checkDoneReached(s *gomodel.Spawn, g []opSite) {
	type info struct {
		direct   []opSite
		excluded bool
	}
	byKey := make(map[gkey]*info)
	var keys []gkey
	for _, o := range g {
		if o.kind != opDone {
			continue
		}
		in := byKey[o.key]
		if in == nil {
			in = &info{}
			byKey[o.key] = in
			keys = append(keys, o.key)
		}
		// Deferred Done, or Done inside a callee: the goroutine's Done is
		// not a single visible call we can follow, stay silent.
		if o.deferred || !o.direct {
			in.excluded = true
		}
		in.direct = append(in.direct, o)
	}
	for _, k := range keys {
		in := byKey[k]
		if in.excluded {
			continue
		}
		doneBlocks := make(map[*ssa.BasicBlock]bool)
		loop := false
		for _, d := range in.direct {
			b := d.instr.Block()
			doneBlocks[b] = true
			if inCycle(b) {
				// One Done per processed item (a worker counting items,
				// not itself): the zero-iteration path is correct.
				loop = true
			}
		}
		if loop {
			continue
		}
		name := pc.groupName(in.direct[0])
		var ret ssa.Instruction
		seen := make(map[*ssa.BasicBlock]bool)
		var walk func(b *ssa.BasicBlock) bool
		walk = func(b *ssa.BasicBlock) bool {
			if seen[b] || doneBlocks[b] || noReturnBlock(b) {
				return false
			}
			seen[b] = true
			// Only an explicit return statement counts: falling off the end
			// after a loop over a ticker or a channel that is never closed
			// is a path in the graph but rarely one at run time.
			if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && r.Pos().IsValid() {
				ret = r
				return true
			}
			for _, succ := range b.Succs {
				if walk(succ) {
					return true
				}
			}
			return false
		}
		if walk(s.Fn.Blocks[0]) {
			d := analysis.Diagnostic{
				Pos:     in.direct[0].instr.Pos(),
				Message: fmt.Sprintf("%s.Done is not reached on every path of the goroutine, so %s.Wait blocks forever; defer it", name, name),
			}
			if ret.Pos().IsValid() {
				d.Related = []analysis.RelatedInformation{{Pos: ret.Pos(), Message: "the goroutine returns here without Done"}}
			}
			if len(in.direct) == 1 {
				d.SuggestedFixes = pc.fixDeferDone(in.direct[0].instr.Pos(), s.Pos())
			}
			pc.report(d)
			continue
		}
		if rec := recoverDefer(s.Fn); rec != nil {
			pc.report(analysis.Diagnostic{
				Pos:     in.direct[0].instr.Pos(),
				Message: fmt.Sprintf("%s.Done is skipped when the goroutine panics and its deferred recover resumes; defer it", name),
				Related: []analysis.RelatedInformation{{Pos: rec.Pos(), Message: "panic recovered here"}},
			})
		}
	}
}

// inCycle reports whether b can reach itself.
func inCycle(b *ssa.BasicBlock) bool { return reachable(b, b) }

// noReturnBlock reports whether b ends the goroutine without a return: a
// panic, or a call that never returns (os.Exit, log.Fatal, t.Fatal).
func noReturnBlock(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		switch in := in.(type) {
		case *ssa.Panic:
			return true
		case *ssa.Call:
			if known.Call(&in.Call) == known.NoReturn {
				return true
			}
		}
	}
	return false
}

// recoverDefer returns the Defer of fn whose deferred function calls
// recover, or nil.
func recoverDefer(fn *ssa.Function) *ssa.Defer {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			d, ok := in.(*ssa.Defer)
			if !ok {
				continue
			}
			callee, _ := gomodel.Target(d.Call.Value)
			if callee != nil && callsRecover(callee) {
				return d
			}
		}
	}
	return nil
}

func callsRecover(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if c, ok := in.(*ssa.Call); ok {
				if bi, ok := c.Call.Value.(*ssa.Builtin); ok && bi.Name() == "recover" {
					return true
				}
			}
		}
	}
	return false
}

// reach walks fn's control flow forward from the instruction after start.
// A path ends at an instruction for which stop holds or at a block that
// never returns; reach returns the first instruction for which hit holds.
func reach(start ssa.Instruction, stop, hit func(ssa.Instruction) bool) ssa.Instruction {
	b := start.Block()
	i := indexOf(b.Instrs, start)
	if i < 0 {
		return nil
	}
	conds := knownConds(b)
	loops := make(map[*ssa.BasicBlock]bool)
	seen := make(map[*ssa.BasicBlock]bool)
	var scan func(b *ssa.BasicBlock, from int) ssa.Instruction
	scan = func(b *ssa.BasicBlock, from int) ssa.Instruction {
		if from == 0 {
			if seen[b] {
				return nil
			}
			seen[b] = true
			if noReturnBlock(b) {
				return nil
			}
		}
		for _, in := range b.Instrs[from:] {
			if hit(in) {
				return in
			}
			if stop(in) {
				return nil
			}
		}
		for _, succ := range joinLoopSuccs(liveSuccs(b, conds), start.Block(), stop, loops) {
			if r := scan(succ, 0); r != nil {
				return r
			}
		}
		return nil
	}
	return scan(b, i+1)
}

// joinLoopSuccs drops, of a two-way branch, the successor that bypasses a
// loop whose body stops the walk (a receive loop after the go statements,
// for range n { <-done }): whether such a loop runs zero times depends on a
// trip count the analysis does not track, and the loop is taken to run
// (precision over recall, as chanmodel's Covered.AddLoopHeaders does).
func joinLoopSuccs(succs []*ssa.BasicBlock, start *ssa.BasicBlock, stop func(ssa.Instruction) bool, memo map[*ssa.BasicBlock]bool) []*ssa.BasicBlock {
	if len(succs) != 2 {
		return succs
	}
	in0, in1 := stopLoop(succs[0], start, stop, memo), stopLoop(succs[1], start, stop, memo)
	switch {
	case in0 && !in1:
		return succs[:1]
	case in1 && !in0:
		return succs[1:]
	}
	return succs
}

// stopLoop reports whether b lies on a cycle that has an instruction for
// which stop holds, other than a cycle through start (the loop that starts
// the goroutines is walked, not assumed).
func stopLoop(b, start *ssa.BasicBlock, stop func(ssa.Instruction) bool, memo map[*ssa.BasicBlock]bool) bool {
	if v, ok := memo[b]; ok {
		return v
	}
	res := false
	if b != start {
		fwd, back := closure(b, true), closure(b, false)
		if fwd[b] && !(fwd[start] && back[start]) {
			// b is on a cycle (its component: fwd ∩ back) that start is not on.
			for x := range fwd {
				if back[x] && blockHas(x, stop) {
					res = true
					break
				}
			}
		}
	}
	memo[b] = res
	return res
}

// closure returns the blocks reachable from b by one edge or more,
// following successors (fwd) or predecessors.
func closure(b *ssa.BasicBlock, fwd bool) map[*ssa.BasicBlock]bool {
	next := func(x *ssa.BasicBlock) []*ssa.BasicBlock {
		if fwd {
			return x.Succs
		}
		return x.Preds
	}
	seen := make(map[*ssa.BasicBlock]bool)
	stack := append([]*ssa.BasicBlock(nil), next(b)...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !seen[x] {
			seen[x] = true
			stack = append(stack, next(x)...)
		}
	}
	return seen
}

func blockHas(b *ssa.BasicBlock, f func(ssa.Instruction) bool) bool {
	for _, in := range b.Instrs {
		if f(in) {
			return true
		}
	}
	return false
}

// knownConds returns the branch conditions whose value is known in block b:
// an if whose true (false) successor dominates b fixes its condition to
// true (false) for every path through b. An SSA value never changes, so a
// later if on the same value (if flag { wg.Add(1); go … }; …; if flag {
// wg.Wait() }) takes the same branch: the correlated-condition rule, kept
// local and small until the shared CFG package has it.
func knownConds(b *ssa.BasicBlock) map[ssa.Value]bool {
	out := make(map[ssa.Value]bool)
	for _, d := range b.Parent().Blocks {
		if len(d.Succs) != 2 || len(d.Instrs) == 0 || !d.Dominates(b) {
			continue
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || d.Succs[0] == d.Succs[1] {
			continue
		}
		if in, ok := iff.Cond.(ssa.Instruction); ok && inCycle(in.Block()) {
			// Computed in a loop: a new value each iteration.
			continue
		}
		switch {
		case singlePred(d.Succs[0], d) && d.Succs[0].Dominates(b):
			out[condKey(iff.Cond)] = true
		case singlePred(d.Succs[1], d) && d.Succs[1].Dominates(b):
			out[condKey(iff.Cond)] = false
		}
	}
	return out
}

// condKey names a branch condition: the condition value, or, for a load
// of a package-level flag or of a local variable the function assigns
// once (if checkSubscriber { … } … if checkSubscriber { … }), the variable:
// the two loads read the same value unless another goroutine changes the
// flag in between, and assuming they do not only ever silences a report.
func condKey(v ssa.Value) ssa.Value {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return v
	}
	switch addr := u.X.(type) {
	case *ssa.Global, *ssa.Alloc:
		stores := 0
		refs := addr.Referrers()
		if refs == nil {
			// Globals keep no referrers: look at the function's own uses.
			refs = usesIn(u.Parent(), addr)
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr == addr && r.Parent() == u.Parent() {
					stores++
				}
			case *ssa.UnOp, *ssa.DebugRef:
			default:
				if r.Parent() == u.Parent() {
					return v // address taken, passed on
				}
			}
		}
		_, global := addr.(*ssa.Global)
		if (global && stores == 0) || (!global && stores == 1) {
			return addr
		}
	}
	return v
}

func singlePred(b, pred *ssa.BasicBlock) bool { return len(b.Preds) == 1 && b.Preds[0] == pred }

// liveSuccs returns b's successors, without the branch an if on a known
// condition cannot take.
func liveSuccs(b *ssa.BasicBlock, conds map[ssa.Value]bool) []*ssa.BasicBlock {
	if len(b.Succs) == 2 && len(b.Instrs) > 0 {
		if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			if v, known := conds[condKey(iff.Cond)]; known {
				if v {
					return b.Succs[:1]
				}
				return b.Succs[1:]
			}
		}
	}
	return b.Succs
}

// isJoin reports whether in may order the spawner after its goroutines: a
// Wait, a receive, a select, a lock, or a call the analysis cannot see
// through. Precision over recall: any call into non-standard code, or one
// that is handed a channel, a sync value or a callback, counts as a join.
func isJoin(in ssa.Instruction) bool {
	switch in := in.(type) {
	case *ssa.UnOp:
		return in.Op == token.ARROW
	case *ssa.Select:
		return true
	case *ssa.Call:
		return isJoinCall(&in.Call, in.Parent().Pkg)
	}
	return false
}

func isJoinCall(c *ssa.CallCommon, caller *ssa.Package) bool {
	switch known.Call(c) {
	case known.WGWait, known.GroupWait, known.CondWait, known.Lock, known.RLock, known.OnceDo, known.AtomicAccess:
		// An atomic load may be the flag a goroutine sets after its
		// writes (done.Store(true) … for !done.Load() {}): the ordering
		// policy decides; until it does, precision first.
		return true
	case known.WGAdd, known.WGDone, known.WGGo, known.GroupGo, known.GroupTryGo, known.GroupSetLimit,
		known.Unlock, known.RUnlock, known.CondSignal, known.CondBroadcast, known.TimeAfter, known.TimeTick:
		return false
	}
	if c.IsInvoke() {
		return true
	}
	switch v := c.Value.(type) {
	case *ssa.Builtin:
		return false
	case *ssa.Function:
		pkg := v.Pkg
		if v.Origin() != nil {
			pkg = v.Origin().Pkg
		}
		// Code of the package being analysed, or of any module (a path
		// with a dot), may synchronise where we cannot see.
		if pkg == nil || pkg == caller || !isStd(pkg.Pkg.Path()) {
			return true
		}
		for _, a := range c.Args {
			if mayCarrySync(a.Type()) {
				return true
			}
		}
		return false
	}
	return true
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// mayCarrySync reports whether a value of type t could let a callee
// synchronise: a channel, a function, an interface, or a pointer to a sync
// type.
func mayCarrySync(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Chan, *types.Signature, *types.Interface:
		return true
	case *types.Pointer:
		if n, ok := types.Unalias(u.Elem()).(*types.Named); ok && n.Obj().Pkg() != nil {
			p := n.Obj().Pkg().Path()
			return p == "sync" || p == "sync/atomic" || p == "golang.org/x/sync/errgroup" || p == "context"
		}
	}
	return false
}

func calleeName(ci ssa.CallInstruction) string {
	if f := ci.Common().StaticCallee(); f != nil {
		return f.Name()
	}
	return "a callee"
}

// groupName renders the group of o as written at the call, falling back to
// the SSA root's name.
func (pc *passContext) groupName(o opSite) string {
	if o.direct {
		if t := pc.groupText(o.instr.Pos()); t != "" {
			return t
		}
	}
	return keyName(o.key)
}

func keyName(k gkey) string {
	name := k.root.Name()
	switch r := k.root.(type) {
	case *ssa.Alloc:
		if r.Comment != "" {
			name = r.Comment
		}
	case *ssa.Extract, *ssa.Call:
		name = "the group"
	}
	if k.path != "" {
		name += "." + k.path
	}
	return name
}

// signalsAfter reports whether fn, after the Add a, signals another
// goroutine: Done on another group, a channel send, or a close.
func signalsAfter(fn *ssa.Function, a opSite) bool {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			sig := false
			switch in := in.(type) {
			case *ssa.Send:
				sig = true
			case *ssa.Call:
				if bi, ok := in.Call.Value.(*ssa.Builtin); ok && bi.Name() == "close" {
					sig = true
				} else if known.Call(&in.Call) == known.WGDone && len(in.Call.Args) > 0 {
					sig = true // Done on any group; the same group's Done does not order its own Add, but is harmless here
				}
			}
			if sig && in != ssa.Instruction(a.instr) && before(a.instr, in) {
				return true
			}
		}
	}
	return false
}

// usesIn returns the instructions of fn that use v as an operand.
func usesIn(fn *ssa.Function, v ssa.Value) *[]ssa.Instruction {
	var out []ssa.Instruction
	var ops []*ssa.Value
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			ops = in.Operands(ops[:0])
			for _, op := range ops {
				if op != nil && *op == v {
					out = append(out, in)
					break
				}
			}
		}
	}
	return &out
}
