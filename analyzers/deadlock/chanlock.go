package deadlock

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"

	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/lockorder"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// A lock held across a blocking channel operation or wg.Wait whose partner
// (the receiver of the send, the sender or closer of the receive, the Done
// callers) acquires a lock of the same class before it gets there: the
// two goroutines wait for each other.
//
// Channels and WaitGroups are named by class, like locks: a field of a
// named struct type or a package variable. A channel is judged only when
// every channel stored into its class is made unbuffered in this package
// (a buffer with room lets the send complete); a blocking operation only
// outside a select with alternatives (a default, ctx.Done(), another
// case); a partner only when every path reaching it has acquired the lock.

type blockKind uint8

const (
	bSend blockKind = iota
	bRecv
	bWait
	bCond // Cond.Wait: releases only the Cond's own locker while it waits
)

// blocking: an operation that waits for a partner, with a lock held.
type blocking struct {
	kind     blockKind
	class    string // channel or WaitGroup class
	display  string
	pos      token.Pos
	fn       *ssa.Function
	lock     string // held lock class
	lockName string
	heldPos  token.Pos
}

// partnerKind is what a partner does.
type partnerKind uint8

const (
	pRecv   partnerKind = iota // receives (also in a select, or range)
	pSend                      // sends, or closes
	pDone                      // wg.Done
	pSignal                    // Cond.Signal or Broadcast
)

// partner: one operation that another goroutine's blocking op waits for,
// with the lock classes acquired on every path before it.
type partner struct {
	kind   partnerKind
	class  string
	pos    token.Pos
	fn     *ssa.Function
	visits int
	// acquired counts visits on which each lock class had been acquired,
	// with the first acquisition seen.
	acquired map[string]int
	acqPos   map[string]token.Pos
}

// chanState collects blocking ops and partners over the package.
type chanState struct {
	blocks   []*blocking
	partners map[ssa.Instruction]*partner
	order    []ssa.Instruction
	// doneExit: functions whose entry block defers wg.Done; their exits
	// are the Done partner.
	doneExit map[*ssa.Function]*partner
	// adds: WaitGroup classes each function calls Add on.
	adds map[*ssa.Function]map[string]bool
	// lockers: for a Cond class, the class of the locker it was made
	// with (c.cond = sync.NewCond(&c.mu)); "" when made with several.
	lockers map[string]string
}

func newChanState() *chanState {
	return &chanState{partners: make(map[ssa.Instruction]*partner), doneExit: make(map[*ssa.Function]*partner),
		adds: make(map[*ssa.Function]map[string]bool), lockers: make(map[string]string)}
}

// chanOp classifies instr as a channel or WaitGroup operation: the class
// of what it operates on, whether it blocks for a partner (and how), and
// what partner role it plays.
func chanOp(instr ssa.Instruction) (class string, b blockKind, blocks bool, p partnerKind, isPartner bool, display ssa.Value) {
	switch x := instr.(type) {
	case *ssa.Send:
		return ssaClass(x.Chan), bSend, true, pSend, true, x.Chan
	case *ssa.UnOp:
		if x.Op == token.ARROW {
			return ssaClass(x.X), bRecv, true, pRecv, true, x.X
		}
	case *ssa.Call:
		c := &x.Call
		switch known.Call(c) {
		case known.WGWait:
			return ssaClass(lockmodel.Receiver(c)), bWait, true, 0, false, lockmodel.Receiver(c)
		case known.WGDone:
			return ssaClass(lockmodel.Receiver(c)), 0, false, pDone, true, lockmodel.Receiver(c)
		case known.CondWait:
			return ssaClass(lockmodel.Receiver(c)), bCond, true, 0, false, lockmodel.Receiver(c)
		case known.CondSignal, known.CondBroadcast:
			return ssaClass(lockmodel.Receiver(c)), 0, false, pSignal, true, lockmodel.Receiver(c)
		}
		if b, ok := c.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(c.Args) == 1 {
			return ssaClass(c.Args[0]), 0, false, pSend, true, c.Args[0]
		}
	}
	return "", 0, false, 0, false, nil
}

// acquiredClasses returns the lock classes acquired earlier on the path
// (held now, or released after this path's own acquisition), with the
// acquisition or release op.
func acquiredClasses(st *lockmodel.State) map[string]*lockmodel.Op {
	out := make(map[string]*lockmodel.Op)
	for _, ls := range st.Locks() {
		if ls.Entry || ls.Since == nil || ls.Since.Try {
			continue
		}
		if !(ls.IsHeld() || ls.Status == lockmodel.Released) {
			continue
		}
		c, ok := ls.Since.Instr.(ssa.CallInstruction)
		if !ok || ls.Since.Wrapper {
			continue
		}
		if class := ssaClass(lockmodel.Receiver(c.Common())); class != "" {
			out[class] = ls.Since
		}
	}
	return out
}

