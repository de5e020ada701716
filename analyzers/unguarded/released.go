package unguarded

import (
	"strings"

	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/ssa"
)

// releasedAfter reports whether, on some path from access a, the program
// unlocks lock (a path relative to a's object, "mu") before locking it
// again. Unlocking a mutex nobody holds is a run-time error, so such code
// holds the lock at the access by a way the lock model does not see: a
// goroutine that returns holding it and hands it back over a channel, a
// lock taken through an interface or a function value. The model's "not
// held" is then wrong, and the access is not reported.
func (pc *passContext) releasedAfter(a *faccess, lock string) bool {
	if a.base == nil || a.instr == nil {
		return false
	}
	return pc.unlockedNext(a.instr, func(k *lockmodel.Key) bool {
		p, ok := k.Under(a.base)
		return ok && strings.Join(p, ".") == lock
	})
}

// releasedNext reports whether, on some path from instr, the next lock
// operation of its function (on any lock) is an unlock: some lock is held
// at instr in a way the lock model does not see, as in releasedAfter.
func (pc *passContext) releasedNext(instr ssa.Instruction) bool {
	return pc.unlockedNext(instr, func(*lockmodel.Key) bool { return true })
}

// unlockedNext reports whether, on some path from instr, a plain (not
// deferred) unlock of a lock that match accepts comes before any lock of
// one. Deferred unlocks do not count: they run at the function's end
// whatever the state. A Lock or RLock method the model cannot follow (it
// locks through a function value) ends the search too.
func (pc *passContext) unlockedNext(instr ssa.Instruction, match func(*lockmodel.Key) bool) bool {
	if instr.Parent() == nil {
		return false
	}
	m := pc.locksOf(instr.Parent()).model
	if m == nil || !m.HasOps() {
		return false
	}
	on := func(in ssa.Instruction, release bool) bool {
		for _, op := range m.Ops(in) {
			if op.Deferred || !match(op.Key) {
				continue
			}
			if release && op.Kind.Releases() || !release && op.Kind.Acquires() {
				return true
			}
		}
		return false
	}
	return ssacfg.Reach(instr,
		func(in ssa.Instruction) bool { return on(in, false) || callsLockMethod(in) },
		func(in ssa.Instruction) bool { return on(in, true) }) != nil
}

// callsLockMethod reports whether instr calls a method named Lock or RLock.
func callsLockMethod(instr ssa.Instruction) bool {
	c, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	callee := c.Call.StaticCallee()
	if callee == nil || callee.Signature.Recv() == nil {
		return false
	}
	switch callee.Name() {
	case "Lock", "RLock":
		return true
	}
	return false
}

// heldWhenDeferredRuns keeps, of the locks held at defer statement d, those
// still held when the deferred call runs at the function's exit: released
// only by a deferred unlock registered before d (defers run last in, first
// out: mu.Lock(); defer mu.Unlock(); defer f.cleanup() runs cleanup with
// mu held), never by a plain unlock.
func (pc *passContext) heldWhenDeferredRuns(d *ssa.Defer, held []*lockmodel.Key) []*lockmodel.Key {
	m := pc.locksOf(d.Parent()).model
	if m == nil {
		return nil
	}
	var out []*lockmodel.Key
	for _, k := range held {
		deferredBefore, plain := false, false
		for _, b := range d.Parent().Blocks {
			for _, in := range b.Instrs {
				for _, op := range m.Ops(in) {
					if !op.Kind.Releases() || !op.Key.Same(k) {
						continue
					}
					if !op.Deferred {
						plain = true
					} else if in != ssa.Instruction(d) && ssacfg.Before(in, d) {
						deferredBefore = true
					}
				}
			}
		}
		if deferredBefore && !plain {
			out = append(out, k)
		}
	}
	return out
}
