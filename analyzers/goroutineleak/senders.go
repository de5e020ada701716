package goroutineleak

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/chanmodel"
	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// maxSends returns how many of sends one run of the goroutine can perform:
// sends on mutually exclusive paths (an error send and a result send, each
// followed by return) count once. Sends spread over several functions are
// simply counted.
func maxSends(sends []*chanmodel.Op) int {
	// Sends in a deferred recover handler run only after a panic: after
	// the sends that precede the panic, and never after a send that is
	// the goroutine's last act (done <- work(); with work panicking).
	var main, recovered []ssa.Instruction
	for _, o := range sends {
		if !o.Summary && ssacfg.OnRecoveredPanic(o.Instr) {
			recovered = append(recovered, o.Instr)
		} else {
			main = append(main, o.Instr)
		}
	}
	if len(main) == 0 {
		return len(sends)
	}
	fn := main[0].Parent()
	for _, in := range main {
		if in.Parent() != fn {
			return len(sends)
		}
	}
	for _, in := range recovered {
		if in.Parent().Parent() != fn {
			return len(sends)
		}
	}
	n := ssacfg.MaxOnPath(fn, main)
	if len(recovered) == 0 {
		return n
	}
	var before []ssa.Instruction // sends a panic can follow
	for _, in := range main {
		if !ssacfg.Final(in) {
			before = append(before, in)
		}
	}
	if k := ssacfg.MaxOnPath(fn, before) + len(recovered); k > n {
		return k
	}
	return n
}

// signals returns the owner's receives on sibling channels (made by the
// same function, fully visible) that goroutine g sends on or closes. When
// the owner leaves through such a receive, g has reached its signal, and
// whether it still sends on c is a protocol question the model cannot
// answer (it usually does not: close(done); return), so those receives
// count as synchronising with g.
func signals(c *chanmodel.Chan, g *chanmodel.Goroutine, siblings []*chanmodel.Chan) []*chanmodel.Op {
	var out []*chanmodel.Op
	for _, c2 := range siblings {
		if c2 == c || c2.Escapes {
			continue
		}
		fed := false
		for _, o := range c2.Ops {
			if o.G != nil && o.G.Spawn.Instr == g.Spawn.Instr && (o.Kind.IsSend() || o.Kind == chanmodel.Close) {
				fed = true
			}
		}
		if !fed {
			continue
		}
		for _, o := range c2.Ops {
			if o.G == nil && o.Kind.IsRecv() {
				out = append(out, o)
			}
		}
	}
	return out
}

// checkEarlyStop reports the fan-in bug: several sends (one goroutine per
// item, or a goroutine sending in a loop) on an unbuffered channel, and an
// owner that receives in a loop but may leave the loop early (return or
// break) after a receive, leaving the remaining senders blocked.
//
// Counted ends (see countedEnds) are normal ends too.
func (pc *passContext) checkEarlyStop(c *chanmodel.Chan, g *chanmodel.Goroutine, sends, recvs []*chanmodel.Op, ends []ssacfg.CountedExit) bool {
	for _, r := range recvs {
		if r.Summary || r.Fn() != g.Spawn.Instr.Parent() {
			return false
		}
	}
	for _, r := range recvs {
		headers := ssacfg.LoopHeaders(r.Instr.Block())
		if len(headers) == 0 {
			continue
		}
		// Going back to a loop header continues receiving; any other way
		// to the function's exit stops early.
		cov := chanmodel.Covered{}
		for _, e := range ends {
			cov.MarkEdge(e.From, e.To)
		}
		for _, h := range headers {
			cov.MarkBlock(h)
			cov.AddLoopEnd(h)
			// Leaving through the header's condition is the loop's normal
			// end (for range n, i < len(items), the channel closed): it
			// received as often as the loop says. Only a break or return
			// from the body stops early.
			for _, b := range loopTests(h) {
				for _, succ := range b.Succs {
					if !ssacfg.InLoopOf(succ, h) {
						cov.MarkBlock(succ)
					}
				}
			}
		}
		var ret *ssa.Return
		switch {
		case r.Kind == chanmodel.Range:
			// The range loop ends normally when the channel is closed (the
			// header's false branch); early exits leave from its body.
			ret = chanmodel.ExitFromBlock(r.Instr.Block().Succs[0], cov)
		case chanmodel.CaseBlock(r) != nil:
			ret = chanmodel.ExitFromBlock(chanmodel.CaseBlock(r), cov)
		default:
			ret = chanmodel.ExitAvoiding(r.Instr, cov)
		}
		if ret == nil {
			continue
		}
		name := pc.opName(sends[0], c)
		retPos, line := pc.exitPos(ret)
		why := fmt.Sprintf("%s is unbuffered", name)
		if c.Cap > 0 {
			why = fmt.Sprintf("%s has room for %d", name, c.Cap)
		}
		suppress.Report(pc.pass, analysis.Diagnostic{
			Pos: sends[0].Pos,
			Message: fmt.Sprintf("goroutine sends on %s but the caller may stop receiving and return at line %d while other sends are pending (%s), so they block forever",
				name, line, why),
			Related: []analysis.RelatedInformation{{Pos: retPos, Message: "the caller leaves its receive loop here"}},
		})
		return true
	}
	return false
}

