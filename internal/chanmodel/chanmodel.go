// Package chanmodel is concurlint's per-function channel model on SSA: for
// every channel a function makes (*ssa.MakeChan), its capacity when constant,
// every send, receive, range, close and select case on it — in the function
// itself, in closures reached through MakeClosure bindings, in same-package
// functions started as goroutines, and (through chanfacts summaries) in
// callees — which goroutine performs each, and whether the channel escapes
// to code the model cannot see.
//
// The model only describes; deciding what is a bug is the analyzers' job
// (goroutineleak, later chanmisuse). When Escapes is set, the list of
// operations is incomplete and consumers must stay silent.
package chanmodel

import (
	"go/constant"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/chanfacts"
	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/ssa"
)

// Kind is the kind of one channel operation.
type Kind int

const (
	Send       Kind = iota // ch <- v
	Recv                   // <-ch, v, ok := <-ch
	Range                  // for v := range ch: receives until ch is closed
	Close                  // close(ch)
	SelectSend             // case ch <- v: in a select with alternatives or a default
	SelectRecv             // case <-ch: in a select with alternatives or a default
)

var kindNames = [...]string{"send", "recv", "range", "close", "select-send", "select-recv"}

func (k Kind) String() string { return kindNames[k] }

// IsSend reports whether k sends a value.
func (k Kind) IsSend() bool { return k == Send || k == SelectSend }

// IsRecv reports whether k receives.
func (k Kind) IsRecv() bool { return k == Recv || k == Range || k == SelectRecv }

// Op is one operation on a channel.
type Op struct {
	Kind Kind
	// Instr is where the operation happens: the *ssa.Send, *ssa.UnOp,
	// *ssa.Select, the close *ssa.Call, or — for Summary ops — the call or go
	// instruction whose callee performs it.
	Instr ssa.Instruction
	Pos   token.Pos
	// Case is the select state index for SelectSend/SelectRecv, else -1.
	Case int
	// G is the goroutine performing the op; nil is the owner's goroutine
	// (the function that made the channel, its synchronous closures and
	// callees).
	G *Goroutine
	// Deferred ops run when their function returns (defer close(ch)).
	Deferred bool
	// Summary ops come from a callee's chanfacts summary: the callee may
	// perform them any number of times.
	Summary bool
}

// Fn is the function whose body holds the op's instruction.
func (o *Op) Fn() *ssa.Function { return o.Instr.Parent() }

// Goroutine is a goroutine that touches the channel.
type Goroutine struct {
	Spawn gomodel.Spawn
	// Parent is the goroutine that started it; nil is the owner's.
	Parent *Goroutine
}

// Chan is one channel made by a function.
type Chan struct {
	Make  *ssa.MakeChan
	Owner *ssa.Function
	// Cap is the constant capacity, or -1.
	Cap        int
	Ops        []*Op
	Goroutines []*Goroutine
	// Escapes is set when the channel reaches code the model cannot see:
	// stored in a field, global, slice or map, returned, sent on a channel,
	// converted to an interface, passed to a dynamic or unsummarised callee,
	// or held in a variable that is reassigned.
	Escapes   bool
	EscapePos token.Pos
	EscapeWhy string
}

// Build returns the channels made in fn's own body (closures are functions
// of their own in ssa.SrcFuncs and report the channels they make).
func Build(fn *ssa.Function, facts *chanfacts.Result) []*Chan {
	var out []*Chan
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeChan)
			if !ok {
				continue
			}
			c := &Chan{Make: mc, Owner: fn, Cap: -1}
			if k, ok := mc.Size.(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int {
				if n, ok := constant.Int64Val(k.Value); ok {
					c.Cap = int(n)
				}
			}
			t := &tracer{c: c, facts: facts, seen: make(map[visit]bool), gors: make(map[ssa.Instruction]*Goroutine)}
			t.value(mc, nil, false)
			out = append(out, c)
		}
	}
	return out
}

type visit struct {
	v        ssa.Value
	g        *Goroutine
	deferred bool
	ptr      bool
}

