package goroutineleak

import (
	"fmt"

	"github.com/concurlint/concurlint/internal/chanmodel"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkQuitOnly reports a goroutine whose every return passes through a
// receive on c (case <-quit: return, in a loop over other work) while the
// function that started it may return without closing or sending on c:
// the goroutine then never ends.
//
// Precision: the receives must be visible in the goroutine's own body, c
// must be touched only by the owner and g, and the owner's closes and
// sends must be plain operations in the spawning function (a deferred
// close is the idiom and silences the check).
func (pc *passContext) checkQuitOnly(c *chanmodel.Chan, g *chanmodel.Goroutine) bool {
	fn := g.Spawn.Fn
	if fn == nil {
		return false
	}
	mine, owner, others := partners(c, g)
	if others || len(mine) == 0 {
		return false
	}
	var quit chanmodel.Covered
	for _, o := range mine {
		// Plain receives are checkReceiver's; here the goroutine selects
		// on c among other work.
		if o.Kind != chanmodel.SelectRecv || o.Summary || o.Deferred || o.Fn() != fn {
			return false
		}
		quit.Add(o)
	}
	if chanmodel.ExitFromEntry(fn, chanmodel.Covered{}) == nil || chanmodel.ExitFromEntry(fn, quit) != nil {
		return false // never returns (another check's business), or has another way out
	}
	var feeds []*chanmodel.Op
	for _, o := range owner {
		if o.Kind == chanmodel.Close || o.Kind.IsSend() {
			if chanmodel.MayPrecede(o, g.Spawn.Instr) {
				return false
			}
			feeds = append(feeds, o)
		}
	}
	ret, ok := exitAfter(g, feeds)
	if !ok || ret == nil {
		return false
	}
	name := pc.opName(mine[0], c)
	retPos, line := pc.exitPos(ret)
	suppress.Report(pc.pass, analysis.Diagnostic{
		Pos: mine[0].Pos,
		Message: fmt.Sprintf("goroutine returns only when %s is closed or sent on, but the caller may return at line %d without doing so, so the goroutine never ends",
			name, line),
		Related: []analysis.RelatedInformation{{Pos: retPos, Message: "the caller returns here without closing " + name}},
	})
	return true
}

// checkRecvLoop reports a goroutine that receives from c in a loop with no
// way out (for { v := <-ch; … }) and no ok check: once c is closed it
// spins on zero values; if nothing closes c, it blocks forever once the
// caller returns.
func (pc *passContext) checkRecvLoop(c *chanmodel.Chan, g *chanmodel.Goroutine) bool {
	fn := g.Spawn.Fn
	if fn == nil {
		return false
	}
	mine, owner, others := partners(c, g)
	var recv *chanmodel.Op
	for _, o := range mine {
		switch {
		case o.Kind.IsSend():
			return false // the goroutine feeds c itself
		case o.Kind == chanmodel.Recv && !o.Summary && !o.Deferred && o.Fn() == fn:
			if u, ok := o.Instr.(*ssa.UnOp); ok && !u.CommaOk && ssacfg.InLoop(u.Block()) && recv == nil {
				recv = o
			}
		}
	}
	if recv == nil || chanmodel.ExitAvoiding(recv.Instr, chanmodel.Covered{}) != nil {
		return false
	}
	name := pc.opName(recv, c)
	var closeOp *chanmodel.Op
	for _, o := range c.Ops {
		if o.Kind == chanmodel.Close && o.G != g {
			closeOp = o
			break
		}
	}
	if closeOp != nil {
		suppress.Report(pc.pass, analysis.Diagnostic{
			Pos: recv.Pos,
			Message: fmt.Sprintf("goroutine receives from %s in a loop without checking whether it is closed and has no other way out; once %s is closed at line %d it spins on zero values forever",
				name, name, pc.pass.Fset.Position(closeOp.Pos).Line),
			Related: []analysis.RelatedInformation{{Pos: closeOp.Pos, Message: name + " closed here"}},
		})
		return true
	}
	if others || len(owner) == 0 {
		return false
	}
	ret := chanmodel.ExitAvoiding(g.Spawn.Instr, chanmodel.Covered{})
	if ret == nil {
		return false // the caller never returns: the goroutine lives as long
	}
	retPos, _ := pc.exitPos(ret)
	suppress.Report(pc.pass, analysis.Diagnostic{
		Pos:     recv.Pos,
		Message: fmt.Sprintf("goroutine receives from %s in a loop that has no way out; once the caller stops sending it blocks forever", name),
		Related: []analysis.RelatedInformation{{Pos: retPos, Message: "the caller returns here"}},
	})
	return true
}
