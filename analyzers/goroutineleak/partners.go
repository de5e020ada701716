package goroutineleak

import (
	"fmt"
	"sort"

	"github.com/concurlint/concurlint/internal/chanmodel"
	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/ordering"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkNoPartner reports blocking operations on a channel class (an
// unexported struct field or package variable holding channels the package
// makes) whose partner exists nowhere in the package: a send on an
// unbuffered channel nothing receives from, a receive or range on a
// channel nothing sends on or closes — or whose only partner is the
// blocked function itself, later (a deferred close after the receive).
// Classes whose channels reach code the model cannot see (passed to a
// function, returned, stored elsewhere, assigned from a parameter) are
// skipped: the partner may be there.
func (pc *passContext) checkNoPartner(fns []*ssa.Function) {
	classes := chanmodel.Classes(fns)
	names := make([]string, 0, len(classes))
	for n := range classes {
		names = append(names, n)
	}
	sort.Strings(names)
classes:
	for _, n := range names {
		c := classes[n]
		if c.Escapes || len(c.Makes) == 0 {
			continue
		}
		unbuffered := true
		for _, cp := range c.Caps {
			unbuffered = unbuffered && cp == 0
		}
		for _, o := range c.Ops {
			if o.Deferred || isProcessLifetime(o.Fn()) {
				continue
			}
			switch {
			case o.Kind == chanmodel.Send && unbuffered:
				if pc.noPartner(c, o, func(k chanmodel.Kind) bool { return k.IsRecv() }) {
					pc.reportNoPartner(c, o, "send on", "receives from")
					continue classes
				}
				if pc.partnerGone(c, o, fns, classes) {
					continue classes
				}
			case o.Kind == chanmodel.Recv || o.Kind == chanmodel.Range:
				if pc.noPartner(c, o, func(k chanmodel.Kind) bool { return k.IsSend() || k == chanmodel.Close }) {
					pc.reportNoPartner(c, o, "receive from", "sends on or closes")
					continue classes
				}
			}
		}
	}
}

// noPartner reports whether no op of class c that partners o (partner
// kinds) can run while o waits: there is none, or each one is in o's own
// function and can only run after o (later on the path, or deferred).
func (pc *passContext) noPartner(c *chanmodel.Class, o *chanmodel.Op, partner func(chanmodel.Kind) bool) bool {
	for _, p := range c.Ops {
		if !partner(p.Kind) {
			continue
		}
		if p.Fn() != o.Fn() {
			return false
		}
		if p.Deferred {
			// Runs when o's function returns: after o, unless some
			// invocation can return without reaching o (another call
			// of the function then closes while this one waits).
			cov := chanmodel.Covered{}
			cov.Add(o)
			if chanmodel.ExitFromEntry(o.Fn(), cov) != nil {
				return false
			}
			continue
		}
		if ssacfg.After(p.Instr, o.Instr) || !ssacfg.After(o.Instr, p.Instr) {
			return false
		}
	}
	return true
}

func (pc *passContext) reportNoPartner(c *chanmodel.Class, o *chanmodel.Op, verb, partner string) {
	name := pc.opName(o, &chanmodel.Chan{Make: c.Makes[0]})
	field := c.Describe()
	msg := fmt.Sprintf("%s %s blocks forever: nothing in this package %s %s", verb, name, partner, field)
	for _, p := range c.Ops {
		if p.Fn() == o.Fn() && p != o && (p.Kind == chanmodel.Close || p.Kind.IsSend() != o.Kind.IsSend()) {
			msg = fmt.Sprintf("%s %s blocks forever: the only partner of %s is this function itself, after the wait", verb, name, field)
			break
		}
	}
	d := analysis.Diagnostic{Pos: o.Pos, Message: msg,
		Related: []analysis.RelatedInformation{{Pos: c.Makes[0].Pos(), Message: "the channel is made here"}}}
	suppress.Report(pc.pass, d)
}

// checkSendFirst reports a send, by the function that made the channel,
// that runs before any receiver can exist: every receive of the channel is
// in a goroutine started only after the send, or later in the function
// itself, and the buffer (none for an unbuffered channel) cannot take the
// sends made before then. The send blocks forever and the goroutines that
// would receive are never started.
func (pc *passContext) checkSendFirst(c *chanmodel.Chan) bool {
	if c.Escapes || c.Cap < 0 {
		return false
	}
	receivers := false
	for _, p := range c.Ops {
		receivers = receivers || p.Kind.IsRecv()
	}
	if !receivers {
		return false // nothing receives at all: checkSender's question
	}
	var early []*chanmodel.Op
	var early2 []ssa.Instruction
	for _, o := range c.Ops {
		if o.G != nil || o.Kind != chanmodel.Send || o.Summary || o.Deferred || o.Fn() != c.Owner || ssacfg.InLoop(o.Instr.Block()) {
			continue
		}
		first := true
		for _, p := range c.Ops {
			var at ssa.Instruction
			switch {
			case p.Kind.IsRecv() && p.G == nil:
				at = p.Instr
			case p.Kind.IsRecv():
				at = rootSpawn(p.G).Spawn.Instr
			default:
				continue
			}
			if p.Deferred || at.Parent() != c.Owner || ssacfg.After(at, o.Instr) || !ssacfg.After(o.Instr, at) {
				first = false // a receiver may already run (or we cannot place it)
				break
			}
		}
		if first {
			early = append(early, o)
			early2 = append(early2, o.Instr)
		}
	}
	if len(early) <= c.Cap || ssacfg.MaxOnPath(c.Owner, early2) <= c.Cap {
		return false
	}
	sort.Slice(early, func(i, j int) bool { return early[i].Pos < early[j].Pos })
	o := early[c.Cap]
	name := pc.opName(o, c)
	why := fmt.Sprintf("%s is unbuffered", name)
	if c.Cap > 0 {
		why = fmt.Sprintf("%s has room for %d", name, c.Cap)
	}
	suppress.Report(pc.pass, analysis.Diagnostic{
		Pos:     o.Pos,
		Message: fmt.Sprintf("send on %s blocks forever: every receiver starts only after this send (%s)", name, why),
	})
	return true
}

// rootSpawn returns the goroutine started by the channel's owner that g
// descends from.
func rootSpawn(g *chanmodel.Goroutine) *chanmodel.Goroutine {
	for g.Parent != nil {
		g = g.Parent
	}
	return g
}

// partnerGone reports a blocking send on an unbuffered channel class whose
// only receiver is one goroutine's loop that can return (on ctx.Done(), a
// stop channel, an error): after it returns, the send blocks forever.
// Precision first: one receiving function, started as a goroutine, no
// close of the class anywhere, the sender not that function.
func (pc *passContext) partnerGone(c *chanmodel.Class, o *chanmodel.Op, fns []*ssa.Function, classes map[string]*chanmodel.Class) bool {
	var recvFn *ssa.Function
	var recvs []*chanmodel.Op
	for _, p := range c.Ops {
		switch {
		case p.Kind == chanmodel.Close:
			return false
		case p.Kind.IsRecv():
			if recvFn != nil && p.Fn() != recvFn || p.Deferred {
				return false
			}
			recvFn = p.Fn()
			recvs = append(recvs, p)
		}
	}
	if recvFn == nil || recvFn == o.Fn() {
		return false
	}
	// The receiving loop: recvFn itself when it is a goroutine receiving
	// in a loop, or the one goroutine that calls recvFn (a method of the
	// same type handling one message) from inside its loop.
	loopFn := recvFn
	if pc.spawned(recvFn, fns) {
		for _, p := range recvs {
			if !ssacfg.InLoop(p.Instr.Block()) {
				return false
			}
		}
	} else {
		var site ssa.Instruction
		for _, f := range fns {
			for _, b := range f.Blocks {
				for _, in := range b.Instrs {
					if ci, ok := in.(ssa.CallInstruction); ok && ci.Common().StaticCallee() == recvFn {
						if site != nil {
							return false // several callers: stay silent
						}
						site = in
					}
				}
			}
		}
		if site == nil || !ssacfg.InLoop(site.Block()) {
			return false
		}
		if _, isCall := site.(*ssa.Call); !isCall {
			return false
		}
		loopFn = site.Parent()
		if loopFn == o.Fn() || !pc.spawned(loopFn, fns) {
			return false
		}
	}
	// A loop that returns only after receiving from this class (case
	// <-j.stop: return) stops because of a send: the stop handshake, one
	// receive per send. Only a return reachable without such a receive
	// (on ctx.Done(), an error) leaves later senders blocked.
	cov := chanmodel.Covered{}
	for _, p := range recvs {
		if p.Fn() == loopFn {
			cov.Add(p)
		}
	}
	if loopFn != recvFn {
		for _, b := range loopFn.Blocks {
			for _, in := range b.Instrs {
				if ci, ok := in.(ssa.CallInstruction); ok && ci.Common().StaticCallee() == recvFn {
					cov.MarkBlock(b)
				}
			}
		}
	}
	// A loop that leaves on a channel only the senders close, each as its
	// last act after its sends (case <-p.done: return, with the sender's
	// close(p.done); return), leaves only once they stopped sending.
	for _, d := range classes {
		if d != c && pc.closedBySendersLast(d, c, o) {
			for _, p := range d.Ops {
				if p.Kind.IsRecv() && p.Fn() == loopFn {
					cov.Add(p)
				}
			}
		}
	}
	// An atomic lifecycle: the loop leaves early when its CAS into a state
	// fails (if !CAS(&c.state, starting, started) { return }), and the
	// sender sends only after a CAS out of that state, which no other
	// operation enters: the loop is then past that return.
	for _, b := range loopFn.Blocks {
		if br, ok := ordering.CASAt(b); ok && ordering.GatedBy(o.Instr, br) && ordering.OnlyEntry(fns, br) {
			cov.MarkEdge(b, br.Failed)
		}
	}
	ret := chanmodel.ExitFromEntry(loopFn, cov)
	if ret == nil {
		return false
	}
	name := pc.opName(o, &chanmodel.Chan{Make: c.Makes[0]})
	retPos, line := pc.exitPos(ret)
	suppress.Report(pc.pass, analysis.Diagnostic{
		Pos: o.Pos,
		Message: fmt.Sprintf("send on %s blocks forever once %s, the only receiver of %s, returns at line %d",
			name, loopFn.Name(), c.Describe(), line),
		Related: []analysis.RelatedInformation{{Pos: retPos, Message: "the receiving loop returns here"}},
	})
	return true
}

// closedBySendersLast reports whether class d is only ever closed — never
// sent on, never seen outside the package — and every close is the last
// channel act of a goroutine: after it, its function cannot reach a send on
// class c. At least one close is in o's own function, so the signal comes
// from the blocked sender once it is done.
func (pc *passContext) closedBySendersLast(d, c *chanmodel.Class, o *chanmodel.Op) bool {
	if d.Escapes {
		return false
	}
	own := false
	for _, p := range d.Ops {
		switch {
		case p.Kind.IsSend():
			return false
		case p.Kind != chanmodel.Close:
			continue
		}
		if p.Fn() == o.Fn() {
			own = true
		} else if !pc.spawnedFns[p.Fn()] {
			return false
		}
		if p.Deferred {
			continue
		}
		for _, q := range c.Ops {
			if q.Kind.IsSend() && q.Fn() == p.Fn() && chanmodel.MayPrecede(p, q.Instr) {
				return false
			}
		}
	}
	return own
}

// spawned reports whether fn is started as a goroutine by a function of fns.
func (pc *passContext) spawned(fn *ssa.Function, fns []*ssa.Function) bool {
	if pc.spawnedFns == nil {
		pc.spawnedFns = gomodel.Started(fns)
	}
	return pc.spawnedFns[fn]
}