// instr records what the walk sees at one instruction.
func (cs *chanState) instr(fn *ssa.Function, instr ssa.Instruction, st *lockmodel.State) {
	if sel, ok := instr.(*ssa.Select); ok {
		cs.selectOps(fn, sel, st)
		return
	}
	class, bk, blocks, pk, isPartner, v := chanOp(instr)
	if class == "" {
		return
	}
	if blocks {
		for _, ls := range st.Locks() {
			if !ls.IsHeld() || ls.Entry || ls.Since == nil || ls.Since.Wrapper || ls.Since.Try {
				continue
			}
			c, ok := ls.Since.Instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			lc := ssaClass(lockmodel.Receiver(c.Common()))
			if lc == "" {
				continue
			}
			if bk == bCond {
				// Wait releases the Cond's own locker; only another lock
				// stays held, and only a known locker tells them apart.
				if l, ok := cs.lockers[class]; !ok || l == "" || l == lc {
					continue
				}
			}
			pos := instr.Pos()
			if call, ok := instr.(*ssa.Call); ok {
				pos = call.Pos()
			}
			cs.blocks = append(cs.blocks, &blocking{kind: bk, class: class, display: render(v), pos: pos, fn: fn,
				lock: lc, lockName: ls.Key.Display, heldPos: ls.Since.Pos()})
		}
	}
	if isPartner {
		cs.visit(fn, instr, pk, class, st)
	}
}

func (cs *chanState) visit(fn *ssa.Function, instr ssa.Instruction, pk partnerKind, class string, st *lockmodel.State) {
	p := cs.partners[instr]
	if p == nil {
		pos := instr.Pos()
		if call, ok := instr.(*ssa.Call); ok {
			pos = call.Pos()
		}
		p = &partner{kind: pk, class: class, pos: pos, fn: fn, acquired: make(map[string]int), acqPos: make(map[string]token.Pos)}
		cs.partners[instr] = p
		cs.order = append(cs.order, instr)
	}
	cs.count(p, st)
}

func (cs *chanState) count(p *partner, st *lockmodel.State) {
	p.visits++
	for class, op := range acquiredClasses(st) {
		p.acquired[class]++
		if _, ok := p.acqPos[class]; !ok {
			p.acqPos[class] = op.Pos()
		}
	}
}

// selectOps: a select's cases are partners; a blocking select with a
// single case is a plain blocking operation.
func (cs *chanState) selectOps(fn *ssa.Function, sel *ssa.Select, st *lockmodel.State) {
	for _, s := range sel.States {
		class := ssaClass(s.Chan)
		if class == "" {
			continue
		}
		pk := pRecv
		if s.Dir == 1 { // types.SendOnly
			pk = pSend
		}
		cs.visit(fn, sel, pk, class, st)
	}
}

// exit: the Done deferred at the top of fn runs here.
func (cs *chanState) exit(fn *ssa.Function, st *lockmodel.State) {
	if p := cs.doneExit[fn]; p != nil {
		cs.count(p, st)
	}
}

// prepare finds fn's deferred wg.Done registered in its entry block.
func (cs *chanState) prepare(fn *ssa.Function) {
	if len(fn.Blocks) == 0 {
		return
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok && known.Call(&c.Call) == known.WGAdd {
				if class := ssaClass(lockmodel.Receiver(&c.Call)); class != "" {
					if cs.adds[fn] == nil {
						cs.adds[fn] = make(map[string]bool)
					}
					cs.adds[fn][class] = true
				}
			}
		}
	}
	for _, instr := range fn.Blocks[0].Instrs {
		d, ok := instr.(*ssa.Defer)
		if !ok || known.Call(&d.Call) != known.WGDone {
			continue
		}
		if class := ssaClass(lockmodel.Receiver(&d.Call)); class != "" {
			cs.doneExit[fn] = &partner{kind: pDone, class: class, pos: d.Call.Pos(), fn: fn, acquired: make(map[string]int), acqPos: make(map[string]token.Pos)}
		}
	}
}

func render(v ssa.Value) string {
	k := lockmodel.NewKeys(parentOf(v)).Of(v)
	if k == nil {
		return "the channel"
	}
	return k.Display
}

func parentOf(v ssa.Value) *ssa.Function {
	if i, ok := v.(ssa.Instruction); ok {
		return i.Parent()
	}
	if p, ok := v.(*ssa.Parameter); ok {
		return p.Parent()
	}
	return nil
}