// checkSurplus reports the first-response-wins bug: k goroutines each send
// exactly once on every path, and the owner receives at most r < k - cap
// times, so k - r - cap of them block forever.
//
// Precision: every goroutine must be started outside loops (k is known),
// send once on each of its paths (a goroutine that may skip its send does
// not count as pending), and the owner's receives must be plain receives
// outside loops in the function that starts the goroutines.
func (pc *passContext) checkSurplus(c *chanmodel.Chan) bool {
	if c.Cap < 0 || len(c.Goroutines) < 2 {
		return false
	}
	var spawnFn *ssa.Function
	var recvs []ssa.Instruction
	senders := 0
	for _, g := range c.Goroutines {
		if g.Parent != nil || (g.Spawn.Kind != gomodel.GoStmt && g.Spawn.Kind != gomodel.ViaCall) || g.Spawn.Fn == nil || ssacfg.InLoop(g.Spawn.Instr.Block()) {
			return false
		}
		if spawnFn == nil {
			spawnFn = g.Spawn.Instr.Parent()
		} else if spawnFn != g.Spawn.Instr.Parent() {
			return false
		}
		var sends []*chanmodel.Op
		cov := chanmodel.Covered{}
		for _, o := range c.Ops {
			if o.G != g {
				continue
			}
			if o.Kind != chanmodel.Send || o.Summary || o.Fn() != g.Spawn.Fn || ssacfg.InLoop(o.Instr.Block()) {
				return false
			}
			sends = append(sends, o)
			cov.Add(o)
		}
		if len(sends) == 0 || maxSends(sends) != 1 || chanmodel.ExitFromEntry(g.Spawn.Fn, cov) != nil {
			return false // not exactly one send on every path
		}
		senders++
	}
	for _, o := range c.Ops {
		if o.G != nil {
			continue
		}
		if o.Kind != chanmodel.Recv || o.Summary || o.Deferred || o.Fn() != spawnFn || ssacfg.InLoop(o.Instr.Block()) {
			return false
		}
		recvs = append(recvs, o.Instr)
	}
	r := ssacfg.MaxOnPath(spawnFn, recvs)
	if r+c.Cap >= senders {
		return false
	}
	name := pc.makeName(c)
	last := c.Goroutines[len(c.Goroutines)-1]
	why := fmt.Sprintf("%s is unbuffered", name)
	if c.Cap > 0 {
		why = fmt.Sprintf("%s has room for %d", name, c.Cap)
	}
	d := analysis.Diagnostic{
		Pos: last.Spawn.Pos(),
		Message: fmt.Sprintf("%d goroutines send on %s but the caller receives at most %d time(s) (%s), so %d of them block forever",
			senders, name, r, why, senders-r-c.Cap),
	}
	if c.Cap == 0 {
		d.SuggestedFixes = pc.bufferFix(c, senders)
	}
	suppress.Report(pc.pass, d)
	return true
}

