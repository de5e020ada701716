package missingjoin

import (
	"fmt"
	"go/token"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Per-item "task done" counters: a queue whose producer calls wg.Add(1)
// per item and whose consumer loop calls wg.Done() per item received (the
// Go form of Python's Queue.task_done/join). A return from the consuming
// loop between receiving an item and its Done leaves that item — and every
// item still queued, which nobody will receive — uncounted, so the join
// (wg.Wait) blocks forever.
//
// Precision: only a range over a channel whose body calls Done, not
// deferred, on a WaitGroup that the package (or, for a closure, the
// enclosing function) also waits on; a path that reaches any Done of that
// group (also in a callee, one level), a panic or a call that never
// returns is not judged, nor a continue that comes back to the receive.

func (pc *passContext) checkPerItemDone(fn *ssa.Function) {
	ks := lockmodel.NewKeys(fn)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			recv, ok := instr.(*ssa.UnOp)
			if !ok || recv.Op != token.ARROW || !recv.CommaOk || !ssacfg.InLoop(b) {
				continue
			}
			body := rangeBody(recv)
			if body == nil {
				continue
			}
			h := innermostHeader(b)
			// The Done calls of the loop body, on one group.
			var done *ssa.Call
			var key *lockmodel.Key
			for _, lb := range fn.Blocks {
				if !ssacfg.InLoopOf(lb, h) {
					continue
				}
				for _, li := range lb.Instrs {
					c, ok := li.(*ssa.Call)
					if !ok || known.Call(&c.Call) != known.WGDone || len(c.Call.Args) != 1 {
						continue
					}
					k := ks.Of(c.Call.Args[0])
					if k == nil || (key != nil && !key.Same(k)) {
						key = nil
						done = nil
						break
					}
					key, done = k, c
				}
			}
			if done == nil || !pc.waitedOn(fn, ks, key) {
				continue
			}
			stop := func(i ssa.Instruction) bool {
				if i == recv {
					return true // back at the receive: a continue
				}
				c, ok := i.(ssa.CallInstruction)
				if !ok {
					return false
				}
				if known.Call(c.Common()) == known.WGDone && len(c.Common().Args) == 1 {
					if k := ks.Of(c.Common().Args[0]); k != nil && k.Same(key) {
						return true
					}
				}
				return doneInCallee(fn, ks, c, key)
			}
			s := ssacfg.Search{Stop: stop, Hit: func(i ssa.Instruction) bool { _, ok := i.(*ssa.Return); return ok }}
			exit := s.FromBlock(body)
			if exit == nil || !exit.Pos().IsValid() {
				continue
			}
			pc.report(analysis.Diagnostic{
				Pos: exit.Pos(),
				Message: fmt.Sprintf("returns from the loop over the queue without calling %s.Done for the item it received: that item and every item still queued are never marked done, so %s.Wait blocks forever",
					key.Display, key.Display),
				Related: []analysis.RelatedInformation{{Pos: done.Pos(), Message: "the item is marked done here"}},
			})
		}
	}
}

// rangeBody returns the block a range-over-channel loop enters when recv
// (v, ok := <-ch) received a value: the true successor of `if ok`.
func rangeBody(recv *ssa.UnOp) *ssa.BasicBlock {
	b := recv.Block()
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok || len(b.Succs) != 2 {
		return nil
	}
	ex, ok := iff.Cond.(*ssa.Extract)
	if !ok || ex.Tuple != recv || ex.Index != 1 {
		return nil
	}
	return b.Succs[0]
}

func innermostHeader(b *ssa.BasicBlock) *ssa.BasicBlock {
	hs := ssacfg.LoopHeaders(b)
	if len(hs) == 0 {
		return nil
	}
	return hs[len(hs)-1]
}

// waitedOn reports whether something waits on the group key names: a Wait
// of the same field of the same type anywhere in the package, or, for a
// closure's captured group, a Wait in the enclosing function.
func (pc *passContext) waitedOn(fn *ssa.Function, ks *lockmodel.Keys, key *lockmodel.Key) bool {
	if fv, ok := key.Root.(*ssa.FreeVar); ok {
		sites := gomodel.ClosureSites(fn)
		if len(sites) != 1 {
			return false
		}
		frame := gomodel.Frame{Fn: fn, Bindings: sites[0].Bindings}
		outer, ok := frame.Outer(fv)
		if !ok {
			return false
		}
		pks := lockmodel.NewKeys(fn.Parent())
		ok2 := pks.Of(outer)
		if ok2 == nil {
			return false
		}
		want := pks.Extend(ok2, key.PathString())
		return hasWait(fn.Parent(), pks, func(k *lockmodel.Key) bool { return k.Same(want) })
	}
	if key.Class == "" {
		return false
	}
	for _, f := range pc.pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
		fks := lockmodel.NewKeys(f)
		if hasWait(f, fks, func(k *lockmodel.Key) bool { return k.SameClass(key) }) {
			return true
		}
	}
	return false
}

func hasWait(fn *ssa.Function, ks *lockmodel.Keys, match func(*lockmodel.Key) bool) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok || known.Call(c.Common()) != known.WGWait || len(c.Common().Args) != 1 {
				continue
			}
			if k := ks.Of(c.Common().Args[0]); k != nil && match(k) {
				return true
			}
		}
	}
	return false
}

// doneInCallee reports whether the static callee of c calls Done on the
// group key names (one level, through the call's frame).
func doneInCallee(fn *ssa.Function, ks *lockmodel.Keys, c ssa.CallInstruction, key *lockmodel.Key) bool {
	frame, ok := gomodel.CallFrame(c.Common())
	if !ok || frame.Fn == nil || frame.Fn == fn {
		return false
	}
	cks := lockmodel.NewKeys(frame.Fn)
	for _, b := range frame.Fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok || known.Call(ci.Common()) != known.WGDone || len(ci.Common().Args) != 1 {
				continue
			}
			k := cks.Of(ci.Common().Args[0])
			if k == nil {
				continue
			}
			outer, ok := frame.Outer(k.Root)
			if !ok {
				continue
			}
			if ok := ks.Of(outer); ok != nil && ks.Extend(ok, k.PathString()).Same(key) {
				return true
			}
		}
	}
	return false
}