// unbuffered reports whether every channel stored into class in the
// package is made with capacity 0 (and at least one is).
func (pc *passContext) unbuffered(class string) bool {
	if pc.chanCaps == nil {
		pc.chanCaps = make(map[string]int) // 0 unbuffered, 1 buffered or unknown
		for _, fn := range pc.ssa.SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					st, ok := instr.(*ssa.Store)
					if !ok {
						continue
					}
					c := ssaClass(st.Addr)
					if c == "" {
						continue
					}
					mc, ok := st.Val.(*ssa.MakeChan)
					if !ok {
						if isChanType(st.Val) {
							pc.chanCaps[c] = 1
						}
						continue
					}
					k, ok := mc.Size.(*ssa.Const)
					if !ok || k.Int64() != 0 {
						pc.chanCaps[c] = 1
					} else if _, seen := pc.chanCaps[c]; !seen {
						pc.chanCaps[c] = 0
					}
				}
			}
		}
	}
	cap, ok := pc.chanCaps[class]
	return ok && cap == 0
}

// checkChanLocks matches blocking operations with their partners.
func (pc *passContext) checkChanLocks() {
	cs := pc.chans
	var parts []*partner
	for _, i := range cs.order {
		parts = append(parts, cs.partners[i])
	}
	var fns []*ssa.Function
	for fn := range cs.doneExit {
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	for _, fn := range fns {
		parts = append(parts, cs.doneExit[fn])
	}
	for _, b := range cs.blocks {
		want := pRecv
		switch b.kind {
		case bRecv:
			want = pSend
		case bWait:
			want = pDone
		case bCond:
			want = pSignal
		}
		if (b.kind == bSend || b.kind == bRecv) && !pc.unbuffered(b.class) {
			continue // a buffer may have room: the operation need not wait
		}
		for _, p := range parts {
			if p.kind == pDone && cs.adds[p.fn][p.class] {
				// The Done caller counts itself (Add under the lock, as the
				// waiter's own protocol does): its earlier acquisition
				// happens before the Wait can count it.
				continue
			}
			if p.kind != want || p.class != b.class || p.fn == b.fn || p.visits == 0 || p.acquired[b.lock] != p.visits {
				continue
			}
			pc.reportChanLock(b, p)
			break
		}
	}
}

func (pc *passContext) reportChanLock(b *blocking, p *partner) {
	var what, who string
	switch b.kind {
	case bSend:
		what, who = "sending on "+b.display, "the receiver"
	case bRecv:
		what, who = "receiving from "+b.display, "the sender"
	case bWait:
		what, who = "waiting on "+b.display, "the Done caller"
	case bCond:
		what, who = "waiting on "+b.display+" (Wait releases only the Cond's own lock)", "the signaller"
	}
	name := p.fn.RelString(pc.pass.Pkg)
	if p.fn.Parent() != nil {
		name = "the function literal in " + p.fn.Parent().RelString(pc.pass.Pkg)
	}
	msg := fmt.Sprintf("%s is held while %s, but %s in %s acquires %s (line %d) before it gets there; both goroutines wait forever",
		b.lockName, what, who, name, lockorder.Display(b.lock), pc.line(p.acqPos[b.lock]))
	pc.emit(analysis.Diagnostic{
		Pos:     b.pos,
		Message: msg,
		Related: []analysis.RelatedInformation{
			{Pos: b.heldPos, Message: b.lockName + " acquired here"},
			{Pos: p.acqPos[b.lock], Message: "the partner acquires " + lockorder.Display(b.lock) + " here"},
			{Pos: p.pos, Message: "the partner operation"},
		},
	})
}

func isChanType(v ssa.Value) bool {
	_, ok := v.Type().Underlying().(*types.Chan)
	return ok
}

// abandon forgets what a walk that hit its budget recorded for fn.
func (cs *chanState) abandon(fn *ssa.Function) {
	var blocks []*blocking
	for _, b := range cs.blocks {
		if b.fn != fn {
			blocks = append(blocks, b)
		}
	}
	cs.blocks = blocks
	var order []ssa.Instruction
	for _, i := range cs.order {
		if i.Parent() == fn {
			delete(cs.partners, i)
			continue
		}
		order = append(order, i)
	}
	cs.order = order
	delete(cs.doneExit, fn)
}

// noteLockers records the Cond lockers of fns (a pre-pass: the
// constructor that makes a Cond may take no lock).
func (cs *chanState) noteLockers(fns []*ssa.Function) {
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if st, ok := instr.(*ssa.Store); ok {
					cs.noteLocker(st)
				}
			}
		}
	}
}

// noteLocker records, for a store of sync.NewCond(l) into a Cond field or
// variable, the class of l.
func (cs *chanState) noteLocker(st *ssa.Store) {
	c, ok := st.Val.(*ssa.Call)
	if !ok || known.Call(&c.Call) != known.CondNew || len(c.Call.Args) != 1 {
		return
	}
	class := ssaClass(st.Addr)
	if class == "" {
		return
	}
	l := ssaClass(c.Call.Args[0])
	if old, seen := cs.lockers[class]; seen && old != l {
		l = "" // made with different lockers: unknown
	}
	cs.lockers[class] = l
}
