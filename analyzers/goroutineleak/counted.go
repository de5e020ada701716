package goroutineleak

import (
	"github.com/concurlint/concurlint/internal/chanmodel"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/ssa"
)

// countedEnds returns the counted exits (ssacfg.CountedExits) of the loops
// around the owner's receives recvs of c that count those receives and are
// taken only once every pending send has been received:
//
//	stopped := 0
//	for {
//		select {
//		case <-serverDone: stopped++
//		case <-clientDone: stopped++
//		}
//		if stopped == 2 { return }
//	}
//
// Leaving through such an exit is the loop's normal end, not an early stop.
// The bound must cover every send on the counted channels when both are
// constants (three goroutines sending once each and a loop leaving at two
// leaves one behind); when either is data (len(items), goroutines started
// in a loop), the loop is taken to count what it waits for. Precision
// first: a count is how programs say "all of them".
func countedEnds(c *chanmodel.Chan, recvs []*chanmodel.Op, siblings []*chanmodel.Chan) []ssacfg.CountedExit {
	var out []ssacfg.CountedExit
	seen := make(map[*ssa.BasicBlock]bool)
	for _, r := range recvs {
		if r.Summary || r.Deferred || !r.Kind.IsRecv() {
			continue
		}
		for _, h := range ssacfg.LoopHeaders(r.Instr.Block()) {
			if seen[h] {
				continue
			}
			seen[h] = true
			for _, e := range ssacfg.CountedExits(h) {
				if !counts(r, e) {
					continue
				}
				if e.Known {
					if total, ok := countedSends(h, e, c, siblings); ok && total > e.Min {
						continue // more sends than the loop waits for
					}
				}
				out = append(out, e)
			}
		}
	}
	return out
}

// counts reports whether receive r adds to e's counter: its case body (or
// the receive itself) dominates a block that increments it.
func counts(r *chanmodel.Op, e ssacfg.CountedExit) bool {
	at := r.Instr.Block()
	if _, isSel := r.Instr.(*ssa.Select); isSel {
		if at = chanmodel.CaseBlock(r); at == nil {
			return false
		}
	}
	for _, inc := range e.Incs {
		if at.Dominates(inc) {
			return true
		}
	}
	return false
}

// countedSends returns how many sends, at most, the loop headed by h can
// count through e: the sends of the goroutines on every channel whose
// receive in the loop increments the counter. ok is false when that number
// is not known (a goroutine started or sending in a loop, a sender the
// model does not see, an increment that no receive accounts for).
func countedSends(h *ssa.BasicBlock, e ssacfg.CountedExit, c *chanmodel.Chan, siblings []*chanmodel.Chan) (total int64, ok bool) {
	chans := append([]*chanmodel.Chan{c}, siblings...)
	accounted := make(map[*ssa.BasicBlock]bool)
	done := make(map[*chanmodel.Chan]bool)
	for _, ch := range chans {
		if done[ch] {
			continue
		}
		done[ch] = true
		counted := false
		for _, o := range ch.Ops {
			if o.G != nil || !o.Kind.IsRecv() || o.Summary || o.Deferred || !ssacfg.InLoopOf(o.Instr.Block(), h) || !counts(o, e) {
				continue
			}
			counted = true
			at := o.Instr.Block()
			if cb := chanmodel.CaseBlock(o); cb != nil {
				at = cb
			}
			for _, inc := range e.Incs {
				if at.Dominates(inc) {
					accounted[inc] = true
				}
			}
		}
		if !counted {
			continue
		}
		n, known := sendsOf(ch)
		if !known {
			return 0, false
		}
		total += n
	}
	for _, inc := range e.Incs {
		if !accounted[inc] {
			return 0, false
		}
	}
	return total, true
}

// sendsOf returns how many values ch can deliver to the owner's receives:
// the sum, over the goroutines sending on it, of the most sends one run of
// each performs. known is false when the channel escapes, is closed (every
// receive then succeeds), the owner sends on it too, or a send is counted
// by no fixed number (a loop, a summary, a goroutine started in a loop or
// by another goroutine).
func sendsOf(ch *chanmodel.Chan) (n int64, known bool) {
	if ch.Escapes {
		return 0, false
	}
	per := make(map[*chanmodel.Goroutine][]*chanmodel.Op)
	var order []*chanmodel.Goroutine
	for _, o := range ch.Ops {
		switch {
		case o.Kind == chanmodel.Close:
			return 0, false
		case !o.Kind.IsSend():
			continue
		case o.G == nil, o.Summary, o.G.Parent != nil,
			ssacfg.InLoop(o.Instr.Block()), ssacfg.InLoop(o.G.Spawn.Instr.Block()):
			return 0, false
		}
		if per[o.G] == nil {
			order = append(order, o.G)
		}
		per[o.G] = append(per[o.G], o)
	}
	for _, g := range order {
		n += int64(maxSends(per[g]))
	}
	return n, true
}
