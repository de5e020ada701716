package missingjoin

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/ordering"
	"github.com/concurlint/concurlint/internal/ssacfg"
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
	var og *ordering.Goroutine // built on first use: most spawns have no Add inside
	firstWait := func(k gkey) ssa.Instruction {
		if og == nil {
			og = ordering.Of(*s)
		}
		return og.FirstUnordered(nil, func(in ssa.Instruction) bool { return isOpOn(own, in, opWait, k) })
	}
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
		if signalsAfter(s.Fn, a) && firstWait(a.key) == nil {
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
		if w := firstWait(a.key); w != nil {
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
		if !ssacfg.Before(w.instr, d.instr) {
			return false
		}
	}
	return dones > 0
}

// nilGuards returns the blocks of fn that test the group done operates
// on against nil and go on to a Done block when it is not nil (the same
// pointer loaded again from the same variable counts as the same).
func nilGuards(fn *ssa.Function, done ssa.CallInstruction, doneBlocks map[*ssa.BasicBlock]bool) []*ssa.BasicBlock {
	args := done.Common().Args
	if len(args) == 0 {
		return nil
	}
	g := args[0]
	same := func(v ssa.Value) bool {
		if v == g {
			return true
		}
		a, ok1 := v.(*ssa.UnOp)
		b, ok2 := g.(*ssa.UnOp)
		return ok1 && ok2 && a.Op == token.MUL && b.Op == token.MUL && a.X == b.X
	}
	var out []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		x, nonNil, _, ok := ssacfg.NilTest(b)
		if !ok || !same(x) {
			continue
		}
		if doneBlocks[nonNil] && len(nonNil.Preds) == 1 {
			out = append(out, b)
		}
	}
	return out
}

// selfAdd returns the one Add of group k that the goroutine fn makes in
// its own body, outside loops, or nil.
func selfAdd(fn *ssa.Function, g []opSite, k gkey) ssa.Instruction {
	var add ssa.Instruction
	for _, o := range g {
		if o.kind != opAdd || o.key != k || o.instr.Parent() != fn {
			continue
		}
		if add != nil || o.deferred || !o.direct || ssacfg.InLoop(o.instr.Block()) {
			return nil
		}
		add = o.instr
	}
	return add
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
			if ssacfg.InLoop(b) {
				// One Done per processed item (a worker counting items,
				// not itself): the zero-iteration path is correct.
				loop = true
			}
		}
		if loop {
			continue
		}
		// if wg != nil { wg.Done() }: the test is as good as the Done, the
		// group being nil only when nothing was counted.
		for _, b := range nilGuards(s.Fn, in.direct[0].instr, doneBlocks) {
			doneBlocks[b] = true
		}
		if pc.countsOthers(in.direct[0]) {
			continue
		}
		name := pc.groupName(in.direct[0])
		// A path from the entry to a return that passes no Done. Only an
		// explicit return statement counts: falling off the end after a
		// loop over a ticker or a channel that is never closed is a path
		// in the graph but rarely one at run time.
		search := ssacfg.Search{
			Stop: func(in ssa.Instruction) bool { return doneBlocks[in.Block()] },
			Hit: func(in ssa.Instruction) bool {
				r, ok := in.(*ssa.Return)
				return ok && r.Pos().IsValid() && !doneBlocks[in.Block()]
			},
		}
		var ret ssa.Instruction
		add := selfAdd(s.Fn, g, k)
		if add != nil {
			// The goroutine counts itself (wg.Add(1) in its own body):
			// only the paths past that Add owe a Done.
			ret = search.From(add)
		} else {
			ret = search.FromBlock(s.Fn.Blocks[0])
		}
		if ret != nil {
			d := analysis.Diagnostic{
				Pos:     in.direct[0].instr.Pos(),
				Message: fmt.Sprintf("%s.Done is not reached on every path of the goroutine, so %s.Wait blocks forever; defer it", name, name),
			}
			if ret.Pos().IsValid() {
				d.Related = []analysis.RelatedInformation{{Pos: ret.Pos(), Message: "the goroutine returns here without Done"}}
			}
			if len(in.direct) == 1 && add == nil {
				// (After a self-Add, a Done deferred at the top would run
				// on paths that never counted.)
				d.SuggestedFixes = pc.fixDeferDone(in.direct[0].instr.Pos(), s.Pos())
			}
			pc.report(d)
			continue
		}
		if rec := recoverDefer(s.Fn); rec != nil && mayPanicBefore(s.Fn, in.direct) {
			pc.report(analysis.Diagnostic{
				Pos:     in.direct[0].instr.Pos(),
				Message: fmt.Sprintf("%s.Done is skipped when the goroutine panics and its deferred recover resumes; defer it", name),
				Related: []analysis.RelatedInformation{{Pos: rec.Pos(), Message: "panic recovered here"}},
			})
		}
	}
}

// mayPanicBefore reports whether fn can panic before reaching one of the
// Done blocks: a call to code outside the standard library (or through a
// function value or interface), an explicit panic, a type assertion, an
// index, a division. A goroutine that only sleeps and compares before its
// Done never takes the recover path that would skip it.
func mayPanicBefore(fn *ssa.Function, dones []opSite) bool {
	if len(fn.Blocks) == 0 {
		return false
	}
	at := make(map[ssa.Instruction]bool)
	for _, d := range dones {
		at[d.instr] = true
	}
	hit := ssacfg.Search{
		Stop: func(in ssa.Instruction) bool { return at[in] },
		Hit: func(in ssa.Instruction) bool {
			switch in := in.(type) {
			case *ssa.Panic, *ssa.IndexAddr, *ssa.Index, *ssa.Slice, *ssa.MapUpdate:
				return true
			case *ssa.TypeAssert:
				return !in.CommaOk
			case *ssa.BinOp:
				return in.Op == token.QUO || in.Op == token.REM
			case *ssa.UnOp:
				if in.Op != token.MUL {
					return false
				}
				switch in.X.(type) {
				case *ssa.FreeVar, *ssa.Alloc, *ssa.Global:
					return false // a variable's cell: never nil
				}
				return true // a nil pointer
			case *ssa.Call:
				if _, ok := in.Call.Value.(*ssa.Builtin); ok {
					return false
				}
				callee := in.Call.StaticCallee()
				return callee == nil || callee.Pkg == nil || callee.Pkg == fn.Pkg || !isStdPath(callee.Pkg.Pkg.Path())
			}
			return false
		},
	}.FromBlock(fn.Blocks[0])
	return hit != nil
}

// isStdPath reports whether path is a standard library package (no dot
// in its first element).
func isStdPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
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
			if sig && in != ssa.Instruction(a.instr) && ssacfg.Before(a.instr, in) {
				return true
			}
		}
	}
	return false
}
