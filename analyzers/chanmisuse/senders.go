package chanmisuse

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/chanfacts"
	"github.com/concurlint/concurlint/internal/chanmodel"
	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/ordering"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// A sendSite is a send a goroutine performs on a channel named (after
// mapping through the goroutine's frame) by a key of the spawner.
type sendSite struct {
	pos token.Pos
	key *lockmodel.Key
	// summary: the goroutine is a function of another package, known by
	// its chanfacts summary only.
	summary bool
}

// checkSendersRunning reports a close (or deferred close) of a channel that
// a goroutine fn started sends on, at a point where ordering says the
// goroutine may still run: not joined by a WaitGroup Wait counting it, a
// receive of its send, or any other ordering operation. The send can then
// run after the close and panic.
func (pc *passContext) checkSendersRunning(fn *ssa.Function, closes []*closeSite) {
	spawns := gomodel.Spawns(fn)
	if len(spawns) == 0 {
		return
	}
	reported := make(map[ssa.Instruction]bool)
	for _, s := range spawns {
		if s.Fn == nil || s.Kind == gomodel.ErrgroupGo {
			continue // errgroup goroutines are joined by the group's Wait
		}
		var sends []sendSite
		frame := s.Frame()
		if len(s.Fn.Blocks) == 0 {
			// go helper(ch) of another package: its summary says whether
			// it sends; the send is placed at the go statement.
			if gi, ok := s.Instr.(*ssa.Go); ok {
				for _, a := range pc.summarySends(s.Fn, gi.Common()) {
					if k := chanmodel.Key(pc.keysOf(fn), a); k != nil {
						sends = append(sends, sendSite{s.Pos(), k, true})
					}
				}
			}
		}
		for _, snd := range pc.sendsIn(s.Fn, 0) {
			if k := chanmodel.Outer(pc.keysOf(fn), frame, snd.key); k != nil {
				sends = append(sends, sendSite{snd.pos, k, false})
			}
		}
		pc.checkNested(fn, s, closes, reported)
		if len(sends) == 0 {
			continue
		}
		var g *ordering.Goroutine
		var conc map[ssa.Instruction]bool
		for _, c := range closes {
			if reported[c.instr] || !pc.stable(c.key) || !ssacfgAfter(s.Instr, c) {
				continue
			}
			var snd *sendSite
			for i := range sends {
				if sends[i].key.Same(c.key) {
					snd = &sends[i]
					break
				}
			}
			if snd == nil {
				continue
			}
			if g == nil {
				g = ordering.Of(s)
				conc = g.Concurrent(nil)
			}
			at := c.instr
			if c.deferred {
				at = nil
				for _, b := range fn.Blocks {
					if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && conc[r] && ssacfgAfterInstr(c.instr, r) {
						at = r
						break
					}
				}
				if at == nil {
					continue
				}
			} else if !reachedConcurrent(g, conc, c.instr) && !pc.firstWins(g, fn, c) {
				continue
			}
			if pc.waitJoins(fn, s, c) {
				continue
			}
			if snd.summary && pc.receivedBefore(fn, c) {
				// The goroutine is a callee of another package: the policy
				// cannot see its sends to pair them with our receives, so
				// any receive on the channel before the close may be the
				// last one. Precision first.
				continue
			}
			what := "is closed"
			if c.deferred {
				what = "is closed by a deferred close"
			}
			pc.report(analysis.Diagnostic{
				Pos: c.pos(),
				Message: fmt.Sprintf("%s %s while the goroutine started at line %d may still send on it: a send on a closed channel panics",
					pc.name(c), what, pc.line(s.Pos())),
				Related: []analysis.RelatedInformation{
					{Pos: snd.pos, Message: "the goroutine sends on " + pc.name(c) + " here"},
					{Pos: s.Pos(), Message: "goroutine started here, not joined before the close"},
				},
			})
			reported[c.instr] = true
		}
	}
}

