// Package ordering is concurlint's one ordering policy: it answers whether
// an operation of the function that starts a goroutine (the spawner)
// orders that goroutine's writes before the spawner's later accesses.
//
// A Goroutine is built once per spawn site (gomodel.Spawn). It collects the
// synchronisation objects the goroutine operates on — the WaitGroup it calls
// Done on, the channels it sends on or closes, the atomic flags it stores,
// the mutexes it unlocks, the sync.Once it runs, its errgroup or
// WaitGroup.Go group — as spawner-side identities (a captured variable or
// argument, plus a field path). An operation of the spawner orders the
// goroutine when it is
//
//   - Wait on the goroutine's WaitGroup (directly, or through a method of a
//     struct holding it, followed into same-package callees), errgroup Wait
//     of the group it was started by;
//   - a receive from a channel the goroutine sends on or closes, a send on a
//     channel it receives from, or a select whose taken case is such a
//     receive (an edge: the other cases — a timer, ctx.Done(), an unrelated
//     channel — order nothing);
//   - an atomic flag observed: the goroutine stores the flag after its
//     writes (a flag stored before other writes signals nothing), the spawner
//     branches on its Load (the edge on which the stored value was seen,
//     for !done.Load() loops the loop exit), or calls a polling helper with
//     a condition returning the Load (testify's Eventually, or a
//     same-package helper that calls its condition parameter and branches
//     on the result);
//   - Do on a sync.Once the goroutine also runs, Lock of a mutex it unlocks
//     (a hand-off);
//   - a call of code the analysis cannot see (an interface method, a
//     function of another package) that receives one of those objects, or
//     a Wait/Join/Stop/Close/Shutdown method of a struct that holds one.
//
// Precision over recall: a goroutine that calls a function value (a
// callback, which may synchronise in ways this package cannot name) is
// "opaque": every receive, select, Wait, Lock or Cond.Wait of the spawner
// is taken to order it. Interface methods the goroutine calls are taken
// not to synchronise with the spawner.
//
// Concurrent lists the spawner's instructions that may run while the
// goroutine still runs; JoinAfter says whether an ordering operation can
// still come later (the "read before join" that missingjoin owns, as
// opposed to no join at all). AfterWait and SingleWriter answer the two
// questions that have no particular goroutine: is an access after a
// WaitGroup or errgroup Wait on every path, and is a plain read made by the
// goroutine that makes every write (single-writer atomics).
//
// Usage, per spawn site of a function:
//
//	for _, s := range gomodel.Spawns(fn) {
//		g := ordering.Of(s)
//		conc := g.Concurrent(nil) // or stop at a per-iteration variable's definition
//		for _, acc := range accesses {
//			switch {
//			case !conc[acc]:
//				// before the spawn, or ordered after the goroutine
//			case g.JoinAfter(acc):
//				// concurrent, but a join follows: read before join
//			default:
//				// concurrent and never joined
//			}
//		}
//	}
//
// Orders(instr) and OrdersEdge(block, succ) expose the single decisions
// for analyzers that walk the control flow themselves.
package ordering

import (
	"github.com/concurlint/concurlint/internal/lockmodel"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/ssa"
)

// syncKind is what the goroutine does to a synchronisation object.
type syncKind uint8

const (
	sDone   syncKind = iota // wg.Done
	sSend                   // ch <- v, close(ch)
	sRecv                   // <-ch
	sFlag                   // atomic store
	sUnlock                 // mu.Unlock
	sOnce                   // once.Do
	sGroup                  // the errgroup / WaitGroup.Go group it was started by
	sCount                  // atomic decrement of a shared count, its last act
)

// ident names an object in the spawner: a root value and a field path.
type ident struct {
	root ssa.Value
	path string
}

func (a ident) prefixOf(b ident) bool {
	return a.root == b.root && (a.path == b.path || len(b.path) > len(a.path) && b.path[:len(a.path)] == a.path && (a.path == "" || b.path[len(a.path)] == '.'))
}

type syncObj struct {
	kind syncKind
	id   ident
}

// Goroutine is the ordering policy for one spawn site.
type Goroutine struct {
	Spawn   gomodel.Spawn
	spawner *ssa.Function
	objs    []syncObj
	// opaque: the goroutine calls code it cannot follow; any
	// synchronising operation of the spawner is taken to order it.
	opaque bool
	// memo caches Orders.
	memo map[ssa.Instruction]bool
}

