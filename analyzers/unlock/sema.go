package unlock

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/chanmodel"
	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Semaphores: a buffered channel used as a counting lock. A function that
// acquires a slot (sem <- struct{}{}, also as a select case beside a
// cancel case) and releases it itself (<-sem, explicitly or deferred) must
// release it on every path out; a return that skips the release loses the
// slot, and once every slot is lost every acquire blocks forever.
//
// Precision: only channels the function both sends to and receives from
// are semaphores here (the pair is the evidence); a path that hands the
// channel to other code (passes it to a call, captures it in a goroutine,
// calls a function that receives from it) ends silently, and so does a
// path that comes back to the acquire.

// semaOp is a send or receive on a channel the function can name.
type semaOp struct {
	instr ssa.Instruction
	key   *lockmodel.Key
	pos   token.Pos
}

func (pc *passContext) checkSemaphores(fn *ssa.Function) {
	if len(fn.Blocks) == 0 {
		return
	}
	ks := lockmodel.NewKeys(fn)
	var acquires []semaOp
	releases := make(map[string][]ssa.Instruction)
	type selAcq struct {
		sel *ssa.Select
		k   int
		key *lockmodel.Key
	}
	var selects []selAcq
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Send:
				if k := semaKey(ks, instr.Chan); k != nil {
					acquires = append(acquires, semaOp{instr, k, instr.Pos()})
				}
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					if k := semaKey(ks, instr.X); k != nil {
						releases[k.ID] = append(releases[k.ID], instr)
					}
				}
			case *ssa.Select:
				if !instr.Blocking {
					continue // a TryAcquire with default: its own protocol
				}
				for i, s := range instr.States {
					k := semaKey(ks, s.Chan)
					if k == nil {
						continue
					}
					if s.Dir == types.SendOnly {
						selects = append(selects, selAcq{instr, i, k})
					} else {
						releases[k.ID] = append(releases[k.ID], instr)
					}
				}
			}
		}
	}
	if len(acquires)+len(selects) == 0 {
		return
	}
	// Releases performed by callees and deferred closures count too.
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				for id := range calleeReleases(fn, ks, c) {
					releases[id] = append(releases[id], instr)
				}
			}
		}
	}
	loops := ssacfg.InnermostLoops(fn)
	for _, s := range selects {
		from, to := ssacfg.SelectCaseEdge(s.sel, s.k)
		if to == nil || !pairs(loops, s.sel, releases[s.key.ID]) {
			continue
		}
		pc.semaPath(fn, ks, semaOp{s.sel, s.key, s.sel.States[s.k].Pos}, from, to)
	}
	for _, a := range acquires {
		if givesBack(a, releases[a.key.ID]) {
			continue
		}
		if pairs(loops, a.instr, releases[a.key.ID]) {
			pc.semaPath(fn, ks, a, nil, nil)
		}
	}
}

// pairs reports whether one of the releases pairs with the acquire as a
// semaphore's do: deferred, or in the same loop nest (both straight-line,
// or in the same innermost loop). A token sent once before a loop that
// receives it on every iteration is a wake-up signal ("kick" channel),
// not a slot.
// loops is ssacfg.InnermostLoops of their function.
func pairs(loops map[*ssa.BasicBlock]*ssa.BasicBlock, acq ssa.Instruction, rels []ssa.Instruction) bool {
	ha := loops[acq.Block()]
	for _, r := range rels {
		if _, ok := r.(*ssa.Defer); ok {
			return true
		}
		if loops[r.Block()] == ha {
			return true
		}
	}
	return false
}

// semaKey names a channel whose elements carry no data (chan struct{},
// chan bool, chan int): a token, as semaphores use.
func semaKey(ks *lockmodel.Keys, ch ssa.Value) *lockmodel.Key {
	t, ok := ch.Type().Underlying().(*types.Chan)
	if !ok {
		return nil
	}
	switch e := t.Elem().Underlying().(type) {
	case *types.Struct:
		if e.NumFields() != 0 {
			return nil
		}
	case *types.Basic:
		if e.Info()&(types.IsBoolean|types.IsInteger) == 0 {
			return nil
		}
	default:
		return nil
	}
	if chanmodel.Unbuffered(ch) {
		return nil // a hand-off to a receiver, not a slot: nothing to hold
	}
	return ks.Of(ch)
}

// calleeReleases returns the keys (in fn's terms) of the channels that the
// function or closure c calls receives from, through up to three levels of
// calls, deferred closures and goroutines.
func calleeReleases(fn *ssa.Function, ks *lockmodel.Keys, c ssa.CallInstruction) map[string]bool {
	out, _ := calleeReleasesCut(fn, ks, c)
	return out
}

// calleeReleasesCut is calleeReleases, also reporting whether a call
// chain past the three levels looked at may receive from a channel: the
// release may be there, so a path through c is not judged.
func calleeReleasesCut(fn *ssa.Function, ks *lockmodel.Keys, c ssa.CallInstruction) (map[string]bool, bool) {
	out := make(map[string]bool)
	cut := false
	for _, k := range releasedBy(fn, ks, c, 0, &cut) {
		out[k.ID] = true
	}
	return out, cut
}