type tracer struct {
	c     *Chan
	facts *chanfacts.Result
	seen  map[visit]bool
	gors  map[ssa.Instruction]*Goroutine
}

func (t *tracer) escape(pos token.Pos, why string) {
	if !t.c.Escapes {
		t.c.Escapes, t.c.EscapePos, t.c.EscapeWhy = true, pos, why
	}
}

func (t *tracer) op(k Kind, instr ssa.Instruction, pos token.Pos, g *Goroutine, deferred bool) *Op {
	o := &Op{Kind: k, Instr: instr, Pos: pos, Case: -1, G: g, Deferred: deferred}
	t.c.Ops = append(t.c.Ops, o)
	return o
}

func (t *tracer) goroutine(s gomodel.Spawn, parent *Goroutine) *Goroutine {
	if g := t.gors[s.Instr]; g != nil {
		return g
	}
	g := &Goroutine{Spawn: s, Parent: parent}
	t.gors[s.Instr] = g
	t.c.Goroutines = append(t.c.Goroutines, g)
	return g
}

// isAlias reports whether v is a value already known to be the channel.
func (t *tracer) isAlias(v ssa.Value) bool {
	if v == t.c.Make {
		return true
	}
	for k := range t.seen {
		if k.v == v && !k.ptr {
			return true
		}
	}
	return false
}

// value follows the uses of v, a value that is the channel.
func (t *tracer) value(v ssa.Value, g *Goroutine, deferred bool) {
	key := visit{v, g, deferred, false}
	if t.seen[key] {
		return
	}
	t.seen[key] = true
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef, *ssa.BinOp:
			// Comparisons (ch == nil) and debug info do not use the channel.
		case *ssa.Send:
			if r.Chan == v {
				t.op(Send, r, r.Pos(), g, deferred)
			}
			if r.X == v {
				t.escape(r.Pos(), "sent on a channel")
			}
		case *ssa.UnOp:
			switch r.Op {
			case token.ARROW:
				k := Recv
				if r.CommaOk && r.Block().Comment == "rangechan.loop" {
					k = Range
				}
				t.op(k, r, r.Pos(), g, deferred)
			default:
				t.escape(r.Pos(), "used in an expression")
			}
		case *ssa.Select:
			t.selectOps(v, r, g, deferred)
		case *ssa.ChangeType:
			t.value(r, g, deferred)
		case *ssa.Convert:
			t.value(r, g, deferred)
		case *ssa.Store:
			if r.Val != v {
				t.escape(r.Pos(), "address taken")
				continue
			}
			if a, ok := r.Addr.(*ssa.Alloc); ok {
				t.pointer(a, g, deferred)
			} else {
				t.escape(r.Pos(), "stored in a field, global or element")
			}
		case *ssa.MakeClosure:
			t.closures(r, v, false, g, deferred)
		case *ssa.Call:
			t.call(v, r, r.Common(), g, deferred)
		case *ssa.Defer:
			t.call(v, r, r.Common(), g, true)
		case *ssa.Go:
			t.goCall(v, r, g)
		default:
			// Phi (the variable may hold another channel or nil), Return,
			// MakeInterface, slices, maps, and anything else: unknown.
			t.escape(r.Pos(), "flows to unknown code")
		}
	}
}

// pointer follows the uses of p, a local variable cell (*ssa.Alloc, or a
// closure's free variable pointing to one) holding the channel.
func (t *tracer) pointer(p ssa.Value, g *Goroutine, deferred bool) {
	key := visit{p, g, deferred, true}
	if t.seen[key] {
		return
	}
	t.seen[key] = true
	refs := p.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.UnOp:
			if r.Op == token.MUL {
				t.value(r, g, deferred)
			} else {
				t.escape(r.Pos(), "variable used in an expression")
			}
		case *ssa.Store:
			if r.Addr == p && !t.isAlias(r.Val) {
				// The variable is reassigned (possibly to nil or another
				// channel): which channel an operation uses is unknown.
				t.escape(r.Pos(), "variable reassigned")
			}
		case *ssa.MakeClosure:
			t.closures(r, p, true, g, deferred)
		default:
			t.escape(r.Pos(), "variable's address escapes")
		}
	}
}