// Of builds the policy for s, a spawn site of its function.
func Of(s gomodel.Spawn) *Goroutine {
	g := &Goroutine{Spawn: s, spawner: s.Instr.Parent()}
	if s.Group != nil && (s.Kind == gomodel.ErrgroupGo || s.Kind == gomodel.WaitGroupGo) {
		if id, ok := canon(s.Group); ok {
			k := sGroup
			if s.Kind == gomodel.WaitGroupGo {
				k = sDone
			}
			g.objs = append(g.objs, syncObj{k, id})
		}
	}
	if s.Fn == nil {
		g.opaque = true
		return g
	}
	m := func(v ssa.Value) (ident, bool) {
		id, ok := canon(v)
		if !ok {
			return ident{}, false
		}
		switch r := id.root.(type) {
		case *ssa.FreeVar:
			for i, fv := range s.Fn.FreeVars {
				if fv == r && i < len(s.Bindings) {
					return extend(s.Bindings[i], id.path)
				}
			}
			return ident{}, false
		case *ssa.Parameter:
			for i, p := range s.Fn.Params {
				if p == r && i < len(s.Args) {
					return extend(s.Args[i], id.path)
				}
			}
			return ident{}, false
		case *ssa.Global:
			return id, true
		}
		return ident{}, false // the goroutine's own object
	}
	g.collect(s.Fn, m, 0, make(map[*ssa.Function]bool))
	return g
}

// extend returns the spawner-side identity of path below v.
func extend(v ssa.Value, path string) (ident, bool) {
	id, ok := canon(v)
	if !ok {
		return ident{}, false
	}
	if path != "" {
		if id.path != "" {
			id.path += "." + path
		} else {
			id.path = path
		}
	}
	return id, true
}

// collect records the synchronising operations of fn (the goroutine's
// function or a function it calls, whose values map to the spawner's by m).
func (g *Goroutine) collect(fn *ssa.Function, m func(ssa.Value) (ident, bool), depth int, seen map[*ssa.Function]bool) {
	if seen[fn] || depth > 3 {
		return
	}
	seen[fn] = true
	add := func(k syncKind, v ssa.Value) {
		if id, ok := m(v); ok {
			g.objs = append(g.objs, syncObj{k, id})
		}
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Send:
				add(sSend, in.Chan)
			case *ssa.UnOp:
				if in.Op == token.ARROW {
					add(sRecv, in.X)
				}
			case *ssa.Select:
				for _, st := range in.States {
					if st.Dir == types.SendOnly {
						add(sSend, st.Chan)
					} else {
						add(sRecv, st.Chan)
					}
				}
			case ssa.CallInstruction:
				c := in.Common()
				if _, isGo := in.(*ssa.Go); isGo {
					continue // another goroutine: its own policy
				}
				if b, ok := c.Value.(*ssa.Builtin); ok {
					if b.Name() == "close" && len(c.Args) == 1 {
						add(sSend, c.Args[0])
					}
					continue
				}
				if addr, ok := known.AtomicDecrement(c); ok && !writesAfter(in) && !sendsAfter(in) {
					// The goroutine counts itself out last: the spawner's
					// own decrement reaching zero comes after it.
					add(sCount, addr)
				}
				if k, addr := known.Atomic(c); k == known.AtomicWrite {
					// A flag signals only the writes made before it: one
					// stored first ("started") orders nothing after it.
					if !writesAfter(in) {
						add(sFlag, addr)
					}
					continue
				} else if k == known.AtomicLoad {
					continue
				}
				switch known.Call(c) {
				case known.WGDone:
					add(sDone, c.Args[0])
					continue
				case known.Unlock, known.RUnlock:
					if c.IsInvoke() {
						add(sUnlock, c.Value)
					} else if len(c.Args) > 0 {
						add(sUnlock, c.Args[0])
					}
					continue
				case known.OnceDo:
					add(sOnce, c.Args[0])
					continue
				case known.None:
				default:
					continue
				}
				callee := c.StaticCallee()
				if callee == nil {
					// A callback (a function value the goroutine was
					// handed) may synchronise any way it likes; interface
					// methods are taken not to synchronise with the spawner.
					if !c.IsInvoke() {
						g.opaque = true
					}
					continue
				}
				if len(callee.Blocks) == 0 || callee.Pkg != g.spawner.Pkg {
					continue // another package: no synchronisation it can name here
				}
				// Map the callee's parameters and free variables to ours.
				args := c.Args
				var bindings []ssa.Value
				if mc, ok := c.Value.(*ssa.MakeClosure); ok {
					bindings = mc.Bindings
				}
				cm := func(v ssa.Value) (ident, bool) {
					id, ok := canon(v)
					if !ok {
						return ident{}, false
					}
					switch r := id.root.(type) {
					case *ssa.Parameter:
						for i, p := range callee.Params {
							if p == r && i < len(args) {
								if base, ok := m(args[i]); ok {
									return joinIdent(base, id.path), true
								}
							}
						}
						return ident{}, false
					case *ssa.FreeVar:
						for i, fv := range callee.FreeVars {
							if fv == r && i < len(bindings) {
								if base, ok := m(bindings[i]); ok {
									return joinIdent(base, id.path), true
								}
							}
						}
						return ident{}, false
					case *ssa.Global:
						return id, true
					}
					return ident{}, false
				}
				g.collect(callee, cm, depth+1, seen)
			}
		}
	}
}