// checkSemaphore reports a buffered channel used as a semaphore — the owner
// acquires a slot (sem <- x) before starting g, g releases it (<-sem) — when
// g may return without releasing: the slot is lost and, once all are lost,
// every later acquire blocks forever.
func (pc *passContext) checkSemaphore(c *chanmodel.Chan, g *chanmodel.Goroutine) bool {
	if c.Cap <= 0 || g.Spawn.Fn == nil {
		return false
	}
	mine, owner, others := partners(c, g)
	if others || len(mine) == 0 {
		return false
	}
	acquires := false
	for _, o := range owner {
		switch {
		case o.Kind == chanmodel.Send:
			if !chanmodel.Precedes(o, g.Spawn.Instr) {
				// A send on some paths only is not an acquire for this
				// goroutine (the variable may not even hold the channel
				// on the others).
				return false
			}
			acquires = true
		case o.Kind.IsRecv() || o.Kind == chanmodel.Close:
			return false
		}
	}
	if !acquires {
		return false
	}
	cov := chanmodel.Covered{}
	for _, o := range mine {
		// Only plain, visible releases in the goroutine's own body: a
		// deferred release runs on every path; releases in callees or
		// nested closures are out of the path analysis' sight.
		if o.Kind != chanmodel.Recv || o.Deferred || o.Summary || o.Fn() != g.Spawn.Fn {
			return false
		}
		cov.Add(o)
	}
	ret := chanmodel.ExitFromEntry(g.Spawn.Fn, cov)
	if ret == nil {
		return false
	}
	name := pc.opName(mine[0], c)
	retPos, line := pc.exitPos(ret)
	suppress.Report(pc.pass, analysis.Diagnostic{
		Pos: mine[0].Pos,
		Message: fmt.Sprintf("goroutine may return at line %d without releasing semaphore %s, so the slot is lost and later acquires block forever",
			line, name),
		Related: []analysis.RelatedInformation{{Pos: retPos, Message: "the goroutine returns here without receiving from " + name}},
	})
	return true
}

// outcomeSignals handles the error-or-done protocol:
//
//	go func() { if err := encode(); err != nil { errc <- err; return } }()
//	go func() { if err := decode(); err != nil { errc <- err; return }; close(done) }()
//	select { case err := <-errc: …; case <-done: }
//
// When g sends on c only on some of its paths (it reports failures) and
// the owner's select on c also waits on a channel that another sender on c
// closes or sends on, the two channels report one outcome of cooperating
// goroutines: whether g can fail after done is signalled depends on data
// flowing between them (a pipe, shared state) that the model cannot see.
// Precision first: those select cases count as synchronising with g. A g
// that sends on every path still leaks when done wins, and is reported.
// A case whose channel g itself feeds always counts (see signals).
func outcomeSignals(c *chanmodel.Chan, g *chanmodel.Goroutine) []*chanmodel.Op {
	fn := g.Spawn.Fn
	if fn == nil {
		return nil
	}
	cov := chanmodel.Covered{}
	var others []*chanmodel.Goroutine
	for _, o := range c.Ops {
		switch {
		case o.G == g:
			if !o.Kind.IsSend() {
				continue
			}
			if o.Summary || o.Deferred || o.Fn() != fn {
				return nil
			}
			cov.Add(o)
		case o.G != nil && o.Kind.IsSend() && o.G.Spawn.Fn != nil:
			others = append(others, o.G)
		}
	}
	partial := chanmodel.ExitFromEntry(fn, cov) != nil
	if !partial {
		others = nil // g sends on every path: only its own signal counts
	}
	// g's own signal on the other channel (as in signals, but the channel
	// may be reassigned: done = make(chan struct{}) for the next round).
	others = append(others, g)
	var out []*chanmodel.Op
	for _, o := range c.Ops {
		sel, ok := o.Instr.(*ssa.Select)
		if o.G != nil || o.Kind != chanmodel.SelectRecv || !ok {
			continue
		}
		for i, st := range sel.States {
			if i == o.Case || st.Dir != types.RecvOnly {
				continue
			}
			r := chanRoot(st.Chan, nil)
			obj := chanObject(st.Chan)
			for _, h := range others {
				// A goroutine that reports on some paths only may end
				// the owner's wait through an object it works on
				// (sink.Close() on the path that does not report).
				if feeds(h, r) || partial && obj != nil && operatesOn(h, obj) {
					out = append(out, &chanmodel.Op{Kind: chanmodel.SelectRecv, Instr: sel, Pos: st.Pos, Case: i})
					break
				}
			}
		}
	}
	return out
}

// chanObject returns the object a channel value comes from when it is a
// method's result (sink.Done(), w.Closed()): the object whose state
// decides when that channel fires. Loads are looked through (chanRoot).
func chanObject(v ssa.Value) ssa.Value {
	c, ok := v.(*ssa.Call)
	if !ok {
		return nil
	}
	if recv := methodRecv(&c.Call); recv != nil {
		return chanRoot(recv, nil)
	}
	return nil
}