// selectKind is the kind of a select case's operation: offered (Select…)
// when the select has alternatives or a default, blocking otherwise.
func selectKind(st *ssa.SelectState, alt bool) Kind {
	switch {
	case st.Dir == types.SendOnly && alt:
		return SelectSend
	case st.Dir == types.SendOnly:
		return Send
	case alt:
		return SelectRecv
	}
	return Recv
}

func (t *tracer) selectOps(v ssa.Value, s *ssa.Select, g *Goroutine, deferred bool) {
	// A select with alternatives (or a default) may take another case, so
	// its operations are "offered", not blocking.
	alt := !s.Blocking || len(s.States) > 1
	for i, st := range s.States {
		if st.Send == v {
			t.escape(s.Pos(), "sent on a channel")
		}
		if st.Chan != v {
			continue
		}
		o := t.op(selectKind(st, alt), s, st.Pos, g, deferred)
		o.Case = i
	}
}

// closures follows each binding of mc to v (the channel, or its variable
// cell when ptr) into the closure body.
func (t *tracer) closures(mc *ssa.MakeClosure, v ssa.Value, ptr bool, g *Goroutine, deferred bool) {
	fn, bindings := gomodel.Target(mc)
	if fn == nil {
		t.escape(mc.Pos(), "closure")
		return
	}
	for _, fv := range (gomodel.Frame{Fn: fn, Bindings: bindings}).Inner(v) {
		t.closure(mc, fn, fv, ptr, g, deferred)
	}
}

// closure follows fv, the closure's free variable bound to the channel (or
// to its variable cell when ptr), into the closure body, in the goroutine
// that runs the closure.
func (t *tracer) closure(mc *ssa.MakeClosure, fn *ssa.Function, fv ssa.Value, ptr bool, g *Goroutine, deferred bool) {
	follow := func(g *Goroutine, deferred bool) {
		if ptr {
			t.pointer(fv, g, deferred)
		} else {
			t.value(fv, g, deferred)
		}
	}
	refs := mc.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Call:
			if r.Call.Value == mc {
				follow(g, deferred) // called in place
				continue
			}
			if s, ok := gomodel.GroupSpawn(r); ok && r.Call.Args[1] == mc {
				follow(t.goroutine(s, g), false)
				continue
			}
			switch known.Call(&r.Call) {
			case known.OnceDo:
				follow(g, deferred) // runs (at most once) in place
				continue
			}
			if j := gomodel.ArgIndex(&r.Call, mc); j >= 0 && gomodel.StartsParam(r.Call.StaticCallee(), j, t.c.Owner.Pkg) {
				// A same-package wrapper such as func (r *Raft) goFunc(f
				// func()) { go func() { defer r.wg.Done(); f() }() }: the
				// call site starts the goroutine.
				s := gomodel.Spawn{Kind: gomodel.ViaCall, Instr: r, Fn: fn, Bindings: mc.Bindings}
				follow(t.goroutine(s, g), false)
				continue
			}
			// A callback handed to another function: we do not know
			// when or on which goroutine it runs.
			t.escape(r.Pos(), "closure passed to a function")
		case *ssa.Defer:
			if r.Call.Value == mc {
				follow(g, true)
			} else {
				t.escape(r.Pos(), "closure passed to a function")
			}
		case *ssa.Go:
			if r.Call.Value == mc {
				follow(t.goroutine(gomodel.GoSpawn(r), g), false)
			} else {
				t.escape(r.Pos(), "closure passed to a goroutine")
			}
		default:
			t.escape(mc.Pos(), "closure stored or passed on")
		}
	}
}

// call handles v passed to a call (or deferred call) as an argument.
func (t *tracer) call(v ssa.Value, instr ssa.Instruction, c *ssa.CallCommon, g *Goroutine, deferred bool) {
	if b, ok := c.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "close":
			t.op(Close, instr, instr.Pos(), g, deferred)
		case "len", "cap":
		default:
			t.escape(instr.Pos(), "passed to "+b.Name())
		}
		return
	}
	for i, a := range c.Args {
		if a != v {
			continue
		}
		t.summary(c, i, instr, g, deferred)
	}
	if c.Value == v {
		t.escape(instr.Pos(), "called")
	}
}