// writesAfter reports whether a store to memory other than the
// function's own locals can run after instr in its function.
func writesAfter(instr ssa.Instruction) bool {
	return ssacfg.AnyAfter(instr, func(in ssa.Instruction) bool {
		switch in := in.(type) {
		case *ssa.Store:
			if a, ok := in.Addr.(*ssa.Alloc); ok && !a.Heap {
				return false
			}
			return true
		case *ssa.MapUpdate:
			return true
		}
		return false
	})
}

func joinIdent(base ident, path string) ident {
	if path == "" {
		return base
	}
	if base.path == "" {
		base.path = path
	} else {
		base.path += "." + path
	}
	return base
}

// canon returns the identity of v: loads, conversions and field
// selections are followed down to a root value.
func canon(v ssa.Value) (ident, bool) { return canonDepth(v, 0) }

// canonDepth bounds the recursion (phis of phis in loops, deep selections).
func canonDepth(v ssa.Value, rec int) (ident, bool) {
	if rec > 8 {
		return ident{}, false
	}
	for depth := 0; depth < 16; depth++ {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return ident{root: v}, true
			}
			v = x.X
			continue
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.MakeInterface:
			v = x.X
			continue
		case *ssa.ChangeInterface:
			v = x.X
			continue
		case *ssa.Convert:
			v = x.X
			continue
		case *ssa.FieldAddr:
			base, ok := canonDepth(x.X, rec+1)
			if !ok {
				return ident{}, false
			}
			return joinIdent(base, fieldName(x.X.Type(), x.Field)), true
		case *ssa.Field:
			base, ok := canonDepth(x.X, rec+1)
			if !ok {
				return ident{}, false
			}
			return joinIdent(base, fieldName(x.X.Type(), x.Field)), true
		case *ssa.Phi:
			var out ident
			found := false
			for _, e := range x.Edges {
				if e == x {
					continue
				}
				id, ok := canonDepth(e, rec+1)
				if !ok || found && id != out {
					return ident{}, false
				}
				out, found = id, true
			}
			return out, found
		case *ssa.Const:
			return ident{}, false
		case *ssa.Alloc:
			// The heap cell of a parameter a closure captures is that
			// parameter (func (w *worker) run() { defer w.wg.Done(); go
			// func() { w.x }() }).
			if p := lockmodel.SpilledParam(x); p != nil {
				v = p
				continue
			}
		}
		return ident{root: v}, true
	}
	return ident{}, false
}

func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return "?"
	}
	return st.Field(i).Name()
}

// has reports whether the goroutine operates on id with one of kinds.
func (g *Goroutine) has(v ssa.Value, kinds ...syncKind) bool {
	id, ok := canon(v)
	if !ok {
		return false
	}
	id = g.resolve(id)
	for _, o := range g.objs {
		for _, k := range kinds {
			if o.kind == k && g.resolve(o.id) == id {
				return true
			}
		}
	}
	return false
}