// checkNested reports a close gated by the join of a goroutine s (a worker
// counted by the WaitGroup whose Wait precedes the close) while a goroutine
// that s starts and does not join before returning (a retry, a
// heartbeat) sends on the channel: the WaitGroup does not count it.
func (pc *passContext) checkNested(fn *ssa.Function, s gomodel.Spawn, closes []*closeSite, reported map[ssa.Instruction]bool) {
	if len(s.Fn.Blocks) == 0 {
		return
	}
	inner := gomodel.Spawns(s.Fn)
	if len(inner) == 0 {
		return
	}
	var g *ordering.Goroutine
	var conc map[ssa.Instruction]bool
	for _, s2 := range inner {
		if s2.Fn == nil || len(s2.Fn.Blocks) == 0 || s2.Kind == gomodel.ErrgroupGo {
			continue
		}
		for _, snd := range pc.sendsIn(s2.Fn, 0) {
			mid := chanmodel.Outer(pc.keysOf(s.Fn), s2.Frame(), snd.key)
			k := chanmodel.Outer(pc.keysOf(fn), s.Frame(), mid)
			if k == nil {
				continue
			}
			for _, c := range closes {
				if reported[c.instr] || c.deferred || !c.key.Same(k) || !pc.stable(c.key) || !ssacfg.After(s.Instr, c.instr) {
					continue
				}
				if g == nil {
					g = ordering.Of(s)
					conc = g.Concurrent(nil)
				}
				if reachedConcurrent(g, conc, c.instr) || !g.JoinAfter(s.Instr) {
					continue // the direct check owns unjoined workers
				}
				if pc.receivedBefore(fn, c) || !escapes(s2) || pc.countsDone(s2, s) {
					continue
				}
				pc.report(analysis.Diagnostic{
					Pos: c.pos(),
					Message: fmt.Sprintf("%s is closed after the join of the goroutine started at line %d, but the goroutine it starts at line %d is not joined and may still send on it: a send on a closed channel panics",
						pc.name(c), pc.line(s.Pos()), pc.line(s2.Pos())),
					Related: []analysis.RelatedInformation{
						{Pos: snd.pos, Message: "the inner goroutine sends on " + pc.name(c) + " here"},
						{Pos: s2.Pos(), Message: "inner goroutine started here, not counted by the join"},
					},
				})
				reported[c.instr] = true
			}
		}
	}
}

// escapes reports whether goroutine s2 may still run when the function that
// started it returns: some return of the spawner is concurrent with it.
func escapes(s2 gomodel.Spawn) bool {
	conc := ordering.Of(s2).Concurrent(nil)
	for _, b := range s2.Instr.Parent().Blocks {
		if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && conc[r] {
			return true
		}
	}
	return false
}

// sendsIn returns the sends fn performs (in its body, closures it calls in
// place, same-package static callees up to two calls deep, and callees
// summarised by chanfacts), keyed in fn's frame. Sends of goroutines fn
// starts are theirs, not fn's.
func (pc *passContext) sendsIn(fn *ssa.Function, depth int) []sendSite {
	if depth > 2 || fn == nil || len(fn.Blocks) == 0 {
		return nil
	}
	ks := pc.keysOf(fn)
	var out []sendSite
	add := func(pos token.Pos, ch ssa.Value) {
		if k := chanmodel.Key(ks, ch); k != nil {
			out = append(out, sendSite{pos, k, false})
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Send:
				add(instr.Pos(), instr.Chan)
			case *ssa.Select:
				for _, st := range instr.States {
					if st.Dir == types.SendOnly {
						add(st.Pos, st.Chan)
					}
				}
			case *ssa.Call:
				c := instr.Common()
				if c.IsInvoke() {
					continue
				}
				frame, ok := gomodel.CallFrame(c)
				if !ok {
					continue
				}
				callee := frame.Fn
				if callee.Pkg == fn.Pkg && len(callee.Blocks) > 0 {
					for _, s := range pc.sendsIn(callee, depth+1) {
						if k := chanmodel.Outer(ks, frame, s.key); k != nil {
							out = append(out, sendSite{instr.Pos(), k, false})
						}
					}
					continue
				}
				for _, a := range pc.summarySends(callee, c) {
					add(instr.Pos(), a)
				}
			}
		}
	}
	return out
}

// summarySends returns the channel arguments of call c that callee's
// chanfacts summary says it sends on (the callee of another package).
func (pc *passContext) summarySends(callee *ssa.Function, c *ssa.CallCommon) []ssa.Value {
	return pc.summaryArgs(callee, c, chanfacts.Send|chanfacts.SelectSend)
}

// ssacfgAfter reports whether close c can run after the spawn: later on
// some path, or (deferred) at a return after it.
func ssacfgAfter(spawn ssa.Instruction, c *closeSite) bool {
	return ssacfg.After(spawn, c.instr) || c.deferred && ssacfg.After(c.instr, spawn)
}

func ssacfgAfterInstr(x, y ssa.Instruction) bool { return ssacfg.After(x, y) }