// methodRecv returns the receiver of a method call, static or through an
// interface, or nil.
func methodRecv(c *ssa.CallCommon) ssa.Value {
	if c.IsInvoke() {
		return c.Value
	}
	if callee := c.StaticCallee(); callee != nil && callee.Signature.Recv() != nil && len(c.Args) > 0 {
		return c.Args[0]
	}
	return nil
}

// operatesOn reports whether goroutine h's own body calls a method of obj
// (a value of the owner's frame): the owner's case on a channel obj hands
// out (sink.Done()) then waits on what h does to obj (sink.Close()), an
// ordering through the object's state the channel model cannot follow.
func operatesOn(h *chanmodel.Goroutine, obj ssa.Value) bool {
	for _, b := range h.Spawn.Fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if recv := methodRecv(ci.Common()); recv != nil && chanRoot(recv, h) == obj {
				return true
			}
		}
	}
	return false
}

// feeds reports whether goroutine h's own body sends on or closes the
// channel whose root (see chanRoot) is r.
func feeds(h *chanmodel.Goroutine, r ssa.Value) bool {
	for _, b := range h.Spawn.Fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Send:
				if chanRoot(instr.Chan, h) == r {
					return true
				}
			case *ssa.Call:
				if bi, ok := instr.Call.Value.(*ssa.Builtin); ok && bi.Name() == "close" && len(instr.Call.Args) == 1 && chanRoot(instr.Call.Args[0], h) == r {
					return true
				}
			}
		}
	}
	return false
}

// chanRoot names the channel value v denotes in the owner's frame: the
// variable cell (*ssa.Alloc) it is loaded from, or the value itself. In
// goroutine g's body (g non-nil), free variables and parameters map to the
// owner's bindings and arguments. Values it cannot map are their own root,
// which only ever compares equal to themselves.
func chanRoot(v ssa.Value, g *chanmodel.Goroutine) ssa.Value {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		v = u.X
	}
	if g == nil {
		return v
	}
	if outer, ok := g.Spawn.Outer(v); ok {
		if _, isParam := v.(*ssa.Parameter); isParam {
			return chanRoot(outer, nil)
		}
		return outer
	}
	return v
}

// dataDriven reports whether the number of sends is set by data: a send
// or the go statement sits in a loop over a slice, map or channel, or up
// to a bound known only at run time, and no send comes from a summary.
// Loops up to a constant bound (for i := 0; i < 3; i++) are not: their
// sends may well fit the buffer.
func dataDriven(g *chanmodel.Goroutine, sends []*chanmodel.Op) bool {
	data := false
	check := func(b *ssa.BasicBlock) bool {
		if !ssacfg.InLoop(b) {
			return true
		}
		for _, h := range ssacfg.LoopHeaders(b) {
			if ssacfg.ConstBounded(h) {
				return false
			}
		}
		data = true
		return true
	}
	for _, o := range sends {
		if o.Summary || !check(o.Instr.Block()) {
			return false
		}
	}
	return check(g.Spawn.Instr.Block()) && data
}

// selects reports whether fn's own body has a select statement.
func selects(fn *ssa.Function) bool {
	if fn == nil {
		return true
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if _, ok := in.(*ssa.Select); ok {
				return true
			}
		}
	}
	return false
}

// loopTests returns the blocks of h's loop whose branch is the loop's own
// condition — a comparison of its induction variable (a phi of h, or that
// phi incremented): the header of a loop that tests first, or the latch of
// a rotated one (for range n). Leaving through them is the loop's normal
// end; a break or return from the body is not.
func loopTests(h *ssa.BasicBlock) []*ssa.BasicBlock {
	induction := func(v ssa.Value) bool {
		if b, ok := v.(*ssa.BinOp); ok {
			if p, ok := b.X.(*ssa.Phi); ok && p.Block() == h {
				return true
			}
			if p, ok := b.Y.(*ssa.Phi); ok && p.Block() == h {
				return true
			}
			return false
		}
		p, ok := v.(*ssa.Phi)
		return ok && p.Block() == h
	}
	var out []*ssa.BasicBlock
	cands := []*ssa.BasicBlock{h}
	for _, p := range h.Preds {
		if ssacfg.InLoopOf(p, h) {
			cands = append(cands, p) // a latch
		}
	}
	for _, b := range cands {
		if len(b.Instrs) == 0 {
			continue
		}
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := ifi.Cond.(*ssa.BinOp)
		if !ok || !(induction(cmp.X) || induction(cmp.Y)) {
			continue
		}
		out = append(out, b)
	}
	return out
}