// resolve follows a field of a local struct to the value stored there
// once (c := &copier{wg: &wg}; c.wg is wg).
func (g *Goroutine) resolve(id ident) ident {
	if id.path == "" {
		return id
	}
	switch id.root.(type) {
	case *ssa.Alloc:
	default:
		return id
	}
	var stored ssa.Value
	for _, b := range g.spawner.Blocks {
		for _, in := range b.Instrs {
			st, ok := in.(*ssa.Store)
			if !ok {
				continue
			}
			if sid, ok := canon(st.Addr); ok && sid == id {
				if stored != nil && stored != st.Val {
					return id
				}
				stored = st.Val
			}
		}
	}
	if stored == nil {
		return id
	}
	if rid, ok := canon(stored); ok {
		return rid
	}
	return id
}

// holds reports whether v (a struct, or a pointer to one) contains one of
// the goroutine's synchronisation objects.
func (g *Goroutine) holds(v ssa.Value) bool {
	id, ok := canon(v)
	if !ok {
		return false
	}
	for _, o := range g.objs {
		if id.prefixOf(o.id) {
			return true
		}
	}
	return false
}

// Orders reports whether instr, an instruction of the spawner, orders the
// goroutine's writes before everything that follows it.
func (g *Goroutine) Orders(instr ssa.Instruction) bool {
	if v, ok := g.memo[instr]; ok {
		return v
	}
	if g.memo == nil {
		g.memo = make(map[ssa.Instruction]bool)
	}
	v := g.orders(instr, 0)
	g.memo[instr] = v
	return v
}

func (g *Goroutine) orders(instr ssa.Instruction, depth int) bool {
	switch in := instr.(type) {
	case *ssa.UnOp:
		if in.Op == token.ARROW {
			return g.opaque || g.has(in.X, sSend) || g.viaWaiter(in.X)
		}
	case *ssa.Send:
		return g.opaque || g.has(in.Chan, sRecv)
	case *ssa.Select:
		if g.opaque {
			return true
		}
		if !in.Blocking {
			return false
		}
		// A blocking select all of whose cases are ordering — or stop
		// the goroutine (case <-time.After(d): t.Fatal(…)): whatever
		// follows the select ran after an ordering case.
		ordering := false
		for k, st := range in.States {
			if st.Dir == types.SendOnly && !g.has(st.Chan, sRecv) || st.Dir == types.RecvOnly && !g.has(st.Chan, sSend) && !g.viaWaiter(st.Chan) {
				if _, b := ssacfg.SelectCaseEdge(in, k); b == nil || !stops(b) {
					return false
				}
				continue
			}
			ordering = true
		}
		return ordering
	case *ssa.Call:
		return g.callOrders(&in.Call, depth)
	}
	return false
}

func (g *Goroutine) callOrders(c *ssa.CallCommon, depth int) bool {
	api := known.Call(c)
	recv := func() ssa.Value {
		if c.IsInvoke() {
			return c.Value
		}
		if len(c.Args) > 0 {
			return c.Args[0]
		}
		return nil
	}
	switch api {
	case known.SynctestWait:
		return true // happens-after everything the bubble did so far
	case known.WGWait:
		return g.opaque || g.has(recv(), sDone)
	case known.GroupWait:
		return g.opaque || g.has(recv(), sGroup, sDone)
	case known.CondWait:
		return g.opaque
	case known.Lock, known.RLock:
		return g.opaque || g.has(recv(), sUnlock)
	case known.OnceDo:
		return g.has(recv(), sOnce)
	case known.PollUntil:
		return g.pollArgs(c)
	case known.None:
	default:
		return false
	}
	if k, _ := known.Atomic(c); k != known.NotAtomic {
		return false
	}
	callee := c.StaticCallee()
	if callee != nil && callee.Pkg == g.spawner.Pkg && len(callee.Blocks) > 0 {
		if g.pollHelper(callee) && g.pollArgs(c) {
			return true
		}
		if depth > 2 {
			return false
		}
		return g.calleeOrders(callee, c, depth)
	}
	// Code we cannot see, handed one of the goroutine's objects.
	if c.IsInvoke() && g.has(c.Value, sDone, sSend, sRecv, sGroup) {
		return true
	}
	for _, a := range c.Args {
		if g.has(a, sDone, sSend, sRecv, sGroup) {
			return true
		}
	}
	if fn := known.Callee(c); fn != nil {
		switch fn.Name() {
		case "Wait", "Join", "Stop", "Close", "Shutdown":
			if r := recv(); r != nil && g.holds(r) {
				return true
			}
		}
	}
	return false
}