// reachedConcurrent reports whether instr is reached while the goroutine may
// still run: the instruction before it is concurrent (Concurrent stops at
// instr itself when the policy takes instr — a close of a channel the
// goroutine uses — to be an ordering operation).
func reachedConcurrent(g *ordering.Goroutine, conc map[ssa.Instruction]bool, instr ssa.Instruction) bool {
	if conc[instr] {
		return true
	}
	b := instr.Block()
	if i := ssacfg.Index(instr); i > 0 {
		return conc[b.Instrs[i-1]]
	}
	for _, p := range b.Preds {
		for i, s := range p.Succs {
			if s == b && conc[p.Instrs[len(p.Instrs)-1]] && !g.OrdersEdge(p, i) {
				return true
			}
		}
	}
	return false
}

// receivedBefore reports whether fn may receive from c's channel before the
// close.
func (pc *passContext) receivedBefore(fn *ssa.Function, c *closeSite) bool {
	ks := pc.keysOf(fn)
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			var chans []ssa.Value
			switch in := in.(type) {
			case *ssa.UnOp:
				if in.Op == token.ARROW {
					chans = append(chans, in.X)
				}
			case *ssa.Select:
				for _, st := range in.States {
					if st.Dir == types.RecvOnly {
						chans = append(chans, st.Chan)
					}
				}
			}
			for _, ch := range chans {
				if k := chanmodel.Key(ks, ch); k.Same(c.key) && (c.deferred || ssacfg.After(in, c.instr)) {
					return true
				}
			}
		}
	}
	return false
}

// firstWins reports the first-response-wins shape the ordering policy
// takes as joined: goroutines started in a loop, and a single receive of
// the closed channel, outside any loop, as the only operation ordering them
// before the close. The receive joins one goroutine; the others may still
// send.
func (pc *passContext) firstWins(g *ordering.Goroutine, fn *ssa.Function, c *closeSite) bool {
	spawn := g.Spawn.Instr
	if c.deferred || !ssacfg.InLoop(spawn.Block()) || ssacfg.InLoop(c.instr.Block()) {
		return false
	}
	ks := pc.keysOf(fn)
	recvs := 0
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if in == c.instr || !g.Orders(in) || !ssacfg.After(spawn, in) || !ssacfg.After(in, c.instr) {
				continue
			}
			u, ok := in.(*ssa.UnOp)
			if !ok || u.Op != token.ARROW || ssacfg.InLoop(b) {
				return false
			}
			if k := chanmodel.Key(ks, u.X); !k.Same(c.key) {
				return false
			}
			recvs++
		}
	}
	return recvs == 1
}

// countsDone reports whether goroutine s2 (started by s's function) calls
// WaitGroup Done itself: a retry counted by the workers' WaitGroup (Add
// before go, Done in the retry) is joined by the same Wait. Precision
// first: any Done counts, whichever WaitGroup it names.
func (pc *passContext) countsDone(s2, s gomodel.Spawn) bool {
	if s2.Kind == gomodel.WaitGroupGo {
		return true
	}
	for _, b := range s2.Fn.Blocks {
		for _, in := range b.Instrs {
			if ci, ok := in.(ssa.CallInstruction); ok {
				if _, isGo := in.(*ssa.Go); !isGo && known.Call(ci.Common()) == known.WGDone {
					return true
				}
			}
		}
	}
	return false
}

// waitJoins reports whether a WaitGroup Wait of fn that may precede close c
// waits on a WaitGroup the goroutine s calls Done on, by lock keys (which
// see a receiver that the goroutine's function spills into a closure cell,
// where the ordering policy's identities do not). Precision first: a join
// the policy missed is no evidence of a close racing with a send.
func (pc *passContext) waitJoins(fn *ssa.Function, s gomodel.Spawn, c *closeSite) bool {
	if len(s.Fn.Blocks) == 0 {
		return false
	}
	var dones []*lockmodel.Key
	gks := pc.keysOf(s.Fn)
	for _, b := range s.Fn.Blocks {
		for _, in := range b.Instrs {
			ci, ok := in.(ssa.CallInstruction)
			if !ok || known.Call(ci.Common()) != known.WGDone || len(ci.Common().Args) == 0 {
				continue
			}
			if k := chanmodel.Outer(pc.keysOf(fn), s.Frame(), gks.Of(ci.Common().Args[0])); k != nil {
				dones = append(dones, k)
			}
		}
	}
	if len(dones) == 0 {
		return false
	}
	ks := pc.keysOf(fn)
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			ci, ok := in.(*ssa.Call)
			if !ok || known.Call(ci.Common()) != known.WGWait || len(ci.Call.Args) == 0 {
				continue
			}
			if !c.deferred && !ssacfg.After(in, c.instr) {
				continue
			}
			wk := ks.Of(ci.Call.Args[0])
			for _, d := range dones {
				if wk.Same(d) {
					return true
				}
			}
		}
	}
	return false
}