// summary records the ops a callee performs on its argument i, from the
// chanfacts summary; unknown callees make the channel escape.
func (t *tracer) summary(c *ssa.CallCommon, i int, instr ssa.Instruction, g *Goroutine, deferred bool) {
	if c.IsInvoke() {
		t.escape(instr.Pos(), "passed to an interface method")
		return
	}
	callee := c.StaticCallee()
	if callee == nil {
		t.escape(instr.Pos(), "passed to a dynamic callee")
		return
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil && callee.Origin() != nil {
		obj, _ = callee.Origin().Object().(*types.Func)
	}
	if callee.Signature.Recv() != nil {
		i-- // Args[0] is the receiver
	}
	ops, ok := t.facts.Param(obj, i)
	if !ok || i < 0 {
		t.escape(instr.Pos(), "passed to an unsummarised callee")
		return
	}
	if ops&(chanfacts.Escape|chanfacts.Async) != 0 {
		// The callee stores it or hands it to code that may run on
		// another goroutine.
		t.escape(instr.Pos(), "escapes through a callee")
		return
	}
	add := func(k Kind) {
		o := t.op(k, instr, instr.Pos(), g, deferred)
		o.Summary = true
	}
	if ops&chanfacts.Send != 0 {
		add(Send)
	}
	if ops&chanfacts.SelectSend != 0 {
		add(SelectSend)
	}
	if ops&chanfacts.Range != 0 {
		add(Range)
	} else if ops&chanfacts.Recv != 0 {
		add(Recv)
	}
	if ops&chanfacts.SelectRecv != 0 {
		add(SelectRecv)
	}
	if ops&chanfacts.Close != 0 {
		add(Close)
	}
}

// goCall handles v passed as an argument to a go statement: a same-package
// target's body is followed (for precise op positions); other targets use
// their summary, with ops placed at the go statement.
func (t *tracer) goCall(v ssa.Value, r *ssa.Go, g *Goroutine) {
	s := gomodel.GoSpawn(r)
	fn := s.Fn
	for i, a := range r.Call.Args {
		if a != v {
			continue
		}
		if fn != nil && fn.Blocks != nil && fn.Pkg == t.c.Owner.Pkg && i < len(fn.Params) {
			t.value(fn.Params[i], t.goroutine(s, g), false)
			continue
		}
		t.summary(&r.Call, i, r, t.goroutine(s, g), false)
	}
}

// Unbuffered reports whether v is known to be a channel made without a
// buffer: a make(chan T) (constant size 0) in its function, or captured
// from one (by value, or as a variable assigned once) by a closure made
// once. A channel whose make the function cannot see is not known to be
// unbuffered.
func Unbuffered(v ssa.Value) bool {
	for depth := 0; depth < 8; depth++ {
		switch x := v.(type) {
		case *ssa.MakeChan:
			k, ok := x.Size.(*ssa.Const)
			return ok && k.Value != nil && k.Value.Kind() == constant.Int && constant.Sign(k.Value) == 0
		case *ssa.FreeVar:
			if v = gomodel.BoundOnce(x); v == nil {
				return false
			}
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
			addr := x.X
			for d := 0; d < 4; d++ {
				fv, ok := addr.(*ssa.FreeVar)
				if !ok {
					break
				}
				if addr = gomodel.BoundOnce(fv); addr == nil {
					return false
				}
			}
			a, ok := addr.(*ssa.Alloc)
			if !ok || !storedOnce(a) {
				return false
			}
			v = nil
			for _, r := range *a.Referrers() {
				if st, ok := r.(*ssa.Store); ok && st.Addr == a {
					v = st.Val
				}
			}
			if v == nil {
				return false
			}
		case *ssa.ChangeType:
			v = x.X
		default:
			return false
		}
	}
	return false
}