// calleeOrders reports whether a same-package callee waits for the
// goroutine on every path through it: an ordering operation (mapped through
// the call's arguments) in a block that dominates every return.
func (g *Goroutine) calleeOrders(callee *ssa.Function, c *ssa.CallCommon, depth int) bool {
	sub := &Goroutine{Spawn: g.Spawn, spawner: callee, opaque: g.opaque}
	for _, o := range g.objs {
		// Re-express the goroutine's objects in the callee's terms: the
		// ones reached through an argument.
		for i, a := range c.Args {
			if i >= len(callee.Params) {
				break
			}
			aid, ok := canon(a)
			if !ok {
				continue
			}
			if aid.prefixOf(o.id) {
				rest := o.id.path[len(aid.path):]
				if len(rest) > 0 && rest[0] == '.' {
					rest = rest[1:]
				}
				sub.objs = append(sub.objs, syncObj{o.kind, ident{callee.Params[i], rest}})
			}
		}
		if _, ok := o.id.root.(*ssa.Global); ok {
			sub.objs = append(sub.objs, o)
		}
	}
	if len(sub.objs) == 0 && !g.opaque {
		return false
	}
	for _, b := range callee.Blocks {
		for _, in := range b.Instrs {
			if sub.orders(in, depth+1) && dominatesReturns(b) {
				return true
			}
		}
	}
	return false
}

func dominatesReturns(b *ssa.BasicBlock) bool {
	for _, r := range b.Parent().Blocks {
		if len(r.Instrs) == 0 {
			continue
		}
		if _, ok := r.Instrs[len(r.Instrs)-1].(*ssa.Return); ok && !b.Dominates(r) {
			return false
		}
	}
	return true
}

// pollArgs reports whether one of the call's arguments is a condition
// function returning an observation of the goroutine's flag.
func (g *Goroutine) pollArgs(c *ssa.CallCommon) bool {
	for _, a := range c.Args {
		mc, ok := a.(*ssa.MakeClosure)
		if !ok {
			continue
		}
		fn, ok := mc.Fn.(*ssa.Function)
		if !ok {
			continue
		}
		for _, b := range fn.Blocks {
			r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
			if !ok || len(r.Results) != 1 {
				continue
			}
			flag, pol, ok := observation(r.Results[0])
			if !ok || !pol {
				continue
			}
			// Map the closure's free variable back to the spawner.
			fid, ok := canon(flag)
			if !ok {
				continue
			}
			for i, fv := range fn.FreeVars {
				if fv == fid.root && i < len(mc.Bindings) {
					if sid, ok := extend(mc.Bindings[i], fid.path); ok {
						for _, o := range g.objs {
							if o.kind == sFlag && g.resolve(o.id) == g.resolve(sid) {
								return true
							}
						}
					}
				}
			}
		}
	}
	return false
}