func releasedBy(fn *ssa.Function, ks *lockmodel.Keys, c ssa.CallInstruction, depth int, cut *bool) []*lockmodel.Key {
	frame, ok := gomodel.CallFrame(c.Common())
	if !ok || frame.Fn == nil || frame.Fn == fn {
		return nil
	}
	if depth > 2 {
		if !*cut && mayReceive(frame.Fn) {
			*cut = true
			contain.Exhausted("unlock.releasedBy call depth", nil)
		}
		return nil
	}
	var inner []*lockmodel.Key
	cks := lockmodel.NewKeys(frame.Fn)
	for _, b := range frame.Fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					if k := semaKey(cks, instr.X); k != nil {
						inner = append(inner, k)
					}
				}
			case ssa.CallInstruction:
				inner = append(inner, releasedBy(frame.Fn, cks, instr, depth+1, cut)...)
			}
		}
	}
	var out []*lockmodel.Key
	for _, k := range inner {
		if _, global := k.Root.(*ssa.Global); global {
			out = append(out, k)
			continue
		}
		outer, ok := frame.Outer(k.Root)
		if !ok {
			continue
		}
		if ok := ks.Of(outer); ok != nil {
			out = append(out, ks.Extend(ok, k.PathString()))
		}
	}
	return out
}

// semaPath walks from the acquire (after instruction a.instr, or from block
// start) and reports a return reached with the slot still held.
func (pc *passContext) semaPath(fn *ssa.Function, ks *lockmodel.Keys, a semaOp, edgeFrom, start *ssa.BasicBlock) {
	// A deferred release registered before the acquire covers every exit.
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && ssacfg.Before(d, a.instr) {
				if rel, cut := calleeReleasesCut(fn, ks, d); rel[a.key.ID] || cut {
					return
				}
			}
		}
	}
	releases := func(instr ssa.Instruction) bool {
		switch instr := instr.(type) {
		case *ssa.UnOp:
			if instr.Op == token.ARROW {
				if k := semaKey(ks, instr.X); k != nil && k.Same(a.key) {
					return true
				}
			}
		case *ssa.Select:
			for _, s := range instr.States {
				if k := semaKey(ks, s.Chan); k != nil && k.Same(a.key) {
					return true // a release or a re-acquire: not judged
				}
			}
		case *ssa.Send:
			if k := semaKey(ks, instr.Chan); k != nil && k.Same(a.key) {
				return true // back at an acquire (a loop): not judged
			}
		case ssa.CallInstruction:
			if rel, cut := calleeReleasesCut(fn, ks, instr); rel[a.key.ID] || cut {
				return true
			}
			// The channel handed to other code: its release is theirs.
			for _, arg := range instr.Common().Args {
				if k := ks.Of(arg); k != nil && k.Same(a.key) && isChan(arg) {
					return true
				}
			}
			if mc, ok := instr.Common().Value.(*ssa.MakeClosure); ok {
				for _, bnd := range mc.Bindings {
					if k := ks.Of(bnd); k != nil && k.Same(a.key) {
						return true
					}
				}
			}
		case *ssa.MakeClosure:
			// A closure capturing the channel (not called here) may
			// release it later.
			for _, bnd := range instr.Bindings {
				if k := ks.Of(bnd); k != nil && k.Same(a.key) {
					return true
				}
			}
		}
		return false
	}
	s := ssacfg.Search{
		Stop: releases,
		Hit:  func(instr ssa.Instruction) bool { _, ok := instr.(*ssa.Return); return ok },
	}
	var exit ssa.Instruction
	if start != nil {
		exit = s.FromEdge(edgeFrom, start)
	} else {
		exit = s.From(a.instr)
	}
	if exit == nil {
		return
	}
	ret := exit.(*ssa.Return)
	pos := ret.Pos()
	if !pos.IsValid() {
		return // an implicit return at the closing brace: no place to point
	}
	name := a.key.Display
	pc.emit(analysis.Diagnostic{
		Pos:     pos,
		Message: fmt.Sprintf("returns here holding the %s slot acquired at line %d: the release (<-%s) is skipped, so the slot is lost and once every slot is lost every acquire blocks forever", name, pc.line(a.pos), name),
		Related: []analysis.RelatedInformation{{Pos: a.pos, Message: "slot acquired here"}},
	})
}

func isChan(v ssa.Value) bool {
	_, ok := v.Type().Underlying().(*types.Chan)
	return ok
}

// mayReceive reports whether fn, or a function it calls, goroutines and
// defers included (through at most maxReceiveFuncs functions), receives
// from a channel. Past the bound it answers true: unknown.
func mayReceive(fn *ssa.Function) bool {
	const maxReceiveFuncs = 64
	seen := map[*ssa.Function]bool{fn: true}
	work := []*ssa.Function{fn}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.UnOp:
					if instr.Op == token.ARROW {
						return true
					}
				case *ssa.Select:
					return true
				case ssa.CallInstruction:
					frame, ok := gomodel.CallFrame(instr.Common())
					if !ok || frame.Fn == nil || seen[frame.Fn] {
						continue
					}
					if len(seen) == maxReceiveFuncs {
						return true
					}
					seen[frame.Fn] = true
					work = append(work, frame.Fn)
				}
			}
		}
	}
	return false
}

// givesBack reports whether send a follows, on every path, a receive from
// the same channel: a token bucket's convention (filled with tokens; a
// receive takes one, a send gives it back), where this send is the
// release of the token just taken, not an acquire.
func givesBack(a semaOp, recvs []ssa.Instruction) bool {
	for _, r := range recvs {
		if _, isCall := r.(ssa.CallInstruction); isCall {
			continue // a callee's release, not a receive here
		}
		if r != a.instr && ssacfg.Before(r, a.instr) {
			return true
		}
	}
	return false
}