// pollHelper reports whether fn is a hand-written polling helper: it has a
// parameter of type func() bool that it calls, branching on the result.
func (g *Goroutine) pollHelper(fn *ssa.Function) bool {
	for _, p := range fn.Params {
		sig, ok := p.Type().Underlying().(*types.Signature)
		if !ok || sig.Params().Len() != 0 || sig.Results().Len() != 1 {
			continue
		}
		if b, ok := sig.Results().At(0).Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
			continue
		}
		for _, ref := range *p.Referrers() {
			call, ok := ref.(*ssa.Call)
			if !ok || call.Call.Value != p {
				continue
			}
			for _, r2 := range *call.Referrers() {
				if _, ok := r2.(*ssa.If); ok {
					return true
				}
				if u, ok := r2.(*ssa.UnOp); ok && u.Op == token.NOT {
					for _, r3 := range *u.Referrers() {
						if _, ok := r3.(*ssa.If); ok {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// observation decomposes a condition into the atomic load it tests and
// the polarity under which it means "the flag was set": done.Load() is
// (done, true); !done.Load() and n.Load() == 0 are (…, false).
func observation(v ssa.Value) (ssa.Value, bool, bool) {
	for depth := 0; depth < 4; depth++ {
		switch x := v.(type) {
		case *ssa.Call:
			if k, addr := known.Atomic(&x.Call); k == known.AtomicLoad {
				return addr, true, true
			}
			return nil, false, false
		case *ssa.UnOp:
			if x.Op != token.NOT {
				return nil, false, false
			}
			flag, pol, ok := observation(x.X)
			return flag, !pol, ok
		case *ssa.BinOp:
			if x.Op != token.EQL && x.Op != token.NEQ {
				return nil, false, false
			}
			l, k := x.X, x.Y
			if _, ok := l.(*ssa.Const); ok {
				l, k = k, l
			}
			kc, ok := k.(*ssa.Const)
			if !ok || kc.Value == nil {
				return nil, false, false
			}
			flag, pol, ok := observation(l)
			if !ok {
				return nil, false, false
			}
			zero := kc.Value.Kind() == constant.Int && constant.Sign(kc.Value) == 0 ||
				kc.Value.Kind() == constant.Bool && !constant.BoolVal(kc.Value)
			// flag == 0 means "not set"; flag != 0 means "set".
			set := (x.Op == token.EQL) != zero
			return flag, pol == set, true
		default:
			return nil, false, false
		}
	}
	return nil, false, false
}

// OrdersEdge reports whether taking successor i of block b orders the
// goroutine: the case of a select receiving from the goroutine's channel,
// or the branch on which an atomic flag it stores was observed set.
func (g *Goroutine) OrdersEdge(b *ssa.BasicBlock, i int) bool {
	if len(b.Instrs) == 0 || i > 1 {
		return false
	}
	ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	// select case k taken: if extract(select, 0) == k.
	if bin, ok := ifi.Cond.(*ssa.BinOp); ok && bin.Op == token.EQL && i == 0 {
		if ex, ok := bin.X.(*ssa.Extract); ok && ex.Index == 0 {
			if sel, ok := ex.Tuple.(*ssa.Select); ok {
				if k, ok := bin.Y.(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int {
					n, _ := constant.Int64Val(k.Value)
					if n >= 0 && int(n) < len(sel.States) {
						st := sel.States[n]
						if st.Dir == types.RecvOnly && g.has(st.Chan, sSend) || st.Dir == types.SendOnly && g.has(st.Chan, sRecv) {
							return true
						}
					}
				}
				return false
			}
		}
	}
	if counter, pol, ok := countdown(ifi.Cond); ok && g.has(counter, sCount) {
		return pol == (i == 0)
	}
	flag, pol, ok := observation(ifi.Cond)
	if !ok || !g.has(flag, sFlag) {
		return false
	}
	return pol == (i == 0)
}

// countdown decomposes the last-one-out test atomic.AddInt64(&n, -1) == 0
// (also <= 0, != 0 and > 0, through negations) into the counter and the
// polarity under which it means "every other holder has counted itself
// out". Used with goroutines whose last act is the same decrement.
func countdown(v ssa.Value) (ssa.Value, bool, bool) {
	base, pol := ssacfg.CondBase(v)
	bin, ok := base.(*ssa.BinOp)
	if !ok {
		return nil, false, false
	}
	call, ok := bin.X.(*ssa.Call)
	k, isConst := bin.Y.(*ssa.Const)
	if !ok || !isConst || k.Value == nil || k.Value.Kind() != constant.Int || constant.Sign(k.Value) != 0 {
		return nil, false, false
	}
	addr, ok := known.AtomicDecrement(&call.Call)
	if !ok {
		return nil, false, false
	}
	switch bin.Op {
	case token.EQL, token.LEQ:
		return addr, pol, true
	case token.NEQ, token.GTR:
		return addr, !pol, true
	}
	return nil, false, false
}

// sendsAfter reports whether a channel send can run after instr in its
// function (a close cannot race with a close behind the same count).
func sendsAfter(instr ssa.Instruction) bool {
	return ssacfg.AnyAfter(instr, func(in ssa.Instruction) bool {
		switch in := in.(type) {
		case *ssa.Send:
			return true
		case *ssa.Select:
			for _, st := range in.States {
				if st.Dir == types.SendOnly {
					return true
				}
			}
		}
		return false
	})
}

// Concurrent returns the spawner's instructions reachable from the spawn
// without passing an ordering operation or edge, nor an instruction for
// which stop holds (the re-definition of a per-iteration variable).
// Precision over recall, instructions also reachable from an ordering
// operation that is itself reachable from the spawn are left out:
// "for i := 0; i < n; i++ { <-done }" may run zero times on paper, never
// in practice.
func (g *Goroutine) Concurrent(stop func(ssa.Instruction) bool) map[ssa.Instruction]bool {
	if stop == nil {
		stop = func(ssa.Instruction) bool { return false }
	}
	out, joins, edges := g.walk([]ssa.Instruction{g.Spawn.Instr}, nil, func(in ssa.Instruction) bool {
		return stop(in) || g.Orders(in)
	})
	if len(joins)+len(edges) > 0 {
		after, _, _ := g.walk(joins, edges, stop)
		for in := range after {
			if in != ssa.Instruction(g.Spawn.Instr) {
				delete(out, in)
			}
		}
	}
	return out
}

// JoinAfter reports whether an operation ordering the goroutine can run
// after instr: the access comes before a join rather than with no join.
func (g *Goroutine) JoinAfter(instr ssa.Instruction) bool {
	_, joins, edges := g.walk([]ssa.Instruction{instr}, nil, g.Orders)
	return len(joins)+len(edges) > 0
}

// walk returns the instructions reachable after the starts (and from the
// entries of startBlocks), not going past instructions for which stop
// holds nor along ordering edges; it also returns the stops reached and
// the blocks entered by an ordering edge.
func (g *Goroutine) walk(starts []ssa.Instruction, startBlocks []*ssa.BasicBlock, stop func(ssa.Instruction) bool) (map[ssa.Instruction]bool, []ssa.Instruction, []*ssa.BasicBlock) {
	out := make(map[ssa.Instruction]bool)
	var stops []ssa.Instruction
	var edges []*ssa.BasicBlock
	stopped := make(map[ssa.Instruction]bool)
	edged := make(map[*ssa.BasicBlock]bool)
	type item struct {
		b     *ssa.BasicBlock
		start int
	}
	var stack []item
	for _, from := range starts {
		fb := from.Block()
		for i, in := range fb.Instrs {
			if in == from {
				stack = append(stack, item{fb, i + 1})
			}
		}
	}
	entered := make(map[*ssa.BasicBlock]bool)
	for _, b := range startBlocks {
		entered[b] = true
		stack = append(stack, item{b, 0})
	}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		halted := false
		for _, in := range it.b.Instrs[it.start:] {
			if stop(in) {
				if !stopped[in] {
					stopped[in] = true
					stops = append(stops, in)
				}
				halted = true
				break
			}
			out[in] = true
		}
		if halted {
			continue
		}
		for i, succ := range it.b.Succs {
			if g.OrdersEdge(it.b, i) {
				if !edged[succ] {
					edged[succ] = true
					edges = append(edges, succ)
				}
				continue
			}
			if !entered[succ] {
				entered[succ] = true
				stack = append(stack, item{succ, 0})
			}
		}
	}
	return out, stops, edges
}

// AfterWait reports whether a WaitGroup or errgroup Wait runs before instr
// on every path through its function (totals read after the workers
// finished), whichever goroutines that Wait joins.
func AfterWait(instr ssa.Instruction) bool {
	ib := instr.Block()
	if ib == nil {
		return false
	}
	for _, b := range instr.Parent().Blocks {
		if !b.Dominates(ib) {
			continue
		}
		for _, in := range b.Instrs {
			if b == ib && in == instr {
				break
			}
			if c, ok := in.(*ssa.Call); ok {
				if api := known.Call(&c.Call); api == known.WGWait || api == known.GroupWait || api == known.SynctestWait {
					return true
				}
			}
		}
	}
	return false
}

// SingleWriter reports whether a plain read is made by the goroutine that
// makes every write of the variable (atomic or not): the writer reading
// back its own value is ordered with all of them, while the other
// goroutines only load atomically. The goroutine of an instruction is its
// function, closures called in place counting as their creator's and,
// when callers is given, functions called (statically, from one function
// only) as their caller's. callers returns the static callers of an
// unexported function of the package, or nil when unknown (used as a
// value, started with go).
func SingleWriter(read ssa.Instruction, writes []ssa.Instruction, callers func(*ssa.Function) []*ssa.Function) bool {
	if len(writes) == 0 {
		return false
	}
	home := goroutineOf(read.Parent(), callers)
	for _, w := range writes {
		if goroutineOf(w.Parent(), callers) != home {
			return false
		}
	}
	return true
}

// goroutineOf climbs from a closure to its creator while the closure is
// only ever called in place (not started, deferred or passed on), and
// from a function to its only caller.
func goroutineOf(fn *ssa.Function, callers func(*ssa.Function) []*ssa.Function) *ssa.Function {
	for range 8 {
		if fn.Parent() == nil {
			if callers == nil {
				return fn
			}
			cs := callers(fn)
			if len(cs) == 0 {
				return fn
			}
			for _, c := range cs[1:] {
				if c != cs[0] {
					return fn
				}
			}
			if cs[0] == fn {
				return fn
			}
			fn = cs[0]
			continue
		}
		calledInPlace := true
		sites := gomodel.ClosureSites(fn)
		for _, mc := range sites {
			for _, ref := range *mc.Referrers() {
				call, ok := ref.(*ssa.Call)
				if !ok || call.Call.Value != mc {
					calledInPlace = false
				}
			}
		}
		if len(sites) == 0 || !calledInPlace {
			return fn
		}
		fn = fn.Parent()
	}
	return fn
}

// stops reports whether block b ends its goroutine: it panics or calls a
// function that never returns (t.Fatal, os.Exit, FailNow through testing.TB
// or testify's TestingT).
func stops(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		switch in := in.(type) {
		case *ssa.Panic:
			return true
		case *ssa.Call:
			fn := known.Callee(&in.Call)
			if in.Call.IsInvoke() {
				fn = in.Call.Method
			}
			if _, cond := known.Stops(fn); cond == known.StopAlways {
				return true
			}
		}
	}
	return false
}

// viaWaiter reports whether a receive from ch in the spawner is ordered
// after g through a waiter: another goroutine of the spawner that waits
// for g's group and then closes ch or sends on it
//
//	go func() { wg.Wait(); close(done) }()
//	select { case <-done: …; case <-time.After(d): t.Fatal(…) }
func (g *Goroutine) viaWaiter(ch ssa.Value) bool {
	want, ok := canon(ch)
	if !ok || g.spawner == nil {
		return false
	}
	for _, w := range gomodel.Spawns(g.spawner) {
		if w.Fn == nil || w.Instr == g.Spawn.Instr {
			continue
		}
		outer := func(v ssa.Value) (ident, bool) {
			if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
				v = u.X
			}
			o, ok := w.Outer(v)
			if !ok {
				return ident{}, false
			}
			return canon(o)
		}
		var waits []ssa.Instruction
		for _, b := range w.Fn.Blocks {
			for _, in := range b.Instrs {
				c, ok := in.(*ssa.Call)
				if !ok {
					continue
				}
				switch known.Call(&c.Call) {
				case known.WGWait, known.GroupWait:
					if len(c.Call.Args) == 0 {
						continue
					}
					v := c.Call.Args[0]
					if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
						v = u.X
					}
					if o, ok := w.Outer(v); ok && g.has(o, sDone, sGroup) {
						waits = append(waits, in)
					}
				}
			}
		}
		if len(waits) == 0 {
			continue
		}
		for _, b := range w.Fn.Blocks {
			for _, in := range b.Instrs {
				var x ssa.Value
				switch in := in.(type) {
				case *ssa.Send:
					x = in.Chan
				case *ssa.Call:
					if bi, ok := in.Call.Value.(*ssa.Builtin); ok && bi.Name() == "close" && len(in.Call.Args) == 1 {
						x = in.Call.Args[0]
					}
				}
				if x == nil {
					continue
				}
				if id, ok := outer(x); !ok || id != want {
					continue
				}
				for _, wt := range waits {
					if ssacfg.Before(wt, in) {
						return true
					}
				}
			}
		}
	}
	return false
}
